"""The plugin object QGIS loads: menu, toolbar, dock, Processing provider; all go on unload."""

from __future__ import annotations

from functools import partial

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMenu

from imperial_land.core.common import (
    dependencies,
    icon_path,
    install_translator,
    remove_translator,
    tr,
)
from imperial_land.processing.provider import ImperialLandProvider


class ImperialLandPlugin:
    """Wires the plugin into the QGIS interface."""

    def __init__(self, iface) -> None:
        self.iface = iface
        install_translator()
        self.provider: ImperialLandProvider | None = None
        self.menu: QMenu | None = None
        self.toolbar = None
        self.dock = None
        self.actions: list[QAction] = []

    # Processing (also what qgis_process calls, with no GUI)
    def initProcessing(self) -> None:
        registry = QgsApplication.processingRegistry()
        if self.provider is None and registry.providerById("imperial_land") is None:
            provider = ImperialLandProvider()
            if registry.addProvider(provider):
                self.provider = provider

    def initGui(self) -> None:
        self.initProcessing()
        absent = dependencies.missing()
        if absent:
            self.iface.messageBar().pushWarning(
                tr("Imperial Land"), dependencies.missing_message(absent)
            )
        main_window = self.iface.mainWindow()
        self.menu = QMenu(tr("Imperial Land"), main_window)
        self.menu.setObjectName("ImperialLandMenu")
        self.toolbar = self.iface.addToolBar(tr("Imperial Land"))
        self.toolbar.setObjectName("ImperialLandToolbar")

        from imperial_land.gui.dock import ImperialLandDock

        self.dock = ImperialLandDock(self.iface, main_window)
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        dock_action = self.dock.toggleViewAction()
        dock_action.setIcon(QIcon(icon_path()))
        dock_action.setText(tr("Imperial Land panel"))
        dock_action.setObjectName("ImperialLandDockAction")
        self._add_action(dock_action, toolbar=True)
        self.menu.addSeparator()
        provider = QgsApplication.processingRegistry().providerById("imperial_land")
        for algorithm in provider.algorithms() if provider is not None else []:
            action = QAction(QIcon(icon_path()), algorithm.displayName() + "…", main_window)
            action.setObjectName(f"ImperialLand_{algorithm.name()}")
            action.triggered.connect(partial(self._open_algorithm, algorithm.id()))
            self._add_action(action, toolbar=False)

        self._menu_bar().insertMenu(self._help_menu_action(), self.menu)

    def _menu_bar(self):
        return self.iface.mainWindow().menuBar()

    def _help_menu_action(self) -> QAction | None:
        """QGIS's Help menu, so the plugin's menu sits just before it (None: append)."""
        try:
            action = self.iface.firstRightStandardMenu().menuAction()
        except (AttributeError, RuntimeError):
            return None
        return action if isinstance(action, QAction) else None

    def _add_action(self, action: QAction, toolbar: bool) -> None:
        self.menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions.append(action)

    def _open_algorithm(self, algorithm_id: str, _checked: bool = False) -> None:
        import processing  # QGIS's own Processing plugin, present in every desktop QGIS

        processing.execAlgorithmDialog(algorithm_id, {})

    def unload(self) -> None:
        for action in self.actions:
            if self.menu is not None:
                self.menu.removeAction(action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
        self.actions.clear()
        if self.dock is not None:
            self.dock.unload()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.menu is not None:
            self._menu_bar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator()
