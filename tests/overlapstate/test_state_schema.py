"""The overlap state belongs to the register's versioned schema (version 4): a version-3 register
that an earlier build gave the two state tables outside the schema (no fid, not in
gpkg_contents) is upgraded with every row kept, on GeoPackage and PostGIS; the PostGIS roles get
the rights the state needs (the sync role replaces pairs, a reader only reads)."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import psycopg
import pytest

from imperial_land.core.register import OverlapStateStore, StateLayer, StateRow, gpkg_schema, pg_ddl
from imperial_land.core.register.backend import RegisterDiff
from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.core.register.pg import PgRegister
from imperial_land.core.register.pg_roles import EDITOR, READER, SYNC, grant_statements
from imperial_land.core.storage.pg import load_connection
from tests.support.pg_helpers import claim, diff, run
from tests.support.register_helpers import a_run, dump, reg_row

# The two tables exactly as the earlier build made them (CREATE TABLE IF NOT EXISTS on configure).
LEGACY_SQLITE = [
    'CREATE TABLE "overlap_layers" ("role" TEXT, "source" TEXT, "provider" TEXT, "fields" TEXT, '
    '"distance_m" REAL, "digest" TEXT)',
    'CREATE TABLE "overlap_pairs" ("kind" TEXT, "title" TEXT, "claim_fid" INTEGER, '
    '"other_role" TEXT, "other_fid" INTEGER, "other_key" TEXT, "relation" TEXT, '
    '"overlap_ha" REAL, "share_claim_pct" REAL, "share_other_pct" REAL, "distance_m" REAL, '
    '"flag" TEXT, "nation" TEXT, "run_id" INTEGER)',
]
LAYER_ROW = ("territories", "/data/t.gpkg", "ogr", '{"nation": "NATION"}', 500.0, "ab" * 32)
PAIR_ROWS = [
    ("claim_territory", "2512345", 1, "territories", 1, "Innu", "within", 5.25, 100.0, 0.01,
     None, "consultation", "Innu", 1),
    ("claim_territory", "2512346", 2, "territories", 1, "Innu", "near", 0.0, 0.0, 0.0,
     120.5, "consultation", "Innu", 1),
]  # fmt: skip
EXPECTED_LAYERS = [
    StateLayer("territories", "/data/t.gpkg", "ogr", {"nation": "NATION"}, 500.0, "ab" * 32)
]
EXPECTED_ROWS = [StateRow(*row) for row in PAIR_ROWS]


def _v3_with_legacy_tables(path, monkeypatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(gpkg_schema, "SCHEMA_VERSION", 3)
        patch.setattr(gpkg_schema, "create_overlap_state", lambda conn: None)
        register = GpkgRegister(path)
        register.ensure_schema()
        register.apply(RegisterDiff(new=[reg_row("2512345-1")]), a_run(new=1), [])
        for statement in LEGACY_SQLITE:
            register.conn.execute(statement)
        register.conn.execute("INSERT INTO overlap_layers VALUES (?, ?, ?, ?, ?, ?)", LAYER_ROW)
        register.conn.executemany(
            f"INSERT INTO overlap_pairs VALUES ({', '.join('?' * 14)})", PAIR_ROWS
        )
        register.close()


def test_a_version_3_geopackage_keeps_its_overlap_state_through_the_upgrade(
    tmp_path, monkeypatch, qgis_app
):
    path = tmp_path / "register.gpkg"
    _v3_with_legacy_tables(path, monkeypatch)
    before = dump(path)
    register = GpkgRegister(path)
    try:
        register.ensure_schema()
        store = OverlapStateStore(register)
        assert store.configured()
        assert store.layers() == EXPECTED_LAYERS
        assert store.rows() == EXPECTED_ROWS
    finally:
        register.close()
    after = dump(path)
    for table in ("claims", "sync_runs", "changes"):
        assert after["data"][table] == before["data"][table], table
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM register_info").fetchall() == [("4",)]
        assert conn.execute(
            "SELECT table_name, data_type FROM gpkg_contents WHERE table_name LIKE 'overlap%' "
            "ORDER BY 1"
        ).fetchall() == [("overlap_layers", "attributes"), ("overlap_pairs", "attributes")]
        assert conn.execute("SELECT fid FROM overlap_pairs ORDER BY fid").fetchall() == [
            (1,),
            (2,),
        ]
        indexes = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            if not r[0].startswith("sqlite_")
        }
        leftovers = conn.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE '%before_v4%'"
        ).fetchall()
    assert {"claims_holder", "claims_tit_no", "overlap_pairs_title"} <= indexes
    assert leftovers == []
    GpkgRegister(path).ensure_schema()  # once only
    assert dump(path) == after


def test_a_new_register_keeps_no_state_until_configured(tmp_path, qgis_app):
    register = GpkgRegister(tmp_path / "new.gpkg")
    try:
        register.ensure_schema()
        store = OverlapStateStore(register)
        assert not store.configured() and store.layers() == [] and store.rows() == []
        with pytest.raises(Exception, match="configure it first"):
            store.replace({"2512345"}, [])
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            store.configure([StateLayer("claims", "/data/c.gpkg")], [])  # not a compared role
        assert not store.configured()  # nothing partial
    finally:
        register.close()


SCHEMA = "etat"


@pytest.fixture
def conninfo(postgis_server, postgis_db) -> str:
    return postgis_server.conninfo(postgis_db)


def _rows(conninfo: str, query: str) -> list[tuple]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(query).fetchall()


@pytest.mark.postgis
def test_a_version_3_postgis_register_keeps_its_overlap_state_and_grants_cover_it(
    pg_connection, conninfo, monkeypatch, qgis_app
):
    with monkeypatch.context() as patch:
        patch.setattr(pg_ddl, "SCHEMA_VERSION", 3)
        patch.setattr(pg_ddl, "overlap_state_ddl", lambda schema, legacy=frozenset(): [])
        old = PgRegister(load_connection(pg_connection), SCHEMA)
        old.ensure_schema()
        old.read_states()
        old.apply(diff(new=[claim("T1-1", "Alpha")]), run({"new": 1}), [])
        old.close()
    with psycopg.connect(conninfo) as conn:
        for statement in LEGACY_SQLITE:
            conn.execute(
                statement.replace("CREATE TABLE ", f"CREATE TABLE {SCHEMA}.")
                .replace(" REAL", " double precision")
                .replace(" INTEGER", " bigint")
            )
        conn.execute(
            f"INSERT INTO {SCHEMA}.overlap_layers VALUES (%s, %s, %s, %s, %s, %s)", LAYER_ROW
        )
        for row in PAIR_ROWS:
            conn.execute(
                f"INSERT INTO {SCHEMA}.overlap_pairs VALUES ({', '.join(['%s'] * 14)})", row
            )
    claims_before = _rows(conninfo, f"SELECT * FROM {SCHEMA}.claims ORDER BY fid")
    register = PgRegister(load_connection(pg_connection), SCHEMA)
    try:
        register.ensure_schema()
        store = OverlapStateStore(register)
        assert store.layers() == EXPECTED_LAYERS
        assert store.rows() == EXPECTED_ROWS
    finally:
        register.close()
    assert _rows(conninfo, f"SELECT * FROM {SCHEMA}.claims ORDER BY fid") == claims_before
    assert _rows(conninfo, f"SELECT version FROM {SCHEMA}.register_version ORDER BY 1") == [
        (3,),
        (4,),
    ]
    assert _rows(
        conninfo,
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'etat' "
        "AND indexname IN ('claims_holder', 'overlap_pairs_title') ORDER BY 1",
    ) == [("claims_holder",), ("overlap_pairs_title",)]
    assert _rows(
        conninfo,
        "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '%before_v4'",
    ) == [(0,)]
    # The roles: a sync role replaces the state's pairs; a reader reads them and cannot write.
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for level in (READER, EDITOR, SYNC):
            conn.execute(f"DROP ROLE IF EXISTS etat_{level}")
            conn.execute(f"CREATE ROLE etat_{level}")
            for statement in grant_statements(SCHEMA, f"etat_{level}", level):
                conn.execute(statement)
    with psycopg.connect(conninfo) as conn:
        conn.execute("SET ROLE etat_sync")
        conn.execute(f"DELETE FROM {SCHEMA}.overlap_pairs WHERE title = '2512346'")
        conn.execute(
            f"INSERT INTO {SCHEMA}.overlap_pairs (kind, title, claim_fid, other_role, other_fid) "
            "VALUES ('claim_territory', '2512346', 2, 'territories', 1)"
        )
        conn.rollback()
        conn.execute("SET ROLE etat_editor")
        conn.execute(f"DELETE FROM {SCHEMA}.overlap_layers")
        conn.rollback()
        conn.execute("SET ROLE etat_reader")
        assert conn.execute(f"SELECT count(*) FROM {SCHEMA}.overlap_pairs").fetchone() == (2,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"DELETE FROM {SCHEMA}.overlap_pairs")
        conn.rollback()
