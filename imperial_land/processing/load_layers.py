"""Algorithm "Load land layers": claims, parcels and territories into one styled group."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProject,
)

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.maplayers import (
    ClaimFields,
    ParcelFields,
    TerritoryFields,
    add_land_layers,
    display_name,
    record_transforms,
)
from imperial_land.processing.base import ImperialAlgorithm

# (parameter, parent layer parameter, settings key holding the default)
FIELD_PARAMETERS = [
    ("CLAIM_ID_FIELD", "CLAIMS", "fields/claim_id"),
    ("CLAIM_STATUS_FIELD", "CLAIMS", "fields/claim_status"),
    ("CLAIM_STATUS_CODE_FIELD", "CLAIMS", "fields/claim_status_code"),
    ("CLAIM_EXPIRY_FIELD", "CLAIMS", "fields/claim_expiry"),
    ("CLAIM_HOLDER_FIELD", "CLAIMS", "fields/claim_holder"),
    ("PARCEL_ID_FIELD", "PARCELS", "fields/parcel_id"),
    ("TERRITORY_NATION_FIELD", "TERRITORIES", "fields/territory_nation"),
]


def field_labels() -> dict[str, str]:
    """Translated labels of the field parameters."""
    return {
        "CLAIM_ID_FIELD": tr("Claims: title number field"),
        "CLAIM_STATUS_FIELD": tr("Claims: status field"),
        "CLAIM_STATUS_CODE_FIELD": tr("Claims: status code field"),
        "CLAIM_EXPIRY_FIELD": tr("Claims: expiry date field"),
        "CLAIM_HOLDER_FIELD": tr("Claims: holder field"),
        "PARCEL_ID_FIELD": tr("Parcels: lot number field"),
        "TERRITORY_NATION_FIELD": tr("Territories: Nation field"),
    }


class LoadLandLayersAlgorithm(ImperialAlgorithm):
    NAME = "loadlandlayers"

    def displayName(self) -> str:
        return tr("Load land layers")

    def shortHelpString(self) -> str:
        return tr(
            "Adds claims, parcels and territories to the project in one styled group "
            "'Imperial Land': claims by status (active, expiring within N days, expired, other), "
            "parcels with their lot numbers, territories by Nation with a translucent fill so "
            "overlaps stay visible. Layers may come from any source and CRS. Optionally saves "
            "the styled project to a .qgz file."
        )

    def flags(self):
        # Adds layers to the project: run on the main thread.
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def initAlgorithm(self, config=None) -> None:
        polygons = [QgsProcessing.SourceType.TypeVectorPolygon]
        for name, label in [
            ("CLAIMS", tr("Mining claims")),
            ("PARCELS", tr("Parcels")),
            ("TERRITORIES", tr("Ancestral territories")),
        ]:
            self.addParameter(
                QgsProcessingParameterVectorLayer(name, label, polygons, optional=True)
            )
        labels = field_labels()
        for name, parent, key in FIELD_PARAMETERS:
            self.addParameter(
                QgsProcessingParameterField(
                    name, labels[name], settings.get(key) or None, parent, optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterNumber(
                "EXPIRY_DAYS",
                tr("Claims expiring within (days)"),
                QgsProcessingParameterNumber.Type.Integer,
                settings.get("alerts/expiry_days"),
                minValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "PROJECT_FILE",
                tr("Save the styled project as"),
                tr("QGIS project (*.qgz)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputString("GROUP", tr("Layer group")))
        self.addOutput(QgsProcessingOutputNumber("LAYER_COUNT", tr("Layers added")))

    def _layer(self, parameters, name: str, context, project: QgsProject):
        """The layer given; one opened from a path is named after its table, for messages."""
        layer = self.vector_input(parameters, name, context)
        if layer is not None and project.mapLayer(layer.id()) is not layer:
            layer.setName(display_name(layer))
        return layer

    def _field(self, parameters, name: str, context, fallback: str) -> str:
        value = self.parameterAsString(parameters, name, context)
        return value or fallback

    def run_core(self, parameters, context, feedback) -> dict:
        project = context.project() or QgsProject()
        claims, parcels, territories = (
            self._layer(parameters, name, context, project)
            for name in ("CLAIMS", "PARCELS", "TERRITORIES")
        )
        defaults = ClaimFields()
        claim_fields = ClaimFields(
            title=self._field(parameters, "CLAIM_ID_FIELD", context, defaults.title),
            status=self._field(parameters, "CLAIM_STATUS_FIELD", context, defaults.status),
            status_code=self._field(
                parameters, "CLAIM_STATUS_CODE_FIELD", context, defaults.status_code
            ),
            expiry=self._field(parameters, "CLAIM_EXPIRY_FIELD", context, defaults.expiry),
            holder=self._field(parameters, "CLAIM_HOLDER_FIELD", context, defaults.holder),
        )
        parcel_fields = ParcelFields(
            lot=self._field(parameters, "PARCEL_ID_FIELD", context, ParcelFields().lot)
        )
        territory_fields = TerritoryFields(
            nation=self._field(
                parameters, "TERRITORY_NATION_FIELD", context, TerritoryFields().nation
            )
        )
        project_file = self.parameterAsFileOutput(parameters, "PROJECT_FILE", context)
        loaded = add_land_layers(
            project,
            claims,
            parcels,
            territories,
            claim_fields,
            parcel_fields,
            territory_fields,
            self.parameterAsInt(parameters, "EXPIRY_DAYS", context),
            feedback,
        )
        results = {"GROUP": loaded.group.name(), "LAYER_COUNT": len(loaded.layers)}
        if project_file:
            path = Path(project_file).with_suffix(".qgz")
            record_transforms(project)
            path.parent.mkdir(parents=True, exist_ok=True)  # as Processing's other outputs
            if not project.write(str(path)):
                raise UserError(
                    tr("Could not save the project to {path}: {error}").format(
                        path=str(path), error=project.error()
                    )
                )
            results["PROJECT_FILE"] = str(path)
        return results
