"""The staking watch on a PostGIS register gives the GeoPackage register's rows."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely

from imperial_land.core.register.pg import open_pg_register, pg_target
from imperial_land.core.sync.run import sync_register
from imperial_land.core.watch import runs_between, watch_runs
from tests.support.gestim_builder import COMPANY, gestim_zip_bytes
from tests.support.watch_helpers import company_land, week_two

pytestmark = pytest.mark.postgis


def _plain(rows) -> list[tuple]:
    return [
        (r.event, r.title, r.key, r.holder, r.status, r.date, r.target_kind, r.target,
         r.target_layer, round(r.distance_m, 6), round(r.overlap_ha, 9), r.run_id)
        for r in rows
    ]  # fmt: skip


def test_watch_on_postgis_equals_the_geopackage(pg_connection, gestim_server, fast_http, tmp_path):
    target = pg_target(pg_connection, "team")
    registers = [tmp_path / "register.gpkg", target]

    def sync_both() -> list:
        return [
            sync_register(
                gestim_server.url,
                register,
                today=dt.date(2026, 10, 1),
                cache_dir=tmp_path / f"cache{i}",
                http_options=fast_http,
                holders=[COMPANY],
                watched=company_land(),
            )
            for i, register in enumerate(registers)
        ]

    sync_both()
    gestim_server.publish(gestim_zip_bytes(week_two()), etag='"w2"')
    gpkg, pg = (report.watch for report in sync_both())
    assert len(gpkg.rows) == 9 and pg.problems == []
    assert _plain(pg.rows) == _plain(gpkg.rows)
    for a, b in zip(pg.rows, gpkg.rows):
        assert shapely.equals(shapely.from_wkb(a.geometry_wkb), shapely.from_wkb(b.geometry_wkb))
    register = open_pg_register(target)
    try:
        assert runs_between(register, 1, 2) == [2]
        again = watch_runs(register, [2], company_land(), [COMPANY])
        assert _plain(again.rows) == _plain(gpkg.rows)
    finally:
        register.close()
