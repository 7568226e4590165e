"""The real qgis_process finds the plugin's provider on QGIS_PLUGINPATH and runs its algorithm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qgis.core import QgsProject

from imperial_land.core.common.paths import sample_gpkg
from tests.support.qgis_process_runner import QGIS_PROCESS, QgisProcess, needs_qgis_process

ROOT = Path(__file__).resolve().parents[2]
pytestmark = needs_qgis_process


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory) -> QgisProcess:
    """A private QGIS profile and a plugin folder linking to this checkout; plugin on."""
    return QgisProcess(tmp_path_factory.mktemp("qgis_process"))


def test_list_shows_provider_and_algorithm(qgis_process):
    listing = qgis_process.run("list")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert "Imperial Land & Claims" in lines
    assert "\timperial_land:loadlandlayers\tLoad land layers" in lines


def test_run_load_land_layers_writes_project(qgis_process, tmp_path):
    gpkg = sample_gpkg()
    project_file = tmp_path / "new" / "folder" / "overlay.qgz"  # made, as other outputs' are
    run = qgis_process.run(
        "run",
        "imperial_land:loadlandlayers",
        "--json",
        "--",
        f"CLAIMS={gpkg}|layername=claims",
        f"PARCELS={gpkg}|layername=parcels",
        f"TERRITORIES={gpkg}|layername=territories",
        f"PROJECT_FILE={project_file}",
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    # The styled copies of the layers Processing opened: no word of an operation to WGS 84
    # needing a grid this machine lacks (base.vector_input)
    assert "non-preferred" not in run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert results == {
        "GROUP": "Imperial Land",
        "LAYER_COUNT": 3,
        "PROJECT_FILE": str(project_file),
    }
    project = QgsProject()
    assert project.read(str(project_file))
    group = project.layerTreeRoot().findGroup("Imperial Land")
    assert [child.name() for child in group.children()] == ["parcels", "claims", "territories"]
    assert project.mapLayersByName("territories")[0].renderer().type() == "categorizedSymbol"
    assert project.mapLayersByName("claims")[0].renderer().type() == "RuleRenderer"
    assert project.mapLayersByName("parcels")[0].labelsEnabled()


def test_run_with_wrong_layer_fails_with_message(qgis_process):
    gpkg = sample_gpkg()
    run = qgis_process.run(
        "run",
        "imperial_land:loadlandlayers",
        "--",
        f"CLAIMS={gpkg}|layername=parcels",
    )
    assert run.returncode != 0
    assert "The mining claims layer 'parcels' has no field 'TIT_NO'" in run.stdout + run.stderr


def test_shapely_runs_on_its_own_geos_inside_qgis(qgis_process, tmp_path):
    """qgis_process links QGIS's own GEOS into the process's global symbol scope; shapely's
    extensions still bind every GEOS function to the GEOS they were built with
    (core/common/shapely_geos.py): without it, most went to QGIS's (3.11 on Debian 12) and the
    rest to shapely's, and the overlap engine ran ~1 s slower at province scale."""
    import os
    import re
    import subprocess
    import sys

    import shapely

    libs = Path(shapely.__file__).resolve().parent.parent / "shapely.libs"
    own = sorted(libs.glob("libgeos_c*"))
    if not own:
        pytest.skip("this shapely has no GEOS of its own (built on the system's)")
    by_qgis = subprocess.run(
        [sys.executable, "-c", "import sys, qgis.core; print('shapely' in sys.modules)"],
        env=qgis_process.env,
        capture_output=True,
        text=True,
        check=True,
    )
    if by_qgis.stdout.strip() == "True":
        pytest.skip("qgis.core imports shapely before any plugin (QgsGeometry.as_shapely)")
    env = dict(qgis_process.env, LD_DEBUG="bindings", LD_DEBUG_OUTPUT=str(tmp_path / "ld"))
    run = subprocess.run(
        [QGIS_PROCESS, "help", "imperial_land:overlapreport"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    binding = re.compile(
        r"binding file (\S*/shapely/\S+\.so) \[0\] to (\S+) \[0\]: normal symbol `GEOS"
    )
    targets = {
        os.path.realpath(found[2])
        for log in tmp_path.glob("ld*")
        for found in binding.finditer(log.read_text(errors="replace"))
    }
    assert targets == {str(own[0].resolve())}
