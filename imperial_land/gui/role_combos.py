"""Layer boxes that pick the plugin's own layers by role, and keep the user's choice per project.

A box shows, in order: the layer the user chose for this project (kept in the project file),
else the project's first layer marked with the box's role (set when the plugin loaded it), else
nothing, with a tooltip that says why. Choices of other layers are left alone.
"""

from __future__ import annotations

import contextlib

from qgis.core import QgsMapLayer, QgsProject
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QObject, QTimer

from imperial_land.core.common import tr
from imperial_land.core.maplayers import Role, layers_with_role, role_name

SCOPE = "imperial_land"


def choice_key(panel: str, role: Role) -> str:
    """The project entry that keeps the layer chosen in one panel's box."""
    return f"dock/{panel}/{role.value}"


class RoleCombos(QObject):
    """Keeps a panel's layer boxes ({role: combo}) filled from the current project."""

    def __init__(self, panel: str, combos: dict[Role, QgsMapLayerComboBox], parent) -> None:
        super().__init__(parent)
        self.panel = panel
        self.combos = combos
        self._filling = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        project = QgsProject.instance()
        project.readProject.connect(self._schedule)
        project.cleared.connect(self._schedule)
        project.layersAdded.connect(self._schedule)
        project.layersRemoved.connect(self._schedule)
        for role, combo in combos.items():  # `activated`: the user's picks only
            combo.activated.connect(
                lambda _index, r=role, c=combo: self._chosen(r, c.currentLayer())
            )
        self.refresh()

    def disconnect_project(self) -> None:
        """Stop following the project (the panel is going)."""
        project = QgsProject.instance()
        for signal in (
            project.readProject,
            project.cleared,
            project.layersAdded,
            project.layersRemoved,
        ):
            with contextlib.suppress(TypeError, RuntimeError):
                signal.disconnect(self._schedule)
        self._timer.stop()

    def _schedule(self, *_args) -> None:
        self._timer.start()

    def _chosen(self, role: Role, layer: QgsMapLayer | None) -> None:
        """The user picked a layer: keep it for this project (nothing is kept for an empty box)."""
        if self._filling:
            return
        project = QgsProject.instance()
        key = choice_key(self.panel, role)
        if layer is None:
            project.removeEntry(SCOPE, key)
        else:
            project.writeEntry(SCOPE, key, layer.id())
        self.combos[role].setToolTip("")

    def refresh(self) -> None:
        """Fill every box as the module docstring says; never raises on a damaged project."""
        self._filling = True
        try:
            for role, combo in self.combos.items():
                layer, why = pick(QgsProject.instance(), self.panel, role)
                combo.setLayer(layer)
                combo.setToolTip(why)
        finally:
            self._filling = False


def pick(project: QgsProject, panel: str, role: Role) -> tuple[QgsMapLayer | None, str]:
    """The layer a box of `role` shows, or None and why (a tooltip; '' when nothing to say)."""
    stored, found = project.readEntry(SCOPE, choice_key(panel, role), "")
    if found and stored:
        layer = project.mapLayer(stored)
        if layer is not None and layer.isValid():
            return layer, ""
        return None, tr(
            "The {what} layer chosen for this project is no longer in it; choose another."
        ).format(what=role_name(role.value))
    marked = layers_with_role(project, role)
    if marked:
        return marked[0], ""
    if not project.mapLayers() or role is Role.AOI:  # nothing loaded, or an optional box
        return None, ""
    return None, tr(
        "No layer of this project is marked as {what}: load it through the Layers tab, "
        "or choose it here."
    ).format(what=role_name(role.value))
