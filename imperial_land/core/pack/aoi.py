"""The area of interest of a pack: from selected polygon features or a rectangle."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsMapLayer,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)

from imperial_land.core.common import UserError, tr


def aoi_from_selection(
    layer: QgsMapLayer | None,
) -> tuple[QgsGeometry, QgsCoordinateReferenceSystem]:
    """Union of the selected polygon features of `layer`, and the layer's CRS."""
    is_polygons = (
        isinstance(layer, QgsVectorLayer)
        and layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry
    )
    if not is_polygons:
        raise UserError(tr("Select a polygon feature in a polygon layer for the area of interest."))
    geometries = [f.geometry() for f in layer.getSelectedFeatures() if f.hasGeometry()]
    if not geometries:
        raise UserError(
            tr("No feature is selected in '{layer}'; select the area of interest.").format(
                layer=layer.name()
            )
        )
    return QgsGeometry.unaryUnion(geometries), layer.crs()


def aoi_from_rectangle(
    rectangle: QgsRectangle | None, crs: QgsCoordinateReferenceSystem
) -> tuple[QgsGeometry, QgsCoordinateReferenceSystem]:
    """A rectangle (map extent or drawn) as the AOI polygon."""
    if rectangle is None or rectangle.isEmpty():
        raise UserError(tr("Draw a rectangle on the map for the area of interest first."))
    return QgsGeometry.fromRect(rectangle), crs
