"""Polygon WKB walked with numpy: envelopes and GeoPackage blobs equal to what GEOS and the
GeoPackage encoding rule give, and the walk steps aside for WKB it does not read."""

from __future__ import annotations

import struct

import numpy as np
import pytest
import shapely
import shapely.affinity

from imperial_land.core.storage import geopackage_blobs, polygon_wkb_envelopes
from imperial_land.core.storage.gpkg_binary import envelope_array

SQUARE_WITH_HOLE = shapely.Polygon(
    [(10, 20), (14, 20), (14, 23), (10, 23)], [[(11, 21), (12, 21), (12, 22), (11, 22)]]
)
HOLE_BOX = [10.0, 14.0, 20.0, 23.0]
THREE_PARTS = shapely.MultiPolygon(
    [shapely.box(-5, -7, -4, -6), shapely.box(100, 0, 101, 1), SQUARE_WITH_HOLE]
)


def _geos_envelopes(geoms: list) -> np.ndarray:
    return shapely.bounds(np.array(geoms, dtype=object))[:, [0, 2, 1, 3]]


def _shapes(count: int) -> list:
    """Polygons with and without holes, multipolygons of 1-5 parts, at Quebec Lambert scale."""
    rng = np.random.default_rng(7)
    shapes = []
    for k in range(count):
        x, y = rng.uniform(-800_000, 800_000), rng.uniform(100_000, 2_000_000)
        disc = shapely.Point(x, y).buffer(rng.uniform(10, 5_000), quad_segs=int(rng.integers(1, 9)))
        if k % 3 == 0:
            disc = disc.difference(shapely.Point(x, y).buffer(5.0))
        if k % 4 == 1:
            parts = int(rng.integers(1, 6))
            disc = shapely.MultiPolygon(
                [shapely.affinity.translate(disc, 20_000.0 * i, -7_000.0 * i) for i in range(parts)]
            )
        shapes.append(disc)
    return shapes


def test_envelopes_equal_geos_bounds_exactly():
    shapes = [*_shapes(2_000), SQUARE_WITH_HOLE, THREE_PARTS]
    walked = polygon_wkb_envelopes(list(shapely.to_wkb(shapes)))
    assert walked is not None
    assert np.array_equal(walked, _geos_envelopes(shapes))
    assert walked[-2].tolist() == HOLE_BOX
    assert walked[-1].tolist() == [-5.0, 101.0, -7.0, 23.0]


def test_an_empty_polygon_has_no_envelope():
    empty = [shapely.Polygon(), shapely.MultiPolygon()]
    walked = polygon_wkb_envelopes([shapely.to_wkb(g) for g in [*empty, SQUARE_WITH_HOLE]])
    assert np.isnan(walked[:2]).all()
    assert walked[2].tolist() == HOLE_BOX


@pytest.mark.parametrize(
    ("wkb", "geos_box"),
    [
        (shapely.to_wkb(SQUARE_WITH_HOLE, byte_order=0), HOLE_BOX),  # big-endian
        (shapely.to_wkb(shapely.Polygon([(0, 0, 1), (1, 0, 1), (1, 1, 1)])), [0.0, 1.0, 0.0, 1.0]),
        (shapely.to_wkb(shapely.GeometryCollection([SQUARE_WITH_HOLE])), HOLE_BOX),
        (shapely.to_wkb(SQUARE_WITH_HOLE)[:-8], None),  # truncated: GEOS refuses it too
    ],
    ids=["big-endian", "3D", "collection", "truncated"],
)
def test_what_the_walk_does_not_read_goes_to_geos(wkb, geos_box):
    plain = shapely.to_wkb(THREE_PARTS)
    assert polygon_wkb_envelopes([plain, wkb]) is None
    if geos_box is not None:
        assert envelope_array([plain, wkb]).tolist() == [[-5.0, 101.0, -7.0, 23.0], geos_box]


def test_geopackage_blobs_are_header_envelope_and_multipolygon_wkb():
    polygon = shapely.to_wkb(SQUARE_WITH_HOLE)
    multi = shapely.to_wkb(THREE_PARTS)
    empty = shapely.to_wkb(shapely.Polygon())
    blobs, boxes, present = geopackage_blobs([polygon, None, multi, empty], 32198)
    envelope_flags = 0b0000_0011  # little-endian, XY envelope
    empty_flags = 0b0001_0001  # little-endian, empty, no envelope
    as_multi = struct.pack("<BII", 1, 6, 1) + polygon
    assert blobs[0] == struct.pack("<2sBBi4d", b"GP", 0, envelope_flags, 32198, 10, 14, 20, 23) + (
        as_multi
    )
    assert blobs[1] is None
    assert blobs[2] == struct.pack("<2sBBi4d", b"GP", 0, envelope_flags, 32198, -5, 101, -7, 23) + (
        multi
    )
    empty_multi = struct.pack("<BII", 1, 6, 1) + empty
    assert blobs[3] == struct.pack("<2sBBi", b"GP", 0, empty_flags, 32198) + empty_multi
    assert present.tolist() == [True, False, True, False]
    assert boxes[2].tolist() == [-5.0, 101.0, -7.0, 23.0]
