"""Imperial Land & Claims: a QGIS plugin for land and mining-claims management."""

from __future__ import annotations


def classFactory(iface):
    """Entry point QGIS calls to create the plugin."""
    from imperial_land.plugin import ImperialLandPlugin

    return ImperialLandPlugin(iface)
