"""`make package`: a zip QGIS's Plugin Manager installs, and the plugin runs from it alone."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def package_zip() -> Path:
    build = subprocess.run(
        ["make", "-s", "package"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert build.returncode == 0, build.stdout + build.stderr
    version = next(
        line.split("=", 1)[1].strip()
        for line in (ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("version=")
    )
    path = ROOT / "dist" / f"imperial_land-{version}.zip"
    assert path.exists()
    return path


def test_zip_contents(package_zip):
    names = zipfile.ZipFile(package_zip).namelist()
    assert {name.split("/")[0] for name in names} == {"imperial_land"}  # one top folder
    for required in [
        "imperial_land/__init__.py",
        "imperial_land/metadata.txt",
        "imperial_land/i18n/imperial_land_fr.qm",
        "imperial_land/resources/icons/icon.svg",
        "imperial_land/resources/ui/layers_panel.ui",
        "imperial_land/resources/ui/settings_dialog.ui",
        "imperial_land/resources/sample/imperial_land_sample.gpkg",
        "imperial_land/core/maplayers/styles.py",
        "imperial_land/processing/load_layers.py",
    ]:
        assert required in names, required
    for name in names:
        assert "__pycache__" not in name and not name.endswith(".pyc"), name
        assert not name.startswith(("imperial_land/tests/", "imperial_land/bench/")), name
        assert "/.venv/" not in name and not name.endswith(".ts"), name
    metadata = zipfile.ZipFile(package_zip).read("imperial_land/metadata.txt").decode()
    for key in ["qgisMinimumVersion=3.22", "qgisMaximumVersion=4.99", "hasProcessingProvider=yes"]:
        assert key in metadata
    for key in ["name", "description", "about", "version", "author", "email", "repository"]:
        assert f"\n{key}=" in metadata
    for key in ["tracker", "homepage", "category", "tags", "icon", "changelog"]:
        assert f"\n{key}=" in metadata


PLUGIN_FROM_ZIP_TEST = """
from pathlib import Path

from qgis.core import QgsApplication

EXTRACTED = Path({extracted!r})


def test_plugin_from_zip(qgis_iface, qgis_processing):
    import imperial_land
    from imperial_land.core.common.paths import i18n_dir, resources_dir, sample_gpkg

    assert Path(imperial_land.__file__).parent == EXTRACTED / "imperial_land"
    assert resources_dir() == EXTRACTED / "imperial_land" / "resources"
    assert i18n_dir() == EXTRACTED / "imperial_land" / "i18n"
    assert sample_gpkg().exists()
    plugin = imperial_land.classFactory(qgis_iface)
    plugin.initGui()
    provider = QgsApplication.processingRegistry().providerById("imperial_land")
    assert provider.algorithm("loadlandlayers").displayName() == "Load land layers"
    assert plugin.dock.content.tabs.count() >= 1
    tabs = plugin.dock.content.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == [
        "Layers",
        "GESTIM sync",
        "Overlap state and watch",
        "Overlap report",
        "Consultation",
        "Offline packs",
    ]
    plugin.unload()
    assert QgsApplication.processingRegistry().providerById("imperial_land") is None
"""


def test_plugin_runs_from_extracted_zip(package_zip, tmp_path):
    extracted = tmp_path / "plugins"
    zipfile.ZipFile(package_zip).extractall(extracted)
    test_dir = tmp_path / "check"
    test_dir.mkdir()
    (test_dir / "test_from_zip.py").write_text(
        textwrap.dedent(PLUGIN_FROM_ZIP_TEST.format(extracted=str(extracted)))
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(extracted)  # the zip's plugin only: not this checkout
    env["QT_QPA_PLATFORM"] = "offscreen"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            test_dir,
            "-c",
            os.devnull,
            str(test_dir),
        ],
        cwd=test_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout


def test_metadata_names_the_packages_the_plugin_checks_and_never_fiona():
    """The Plugin Manager's "about" text: what dependencies.py asks for, nothing it warns
    against (fiona's wheel brings its own PROJ into QGIS)."""
    from imperial_land.core.common.dependencies import OPTIONAL, REQUIRED

    about = next(
        line.split("=", 1)[1]
        for line in (ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("about=")
    )
    for module in [*REQUIRED, *OPTIONAL]:
        assert module in about, module
    for unwanted in ("fiona", "pyproj", "rasterio"):
        assert unwanted not in about.lower(), unwanted
