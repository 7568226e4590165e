"""Exact hectares where long straight edges cross claims (issue: edges followed, not cut).

Every reference is computed independently of the engine, the way a careful GIS analyst would:
both outlines densified to 5 m in their own CRS (so each follows its straight edges), moved into
the territory's CRS by QGIS, intersected there, and measured on GRS80 with QgsDistanceArea.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsVectorLayer,
)

from imperial_land.core.common import compat
from imperial_land.core.overlap import near_edges
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.edges import MAX_DEVIATION_M, follow_edges
from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
from imperial_land.core.overlap.equal_area import EqualAreaFrame, frame_geometries

CELL = 1.0 / 120.0  # 30" of arc
SLIVER_HA = 0.01
DENSE_M = 5.0
TOLERANCE_PCT = 0.01
TOLERANCE_SMALL_HA = 0.001
CONTEXT = QgsCoordinateTransformContext()


def _layer(authid: str, fields: list[str], rows: list[tuple[shapely.Geometry, list]]) -> object:
    layer = QgsVectorLayer(f"Polygon?crs={authid}", "test", "memory")
    layer.dataProvider().addAttributes([compat.field(name, "string") for name in fields])
    layer.updateFields()
    features = []
    for geom, values in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(geom.wkt))
        feature.setAttributes(values)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


def _transform(src: str, dst: str) -> QgsCoordinateTransform:
    return QgsCoordinateTransform(
        QgsCoordinateReferenceSystem(src), QgsCoordinateReferenceSystem(dst), CONTEXT
    )


def _point(src: str, dst: str, x: float, y: float) -> tuple[float, float]:
    p = _transform(src, dst).transform(QgsPointXY(x, y))
    return p.x(), p.y()


def _to(geom: shapely.Geometry, src: str, dst: str, dense: float) -> shapely.Geometry:
    """`geom` densified in `src` (to `dense` units) and moved to `dst` by QGIS."""
    moved = QgsGeometry.fromWkt(shapely.segmentize(geom, dense).wkt)
    moved.transform(_transform(src, dst))
    return shapely.from_wkt(moved.asWkt(17))


def _ha(geom: shapely.Geometry, authid: str) -> float:
    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem(authid), CONTEXT)
    measure.setEllipsoid("GRS80")
    return measure.measureArea(QgsGeometry.fromWkt(geom.wkt)) / 10_000.0


def _cells_around(lon: float, lat: float, n: int = 7) -> list[shapely.Polygon]:
    """n x n claim cells of the 30" grid centred on (lon, lat)."""
    col0, row0 = math.floor(lon / CELL) - n // 2, math.floor(lat / CELL) - n // 2
    return [
        shapely.box(*(np.array([col0 + c, row0 + r, col0 + c + 1, row0 + r + 1]) * CELL))
        for r in range(n)
        for c in range(n)
    ]


def _claims_layer(cells: list[shapely.Polygon]) -> QgsVectorLayer:
    """Active third-party claims on `cells` (EPSG:4269), each titled by its index."""
    return _layer(
        "EPSG:4269",
        ["TIT_NO", "STI_DES_FR", "TIT_DAT_EX", "DET_NOM"],
        [(cell, [str(k), "Actif", "20270115", "Other Ltd."]) for k, cell in enumerate(cells)],
    )


def _rotated_parcel(x0: float, y0: float, half: float = 1000.0) -> shapely.Polygon:
    """A square parcel 2 x `half` units wide centred on (x0, y0), turned 33 degrees: none of
    its edges follows a parallel or a meridian."""
    return shapely.affinity.rotate(shapely.box(x0 - half, y0 - half, x0 + half, y0 + half), 33)


def _parcel_reference(cells, parcel, authid: str) -> dict[str, tuple[str, float]]:
    """Title -> (relation, ha): each cell densified, moved into `authid` by QGIS, cut there with
    the densified parcel and measured on GRS80; slivers and cells too close to call left out."""
    expected = {}
    for k, cell in enumerate(cells):
        moved = _to(cell, "EPSG:4269", authid, DENSE_M / 111_000.0)
        part = shapely.intersection(moved, shapely.segmentize(parcel, DENSE_M))
        ha = _ha(part, authid) if not part.is_empty else 0.0
        if ha > SLIVER_HA + 0.002:
            relation = r.CONTAINS if shapely.covers(parcel, moved) else r.OVERLAPS
            expected[str(k)] = (relation, ha)
    return expected


