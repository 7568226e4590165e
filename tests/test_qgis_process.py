"""The real qgis_process finds the plugin's provider on QGIS_PLUGINPATH and runs its algorithm."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from qgis.core import QgsProject

from imperial_land.core.paths import sample_gpkg

ROOT = Path(__file__).resolve().parents[1]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"  # Debian's wrapper passes an option it rejects

pytestmark = pytest.mark.skipif(not Path(QGIS_PROCESS).exists(), reason="qgis_process missing")


def _link_plugin(plugins_dir: Path) -> Path:
    spec = importlib.util.spec_from_file_location("link_plugin", ROOT / "scripts/link_plugin.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.link_plugin(plugins_dir)


@pytest.fixture(scope="module")
def qgis_process_env(tmp_path_factory) -> dict[str, str]:
    """A private QGIS profile (HOME) and a plugin folder linking to this checkout; plugin on."""
    base = tmp_path_factory.mktemp("qgis_process")
    _link_plugin(base / "plugins")
    env = dict(os.environ)
    # QGIS's Python lacks shapely & co.: give it the venv's packages, as a user would pip them.
    venv_packages = sysconfig.get_paths()["purelib"]
    env["PYTHONPATH"] = os.pathsep.join(p for p in (venv_packages, env.get("PYTHONPATH")) if p)
    env.update(
        HOME=str(base / "home"),
        QGIS_CUSTOM_CONFIG_PATH=str(base / "profile"),
        QGIS_OPTIONS_PATH=str(base / "profile"),
        QGIS_PLUGINPATH=str(base / "plugins"),
        QT_QPA_PLATFORM="offscreen",
    )
    enabled = _run(env, "plugins", "enable", "imperial_land")
    assert "Enabled imperial_land" in enabled.stdout, enabled.stdout + enabled.stderr
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )


def test_list_shows_provider_and_algorithm(qgis_process_env):
    listing = _run(qgis_process_env, "list")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert "Imperial Land & Claims" in lines
    assert "\timperial_land:loadlandlayers\tLoad land layers" in lines


def test_run_load_land_layers_writes_project(qgis_process_env, tmp_path):
    gpkg = sample_gpkg()
    project_file = tmp_path / "overlay.qgz"
    run = _run(
        qgis_process_env,
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


def test_run_with_wrong_layer_fails_with_message(qgis_process_env):
    gpkg = sample_gpkg()
    run = _run(
        qgis_process_env,
        "run",
        "imperial_land:loadlandlayers",
        "--",
        f"CLAIMS={gpkg}|layername=parcels",
    )
    assert run.returncode != 0
    assert "The mining claims layer 'parcels' has no field 'TIT_NO'" in run.stdout + run.stderr
