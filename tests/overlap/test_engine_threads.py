"""The engine's fast paths against the plain ones: vertices moved inside WKB bytes, every
GEOS / PROJ step split over two threads. Both must give exactly what the simple way gives."""

from __future__ import annotations

import struct

import numpy as np
import pytest
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsVectorLayer,
)

from imperial_land.core.maplayers.fields import TerritoryFields
from imperial_land.core.overlap import equal_area, geometry
from imperial_land.core.overlap import pairs as overlap_pairs
from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
from imperial_land.core.overlap.equal_area import frame_geometries, move, move_wkbs, moved_wkb
from imperial_land.core.storage import wkb


@pytest.fixture
def to_quebec_lambert(qgis_app) -> QgsCoordinateTransform:
    return QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4269"),
        QgsCoordinateReferenceSystem("EPSG:32198"),
        QgsCoordinateTransformContext(),
    )


def _polygons() -> list:
    """A holed polygon, a multipolygon, an empty polygon and None (all the walk reads)."""
    shell = [(-67.0, 50.0), (-66.9, 50.0), (-66.9, 50.1), (-67.0, 50.1), (-67.0, 50.0)]
    hole = [(-66.98, 50.02), (-66.96, 50.02), (-66.96, 50.04), (-66.98, 50.02)]
    holed = shapely.Polygon(shell, [hole])
    other = shapely.Polygon([(-66.5, 50.5), (-66.4, 50.5), (-66.4, 50.6), (-66.5, 50.5)])
    return [holed, shapely.MultiPolygon([holed, other]), shapely.Polygon(), None]


def _plain(geoms: list, transform: QgsCoordinateTransform) -> list[bytes | None]:
    """The GEOS way: geometries, coordinates moved, WKB written again."""
    array = np.empty(len(geoms), dtype=object)
    array[:] = geoms
    return shapely.to_wkb(move(array, transform), output_dimension=2).tolist()


def test_vertices_moved_in_the_wkb_give_the_bytes_geos_gives(to_quebec_lambert):
    geoms = _polygons()
    wkbs = [None if g is None else shapely.to_wkb(g, output_dimension=2) for g in geoms]
    moved = move_wkbs(wkbs, to_quebec_lambert)
    expected = _plain(geoms, to_quebec_lambert)
    assert moved == expected
    assert moved[0] != wkbs[0] and moved[3] is None
    x, y = struct.unpack_from("<2d", moved[0], 13)  # first vertex of the shell, in metres
    assert (round(x), round(y)) != (-67, 50) and abs(x) < 2e6 and 1e5 < y < 2e6
    array = np.empty(len(geoms), dtype=object)
    array[:] = geoms
    assert moved_wkb(array, to_quebec_lambert) == expected
    framed = frame_geometries(wkbs, to_quebec_lambert)
    assert shapely.to_wkb(framed, output_dimension=2).tolist() == expected


@pytest.mark.parametrize(
    "wkb",
    [
        shapely.to_wkb(shapely.Polygon([(0, 0), (1, 0), (1, 1), (0, 0)]), byte_order=0),
        shapely.to_wkb(shapely.Polygon([(0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 0, 1)])),
        shapely.to_wkb(shapely.GeometryCollection([shapely.Point(0, 1)])),
        shapely.to_wkb(shapely.Polygon([(0, 0), (1, 0), (1, 1), (0, 0)]))[:-8],  # truncated
        shapely.to_wkb(
            shapely.MultiPolygon(
                [shapely.box(i, 0, i + 0.5, 0.5) for i in range(wkb.MAX_WALKED_PARTS + 1)]
            )
        ),
    ],
    ids=["big-endian", "3D", "collection", "truncated", "many parts"],
)
def test_wkb_the_walk_does_not_read_goes_through_geos(to_quebec_lambert, wkb):
    plain = shapely.to_wkb(shapely.Polygon([(0, 50), (1, 50), (1, 51), (0, 50)]))
    assert move_wkbs([plain, wkb], to_quebec_lambert) is None  # the caller then uses GEOS


def _sample_layers(sample_gpkg) -> dict[str, QgsVectorLayer]:
    return {
        name: QgsVectorLayer(f"{sample_gpkg}|layername={name}", name, "ogr")
        for name in ("claims", "parcels", "territories", "aoi")
    }


def _everything(result) -> list[tuple]:
    return [
        (
            p.kind,
            p.a.fid,
            p.b.fid,
            p.relation,
            p.overlap_ha,
            p.share_a_pct,
            p.share_b_pct,
            p.distance_m,
            p.flag,
            p.nation,
            p.geometry_wkb,
        )
        for p in result.pairs
    ]


