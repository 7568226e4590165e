"""Dock panel "Overlap state and watch": which layers and fields the register's overlap state
covers (kept in the register, computed in a task), and the company land the staking watch looks
at with each layer's watch distance (kept in the settings, where a scheduled sync finds it).

Thin: the panel reads widgets into core objects (`StateLayer`, `WatchedLayer`) and calls core
(`configure_overlap_state`, `watched_to_settings`); the sync tab shows the watch list itself.
"""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFieldProxyModel,
    QgsMapLayer,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtWidgets import QFileDialog, QHeaderView, QTableWidgetItem, QWidget

from imperial_land.core.common import CoreTask, UserError, settings, tr
from imperial_land.core.maplayers import (
    AOI,
    PARCELS,
    TERRITORIES,
    ParcelFields,
    Role,
    TerritoryFields,
    role_name,
)
from imperial_land.core.overlapstate import configure_overlap_state
from imperial_land.core.register import OverlapStateStore, StateLayer, open_register
from imperial_land.core.watch import (
    TargetKind,
    WatchedLayer,
    target_label,
    watched_from_settings,
    watched_to_settings,
)
from imperial_land.gui.role_combos import RoleCombos
from imperial_land.gui.ui_loader import load_form

WatchForm = load_form("watch_panel")
WATCH_KINDS = (TargetKind.PARCEL.value, TargetKind.AOI.value)


