"""The "Claim history" window, opened by the claims layer's action (or its identify entry)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtWidgets import QDialog, QTableWidgetItem, QWidget

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.maplayers import ClaimFields, match_case
from imperial_land.core.register import (
    GpkgRegister,
    HistoryEntry,
    open_register,
    register_file,
    title_history,
)
from imperial_land.gui.ui_loader import load_form

HistoryForm = load_form("claim_history")
OPEN: list[QDialog] = []  # windows kept alive until closed (the action's code holds no reference)


class ClaimHistoryDialog(QDialog, HistoryForm):
    """A table of one title's changes: date, field, old, new, run."""

    def __init__(self, title: str, entries: list[HistoryEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setupUi(self)
        self.setWindowTitle(tr("Claim history: {title}").format(title=title))
        self.button_box.rejected.connect(self.reject)
        headers = [tr("Date"), tr("Field"), tr("Old value"), tr("New value"), tr("Run")]
        self.changes_table.setColumnCount(len(headers))
        self.changes_table.setHorizontalHeaderLabels(headers)
        self.changes_table.setSortingEnabled(False)
        self.changes_table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = [
                entry.date,
                entry.field or entry.kind,
                entry.old_value or "",
                entry.new_value or "",
                "" if entry.run_id is None else str(entry.run_id),
            ]
            for column, value in enumerate(values):
                self.changes_table.setItem(row, column, QTableWidgetItem(value))
        self.changes_table.setSortingEnabled(True)
        self.changes_table.resizeColumnsToContents()
        self.summary_label.setText(
            tr("{count} change(s) of title {title} in the register.").format(
                count=len(entries), title=title
            )
            if entries
            else tr("The register holds no change of title {title}.").format(title=title)
        )


def history_of(layer: QgsVectorLayer, fid: int) -> tuple[str, list[HistoryEntry]]:
    """The title of feature `fid` and its changes, from the register behind `layer` (its
    GeoPackage) or else the register chosen in the settings. UserError when none is there."""
    title_field = match_case(layer, ClaimFields()).title
    feature = layer.getFeature(int(fid))
    if not feature.isValid() or layer.fields().indexOf(title_field) < 0:
        raise UserError(
            tr("This feature has no title number ('{field}').").format(field=title_field)
        )
    title = str(feature[title_field])
    path = register_file(layer)
    backend = GpkgRegister(path) if path is not None and Path(path).is_file() else None
    if backend is None or not backend.exists():
        if backend is not None:
            backend.close()
        backend = open_register(settings.get("register/path") or None)
    try:
        if not backend.exists():
            raise UserError(tr("No register found; run a GESTIM sync first."))
        return title, title_history(backend, title)
    finally:
        backend.close()


def show_claim_history(layer_id: str, fid: int) -> None:
    """Open the history window of feature `fid` of layer `layer_id` (the action's entry point)."""
    from qgis.utils import iface

    layer = QgsProject.instance().mapLayer(layer_id)
    if not isinstance(layer, QgsVectorLayer):
        return
    try:
        title, entries = history_of(layer, fid)
    except UserError as exc:
        iface.messageBar().pushWarning(tr("Claim history"), str(exc))
        return
    dialog = ClaimHistoryDialog(title, entries, iface.mainWindow())
    OPEN.append(dialog)
    dialog.finished.connect(lambda _result: OPEN.remove(dialog) if dialog in OPEN else None)
    dialog.show()
