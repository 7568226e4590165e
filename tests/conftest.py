"""Shared fixtures: a real headless QGIS comes from pytest-qgis (qgis_app, qgis_iface, ...)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QGIS_PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"
if QGIS_PROCESSING_PLUGINS not in sys.path:
    sys.path.append(QGIS_PROCESSING_PLUGINS)

# Throwaway PostGIS server fixtures (postgis_server, postgis_db): tests/postgis_server.py
# Local GESTIM/WFS HTTP servers (gestim_server, wfs_server, fast_http): tests/gestim_fixtures.py
pytest_plugins = ["postgis_server", "gestim_fixtures"]


@pytest.fixture(scope="session")
def plugin_provider(qgis_processing):
    """The plugin's Processing provider registered in the test QGIS (once per session)."""
    from qgis.core import QgsApplication

    from imperial_land.processing.provider import ImperialLandProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("imperial_land")
    if provider is None:
        provider = ImperialLandProvider()
        registry.addProvider(provider)
    return provider


@pytest.fixture
def sample_gpkg() -> Path:
    """The bundled synthetic sample GeoPackage."""
    from imperial_land.core.paths import sample_gpkg

    path = sample_gpkg()
    assert path.exists(), (
        "resources/sample/imperial_land_sample.gpkg missing: run scripts/make_sample_data.py"
    )
    return path
