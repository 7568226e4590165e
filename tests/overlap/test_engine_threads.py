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
                [shapely.box(i, 0, i + 0.5, 0.5) for i in range(geometry.MAX_WALKED_PARTS + 1)]
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