def _expected(cells, territory, authid: str, dense_units: float) -> dict[str, tuple[str, float]]:
    """Title -> (relation, ha) by the densified reference; cells that only touch or make a sliver
    (no pair with an area) are left out, and so are cells too close to the sliver line to call."""
    terr = shapely.segmentize(territory, dense_units)
    expected: dict[str, tuple[str, float]] = {}
    for k, cell in enumerate(cells):
        moved = _to(cell, "EPSG:4269", authid, DENSE_M / 111_000.0)
        part = shapely.intersection(moved, terr)
        ha = _ha(part, authid) if not part.is_empty else 0.0
        whole = _ha(moved, authid)
        covered = shapely.covers(terr, moved)
        if abs(ha - SLIVER_HA) < 0.002 or (abs(whole - ha) < 0.002 and not covered):
            expected[str(k)] = ("unsure", ha)  # a corner on the edge: within, or a sliver off
        elif ha > SLIVER_HA:
            relation = r.WITHIN if covered else r.OVERLAPS
            expected[str(k)] = (relation, ha)
    return expected


def _run(cells, territory_layer, **kwargs) -> dict[str, tuple[str, float]]:
    claims = _claims_layer(cells)
    result = run_overlap(
        claims,
        None,
        territory_layer,
        options=OverlapOptions(company_holders=[], sliver_ha=SLIVER_HA, **kwargs),
    )
    return {
        p.a.key: (p.relation, p.overlap_ha)
        for p in result.pairs
        if p.kind == r.CLAIM_TERRITORY and p.relation != r.NEAR
    }, result


def _assert_matches(found: dict, expected: dict) -> None:
    sure = {k: v for k, v in expected.items() if v[0] != "unsure"}
    unsure = {k for k, v in expected.items() if v[0] == "unsure"}
    assert set(found) - unsure == set(sure)
    for key, (relation, ha) in sure.items():
        got_relation, got_ha = found[key]
        assert got_relation == relation, key
        assert abs(got_ha - ha) <= max(ha * TOLERANCE_PCT / 100.0, TOLERANCE_SMALL_HA), (
            key,
            got_ha,
            ha,
        )


def _half_plane(authid: str, lon: float, lat: float, angle_deg: float, half_km: float) -> tuple:
    """A territory in `authid` bounded by one straight edge of 2 * half_km through (lon, lat),
    reaching 60 km to one side of it."""
    x0, y0 = _point("EPSG:4269", authid, lon, lat)
    u = np.array([math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))])
    n = np.array([-u[1], u[0]])
    half, side = half_km * 1000.0, 60_000.0
    a, b = np.array([x0, y0]) - half * u, np.array([x0, y0]) + half * u
    return shapely.Polygon([a, b, b + side * n, a + side * n])


@pytest.mark.parametrize(
    "authid, lon, lat",
    [("EPSG:32198", -66.45, 50.3), ("EPSG:3857", -66.45, 50.3)],
)
def test_a_100_km_straight_edge_over_claim_cells_gives_the_reference_hectares(
    qgis_app, authid, lon, lat
):
    territory = _half_plane(authid, lon, lat, 20.0, 50.0)
    cells = _cells_around(lon, lat)
    layer = _layer(authid, ["NATION", "NAME"], [(territory, ["Innu", "T"])])
    found, result = _run(cells, layer)
    expected = _expected(cells, territory, authid, DENSE_M)
    assert 15 <= len(expected) <= 40  # the edge really crosses the block
    _assert_matches(found, expected)
    assert not [i for i in result.issues if i.action == "repaired"]  # valid as drawn


def test_a_territory_with_vertices_60_km_apart_is_exact_along_its_edges(qgis_app):
    lon, lat = -68.2, 52.1
    authid = "EPSG:32198"
    x0, y0 = _point("EPSG:4269", authid, lon, lat)
    # A hexagon of 60 km sides whose edge from vertex 0 to 1 passes through (lon, lat).
    angles = np.radians(np.arange(0, 360, 60) + 13.0)
    ring = np.column_stack([np.cos(angles), np.sin(angles)]) * 60_000.0
    mid = (ring[0] + ring[1]) / 2.0
    territory = shapely.Polygon(ring + np.array([x0, y0]) - mid)
    cells = _cells_around(lon, lat)
    layer = _layer(authid, ["NATION", "NAME"], [(territory, ["Naskapi", "Hex"])])
    found, _result = _run(cells, layer)
    expected = _expected(cells, territory, authid, DENSE_M)
    assert 15 <= len(expected) <= 40
    _assert_matches(found, expected)


