"""The flags as a styled memory layer: what the tests and bench/bench_report.py draw and compare
(the plugin itself always writes the flags to a GeoPackage: report/flags_layer.py)."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingFeedback,
    QgsVectorLayer,
    QgsWkbTypes,
)

from imperial_land.core.common.bulk import gc_paused
from imperial_land.core.common.errors import UserError
from imperial_land.core.common.feedback import ensure_feedback
from imperial_land.core.common.i18n import tr
from imperial_land.core.overlap.results import OverlapResult
from imperial_land.core.report.flags_layer import (
    WKB_TYPE,
    flags_fields,
    pair_features,
    style_flags_layer,
)


def memory_flags_layer(
    result: OverlapResult,
    name: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> QgsVectorLayer:
    """A styled memory layer of every pair (geometries in result.crs_authid)."""
    feedback = ensure_feedback(feedback)
    crs = QgsCoordinateReferenceSystem(result.crs_authid)
    if not crs.isValid():
        raise UserError(
            tr("The overlap result has an unknown CRS '{crs}'.").format(crs=result.crs_authid)
        )
    layer = QgsVectorLayer(
        f"{QgsWkbTypes.displayString(WKB_TYPE)}?crs={crs.authid()}",
        name or tr("Overlap flags"),
        "memory",
    )
    provider = layer.dataProvider()
    provider.addAttributes(flags_fields().toList())
    layer.updateFields()
    fields = layer.fields()
    with gc_paused():
        provider.addFeatures(list(pair_features(result.pairs, fields, feedback)))
    layer.updateExtents()
    style_flags_layer(layer)
    return layer
