"""The overlap state of a PostGIS register: kept current after syncs, equal to a full run and to
the GeoPackage register's state."""

from __future__ import annotations

import dataclasses

import pytest

from imperial_land.core.overlapstate import configure_overlap_state, state_rows
from imperial_land.core.register import OverlapStateStore, open_register
from imperial_land.core.register.pg import pg_target
from tests.overlapstate.test_overlap_state import _plain, _sync_into, state_layers
from tests.support.gestim_builder import COMPANY, cell_polygon, sample_rows
from tests.support.watch_helpers import week_two

pytestmark = pytest.mark.postgis


def test_postgis_state_equals_a_full_run_and_the_geopackage(
    pg_connection, gestim_server, fast_http, tmp_path, qgis_app
):
    targets = [tmp_path / "register.gpkg", pg_target(pg_connection, "team")]
    syncs = [_sync_into(t, gestim_server, fast_http, tmp_path) for t in targets]
    layers = state_layers(tmp_path)
    moved = [dict(r) for r in week_two()]
    moved[5]["geometry"] = cell_polygon(2, 1)
    for week, rows in enumerate([sample_rows(), week_two(), moved], start=1):
        for sync, target in zip(syncs, targets):
            report = sync(rows, f'"w{week}-{target}"')
            assert report.run_id == week
            if week == 1:
                register = open_register(target)
                configure_overlap_state(register, layers, [COMPANY])
                register.close()
            else:
                assert report.overlap_state.problem == "" and not report.overlap_state.full
    kept = []
    for target in targets:
        register = open_register(target)
        try:
            rows = OverlapStateStore(register).rows()
            assert _plain(rows) == _plain(state_rows(register, layers, None, [COMPANY]))
            kept.append(_plain(rows))
            stored = OverlapStateStore(register).layers()
            assert [dataclasses.replace(s, digest="") for s in stored] == sorted(
                layers, key=lambda layer: layer.role
            )
        finally:
            register.close()
    assert kept[0] == kept[1] and len(kept[0]) == 10