def test_a_parcel_with_2_km_edges_in_mtm_is_exact_against_claims(qgis_app):
    authid = "EPSG:2949"  # NAD83(CSRS) / MTM zone 7
    lon, lat = -70.6, 46.9
    parcel = _rotated_parcel(*_point("EPSG:4269", authid, lon, lat))
    cells = _cells_around(lon, lat, 9)
    claims = _claims_layer(cells)
    parcels = _layer(authid, ["NO_LOT"], [(parcel, ["1 234 567"])])
    result = run_overlap(
        claims, parcels, None, options=OverlapOptions(company_holders=[], sliver_ha=SLIVER_HA)
    )
    found = {p.b.key: (p.relation, p.overlap_ha) for p in result.pairs}
    expected = _parcel_reference(cells, parcel, authid)
    assert len(expected) >= 6
    _assert_matches(found, expected)


def test_followed_edges_stay_within_the_tolerance_of_the_true_edge(qgis_app):
    authid = "EPSG:32198"
    territory = _half_plane(authid, -66.45, 50.3, 20.0, 50.0)
    frame = EqualAreaFrame("GRS80", CONTEXT, (49.5, 51.0), -66.5)
    to_frame = frame.transform(QgsCoordinateReferenceSystem(authid), True)
    tolerance = MAX_DEVIATION_M
    wkb = shapely.to_wkb(territory, output_dimension=2)
    followed = follow_edges([wkb], to_frame, tolerance)[0]
    assert followed is not wkb
    outline = frame_geometries([followed], to_frame)[0].exterior
    # The true edge: the source edge densified to 1 m, each point moved exactly.
    truth = frame_geometries(
        [shapely.to_wkb(shapely.segmentize(territory, 1.0), output_dimension=2)], to_frame
    )[0]
    points = shapely.points(shapely.get_coordinates(truth))
    worst = float(np.max(shapely.distance(points, outline)))
    assert worst <= tolerance
    # Not a fixed huge count: 320 km of outline take fewer than one vertex per 250 m.
    assert shapely.get_num_coordinates(frame_geometries([followed], to_frame)[0]) < 1280
    # The vertices-only move would have strayed far more.
    cut = frame_geometries([wkb], to_frame)[0].exterior
    assert float(np.max(shapely.distance(points, cut))) > 20.0


def test_claim_cells_in_nad83_are_never_split(qgis_app):
    cells = _cells_around(-66.45, 50.3)
    frame = EqualAreaFrame("GRS80", CONTEXT, (49.5, 51.0), -66.5)
    to_frame = frame.transform(QgsCoordinateReferenceSystem("EPSG:4269"), True)
    big = shapely.box(-70.0, 48.0, -60.0, 52.0)  # 10 degrees along parallels and meridians
    wkbs = [shapely.to_wkb(g, output_dimension=2) for g in [*cells, big]]
    followed = follow_edges(wkbs, to_frame, MAX_DEVIATION_M)
    assert all(a is b for a, b in zip(followed, wkbs))
    slanted = shapely.Polygon([(-67.0, 50.0), (-66.0, 50.2), (-66.0, 50.5), (-67.0, 50.5)])
    again = follow_edges([shapely.to_wkb(slanted, output_dimension=2)], to_frame, MAX_DEVIATION_M)
    assert shapely.get_num_coordinates(shapely.from_wkb(again[0])) > 5  # the slanted edge bends


def _hexagon(authid: str, lon: float, lat: float, side_m: float = 60_000.0) -> shapely.Polygon:
    """A hexagon of `side_m` sides in `authid` whose first edge passes through (lon, lat)."""
    x0, y0 = _point("EPSG:4269", authid, lon, lat)
    angles = np.radians(np.arange(0, 360, 60) + 13.0)
    ring = np.column_stack([np.cos(angles), np.sin(angles)]) * side_m
    mid = (ring[0] + ring[1]) / 2.0
    return shapely.Polygon(ring + np.array([x0, y0]) - mid)


def _measured(territory: shapely.Geometry, authid: str):
    frame = EqualAreaFrame("GRS80", CONTEXT, (50.0, 54.0), -68.5)
    to_frame = frame.transform(QgsCoordinateReferenceSystem(authid), True)
    wkb = shapely.to_wkb(territory, output_dimension=2)
    return wkb, to_frame, near_edges.measure([wkb], to_frame, MAX_DEVIATION_M)


def test_edges_near_other_features_are_split_exactly_as_when_all_are_followed(qgis_app):
    wkb, to_frame, measured = _measured(_hexagon("EPSG:32198", -68.2, 52.1), "EPSG:32198")
    every = near_edges.frame(
        measured, to_frame, np.zeros(1), lambda boxes: np.ones(len(boxes), bool)
    )
    followed = frame_geometries(follow_edges([wkb], to_frame, MAX_DEVIATION_M), to_frame)[0]
    assert shapely.equals_exact(every.geoms[0], followed, tolerance=1e-9)
    assert every.bulge_m2[0] == 0.0 and not every.partial[0]


