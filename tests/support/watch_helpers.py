"""Test helpers for the staking watch and the overlap state: a second week of GESTIM rows,
small NAD83 polygon layers, cell corners, and hand references (QgsDistanceArea on GRS80)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsDistanceArea,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from shapely.geometry import Polygon

from imperial_land.core.watch import WatchedLayer
from tests.support.gestim_builder import (
    CELL_DEG,
    COMPANY,
    ORIGIN,
    cell_polygon,
    sample_rows,
    title_row,
)


def week_two() -> list[dict]:
    """The sample, then: 2512348 (cell 1,1) transferred to a third party, 2512345 (0,0)
    transferred to the company (not watched), three new third-party titles."""
    rows = sample_rows()
    rows[4].update(DET_NOM="Nouvelle Exploration inc.")
    rows[0].update(DET_NOM=COMPANY)
    rows.append(title_row(2512350, holder="Prospecteur A", cell=(2, 0)))  # beside 2512346
    rows.append(title_row(2512351, holder="Prospecteur B", cell=(5, 0)))  # 3 cells east of it
    rows.append(title_row(2512352, holder="Prospecteur C", cell=(60, 0)))  # on the parcel
    return rows


def polygon_layer(name: str, field: str, features: list[tuple[str, object]]) -> QgsVectorLayer:
    """A memory polygon layer in NAD83 with one text field."""
    layer = QgsVectorLayer(f"Polygon?crs=EPSG:4269&field={field}:string", name, "memory")
    for key, polygon in features:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([key])
        feature.setGeometry(QgsGeometry.fromWkt(polygon.wkt))
        layer.dataProvider().addFeature(feature)
    return layer


def lon(col: float) -> float:
    return ORIGIN[0] + col * CELL_DEG


def lat(row: float) -> float:
    return ORIGIN[1] + row * CELL_DEG


def geodesic_m(x1: float, y1: float, x2: float, y2: float) -> float:
    """QgsDistanceArea on GRS80 between two NAD83 points: the hand reference."""
    measure = QgsDistanceArea()
    measure.setSourceCrs(
        QgsCoordinateReferenceSystem("EPSG:4269"), QgsProject.instance().transformContext()
    )
    measure.setEllipsoid("GRS80")
    return measure.measureLine(QgsPointXY(x1, y1), QgsPointXY(x2, y2))


def ellipsoid_ha(polygon) -> float:
    measure = QgsDistanceArea()
    measure.setSourceCrs(
        QgsCoordinateReferenceSystem("EPSG:4269"), QgsProject.instance().transformContext()
    )
    measure.setEllipsoid("GRS80")
    return measure.measureArea(QgsGeometry.fromWkt(polygon.wkt)) / 10_000.0


def west_half() -> Polygon:
    """The west half of cell (60, 0)."""
    return Polygon([(lon(60), lat(0)), (lon(60.5), lat(0)), (lon(60.5), lat(1)), (lon(60), lat(1))])


def company_land() -> list[WatchedLayer]:
    """Parcel 4 516 943 = the west half of cell (60, 0); parcel 9 far north; the plant site two
    cells north of cell (60, 0)."""
    parcels = polygon_layer(
        "Parcels", "NO_LOT", [("4 516 943", west_half()), ("9 999 999", cell_polygon(60, 12))]
    )
    aoi = polygon_layer("AOI", "name", [("Plant site", cell_polygon(60, 3))])
    return [
        WatchedLayer("parcel", layer=parcels, key_field="NO_LOT"),
        WatchedLayer("aoi", layer=aoi, key_field="name", distance_m=1900.0),
    ]


def crs_less_layer(folder: Path, name: str, field: str) -> QgsVectorLayer:
    """A polygon shapefile of one feature and no .prj: a layer with no CRS at all (a memory
    layer given none still gets QGIS's default, WGS 84)."""
    from osgeo import ogr

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.shp"
    source = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    table = source.CreateLayer(name, None, ogr.wkbPolygon)
    table.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    feature = ogr.Feature(table.GetLayerDefn())
    feature.SetField(field, "1")
    feature.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON ((0 0, 1 0, 1 1, 0 0))"))
    table.CreateFeature(feature)
    source = None  # written and closed
    layer = QgsVectorLayer(str(path), name, "ogr")
    assert layer.isValid() and not layer.crs().isValid()
    return layer
