"""The staking watch's parameters and outputs, shared by "Sync claims from GESTIM" and "Staking
watch report" (not an algorithm: the provider lists only ALGORITHMS)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
)

from imperial_land.core.common import settings, tr
from imperial_land.core.watch import TargetKind, WatchedLayer, WatchResult

# parameter -> (its key field parameter, its distance parameter, TargetKind value)
LAYERS = {
    "WATCH_PARCELS": ("WATCH_PARCELS_FIELD", "WATCH_PARCELS_DISTANCE", TargetKind.PARCEL.value),
    "WATCH_AOI": ("WATCH_AOI_FIELD", "WATCH_AOI_DISTANCE", TargetKind.AOI.value),
}


def add_watch_parameters(algorithm: QgsProcessingAlgorithm) -> None:
    """Watched layers (empty: the settings' watched layers), their key fields and distances,
    the distance around company claims, and the CSV and GeoPackage outputs."""
    polygons = [QgsProcessing.SourceType.TypeVectorPolygon]
    labels = {
        "WATCH_PARCELS": (
            tr("Staking watch: company parcels"),
            tr("Lot number field"),
            tr("Watch distance around the parcels (m)"),
        ),
        "WATCH_AOI": (
            tr("Staking watch: areas of interest"),
            tr("Area name field"),
            tr("Watch distance around the areas of interest (m)"),
        ),
    }
    for name, (field, distance, _kind) in LAYERS.items():
        layer_label, field_label, distance_label = labels[name]
        algorithm.addParameter(
            QgsProcessingParameterVectorLayer(name, layer_label, polygons, optional=True)
        )
        algorithm.addParameter(
            QgsProcessingParameterField(
                field, field_label, parentLayerParameterName=name, optional=True
            )
        )
        algorithm.addParameter(
            QgsProcessingParameterNumber(
                distance,
                distance_label,
                QgsProcessingParameterNumber.Type.Double,
                defaultValue=settings.get("watch/distance_m"),
                minValue=0.0,
            )
        )
    algorithm.addParameter(
        QgsProcessingParameterNumber(
            "WATCH_CLAIMS_DISTANCE",
            tr("Watch distance around company claims (m)"),
            QgsProcessingParameterNumber.Type.Double,
            defaultValue=settings.get("watch/claims_distance_m"),
            minValue=0.0,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterFileDestination(
            "WATCH_CSV", tr("Staking watch (CSV)"), tr("CSV files (*.csv)"), optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterFileDestination(
            "WATCH_LAYER",
            tr("Staking watch layer (GeoPackage)"),
            tr("GeoPackage (*.gpkg)"),
            optional=True,
        )
    )
    algorithm.addOutput(QgsProcessingOutputNumber("WATCH_COUNT", tr("Staking watch rows")))
    algorithm.addOutput(QgsProcessingOutputString("WATCH_TITLES", tr("Staking watch titles")))
    algorithm.addOutput(QgsProcessingOutputString("WATCH_REPORT", tr("Staking watch")))


def watched_layers(algorithm, parameters, context) -> list[WatchedLayer] | None:
    """The watched layers given, or None (then the settings' watched layers are used)."""
    watched = []
    for name, (field, distance, kind) in LAYERS.items():
        layer = algorithm.vector_input(parameters, name, context)
        if layer is None:
            continue
        watched.append(
            WatchedLayer(
                kind,
                layer=layer,
                key_field=algorithm.parameterAsString(parameters, field, context),
                distance_m=algorithm.parameterAsDouble(parameters, distance, context),
            )
        )
    return watched or None


def watch_outputs(result: WatchResult | None) -> dict:
    """The algorithm's watch outputs (and the written files)."""
    if result is None:
        return {"WATCH_COUNT": 0, "WATCH_TITLES": "", "WATCH_REPORT": ""}
    outputs = {
        "WATCH_COUNT": len(result.rows),
        "WATCH_TITLES": ",".join(result.titles()),
        "WATCH_REPORT": "\n".join(result.lines()),
    }
    if result.csv_path:
        outputs["WATCH_CSV"] = result.csv_path
    if result.layer_path:
        outputs["WATCH_LAYER"] = result.layer_path
    return outputs