def test_edges_far_from_other_features_keep_their_chord_and_add_their_bulge(qgis_app):
    wkb, to_frame, measured = _measured(_hexagon("EPSG:32198", -68.2, 52.1), "EPSG:32198")
    none = near_edges.frame(
        measured, to_frame, np.zeros(1), lambda boxes: np.zeros(len(boxes), bool)
    )
    assert shapely.get_num_coordinates(none.geoms[0]) == 7  # the six corners, as drawn
    assert none.partial[0]
    followed = frame_geometries(follow_edges([wkb], to_frame, MAX_DEVIATION_M), to_frame)[0]
    chord_only = float(shapely.area(none.geoms[0]))
    # The bends of 60 km edges hold hectares, and the 2/3 rule puts them back.
    assert abs(chord_only - followed.area) > 10_000.0
    assert abs(chord_only + none.bulge_m2[0] - followed.area) <= 1e-7 * followed.area


@pytest.mark.parametrize("side", [1.0, -1.0])
def test_a_territory_whose_far_chords_cross_is_followed_in_full(qgis_app, side):
    """A 10 m strip along a 100 km edge, far from the claims: its chord in the frame strays
    ~100 m and crosses the strip's other side (drawn every 200 m) on one of the two sides."""
    authid = "EPSG:32198"
    lon, lat = -68.2, 52.1
    block = _hexagon(authid, lon, lat, 2_500.0)  # the claims sit on this part's first edge
    x0, y0 = _point("EPSG:4269", authid, lon + 3.0, lat - 1.0)
    u = np.array([math.cos(math.radians(20.0)), math.sin(math.radians(20.0))])
    n = side * np.array([-u[1], u[0]])
    a, b = np.array([x0, y0]) - 50_000.0 * u, np.array([x0, y0]) + 50_000.0 * u
    back = np.linspace(b, a, 501) + 10.0 * n
    strip = shapely.Polygon([a, b, *back])
    assert strip.is_valid
    territory = shapely.MultiPolygon([block, strip])
    cells = _cells_around(lon, lat)
    layer = _layer(authid, ["NATION", "NAME"], [(territory, ["Innu", "T"])])
    found, result = _run(cells, layer)
    _assert_matches(found, _expected(cells, block, authid, DENSE_M))
    assert not result.issues
    reference = _ha(shapely.segmentize(territory, DENSE_M), authid)
    got = next(p.b.area_ha for p in result.pairs if p.b.key == "T")
    # Followed to 0.01 m on 200 km of strip sides: at most 2/3 x 0.01 m x 200 km = 0.13 ha.
    assert abs(got - reference) <= 0.15, (got, reference)


def test_a_layer_followed_in_full_has_the_vertices_follow_edges_places_to_the_bit(qgis_app):
    """near_edges.in_full (measured once, every bending edge split, vertices moved once) and
    follow_edges then frame_geometries: the same WKB, byte for byte, for a layer with long
    bending edges, one without (claim cells) and one with no geometry in it."""
    authid = "EPSG:32198"
    frame = EqualAreaFrame("GRS80", CONTEXT, (50.0, 54.0), -68.5)
    to_frame = frame.transform(QgsCoordinateReferenceSystem(authid), True)
    holed = _hexagon(authid, -68.2, 52.1).difference(_hexagon(authid, -68.2, 52.1, 20_000.0))
    territories = [holed, None, shapely.MultiPolygon([_hexagon(authid, -66.0, 51.0), holed])]
    wkbs = [None if g is None else shapely.to_wkb(g, output_dimension=2) for g in territories]
    cells = [shapely.to_wkb(c, output_dimension=2) for c in _cells_around(-66.45, 50.3)]
    cells_frame = frame.transform(QgsCoordinateReferenceSystem("EPSG:4269"), True)
    for blobs, transform in ((wkbs, to_frame), (cells, cells_frame), ([None], to_frame)):
        fast = near_edges.in_full(blobs, transform, MAX_DEVIATION_M)
        slow = frame_geometries(follow_edges(blobs, transform, MAX_DEVIATION_M), transform)
        assert [None if g is None else shapely.to_wkb(g) for g in fast] == [
            None if g is None else shapely.to_wkb(g) for g in slow
        ]
    assert shapely.get_num_coordinates(
        near_edges.in_full(wkbs, to_frame, MAX_DEVIATION_M)[0]
    ) > shapely.get_num_coordinates(holed)  # its 60 km edges were split
