"""The packed GeoPackage R-tree: a tree SQLite accepts, that finds exactly the boxes it should."""

from __future__ import annotations

import copy
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
import shapely
from osgeo import ogr, osr
from qgis.core import QgsFeatureRequest, QgsFeatureSource, QgsRectangle, QgsVectorLayer

from imperial_land.core.report.flags_gpkg import write_flags_table
from imperial_land.core.storage.rtree import fill_rtree, outward_float32
from tests.support.report_cases import hand_result

RTREE = "rtree_flags_geom"


def _empty_layer(path: Path) -> None:
    """A GeoPackage layer 'flags' with GDAL's empty R-tree and triggers."""
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    assert dataset is not None, path
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32198)
    dataset.CreateLayer("flags", srs, ogr.wkbPolygon, ["GEOMETRY_NAME=geom", "FID=fid"])
    dataset = None


def _boxes(count: int, seed: int) -> np.ndarray:
    """minx, maxx, miny, maxy on a 0.5 m grid (exact as float32), some boxes shared or flat."""
    rng = np.random.default_rng(seed)
    low = rng.integers(-400_000, 400_000, (count, 2)) / 2.0
    size = rng.integers(0, 8_000, (count, 2)) / 2.0
    boxes = np.column_stack([low[:, 0], low[:, 0] + size[:, 0], low[:, 1], low[:, 1] + size[:, 1]])
    boxes[1::7] = boxes[0::7][: len(boxes[1::7])]  # duplicates
    return boxes


def _window_hits(db: sqlite3.Connection, window: tuple[float, float, float, float]) -> list[int]:
    xmin, xmax, ymin, ymax = window
    rows = db.execute(
        f"SELECT id FROM {RTREE} WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?",
        (xmin, xmax, ymin, ymax),
    )
    return sorted(row[0] for row in rows)


@pytest.mark.parametrize("count", [0, 1, 51, 52, 2601, 2602, 7000])
def test_packed_tree_is_valid_and_finds_exactly_the_boxes(tmp_path, count):
    path = tmp_path / "t.gpkg"
    _empty_layer(path)
    boxes = _boxes(count, count)
    ids = np.arange(10, 10 + 3 * count, 3)  # ids need not be 1..n
    with closing(sqlite3.connect(str(path))) as db:
        fill_rtree(db, RTREE, ids, boxes)
        db.commit()
        assert db.execute(f"SELECT rtreecheck('{RTREE}')").fetchone() == ("ok",)
        assert db.execute(f"SELECT count(*) FROM {RTREE}").fetchone() == (count,)
        depth = db.execute(f"SELECT substr(data, 1, 2) FROM {RTREE}_node WHERE nodeno = 1")
        expected_depth = 0 if count <= 51 else (1 if count <= 51 * 51 else 2)
        assert int.from_bytes(depth.fetchone()[0], "big") == expected_depth
        rng = np.random.default_rng(1)
        for _ in range(40):
            x, y = rng.integers(-400_000, 400_000, 2) / 2.0
            size = float(rng.integers(0, 40_000))
            window = (x, x + size, y, y + size)
            inside = (
                (boxes[:, 1] >= window[0])
                & (boxes[:, 0] <= window[1])
                & (boxes[:, 3] >= window[2])
                & (boxes[:, 2] <= window[3])
            )
            assert _window_hits(db, window) == ids[inside].tolist()
        if count > 1:
            stored = db.execute(f"SELECT minx, maxx, miny, maxy FROM {RTREE} WHERE id = 13")
            assert stored.fetchone() == tuple(boxes[1].tolist())


def test_boxes_are_rounded_outwards():
    boxes = np.array([[0.1, 0.2, -0.3, 1e7 + 0.3], [-1e-40, 1e-40, 5.0, 5.0]])
    stored = outward_float32(boxes).astype(np.float64)
    assert (stored[:, 0::2] <= boxes[:, 0::2]).all() and (stored[:, 1::2] >= boxes[:, 1::2]).all()
    assert stored[1].tolist()[2:] == [5.0, 5.0]  # exact values stay
    # One float32 step at most: as tight as SQLite's own rounding, or tighter.
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE VIRTUAL TABLE t USING rtree(id, minx, maxx, miny, maxy)")
        db.execute("INSERT INTO t VALUES (1, ?, ?, ?, ?)", tuple(boxes[0].tolist()))
        by_sqlite = db.execute("SELECT minx, maxx, miny, maxy FROM t").fetchone()
    assert (stored[0, 0::2] >= np.array(by_sqlite[0::2])).all()
    assert (stored[0, 1::2] <= np.array(by_sqlite[1::2])).all()


