"""Basemap sources of a pack, cut to the AOI's extent before rendering.

A vector layer is copied into a styled memory layer holding only its features' parts inside the
extent (QGIS's rectangle clipper: fast, and safe on invalid polygons), so each tile renders a few
vertices instead of whole territories. Other layers (rasters) are rendered as they are, clipped
by the map's clipping region.
"""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapLayer,
    QgsProcessingFeedback,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtXml import QDomDocument

from imperial_land.core.common import check_cancelled, ensure_feedback
from imperial_land.core.pack.clip import aoi_in_crs


def copy_style(source: QgsMapLayer, target: QgsMapLayer) -> None:
    """Give `target` the whole style of `source` (renderer, labels, ...)."""
    doc = QDomDocument("qgis")
    source.exportNamedStyle(doc)
    target.importNamedStyle(doc)


def clipped_copy(
    layer: QgsVectorLayer,
    extent: QgsGeometry,
    extent_crs: QgsCoordinateReferenceSystem,
    feedback: QgsProcessingFeedback | None = None,
) -> QgsVectorLayer:
    """A styled memory copy of `layer` cut to the bounding box of `extent`."""
    feedback = ensure_feedback(feedback)
    rect = aoi_in_crs(extent, extent_crs, layer.crs()).boundingBox()
    wkb_type = QgsWkbTypes.multiType(layer.wkbType())
    copy = QgsVectorLayer(f"{QgsWkbTypes.displayString(wkb_type)}", layer.name(), "memory")
    copy.setCrs(layer.crs())
    provider = copy.dataProvider()
    provider.addAttributes(layer.fields().toList())
    copy.updateFields()
    batch: list[QgsFeature] = []
    for index, feature in enumerate(layer.getFeatures(QgsFeatureRequest().setFilterRect(rect))):
        if index % 500 == 0:
            check_cancelled(feedback)
        if not feature.hasGeometry():
            continue
        part = feature.geometry().clipped(rect)
        if part.isNull() or part.isEmpty():
            continue
        part.convertToMultiType()
        out = QgsFeature(copy.fields())
        out.setAttributes(feature.attributes())
        out.setGeometry(part)
        batch.append(out)
    provider.addFeatures(batch)
    copy.updateExtents()
    copy_style(layer, copy)
    return copy


def basemap_sources(
    layers: list[QgsMapLayer],
    extent: QgsGeometry,
    extent_crs: QgsCoordinateReferenceSystem,
    feedback: QgsProcessingFeedback | None = None,
) -> list[QgsMapLayer]:
    """The layers to render: vector layers cut to the extent, others unchanged (same order)."""
    return [
        clipped_copy(layer, extent, extent_crs, feedback)
        if isinstance(layer, QgsVectorLayer) and layer.isSpatial()
        else layer
        for layer in layers
    ]
