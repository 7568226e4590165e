"""WKB round trips, repair, subdivision, and the equal-area frame against QgsDistanceArea."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsGeometry,
    QgsPointXY,
)

from imperial_land.core.overlap.equal_area import EqualAreaFrame, frame_geometries, moved_wkb
from imperial_land.core.overlap.geometry import qgs_to_wkb, repair, subdivide, to_qgs, to_shapely

CELL = 1.0 / 120.0


def _qgis_area_ha(wkt: str, authid: str) -> float:
    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem(authid), QgsCoordinateTransformContext())
    measure.setEllipsoid("GRS80")
    return measure.measureArea(QgsGeometry.fromWkt(wkt)) / 10_000.0


def _frame_area_ha(frame: EqualAreaFrame, wkt: str, authid: str) -> float:
    """The area in the frame, the geometry moved there as the engine moves a layer's WKB."""
    to_frame = frame.transform(QgsCoordinateReferenceSystem(authid), True)
    moved = frame_geometries([shapely.to_wkb(shapely.from_wkt(wkt), output_dimension=2)], to_frame)
    return moved[0].area / 10_000.0


def test_wkb_round_trip_and_null(qgis_app):
    wkt = "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"
    geom = to_shapely(QgsGeometry.fromWkt(wkt))
    assert geom.equals(shapely.from_wkt(wkt))
    assert to_qgs(geom).asWkt() == "Polygon ((0 0, 10 0, 10 10, 0 10, 0 0))"
    assert to_shapely(QgsGeometry()) is None
    curved = QgsGeometry.fromWkt(
        "CurvePolygonZ (CircularStringZ (0 0 1, 1 1 1, 2 0 1, 1 -1 1, 0 0 1))"
    )
    flat = shapely.from_wkb(qgs_to_wkb(curved))
    assert flat.geom_type == "Polygon" and not flat.has_z
    assert flat.area == pytest.approx(np.pi, rel=0.01)


def test_bow_tie_is_repaired_into_both_lobes_and_reported(qgis_app):
    bow_tie = shapely.from_wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
    square = shapely.box(0, 0, 1, 1)
    fixed, reasons = repair(np.array([bow_tie, square, None], dtype=object))
    assert reasons == {0: "Self-intersection"}
    assert fixed[0].is_valid and fixed[0].area == pytest.approx(50.0)  # two 25 m2 triangles
    assert fixed[1] is square or fixed[1].equals(square)
    assert fixed[2] is None


def test_subdivision_tiles_the_polygon_in_small_pieces(qgis_app):
    circle = shapely.Point(0, 0).buffer(1000.0, quad_segs=500)  # 2001 vertices
    pieces = subdivide(circle, 256)
    counts = shapely.get_num_coordinates(np.array(pieces))
    assert len(pieces) >= 8 and counts.max() <= 256
    assert sum(p.area for p in pieces) == pytest.approx(circle.area, rel=1e-12)
    assert shapely.union_all(pieces).symmetric_difference(circle).area < 1e-6


@pytest.mark.parametrize(
    ("wkt", "authid"),
    [
        (
            shapely.box(-67, 52, -67 + CELL, 52 + CELL).wkt,
            "EPSG:4269",
        ),
        ("POLYGON ((-70 50, -60 50, -60 55, -70 55, -70 50))", "EPSG:4269"),
        ("POLYGON ((0 500000, 10000 500000, 10000 510000, 0 510000, 0 500000))", "EPSG:32198"),
        (
            "POLYGON ((-7460000 6500000, -7450000 6500000, -7450000 6510000, -7460000 6500000))",
            "EPSG:3857",
        ),
    ],
)
def test_frame_areas_equal_qgsdistancearea(qgis_app, wkt, authid):
    """Same vertices, same hectares (long edges densified: QgsDistanceArea 3.22 and a planar
    frame read a long diagonal edge differently, both converge on the densified polygon)."""
    frame = EqualAreaFrame("GRS80", QgsCoordinateTransformContext())
    dense = QgsGeometry.fromWkt(wkt).densifyByCount(200).asWkt(12)
    expected = _qgis_area_ha(dense, authid)
    assert _frame_area_ha(frame, dense, authid) == pytest.approx(expected, rel=1e-6)


def test_one_cell_is_about_55_ha_at_50_north(qgis_app):
    frame = EqualAreaFrame("GRS80", QgsCoordinateTransformContext())
    cell = f"POLYGON ((-67 50, {-67 + CELL} 50, {-67 + CELL} {50 + CELL}, -67 {50 + CELL}, -67 50))"
    assert _frame_area_ha(frame, cell, "EPSG:4269") == pytest.approx(
        _qgis_area_ha(cell, "EPSG:4269"), rel=1e-7
    )
    assert 55.0 < _frame_area_ha(frame, cell, "EPSG:4269") < 56.0


def test_geodesic_distance_matches_qgsdistancearea(qgis_app):
    frame = EqualAreaFrame("GRS80", QgsCoordinateTransformContext())
    geographic = QgsCoordinateReferenceSystem("EPSG:4269")
    points = frame_geometries(
        [shapely.to_wkb(shapely.Point(-67.0, 50.0)), shapely.to_wkb(shapely.Point(-66.99, 50.01))],
        frame.transform(geographic, True),
    )
    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4269"), QgsCoordinateTransformContext())
    measure.setEllipsoid("GRS80")
    expected = measure.measureLine(QgsPointXY(-67.0, 50.0), QgsPointXY(-66.99, 50.01))
    got = frame.geodesic_m(points[0].x, points[0].y, points[1].x, points[1].y)
    assert got == pytest.approx(expected, abs=1e-6)
    back = shapely.from_wkb(moved_wkb(points, frame.transform(geographic, False)))
    assert back[1].x == pytest.approx(-66.99, abs=1e-9) and back[1].y == pytest.approx(50.01)


def test_subdivision_of_a_jagged_edge_keeps_few_valid_pieces(qgis_app):
    """A comb (long teeth crossing every cut) halves into multipolygons, not slivers."""
    teeth = 300
    xs = np.repeat(np.arange(teeth + 1, dtype=float), 2)[1:-1]
    ys = np.tile([0.0, 100.0, 100.0, 0.0], teeth // 2 + 1)[: len(xs)]
    comb = shapely.Polygon(np.vstack([np.column_stack([xs, ys + 10]), [[teeth, 0], [0, 0]]]))
    assert comb.is_valid and shapely.get_num_coordinates(comb) > 600
    pieces = np.array(subdivide(comb, 256), dtype=object)
    assert shapely.get_num_coordinates(pieces).max() <= 256
    assert shapely.is_valid(pieces).all()
    assert len(pieces) < 16
    assert shapely.area(pieces).sum() == pytest.approx(comb.area, rel=1e-12)
