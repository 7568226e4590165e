"""The register's overlap state after several syncs equals a full run, pair for pair and area
for area (GeoPackage register; the PostGIS register at the end)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter
from shapely.geometry import Polygon

from imperial_land.core.overlapstate import configure_overlap_state, state_rows
from imperial_land.core.register import OverlapStateStore, StateLayer, open_register
from tests.support.gestim_builder import (
    COMPANY,
    cell_polygon,
    sample_rows,
    title_row,
)
from tests.support.register_helpers import gestim_syncer
from tests.support.watch_helpers import lat, lon, polygon_layer, week_two


def _save(layer, path: Path) -> str:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsCoordinateTransformContext(), options
    )
    assert error[0] == QgsVectorFileWriter.WriterError.NoError
    return str(path)


def _box(col0: float, row0: float, col1: float, row1: float) -> Polygon:
    """A box between two cell corners (in cells from the origin)."""
    return Polygon(
        [
            (lon(col0), lat(row0)),
            (lon(col1), lat(row0)),
            (lon(col1), lat(row1)),
            (lon(col0), lat(row1)),
        ]
    )


def state_layers(tmp_path: Path) -> list[StateLayer]:
    """Parcel 1 over cells (0..1, 0), a Nation's territory over cells (1..4, 0..1), an AOI
    around cells (58..62, 0..2)."""
    parcel = _box(0.25, 0.25, 1.5, 0.75)
    parcels = polygon_layer("parcels", "NO_LOT", [("1 111 111", parcel)])
    territory = polygon_layer("territories", "NATION", [("Innu", cell_polygon(1, 0, cells=2))])
    aoi = polygon_layer("aoi", "name", [("Plant", _box(58, 0, 62.5, 2))])
    return [
        StateLayer("parcels", _save(parcels, tmp_path / "parcels.gpkg"), "ogr", {"lot": "NO_LOT"}),
        StateLayer(
            "territories",
            _save(territory, tmp_path / "territories.gpkg"),
            "ogr",
            {"nation": "NATION", "name": "", "distance": ""},
            0.0,
        ),
        StateLayer("aoi", _save(aoi, tmp_path / "aoi.gpkg"), "ogr", {}),
    ]


def _plain(rows) -> list[tuple]:
    """Rows without run_id, areas and shares kept to 1e-9 (the frame follows the layers'
    extents, which grow with the register: the last digits of an area may move)."""
    out = []
    for row in rows:
        values = dataclasses.asdict(row)
        values.pop("run_id")
        for name in ("overlap_ha", "share_claim_pct", "share_other_pct"):
            values[name] = round(values[name], 9)
        out.append(tuple(values.values()))
    return out


@pytest.mark.parametrize("filter_max", [20_000, 0], ids=["titles-filtered", "every-claim-read"])
def test_overlap_state_after_several_syncs_equals_a_full_run(
    tmp_path, gestim_server, fast_http, qgis_app, monkeypatch, filter_max
):
    from imperial_land.core.overlapstate import run as state_run

    monkeypatch.setattr(state_run, "FILTER_MAX_TITLES", filter_max)
    target = tmp_path / "register.gpkg"

    sync = gestim_syncer(gestim_server, fast_http, target, tmp_path / "cache")
    sync(sample_rows(), '"w1"')
    layers = state_layers(tmp_path)
    register = open_register(target)
    try:
        held = configure_overlap_state(register, layers, [COMPANY])
        store = OverlapStateStore(register)
        kept = store.layers()
        assert [dataclasses.replace(k, digest="") for k in kept] == sorted(
            layers, key=lambda layer: layer.role
        )
        assert all(len(k.digest) == 64 for k in kept)
        first = store.rows()
        assert held == len(first) == 8
        assert _plain(first) == _plain(state_rows(register, layers, None, [COMPANY]))
    finally:
        register.close()

    moved = week_two()
    moved[5]["geometry"] = cell_polygon(2, 1)  # 2512350 moves into the territory
    gone_and_new = [r for r in moved if r["TIT_NO"] != "2512346"]  # its two rows go
    back = [dict(r) for r in moved] + [title_row(2512353, holder="Prospecteur E", cell=(61, 1))]
    back[0].update(STI_CODE="S", STI_DES_FR="Suspendu", STI_DES_AN="Suspended")
    for week, rows in enumerate([week_two(), moved, gone_and_new, back], start=2):
        report = sync(rows, f'"w{week}"')
        assert report.overlap_state is not None and report.overlap_state.problem == ""
        register = open_register(target)
        try:
            kept = OverlapStateStore(register).rows()
            full = state_rows(register, layers, None, [COMPANY])
            assert _plain(kept) == _plain(full), f"after sync {week}"
            assert {r.run_id for r in kept} - {None} <= set(range(2, week + 1))
        finally:
            register.close()
    assert report.overlap_state.titles == ["2512345", "2512346", "2512353"]
    lines = report.summary().splitlines()
    assert lines[7] == "Overlap state updated: 3 titles, 7 pairs now held for them.", lines
    register = open_register(target)
    try:
        kept = OverlapStateStore(register).rows()
    finally:
        register.close()
    got = {(r.kind, r.title, r.other_key, r.relation, r.flag) for r in kept}
    assert ("claim_territory", "2512350", "Innu", "within", "consultation") in got
    assert ("aoi_claim", "2512353", "Plant", "contains", "third_party_title") in got
    assert {(r.kind, r.title, r.other_key) for r in kept if r.title == "2512346"} == {
        ("parcel_claim", "2512346", "1 111 111"),
        ("claim_territory", "2512346", "Innu"),
    }  # back, both holder rows: one pair each per row


def _sync_into(target, gestim_server, fast_http, tmp_path):
    return gestim_syncer(
        gestim_server, fast_http, target, tmp_path / f"cache-{abs(hash(str(target)))}"
    )


def _made_in_full(report, target: Path, layers: list[StateLayer]) -> list:
    """The sync made the state again in full, equal to a full run: its rows."""
    assert report.overlap_state.full and report.overlap_state.problem == ""
    register = open_register(target)
    try:
        kept = OverlapStateStore(register).rows()
        assert _plain(kept) == _plain(state_rows(register, layers, None, [COMPANY]))
    finally:
        register.close()
    return kept


def test_a_territory_edited_between_syncs_is_never_used_stale(
    tmp_path, gestim_server, fast_http, qgis_app
):
    from qgis.core import QgsGeometry, QgsVectorLayer

    target = tmp_path / "register.gpkg"
    sync = _sync_into(target, gestim_server, fast_http, tmp_path)
    sync(sample_rows(), '"w1"')
    layers = state_layers(tmp_path)
    register = open_register(target)
    configure_overlap_state(register, layers, [COMPANY])
    register.close()
    territories = QgsVectorLayer(layers[1].source, "t", "ogr")
    with_edit = territories.dataProvider()
    feature = next(territories.getFeatures())
    grown = QgsGeometry.fromWkt(cell_polygon(0, 0, cells=4).wkt)  # now over every sample cell
    assert with_edit.changeGeometryValues({feature.id(): grown})
    del territories, with_edit
    report = sync(week_two(), '"w2"')
    kept = _made_in_full(report, target, layers)
    within = sorted(r.title for r in kept if r.kind == "claim_territory")
    assert within == ["2512345", "2512346", "2512346", "2512347", "2512348", "2512350"]
    assert (
        f"Overlap state computed again in full (a compared layer or the plugin's pair rules "
        f"changed): {len(kept)} pairs." in report.summary().splitlines()
    )


def test_a_compared_layer_gone_stops_only_the_state_update(
    tmp_path, gestim_server, fast_http, qgis_app
):
    target = tmp_path / "register.gpkg"
    sync = _sync_into(target, gestim_server, fast_http, tmp_path)
    sync(sample_rows(), '"w1"')
    layers = state_layers(tmp_path)
    register = open_register(target)
    configure_overlap_state(register, layers, [COMPANY])
    before = OverlapStateStore(register).rows()
    register.close()
    Path(layers[2].source).rename(tmp_path / "elsewhere.gpkg")
    report = sync(week_two(), '"w2"')
    assert report.outcome == "applied" and report.counts["new"] == 3
    message = f"The aoi layer '{layers[2].source}' of the overlap state cannot be opened."
    assert report.overlap_state.problem == message
    assert f"Overlap state not updated (the sync itself was applied): {message}" in (
        report.summary().splitlines()
    )
    register = open_register(target)
    try:
        assert OverlapStateStore(register).rows() == before  # nothing partial
    finally:
        register.close()


def test_a_state_made_by_older_pair_rules_is_made_again_in_full(
    tmp_path, gestim_server, fast_http, qgis_app, monkeypatch
):
    """A register whose state an earlier version of the plugin made (other PAIR_RULES: near
    distances measured otherwise) gets a full state at its next sync, the same as a full run;
    with the same rules, only the changed titles."""
    from imperial_land.core.overlapstate import run as state_run

    target = tmp_path / "register.gpkg"
    sync = _sync_into(target, gestim_server, fast_http, tmp_path)
    sync(sample_rows(), '"w1"')
    layers = state_layers(tmp_path)
    register = open_register(target)
    with monkeypatch.context() as older:
        older.setattr(state_run, "PAIR_RULES", "before 2026-12-05")
        configure_overlap_state(register, layers, [COMPANY])
    register.close()
    _made_in_full(sync(week_two(), '"w2"'), target, layers)
    moved = week_two()
    moved[5]["geometry"] = cell_polygon(2, 1)  # 2512350 moves into the territory
    again = sync(moved, '"w3"')
    assert not again.overlap_state.full and again.overlap_state.titles == ["2512350"]
