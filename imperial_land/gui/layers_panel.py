"""Dock panel "Layers": pick claims, parcels, territories and their fields; load them styled."""

from __future__ import annotations

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgisInterface
from qgis.PyQt.QtWidgets import QWidget

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.maplayers import (
    CLAIMS,
    PARCELS,
    TERRITORIES,
    ClaimFields,
    LoadedLayers,
    ParcelFields,
    Role,
    TerritoryFields,
    add_land_layers,
    sample_layers,
)
from imperial_land.gui.role_combos import RoleCombos
from imperial_land.gui.ui_loader import load_form

LayersForm = load_form("layers_panel")


class LayersPanel(QWidget, LayersForm):
    """Chooses the three land layers and their fields, then loads them into one styled group."""

    @classmethod
    def title(cls) -> str:
        return tr("Layers")

    def __init__(self, iface: QgisInterface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        # (layer combo, [(field combo, settings key, may be empty)])
        self.roles = {
            CLAIMS: (
                self.claims_layer,
                [
                    (self.claim_id_field, "fields/claim_id", False),
                    (self.claim_status_field, "fields/claim_status", False),
                    (self.claim_status_code_field, "fields/claim_status_code", True),
                    (self.claim_expiry_field, "fields/claim_expiry", False),
                    (self.claim_holder_field, "fields/claim_holder", False),
                ],
            ),
            PARCELS: (self.parcels_layer, [(self.parcel_id_field, "fields/parcel_id", False)]),
            TERRITORIES: (
                self.territories_layer,
                [(self.territory_nation_field, "fields/territory_nation", False)],
            ),
        }
        for layer_combo, field_combos in self.roles.values():
            layer_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
            layer_combo.setAllowEmptyLayer(True)
            layer_combo.setLayer(None)
            for field_combo, _key, may_be_empty in field_combos:
                field_combo.setAllowEmptyFieldName(may_be_empty)
            layer_combo.layerChanged.connect(
                lambda layer, combos=field_combos: self._layer_changed(layer, combos)
            )
        self.role_combos = RoleCombos(
            "layers", {Role(role): combo for role, (combo, _f) in self.roles.items()}, self
        )
        self.expiry_days.setValue(settings.get("alerts/expiry_days"))
        self.load_button.clicked.connect(self.load)
        self.sample_button.clicked.connect(self.load_sample)
        self.settings_button.clicked.connect(self.open_settings)

    def _layer_changed(self, layer, field_combos: list) -> None:
        """Point the field combos at the new layer, preselecting the configured field names
        (matched regardless of case: PostGIS loaders lower-case column names)."""
        vector = layer if isinstance(layer, QgsVectorLayer) else None
        by_lower = {n.lower(): n for n in vector.fields().names()} if vector is not None else {}
        for field_combo, key, _may_be_empty in field_combos:
            field_combo.setLayer(vector)
            field_combo.setField(by_lower.get(str(settings.get(key)).lower(), ""))

    def claim_fields(self) -> ClaimFields:
        """The claims field names chosen (configured defaults where none is chosen)."""
        defaults = ClaimFields()
        return ClaimFields(
            title=self.claim_id_field.currentField() or defaults.title,
            status=self.claim_status_field.currentField() or defaults.status,
            status_code=self.claim_status_code_field.currentField(),
            expiry=self.claim_expiry_field.currentField() or defaults.expiry,
            holder=self.claim_holder_field.currentField() or defaults.holder,
        )

    def load(self) -> LoadedLayers | None:
        """Load the chosen layers; problems go to the message bar and change nothing."""
        try:
            loaded = add_land_layers(
                QgsProject.instance(),
                self.claims_layer.currentLayer(),
                self.parcels_layer.currentLayer(),
                self.territories_layer.currentLayer(),
                self.claim_fields(),
                ParcelFields(lot=self.parcel_id_field.currentField() or ParcelFields().lot),
                TerritoryFields(
                    nation=self.territory_nation_field.currentField() or TerritoryFields().nation
                ),
                self.expiry_days.value(),
            )
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return None
        self._message(
            tr("{count} layer(s) loaded into the group '{group}'.").format(
                count=len(loaded.layers), group=loaded.group.name()
            ),
            Qgis.MessageLevel.Success,
        )
        return loaded

    def load_sample(self) -> LoadedLayers | None:
        """Load the bundled synthetic sample and select its layers in the combos."""
        try:
            loaded = add_land_layers(QgsProject.instance(), *sample_layers())
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return None
        for role, (layer_combo, _fields) in self.roles.items():
            layer_combo.setLayer(loaded.layers.get(role))
        self._message(
            tr("Sample data loaded: synthetic, for trying the plugin only."),
            Qgis.MessageLevel.Info,
        )
        return loaded

    def open_settings(self) -> None:
        from imperial_land.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        if dialog.exec():
            self.expiry_days.setValue(settings.get("alerts/expiry_days"))

    def unload(self) -> None:
        """Stop following the project (the plugin is going)."""
        self.role_combos.disconnect_project()

    def _message(self, text: str, level: Qgis.MessageLevel) -> None:
        self.iface.messageBar().pushMessage(tr("Imperial Land"), text, level, 8)
