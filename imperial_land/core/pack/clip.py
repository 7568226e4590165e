"""Clip a vector layer to an area-of-interest polygon (not its bbox) into a GeoPackage table.

Features crossing the boundary are cut; every attribute is kept whole. Polygon layers get two
fields: `full_area_ha` (ellipsoidal area of the whole feature) and `clipped_area_ha` (the part
inside the area).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
    QgsGeometry,
    QgsGeometryEngine,
    QgsProcessingFeedback,
    QgsUnitTypes,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from imperial_land.core.common import (
    UserError,
    check_cancelled,
    compat,
    ensure_feedback,
    settings,
    tr,
)
from imperial_land.core.overlap import make_valid_polygons, to_qgs, to_shapely

FULL_AREA_FIELD = "full_area_ha"
CLIPPED_AREA_FIELD = "clipped_area_ha"
POLYGON = QgsWkbTypes.GeometryType.PolygonGeometry


@dataclass
class ClipResult:
    """What clipping one layer wrote."""

    table: str
    feature_count: int
    cut_count: int  # features crossing the boundary, written cut
    repaired_count: int  # invalid geometries repaired before the cut


def aoi_in_crs(
    aoi: QgsGeometry, aoi_crs: QgsCoordinateReferenceSystem, crs: QgsCoordinateReferenceSystem
) -> QgsGeometry:
    """A copy of the AOI polygon in `crs`."""
    copy = QgsGeometry(aoi)
    if aoi_crs != crs:
        copy.transform(QgsCoordinateTransform(aoi_crs, crs, QgsCoordinateTransformContext()))
    return copy


def _output_fields(layer: QgsVectorLayer) -> QgsFields:
    fields = QgsFields(layer.fields())
    if layer.geometryType() == POLYGON:
        for name in (FULL_AREA_FIELD, CLIPPED_AREA_FIELD):
            if fields.indexOf(name) < 0:
                fields.append(compat.field(name, "double", "double", 20, 4))
    return fields


def _area_measure(crs: QgsCoordinateReferenceSystem) -> QgsDistanceArea:
    measure = QgsDistanceArea()
    measure.setSourceCrs(crs, QgsCoordinateTransformContext())
    measure.setEllipsoid(settings.get("overlap/ellipsoid"))
    return measure


def hectares(measure: QgsDistanceArea, geometry: QgsGeometry) -> float:
    """Ellipsoidal area of `geometry` in hectares."""
    return measure.convertAreaMeasurement(
        measure.measureArea(geometry), QgsUnitTypes.AreaUnit.AreaHectares
    )


def _open_writer(
    gpkg: Path, table: str, layer: QgsVectorLayer, fields: QgsFields
) -> QgsVectorFileWriter:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = table
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = (
        QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
        if gpkg.exists()
        else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile
    )
    wkb_type = QgsWkbTypes.multiType(layer.wkbType())
    writer = QgsVectorFileWriter.create(
        str(gpkg), fields, wkb_type, layer.crs(), QgsCoordinateTransformContext(), options
    )
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        raise UserError(
            tr("Cannot write the layer '{layer}' into the pack: {error}").format(
                layer=layer.name(), error=writer.errorMessage()
            )
        )
    return writer


def _repaired(geometry: QgsGeometry, kind: QgsWkbTypes.GeometryType) -> QgsGeometry:
    """A valid version of an invalid geometry (polygons: the engine's GEOS "structure" repair)."""
    if kind != POLYGON:
        return geometry.makeValid()
    repaired = make_valid_polygons(to_shapely(geometry))
    return QgsGeometry() if repaired is None else to_qgs(repaired)


def _clip_geometry(
    geometry: QgsGeometry,
    aoi: QgsGeometry,
    engine: QgsGeometryEngine,
    kind: QgsWkbTypes.GeometryType,
) -> tuple[QgsGeometry | None, bool]:
    """The part of `geometry` inside the AOI (None if nothing is inside), and whether it was cut."""
    if not engine.intersects(geometry.constGet()):
        return None, False
    if engine.contains(geometry.constGet()):
        clipped, cut = QgsGeometry(geometry), False
    else:
        clipped, cut = geometry.intersection(aoi), True
        if QgsWkbTypes.flatType(clipped.wkbType()) == QgsWkbTypes.Type.GeometryCollection:
            clipped = clipped.convertGeometryCollectionToSubclass(kind)
    if clipped.isNull() or clipped.isEmpty() or clipped.type() != kind:
        return None, False
    if kind == POLYGON and clipped.area() <= 0.0:
        return None, False
    clipped.convertToMultiType()
    return clipped, cut


def clip_layer(
    layer: QgsVectorLayer,
    aoi: QgsGeometry,
    aoi_crs: QgsCoordinateReferenceSystem,
    gpkg: Path,
    table: str,
    feedback: QgsProcessingFeedback | None = None,
) -> ClipResult:
    """Write the features of `layer` inside the AOI polygon to `table` of `gpkg`."""
    feedback = ensure_feedback(feedback)
    kind = layer.geometryType()
    local_aoi = aoi_in_crs(aoi, aoi_crs, layer.crs())
    engine = QgsGeometry.createGeometryEngine(local_aoi.constGet())
    engine.prepareGeometry()
    fields = _output_fields(layer)
    measure = _area_measure(layer.crs())
    writer = _open_writer(gpkg, table, layer, fields)
    result = ClipResult(table, 0, 0, 0)
    request = QgsFeatureRequest().setFilterRect(local_aoi.boundingBox())
    try:
        for index, feature in enumerate(layer.getFeatures(request)):
            if index % 200 == 0:
                check_cancelled(feedback)
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                continue
            if not geometry.isGeosValid():
                geometry = _repaired(geometry, kind)
                result.repaired_count += 1
                if geometry.isNull() or geometry.isEmpty():
                    continue
            clipped, cut = _clip_geometry(geometry, local_aoi, engine, kind)
            if clipped is None:
                continue
            out = QgsFeature(fields)
            values = feature.attributes()
            out.setAttributes(values + [None] * (fields.count() - len(values)))
            if kind == POLYGON:
                out[FULL_AREA_FIELD] = round(hectares(measure, geometry), 4)
                out[CLIPPED_AREA_FIELD] = round(hectares(measure, clipped), 4)
            out.setGeometry(clipped)
            if not writer.addFeature(out):
                raise UserError(
                    tr("Cannot write a feature of '{layer}' into the pack: {error}").format(
                        layer=layer.name(), error=writer.errorMessage()
                    )
                )
            result.feature_count += 1
            result.cut_count += int(cut)
    finally:
        del writer  # closes the GeoPackage table
    return result
