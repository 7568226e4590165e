"""The plugin's dock: one tab per job, built from gui/panels.py::panel_classes()."""

from __future__ import annotations

import traceback

from qgis.core import Qgis, QgsMessageLog
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtWidgets import QFrame, QScrollArea, QWidget

from imperial_land.core.common import LOG_TAG, tr
from imperial_land.gui.panels import panel_classes
from imperial_land.gui.ui_loader import load_form

DockForm = load_form("dock")
LEAST_WIDTH = 480  # pixels: a 1366-pixel laptop screen keeps 880 for the map


class DockContent(QWidget, DockForm):
    """The dock's widget, built from resources/ui/dock.ui."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)


class ImperialLandDock(QgsDockWidget):
    """Dock widget holding one panel per job."""

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(tr("Imperial Land"), parent)
        self.setObjectName("ImperialLandDock")
        self.iface = iface
        self.content = DockContent(self)
        self.setWidget(self.content)
        self.panels: list[QWidget] = []
        for panel_class in panel_classes():
            self._build(panel_class)

    def _build(self, panel_class) -> None:
        """Add one panel; a panel that fails to build is logged and left out, not fatal."""
        try:
            panel = panel_class(self.iface, self.content)
        except Exception:
            QgsMessageLog.logMessage(
                tr("The panel {panel} could not be built:").format(panel=panel_class.__name__)
                + "\n"
                + traceback.format_exc(),
                LOG_TAG,
                Qgis.MessageLevel.Critical,
            )
            return
        self.add_panel(panel, panel_class.title())

    def add_panel(self, panel: QWidget, title: str) -> None:
        """Add a job's panel as a tab, in a scroll area: the dock can then be smaller than the
        panel (the watch tab alone needs 772 pixels of height, more than a 768-pixel laptop
        screen; the overlap report 790 pixels of width in French), and the panel scrolls."""
        self.panels.append(panel)
        scroll = QScrollArea(self.content.tabs)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(panel)
        # As wide as the panel needs up to LEAST_WIDTH: QGIS opens a new dock at its least
        # width, which should show a panel, not a sliver of it; wider panels scroll sideways.
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(min(panel.minimumSizeHint().width() + bar, LEAST_WIDTH))
        self.content.tabs.addTab(scroll, title)

    def panel_at(self, index: int) -> QWidget:
        """The panel shown by tab `index`."""
        return self.content.tabs.widget(index).widget()

    def unload(self) -> None:
        """Stop what the panels run (tasks keep their own references) before the dock goes."""
        for panel in self.panels:
            stop = getattr(panel, "unload", None)
            if stop is not None:
                stop()