class WatchPanel(QWidget, WatchForm):
    """Configures the register's overlap state and the staking watch's company land."""

    @classmethod
    def title(cls) -> str:
        return tr("Overlap state and watch")

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.task: CoreTask | None = None
        self.watched: list[WatchedLayer] = []
        self.register_edit.setText(str(settings.default_register_path()))
        # The land layers' boxes by role (the overlap state's layers).
        self.land_boxes = {
            PARCELS: self.parcels_layer,
            TERRITORIES: self.territories_layer,
            AOI: self.aoi_layer,
        }
        self.field_combos = {
            self.parcels_layer: [self.parcels_lot],
            self.territories_layer: [
                self.territories_nation,
                self.territories_name,
                self.territories_distance_field,
            ],
            self.watch_layer: [self.watch_key],
        }
        for combo in (self.parcels_layer, self.territories_layer, self.aoi_layer, self.watch_layer):
            combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
            combo.setAllowEmptyLayer(True)
            combo.setLayer(None)
            combo.layerChanged.connect(lambda layer, c=combo: self.layer_chosen(c, layer))
        for optional in (self.territories_name, self.territories_distance_field, self.watch_key):
            optional.setAllowEmptyFieldName(True)
        self.territories_distance_field.setFilters(QgsFieldProxyModel.Filter.Numeric)
        # the project's land layers picked by their role, as in the overlap report's boxes
        self.role_combos = RoleCombos(
            "watch", {Role(role): box for role, box in self.land_boxes.items()}, self
        )
        for kind in WATCH_KINDS:
            self.watch_kind.addItem(target_label(kind), kind)
        headers = [tr("Kind"), tr("Layer"), tr("Key field"), tr("Watch distance (m)")]
        self.watched_table.setColumnCount(len(headers))
        self.watched_table.setHorizontalHeaderLabels(headers)
        self.watched_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.watch_distance.setValue(float(settings.get("watch/distance_m")))
        self.claims_distance.setValue(float(settings.get("watch/claims_distance_m")))
        self.register_button.clicked.connect(self.choose_register)
        self.read_button.clicked.connect(self.read_state)
        self.state_button.clicked.connect(self.compute_state)
        self.cancel_button.clicked.connect(self.cancel)
        self.add_watch_button.clicked.connect(self.add_watched)
        self.remove_watch_button.clicked.connect(self.remove_watched)
        self.save_watch_button.clicked.connect(self.save_watch)
        self.load_watched()

    # -- the overlap state -------------------------------------------------------------------
    def layer_chosen(self, combo, layer: QgsMapLayer | None) -> None:
        """Point the layer's field boxes at it, preselecting the settings' field names."""
        defaults = {
            self.parcels_lot: ParcelFields().lot,
            self.territories_nation: TerritoryFields().nation,
            self.territories_name: TerritoryFields().name,
            self.territories_distance_field: TerritoryFields().distance,
            self.watch_key: ParcelFields().lot,
        }
        for fields in self.field_combos.get(combo, []):
            fields.setLayer(layer)
            if layer is not None and layer.fields().indexOf(defaults[fields]) >= 0:
                fields.setField(defaults[fields])

    def register_target(self) -> str:
        text = self.register_edit.text().strip()
        return text or str(settings.default_register_path())

    def choose_register(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Claim register"), self.register_edit.text(), tr("GeoPackage (*.gpkg)")
        )
        if path:
            self.register_edit.setText(path)

    def state_layers(self) -> list[StateLayer]:
        """The layers and fields the boxes name (UserError when none, or a field is missing)."""
        chosen: list[StateLayer] = []
        parcels, territories, aoi = (
            self.parcels_layer.currentLayer(),
            self.territories_layer.currentLayer(),
            self.aoi_layer.currentLayer(),
        )
        if parcels is not None:
            lot = self._required(self.parcels_lot, tr("the parcels' lot number"))
            chosen.append(
                StateLayer(PARCELS, parcels.source(), parcels.providerType(), {"lot": lot})
            )
        if territories is not None:
            fields = {
                "nation": self._required(self.territories_nation, tr("the territories' Nation")),
                "name": self.territories_name.currentField(),
                "distance": self.territories_distance_field.currentField(),
            }
            chosen.append(
                StateLayer(
                    TERRITORIES,
                    territories.source(),
                    territories.providerType(),
                    fields,
                    self.territories_distance.value(),
                )
            )
        if aoi is not None:
            chosen.append(StateLayer(AOI, aoi.source(), aoi.providerType(), {}))
        if not chosen:
            raise UserError(tr("Choose at least one layer to compare the claims with."))
        return chosen

    def _required(self, combo, what: str) -> str:
        name = combo.currentField()
        if not name:
            raise UserError(tr("Choose the field of {what}.").format(what=what))
        return name

    def read_state(self) -> list[StateLayer]:
        """Show what the register keeps, and pick those layers in the boxes when loaded."""
        try:
            register = open_register(self.register_target())
            try:
                layers = OverlapStateStore(register).layers() if register.exists() else []
            finally:
                register.close()
        except UserError as exc:
            self._say(str(exc), Qgis.MessageLevel.Warning)
            return []
        self.state_label.setText(state_text(layers))
        boxes = self.land_boxes
        fields = {
            (PARCELS, "lot"): self.parcels_lot,
            (TERRITORIES, "nation"): self.territories_nation,
            (TERRITORIES, "name"): self.territories_name,
            (TERRITORIES, "distance"): self.territories_distance_field,
        }
        for kept in layers:
            layer = project_layer(kept.source)
            if layer is None or kept.role not in boxes:
                continue
            boxes[kept.role].setLayer(layer)
            for role_field, name in kept.fields.items():
                if (kept.role, role_field) in fields:
                    fields[(kept.role, role_field)].setField(name)
            if kept.role == TERRITORIES:
                self.territories_distance.setValue(kept.distance_m)
        return layers

    def compute_state(self) -> None:
        """A full run over every claim against the chosen layers, kept in the register (task)."""
        try:
            layers = self.state_layers()
        except UserError as exc:
            self._say(str(exc), Qgis.MessageLevel.Warning)
            return
        target = self.register_target()

        def job(feedback) -> int:
            register = open_register(target)
            try:
                if not register.exists():
                    raise UserError(tr("The register has no claims yet: run a sync first."))
                return configure_overlap_state(register, layers, feedback=feedback)
            finally:
                register.close()

        self.task = CoreTask(tr("Computing the register's overlap state"), job, self.state_done)
        self.task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self._running(True)
        self.status_label.setText(tr("Computing the overlap state of every claim…"))
        QgsApplication.taskManager().addTask(self.task)

    def state_done(self, pairs: int | None, error: str | None) -> None:
        self._running(False)
        self.task = None
        if error:
            self._say(error, Qgis.MessageLevel.Warning)
            return
        self.progress_bar.setValue(100)
        self._say(
            tr("Overlap state kept in the register: {pairs} pairs.").format(pairs=pairs),
            Qgis.MessageLevel.Success,
        )
        self.read_state()

    # -- the staking watch -------------------------------------------------------------------
    def load_watched(self) -> None:
        try:
            self.watched = watched_from_settings()
        except UserError as exc:
            self.watched = []
            self._say(str(exc), Qgis.MessageLevel.Warning)
        self.show_watched()

    def show_watched(self) -> None:
        self.watched_table.setRowCount(len(self.watched))
        for row, watched in enumerate(self.watched):
            values = [
                target_label(watched.kind),
                watched.name(),
                watched.key_field,
                f"{watched.distance():.0f}",
            ]
            for column, value in enumerate(values):
                self.watched_table.setItem(row, column, QTableWidgetItem(value))

    def add_watched(self) -> None:
        layer = self.watch_layer.currentLayer()
        if layer is None:
            self._say(
                tr("Choose a polygon layer of company land to watch."), Qgis.MessageLevel.Warning
            )
            return
        self.watched.append(
            WatchedLayer(
                kind=self.watch_kind.currentData(),
                source=layer.source(),
                provider=layer.providerType(),
                key_field=self.watch_key.currentField(),
                distance_m=self.watch_distance.value(),
            )
        )
        self.show_watched()

    def remove_watched(self) -> None:
        rows = {index.row() for index in self.watched_table.selectionModel().selectedRows()}
        self.watched = [w for i, w in enumerate(self.watched) if i not in rows]
        self.show_watched()

    def save_watch(self) -> None:
        watched_to_settings(self.watched)
        settings.set_value("watch/claims_distance_m", self.claims_distance.value())
        self._say(
            tr("Staking watch saved: {layers} layers of company land.").format(
                layers=len(self.watched)
            ),
            Qgis.MessageLevel.Success,
        )

    # -- plumbing ----------------------------------------------------------------------------
    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _running(self, running: bool) -> None:
        self.state_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress_bar.setValue(0)

    def _say(self, text: str, level) -> None:
        self.status_label.setText(text)
        if self.iface is not None:
            self.iface.messageBar().pushMessage(tr("Overlap state and watch"), text, level, 8)

    def unload(self) -> None:
        """Stop a running computation (it writes nothing) and stop following the project."""
        self.cancel()
        self.role_combos.disconnect_project()


def state_text(layers: list[StateLayer]) -> str:
    """What the register keeps, for people (one line a layer)."""
    if not layers:
        return tr("The register keeps no overlap state.")
    lines = [tr("The register keeps the overlap state of its claims against:")]
    for layer in layers:
        names = ", ".join(f"{role} = {name}" for role, name in layer.fields.items() if name)
        lines.append(
            tr("{role}: {source} ({fields})").format(
                role=role_name(layer.role), source=layer.source, fields=names or "-"
            )
        )
    return "\n".join(lines)


def project_layer(source: str) -> QgsVectorLayer | None:
    """The project's first vector layer reading `source`, if any."""
    for layer in QgsProject.instance().mapLayers().values():
        if isinstance(layer, QgsVectorLayer) and layer.source() == source:
            return layer
    return None
