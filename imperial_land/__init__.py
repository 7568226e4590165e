"""Imperial Land & Claims: a QGIS plugin for land and mining-claims management."""

from __future__ import annotations

from imperial_land.core.common import load_shapely

# Before any module of the plugin imports shapely: inside QGIS on Linux, shapely's calls would
# otherwise go to QGIS's own GEOS (core/common/shapely_geos.py).
load_shapely()


def classFactory(iface):
    """Entry point QGIS calls to create the plugin."""
    from imperial_land.plugin import ImperialLandPlugin

    return ImperialLandPlugin(iface)