def _many_pairs(count: int):
    """hand_result's parcel pair copied `count` times, each a 10 m square on its own spot."""
    result = hand_result()
    template = result.pairs[4]
    rng = np.random.default_rng(7)
    corners = rng.integers(0, 100_000, (count, 2)).astype(float)
    squares = shapely.box(corners[:, 0], corners[:, 1], corners[:, 0] + 10, corners[:, 1] + 10)
    pairs = []
    for square in squares:
        pair = copy.copy(template)
        pair.geometry_wkb = shapely.to_wkb(square, output_dimension=2)
        pairs.append(pair)
    result.pairs = pairs
    return result, corners


def test_qgis_uses_the_packed_index_and_editing_keeps_it_valid(qgis_app, tmp_path):
    result, corners = _many_pairs(6000)
    path = tmp_path / "flags.gpkg"
    write_flags_table(result, path, "flags")
    layer = QgsVectorLayer(f"{path}|layername=flags", "flags", "ogr")
    assert layer.hasSpatialIndex() == QgsFeatureSource.SpatialIndexPresence.SpatialIndexPresent
    rect = QgsRectangle(20_000, 30_000, 45_000, 52_000)
    found = sorted(f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)))
    touching = (
        (corners[:, 0] + 10 >= 20_000)
        & (corners[:, 0] <= 45_000)
        & (corners[:, 1] + 10 >= 30_000)
        & (corners[:, 1] <= 52_000)
    )
    assert found == (np.flatnonzero(touching) + 1).tolist()
    del layer
    # GDAL's triggers, put back after the bulk fill, keep the tree right through edits.
    dataset = ogr.Open(str(path), 1)
    flags = dataset.GetLayerByName("flags")
    feature = ogr.Feature(flags.GetLayerDefn())
    feature.SetGeometry(
        ogr.CreateGeometryFromWkt("MULTIPOLYGON (((-50 -50, -40 -50, -40 -40, -50 -50)))")
    )
    assert flags.CreateFeature(feature) == 0
    new_fid = feature.GetFID()
    assert flags.DeleteFeature(1) == 0
    dataset = None
    with closing(sqlite3.connect(str(path))) as db:
        assert db.execute(f"SELECT rtreecheck('{RTREE}')").fetchone() == ("ok",)
        assert _window_hits(db, (-60.0, -45.0, -60.0, -45.0)) == [new_fid]
        assert db.execute(f"SELECT count(*) FROM {RTREE}").fetchone() == (6000,)
        assert db.execute("SELECT feature_count FROM gpkg_ogr_contents").fetchone() == (6000,)


@pytest.mark.parametrize("count", [0, 1, 31, 32, 33, 70])
def test_the_flags_rows_go_in_whole_statements_and_the_rest_one_by_one(qgis_app, tmp_path, count):
    """Rows are inserted 32 to a statement, the remainder one by one: every pair's row is there,
    in order, with fids 1..n, and GDAL's feature count and fid counter agree."""
    from imperial_land.core.consultation import FLAG_COLUMNS
    from imperial_land.core.report.flags_gpkg import _iso
    from imperial_land.core.report.model import pair_rows
    from tests.support.report_reading import gpkg_rows

    result, _corners = _many_pairs(count)
    path = tmp_path / "flags.gpkg"
    write_flags_table(result, path, "flags")
    rows = gpkg_rows(path, "flags")
    expected = [(i + 1, *values) for i, values in enumerate(pair_rows(result.pairs, _iso))]
    assert [(row[0], *row[2 : 2 + len(expected[0]) - 1]) for row in rows] == expected
    assert all(row[1][:2] == b"GP" for row in rows)
    assert all(value is None for row in rows for value in row[-len(FLAG_COLUMNS) :])
    with closing(sqlite3.connect(str(path))) as db:
        counted = db.execute("SELECT feature_count FROM gpkg_ogr_contents").fetchone()[0]
        counter = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'flags'").fetchone()
    assert counted == count
    assert (counter[0] if counter else 0) == count