def test_every_step_split_over_two_threads_gives_the_same_result(
    qgis_app, sample_gpkg, monkeypatch
):
    layers = _sample_layers(sample_gpkg)
    options = OverlapOptions(
        territory_fields=TerritoryFields(distance="DISTANCE_M"), company_holders=[]
    )
    alone = run_overlap(
        layers["claims"], layers["parcels"], layers["territories"], layers["aoi"], options
    )
    # Thresholds down to nothing: every split the province takes now runs on the sample.
    monkeypatch.setattr(overlap_pairs, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(overlap_pairs, "CHUNK", 3)
    monkeypatch.setattr(geometry, "PARALLEL_VERTICES", 1)
    monkeypatch.setattr(equal_area, "PARALLEL_POINTS", 1)
    monkeypatch.setattr(equal_area, "CHUNK_POINTS", 7)
    split = run_overlap(
        layers["claims"], layers["parcels"], layers["territories"], layers["aoi"], options
    )
    assert len(alone.pairs) > 100
    assert _everything(split) == _everything(alone)
    assert [(i.fid, i.action, i.reason) for i in split.issues] == [
        (i.fid, i.action, i.reason) for i in alone.issues
    ]
    assert split.slivers_dropped == alone.slivers_dropped


def _memory_layer(authid: str, geoms: list) -> QgsVectorLayer:
    from qgis.core import QgsFeature, QgsGeometry

    layer = QgsVectorLayer(f"Polygon?crs={authid}&field=NAME:string", "boxes", "memory")
    features = []
    for k, geom in enumerate(geoms):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(geom.wkt))
        feature.setAttributes([str(k)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


@pytest.mark.parametrize(
    "authid, geoms",
    [
        # Claim cells and a slanted 3-degree polygon: two corners bound a geographic box.
        (
            "EPSG:4269",
            [
                shapely.box(-67.0, 50.0, -66.99166, 50.00833),
                shapely.Polygon([(-70.0, 48.0), (-67.0, 48.5), (-67.5, 51.0), (-70.0, 50.0)]),
            ],
        ),
        # NAD27: the frame's datum differs, its shift varies across the box.
        ("EPSG:4267", [shapely.Polygon([(-75.0, 46.0), (-72.0, 46.2), (-72.5, 49.0)])]),
        # Projected: four corners, the sides of the box bend.
        (
            "EPSG:32198",
            [shapely.Polygon([(-400_000, 300_000), (200_000, 320_000), (-100_000, 900_000)])],
        ),
    ],
)
def test_frame_boxes_hold_every_feature_moved_into_the_frame(qgis_app, authid, geoms):
    """The territories' near test trusts these boxes: each one holds its feature's image in the
    frame (every edge followed), and is grown little beyond the image of the feature's box."""
    from qgis.core import QgsProcessingFeedback

    from imperial_land.core.overlap.equal_area import frame_over
    from imperial_land.core.overlap.inputs import LayerSpec, frame_boxes, into_frame, read_raw

    def raw_layer(shapes: list):
        layer = _memory_layer(authid, shapes)
        spec = LayerSpec("aoi", {"name": "NAME"}, "name")
        return read_raw(layer, spec, frame, QgsProcessingFeedback())

    extent = _memory_layer(authid, geoms)
    frame = frame_over("GRS80", QgsCoordinateTransformContext(), [(extent.extent(), extent.crs())])
    boxes = frame_boxes(raw_layer(geoms))
    images = shapely.bounds(into_frame(raw_layer(geoms)).geoms)
    assert boxes.shape == (len(geoms), 4)
    assert np.all(boxes[:, :2] <= images[:, :2]) and np.all(boxes[:, 2:] >= images[:, 2:])
    box_images = shapely.bounds(
        into_frame(raw_layer([shapely.box(*g.bounds) for g in geoms])).geoms
    )
    span = np.hypot(box_images[:, 2] - box_images[:, 0], box_images[:, 3] - box_images[:, 1])
    slack = np.max(np.abs(boxes - box_images), axis=1)
    # How far the image of each box's sides bulges past its moved corners (none in a geographic
    # CRS): boxes grow by twice the sides' bend seen at their middles, which a side turned in
    # the frame shows larger than this bulge (about twice here).
    to_frame = frame.transform(QgsCoordinateReferenceSystem(authid), True)
    corners = [shapely.get_coordinates(shapely.box(*g.bounds))[:4] for g in geoms]
    moved = [equal_area.move_xy(np.ascontiguousarray(c), to_frame) for c in corners]
    corner_boxes = np.array([[*m.min(axis=0), *m.max(axis=0)] for m in moved])
    bulge = np.max(np.abs(box_images - corner_boxes), axis=1)
    assert np.all(slack <= 1.001e-3 * span + 1.0 + 6.0 * bulge)
    assert authid == "EPSG:32198" or np.all(bulge < 1.0)


def test_checked_pieces_give_the_side_the_pieces_it_would_cut(qgis_app):
    """Validity and pieces worked out ahead (geometry.CheckedPieces) are what Side cuts itself;
    an invalid geometry is not cut ahead, and its repaired version (a new object) is cut when
    the pieces are asked for, on the caller's thread."""
    angles = np.linspace(0.0, 2.0 * np.pi, 2001)[:-1]
    radii = 10_000.0 + 300.0 * np.sin(angles * 37.0)
    star = shapely.Polygon(np.column_stack([radii * np.cos(angles), radii * np.sin(angles)]))
    zigzag = np.column_stack([np.linspace(0.0, 50_000.0, 1000), np.tile([0.0, 40.0], 500)])
    bow_tie = shapely.Polygon([*zigzag, (50_000.0, 5_000.0), (0.0, -5_000.0)])  # crosses itself
    small = shapely.box(0.0, 0.0, 10.0, 10.0)
    geoms = np.array([star, bow_tie, None, small], dtype=object)
    checked = geometry.CheckedPieces(geoms)
    assert checked.valid().tolist() == [True, False, True, True]
    repaired = geoms.copy()
    repaired[1] = geometry.make_valid_polygons(bow_tie)
    kept = repaired[[0, 1, 3]]
    ready = checked.pieces(kept)
    assert list(ready) == [0, 1]  # the star, cut ahead; the repaired one; the small one whole
    assert ready[1] == geometry.subdivide(repaired[1])
    ahead = overlap_pairs.Side(kept, shapely.area(kept), ready=ready)
    plain = overlap_pairs.Side(kept, shapely.area(kept))
    assert len(ahead.pieces) == len(plain.pieces) > 3
    assert shapely.to_wkb(ahead.pieces).tolist() == shapely.to_wkb(plain.pieces).tolist()
    assert ahead.owner.tolist() == plain.owner.tolist()
    assert np.isclose(shapely.area(ahead.pieces[ahead.owner == 0]).sum(), star.area, rtol=1e-12)
