"""Shared fixtures: a real headless QGIS comes from pytest-qgis (qgis_app, qgis_iface, ...)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QGIS_PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"
if QGIS_PROCESSING_PLUGINS not in sys.path:
    sys.path.append(QGIS_PROCESSING_PLUGINS)

# Throwaway PostGIS server fixtures (postgis_server, postgis_db): support/postgis_server.py
# Local GESTIM/WFS HTTP servers (gestim_server, wfs_server, fast_http): support/gestim_fixtures.py
pytest_plugins = ["tests.support.postgis_server", "tests.support.gestim_fixtures"]


@pytest.fixture(autouse=True, scope="session")
def garbage_freed_before_qgis_exits(qgis_app):
    """Objects left in reference cycles (a test's caught error keeps its frames) freed while QGIS
    still runs, as in QGIS itself, which finalises Python before exitQgis().

    pytest-qgis calls exitQgis() when the session ends and pytest collects garbage after it: a
    GDAL dataset or QGIS object freed then is freed after GDAL's drivers are gone, which
    segfaults (it did on QGIS 3.40; the plugin itself releases its datasets on error, see
    tests/gestim/test_gestim.py::test_a_failed_read_leaves_no_gdal_dataset_open).
    """
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def no_prepared_territories_kept(qgis_app):
    """The overlap report keeps prepared territories in the profile between runs (a setting,
    on by default); the tests' profile is shared by every test and every session, so each test
    runs without it (set before each: a test that stores the plugin's settings, as the settings
    dialog's do, cannot leave it on for the next): each run prepares its own. `kept_prepared`
    turns it on for one test."""
    from imperial_land.core.common import settings

    settings.set_value("overlap/keep_prepared", False)


@pytest.fixture
def kept_prepared(qgis_app):
    """The report's prepared-territory cache on, in an empty folder of the tests' profile."""
    import shutil

    from imperial_land.core.common import settings
    from imperial_land.core.overlap import report_cache

    settings.set_value("overlap/keep_prepared", True)
    folder = report_cache()
    shutil.rmtree(folder, ignore_errors=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
    settings.set_value("overlap/keep_prepared", False)


@pytest.fixture
def prepare_calls(monkeypatch) -> list[str]:
    """The roles of the layers prepared (`overlap/prepared.prepare`: the territories of a run,
    kept or not): a run that reads a kept preparation back adds nothing."""
    from imperial_land.core.overlap import prepared

    calls: list[str] = []
    real = prepared.prepare

    def counted(raw, *args):
        calls.append(raw.spec.role)
        return real(raw, *args)

    monkeypatch.setattr(prepared, "prepare", counted)
    return calls


@pytest.fixture
def plugin_provider(qgis_processing):
    """The plugin's Processing provider, registered for one test and removed after it.

    Per test, not per session: the plugin's own initGui registers a provider with the same id,
    and QGIS deletes a duplicate it is given, so one must not outlive the test that needs it.
    """
    from qgis.core import QgsApplication

    from imperial_land.processing.provider import ImperialLandProvider

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("imperial_land")
    if existing is not None:
        yield existing
        return
    provider = ImperialLandProvider()
    registry.addProvider(provider)
    yield provider
    if registry.providerById("imperial_land") is provider:
        registry.removeProvider(provider)


@pytest.fixture
def sample_gpkg(tmp_path_factory) -> Path:
    """A fresh copy of the bundled synthetic sample GeoPackage (QGIS writes to what it opens)."""
    from imperial_land.core.common.paths import sample_gpkg

    return sample_gpkg(tmp_path_factory.mktemp("sample"))
