"""Prepared territories kept between runs (overlap/prepared.py): the same pairs as without the
cache, the preparation skipped while the layer is unchanged and the run needs no edge it left
unsplit, made again (in full) when a run does, rebuilt when the layer is edited."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGeometry,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from shapely.geometry import Polygon

from imperial_land.core.common.partial import STALE_S
from imperial_land.core.overlap import OverlapOptions, run_overlap
from imperial_land.core.overlap import prepared as prepared_module
from tests.support.gestim_builder import cell_polygon
from tests.support.watch_helpers import lat, lon, polygon_layer


def _star(cx: float, cy: float, radius: float, points: int) -> Polygon:
    """A round ring of `points` vertices (more than a piece holds: it is cut into pieces)."""
    ring = []
    for k in range(points):
        angle = 2 * math.pi * k / points
        ring.append((cx + radius * math.cos(angle), cy + 0.6 * radius * math.sin(angle)))
    return Polygon(ring)


def make_layers(tmp_path: Path) -> tuple:
    """A claims grid (memory) and two territories in a GeoPackage: one big round one, one
    self-intersecting."""
    claims = polygon_layer(
        "claims",
        "TIT_NO",
        [(str(2_600_000 + i * 10 + j), cell_polygon(i, j)) for i in range(12) for j in range(12)],
    )
    bow_tie = Polygon(
        [(lon(20), lat(0)), (lon(22), lat(2)), (lon(22), lat(0)), (lon(20), lat(2))]
    )  # self-intersecting: repaired, and listed
    territories = polygon_layer(
        "territories",
        "NATION",
        [("Innu", _star(lon(6), lat(6), 5 * 1 / 120, 1500)), ("Naskapi", bow_tie)],
    )
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    path = tmp_path / "territories.gpkg"
    QgsVectorFileWriter.writeAsVectorFormatV3(
        territories, str(path), QgsCoordinateTransformContext(), options
    )
    return claims, QgsVectorLayer(str(path), "territories", "ogr")


def _pairs(result) -> list[tuple]:
    return [
        (p.kind, p.a.fid, p.a.key, p.b.fid, p.b.key, p.relation, p.overlap_ha, p.share_a_pct,
         p.share_b_pct, p.distance_m, p.flag, p.nation, p.geometry_wkb)
        for p in result.pairs
    ] + [(i.role, i.fid, i.key, i.action, i.reason) for i in result.issues]  # fmt: skip


def test_cached_territories_give_the_same_pairs_and_are_prepared_once(
    tmp_path, prepare_calls, qgis_app
):
    claims, territories = make_layers(tmp_path)
    cache = tmp_path / "cache"
    fresh = run_overlap(claims, None, territories, options=OverlapOptions(distance_m=500.0))
    assert prepare_calls == ["territories"]  # no cache: prepared for the run, kept nowhere
    assert len(fresh.pairs) == 84 and [i.action for i in fresh.issues] == ["repaired"]
    with_cache = OverlapOptions(distance_m=500.0, prepared_cache=cache)
    first = run_overlap(claims, None, territories, options=with_cache)
    second = run_overlap(claims, None, territories, options=with_cache)
    assert prepare_calls == ["territories", "territories"]  # the second cached run read it back
    assert len(list(cache.glob("prepared-*.npz"))) == 1
    # The first run prepares as a run without cache (edges followed near the claims only):
    # the same pairs to the bit, and the second run reads them back.
    assert _pairs(first) == _pairs(fresh)
    assert _pairs(second) == _pairs(first)


def _slanted_territory(tmp_path: Path) -> QgsVectorLayer:
    """A territory in a GeoPackage whose long south and north edges run slanted in lat/lon
    (20 km and more: they bend in the frame, and are followed only near claims)."""
    quad = Polygon([(lon(20), lat(0)), (lon(44), lat(8)), (lon(44), lat(30)), (lon(20), lat(22))])
    layer = polygon_layer("territories", "NATION", [("Innu", quad)])
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    path = tmp_path / "slanted.gpkg"
    QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsCoordinateTransformContext(), options
    )
    return QgsVectorLayer(str(path), "territories", "ogr")


def _claims(cells: list[tuple[int, int]]) -> QgsVectorLayer:
    return polygon_layer(
        "claims", "TIT_NO", [(str(2_700_000 + 100 * i + j), cell_polygon(i, j)) for i, j in cells]
    )


def test_a_kept_preparation_serves_the_runs_it_covers_and_one_it_misses_prepares_in_full(
    tmp_path, prepare_calls, qgis_app
):
    """Kept after a run with claims along the territory's south edge only, the territories
    serve a run on some of those claims (another extent, so the near test lays another grid);
    a claim staked within reach of the north edge, left as chords, makes the run prepare them
    in full (its log says so), which serves every later run. Each run's pairs are those of a
    run without cache."""
    from tests.support.feedback import RecordingFeedback

    territories = _slanted_territory(tmp_path)
    south = [(i, i // 3 - 1) for i in range(20, 44)]  # just south of the south edge
    cache = tmp_path / "cache"
    options = OverlapOptions(distance_m=1000.0, prepared_cache=cache)
    plain = OverlapOptions(distance_m=1000.0)
    logs = []

    def run(cells: list[tuple[int, int]]):
        logs.append(RecordingFeedback())
        claims = _claims(cells)
        result = run_overlap(claims, None, territories, options=options, feedback=logs[-1])
        _assert_close(result, run_overlap(claims, None, territories, options=plain))
        return result

    run(south)
    run(south[5:12])
    assert prepare_calls == ["territories", "territories", "territories"]  # + 1 without cache
    north = run([*south, (32, 27)])  # 0.9 km north of the north edge
    assert any(p.a.key == "2703227" and p.relation == "near" for p in north.pairs)
    everywhere = [*south, (32, 27), (43, 29), (21, 23), (30, 1)]
    run(everywhere)
    assert prepare_calls == ["territories"] * 6  # prepared for the third run, then read back
    told = [[line for line in log.said if line.startswith("The ancestral")] for log in logs]
    layer = "The ancestral territories layer 'territories'"
    read_back = f"{layer} was read back as an earlier run prepared it."
    assert told == [
        [f"{layer} was prepared near the other layers and is kept for the next runs ({cache})."],
        [read_back],
        [f"{layer} was prepared in full and is kept for the next runs ({cache})."],
        [read_back],
    ]
    assert len(list(cache.glob("prepared-*.npz"))) == 1


def _assert_close(result, expected) -> None:
    """The same pairs and issues, numbers (ha, %, m) within 1e-9 relative, geometry aside."""
    got, want = _pairs(result), _pairs(expected)
    assert len(got) == len(want)
    for row, other in zip(got, want):
        assert len(row) == len(other)
        for value, wanted in zip(row[:12] if len(row) == 13 else row, other):
            if isinstance(value, float):
                assert value == pytest.approx(wanted, rel=1e-9, abs=1e-9), (row, other)
            else:
                assert value == wanted, (row, other)


def test_an_edited_territory_layer_rebuilds_the_cache(tmp_path, prepare_calls, qgis_app):
    claims, territories = make_layers(tmp_path)
    cache = tmp_path / "cache"
    options = OverlapOptions(prepared_cache=cache)
    run_overlap(claims, None, territories, options=options)
    feature = next(f for f in territories.getFeatures() if f["NATION"] == "Innu")
    smaller = QgsGeometry.fromWkt(_star(lon(3), lat(3), 2 / 120, 1500).wkt)
    assert territories.dataProvider().changeGeometryValues({feature.id(): smaller})
    territories.reload()
    edited = run_overlap(claims, None, territories, options=options)
    assert prepare_calls == ["territories", "territories"]
    expected = run_overlap(claims, None, territories, options=OverlapOptions())
    assert _pairs(edited) == _pairs(expected)
    assert len(list(cache.glob("prepared-*.npz"))) == 1  # the stale one removed


def test_an_unreadable_cache_is_prepared_again(tmp_path, prepare_calls, qgis_app):
    claims, territories = make_layers(tmp_path)
    cache = tmp_path / "cache"
    options = OverlapOptions(prepared_cache=cache)
    first = run_overlap(claims, None, territories, options=options)
    (stored,) = cache.glob("prepared-*.npz")
    Path(stored).write_bytes(stored.read_bytes()[:100])
    again = run_overlap(claims, None, territories, options=options)
    assert prepare_calls == ["territories", "territories"]
    assert _pairs(again) == _pairs(first)


def test_stored_geometries_come_back_exactly_and_of_their_own_type():
    holed = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (2, 4), (4, 4), (4, 2)]])
    multi = shapely.MultiPolygon([Polygon([(20, 0), (21, 0), (21, 1)]), holed])
    one_part = shapely.MultiPolygon([Polygon([(30, 0), (31.5, 0), (31, 1e-7)])])
    for geoms in ([holed, multi, one_part, holed], [holed, holed], []):
        stored = prepared_module._packed("g", np.array(geoms, dtype=object))
        back = prepared_module._unpacked("g", stored)
        assert [g.geom_type for g in back] == [g.geom_type for g in geoms]
        assert all(shapely.equals_exact(a, b, tolerance=0.0) for a, b in zip(back, geoms))


def test_the_report_keeps_its_preparations_in_the_profile_unless_told_not_to(qgis_app):
    from imperial_land.core.common import profile_dir, settings
    from imperial_land.core.overlap import report_cache

    assert report_cache() is None  # the tests run with the setting off (tests/conftest.py)
    settings.set_value("overlap/keep_prepared", True)
    try:
        assert report_cache() == profile_dir("prepared", "layers")
    finally:
        settings.set_value("overlap/keep_prepared", False)


def test_a_cache_folder_keeps_the_most_recently_used_preparations(
    tmp_path, prepare_calls, qgis_app
):
    """A new preparation is saved before the run returns (written on a thread meanwhile); the
    folder then keeps the KEPT most recently used, and a preparation read back counts as used."""
    import os

    older = []
    for k in range(prepared_module.KEPT + 2):
        stale = tmp_path / f"{prepared_module.PREFIX}{k:016x}-old.npz"
        stale.write_bytes(b"other layers' preparations")
        os.utime(stale, (1_000_000 + k, 1_000_000 + k))
        older.append(stale)
    layers = tmp_path / "layers"
    layers.mkdir()
    claims, territories = make_layers(layers)
    options = OverlapOptions(prepared_cache=tmp_path)
    run_overlap(claims, None, territories, options=options)
    kept = sorted(tmp_path.glob(f"{prepared_module.PREFIX}*.npz"))
    made = [path for path in kept if path not in older]
    assert len(made) == 1 and len(kept) == prepared_module.KEPT
    assert [path for path in older if path.exists()] == older[-(prepared_module.KEPT - 1) :]
    os.utime(made[0], (1_000, 1_000))  # as if used long ago: read back, it is used again
    run_overlap(claims, None, territories, options=options)
    assert prepare_calls == ["territories"]
    assert made[0].stat().st_mtime > 1_000_000 + prepared_module.KEPT + 2


def test_what_a_killed_qgis_left_half_written_is_removed_by_the_next_save(tmp_path, qgis_app):
    """A partial preparation over an hour old (its QGIS killed while writing) goes at the next
    save; a younger one (another QGIS may be writing it now) stays."""
    import os

    left = tmp_path / f"{prepared_module.PARTIAL}abc123.npz"
    left.write_bytes(b"half a preparation")
    hour_ago = time.time() - STALE_S - 60
    os.utime(left, (hour_ago, hour_ago))
    writing = tmp_path / f"{prepared_module.PARTIAL}def456.npz"
    writing.write_bytes(b"being written")
    layers = tmp_path / "layers"
    layers.mkdir()
    claims, territories = make_layers(layers)
    run_overlap(claims, None, territories, options=OverlapOptions(prepared_cache=tmp_path))
    assert not left.exists() and writing.exists()
    assert len(list(tmp_path.glob(f"{prepared_module.PREFIX}*.npz"))) == 1


def test_a_cache_that_cannot_be_written_is_said_and_costs_only_time(tmp_path, qgis_app):
    """A cache folder that cannot be made (here under a file): the run's pairs are the same,
    and the log says the preparation could not be kept, and why."""
    from tests.support.feedback import RecordingFeedback

    layers = tmp_path / "layers"
    layers.mkdir()
    claims, territories = make_layers(layers)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    feedback = RecordingFeedback()
    options = OverlapOptions(prepared_cache=blocker / "cache")
    result = run_overlap(claims, None, territories, options=options, feedback=feedback)
    assert _pairs(result) == _pairs(run_overlap(claims, None, territories))
    assert [line for line in feedback.said if "could not be kept" in line] == [
        "The ancestral territories layer 'territories' was prepared near the other layers but "
        f"could not be kept for the next runs ({blocker / 'cache'}: Not a directory)."
    ]


def test_a_sync_that_moves_the_claims_extent_a_little_reuses_the_territories(
    tmp_path, prepare_calls, qgis_app
):
    """The frame is the same while the layers stay within the same whole degrees
    (equal_area.frame_over): a sync that stakes or drops a claim at the edge of the claims'
    extent does not make the report prepare the territories again, and the pairs are those of
    a run without the cache."""
    claims, territories = make_layers(tmp_path)
    options = OverlapOptions(distance_m=1000.0, prepared_cache=tmp_path / "cache")
    first = run_overlap(claims, None, territories, options=options)
    staked = QgsFeature(claims.fields())
    staked.setAttributes(["2600999"])
    # East of every layer, 2.3 km east of the bow tie: no territory edge within reach.
    staked.setGeometry(QgsGeometry.fromWkt(cell_polygon(26, 0).wkt))
    assert claims.dataProvider().addFeatures([staked])[0]
    claims.updateExtents()
    after_sync = run_overlap(claims, None, territories, options=options)
    assert prepare_calls == ["territories"]
    assert len(after_sync.pairs) == len(first.pairs)
    plain = OverlapOptions(distance_m=1000.0)
    without_cache = run_overlap(claims, None, territories, options=plain)
    _assert_close(after_sync, without_cache)
