"""The plugin loads into QGIS, wires its menu, toolbar, dock and provider, and unloads cleanly."""

from __future__ import annotations

import os
from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QDockWidget, QMenu, QToolBar

import imperial_land


def _plugin_menus(main_window) -> list[QMenu]:
    return [
        action.menu()
        for action in main_window.menuBar().actions()
        if action.menu() is not None and action.menu().objectName() == "ImperialLandMenu"
    ]


def _live_docks(main_window) -> list[QDockWidget]:
    return [
        d for d in main_window.findChildren(QDockWidget) if d.objectName() == "ImperialLandDock"
    ]


def test_load_unload_twice_leaves_nothing(qgis_iface, qgis_processing):
    main_window = qgis_iface.mainWindow()
    registry = QgsApplication.processingRegistry()
    for _round in range(2):
        plugin = imperial_land.classFactory(qgis_iface)
        plugin.initGui()
        menus = _plugin_menus(main_window)
        assert len(menus) == 1
        texts = [a.text() for a in menus[0].actions() if not a.isSeparator()]
        assert texts[0] == "Imperial Land panel"
        assert "Load land layers…" in texts
        assert registry.providerById("imperial_land") is not None
        assert len(_live_docks(main_window)) == 1

        plugin.unload()
        QgsApplication.processEvents()
        from qgis.PyQt.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert _plugin_menus(main_window) == []
        assert registry.providerById("imperial_land") is None
        assert _live_docks(main_window) == []
        toolbars = [
            t for t in main_window.findChildren(QToolBar) if t.objectName() == "ImperialLandToolbar"
        ]
        assert toolbars == []
        assert plugin.actions == []


def test_loading_the_algorithms_leaves_the_network_and_database_drivers_unloaded():
    """QGIS loads every algorithm at start (desktop and each qgis_process call): requests and
    psycopg, ~0.1 s together, load when a sync or a PostGIS register first needs them."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from qgis.core import QgsApplication\n"
        "app = QgsApplication([], False); app.initQgis()\n"
        "from imperial_land.processing.provider import ImperialLandProvider\n"
        "provider = ImperialLandProvider()\n"
        "QgsApplication.processingRegistry().addProvider(provider)\n"
        "assert len(provider.algorithms()) > 5\n"
        "print(sorted(m for m in ('requests', 'psycopg') if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
