"""The claim register in PostGIS: schema, one-transaction syncs, the lock, local fields kept."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
import time

import psycopg
import pytest
from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.register.backend import (
    GESTIM_FIELDS,
    HOLDER,
    NEW,
    WRITE_STEPS,
    Change,
    FieldSpec,
)
from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.core.register.pg import PgRegister, open_pg_register, parse_pg_target, pg_target
from imperial_land.core.storage.pg import load_connection
from imperial_land.core.sync.run import sync_register
from tests.support.gestim_builder import COMPANY, gestim_zip_bytes, sample_rows, title_row
from tests.support.pg_helpers import RUN_DAY, claim, count, diff, rows, run

pytestmark = pytest.mark.postgis
SCHEMA = 'Équipe "terres"'
GESTIM_NAMES = [f.name for f in GESTIM_FIELDS]


@pytest.fixture
def conninfo(postgis_server, postgis_db) -> str:
    return postgis_server.conninfo(postgis_db)


@pytest.fixture
def register(pg_connection):
    """An empty register in SCHEMA, then one sync of three claims."""
    reg = PgRegister(load_connection(pg_connection), SCHEMA)
    reg.ensure_schema()
    reg.read_states()
    new = [claim("T1-1", "Alpha"), claim("T2-1", "Beta", x=-66.3), claim("T3-1", "Gamma", x=-66.2)]
    reg.apply(
        diff(new=new),
        run({NEW: 3}),
        [Change(r.key, r.key[:2], "", None, None, NEW) for r in new],
    )
    yield reg
    reg.close()


def _another(register: PgRegister) -> PgRegister:
    """A second session on the same register (another user's sync)."""
    return PgRegister(register.info, register.schema)


def test_schema_tables_indexes_and_version(register, conninfo):
    with psycopg.connect(conninfo) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "ORDER BY 1",
                (SCHEMA,),
            )
        ]
        indexes = {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s", (SCHEMA,)
            )
        }
        versions = conn.execute(
            'SELECT version FROM "Équipe ""terres""".register_version'
        ).fetchall()
    assert tables == [
        "changes",
        "claims",
        "commitments",
        "consultation_events",
        "consultation_sites",
        "field_note_versions",
        "field_notes",
        "overlap_layers",
        "overlap_pairs",
        "register_version",
        "sync_runs",
    ]
    assert "USING gist (geom)" in indexes["claims_geom_gist"]
    assert "USING gist (geom)" in indexes["field_notes_geom_gist"]
    assert any("UNIQUE" in d and "(reg_key)" in d for d in indexes.values())
    assert '("DET_NOM")' in indexes["claims_holder"]  # the watch reads by holder
    assert "(title)" in indexes["overlap_pairs_title"]
    assert versions == [(4,)]
    assert register.crs_authid() == "EPSG:4269"
    assert [f.name for f in register.source_fields()] == GESTIM_NAMES
    register.ensure_schema()  # idempotent: no second version row, rows kept
    assert count(conninfo, SCHEMA, "register_version") == 1
    assert count(conninfo, SCHEMA, "claims") == 3


def test_sync_writes_gestim_columns_only_and_records_run_and_changes(register, conninfo):
    with psycopg.connect(conninfo) as conn:
        conn.execute(
            'UPDATE "Équipe ""terres""".claims SET local_notes = %s, local_priority = 2 '
            "WHERE reg_key = 'T1-1'",
            ("call the holder",),
        )
    register.read_states()
    changed = claim("T1-1", "Delta", status="Suspendu")
    run_id = register.apply(
        diff(changed=[changed], gone=["T3-1"]),
        run({HOLDER: 1}),
        [Change("T1-1", "T1", "DET_NOM", "Alpha", "Delta", HOLDER)],
    )
    assert rows(
        conninfo,
        SCHEMA,
        ["DET_NOM", "STI_DES_FR", "local_notes", "local_priority", "gone_date", "last_run_id"],
    ) == [
        ("T1-1", "Delta", "Suspendu", "call the holder", 2, None, run_id),
        ("T2-1", "Beta", "Actif", None, None, None, 1),
        ("T3-1", "Gamma", "Actif", None, None, RUN_DAY.date(), run_id),
    ]
    states = register.read_states()
    assert states["T1-1"].src_hash == changed.src_hash
    assert states["T3-1"].gone_date == dt.date(2026, 11, 23)
    back = claim("T3-1", "Gamma", x=-66.25)
    register.apply(diff(back=[back]), run(), [])
    assert rows(conninfo, SCHEMA, ["gone_date"])[2] == ("T3-1", None)
    old = register.read_rows(["T3-1", "missing"])
    assert list(old) == ["T3-1"]
    assert old["T3-1"].geometry_wkb == back.geometry_wkb
    assert old["T3-1"].values["TIT_DAT_EX"] == dt.date(2028, 5, 1)
    assert old["T3-1"].values["TIT_SUPRF"] == 52.5
    runs = register.runs()
    assert [(r.id, r.counts.get(HOLDER, 0), r.counts.get(NEW, 0)) for r in runs] == [
        (3, 0, 0),
        (2, 1, 0),
        (1, 0, 3),
    ]
    assert runs[-1].started == RUN_DAY
    assert [(c.key, c.field, c.old_value, c.new_value) for c in register.changes(run_id)] == [
        ("T1-1", "DET_NOM", "Alpha", "Delta")
    ]
    assert register.read_values(["DET_NOM"]) == {
        "T1-1": {"DET_NOM": "Delta"},
        "T2-1": {"DET_NOM": "Beta"},
        "T3-1": {"DET_NOM": "Gamma"},
    }


def test_new_source_field_becomes_a_column(register, conninfo):
    row = claim("T4-1", "Eta")
    row.values["NEW_FIELD"] = "x; DROP TABLE claims; --"
    register.apply(diff(new=[row], new_fields=[FieldSpec("NEW_FIELD", "text")]), run(), [])
    assert [f.name for f in register.source_fields()][-1] == "NEW_FIELD"
    assert [f.name for f in register.source_fields()] == [*GESTIM_NAMES, "NEW_FIELD"]
    assert rows(conninfo, SCHEMA, ["NEW_FIELD"])[3] == ("T4-1", "x; DROP TABLE claims; --")


@pytest.mark.parametrize("step", WRITE_STEPS)
def test_failure_at_any_step_writes_nothing(register, conninfo, step):
    before = rows(conninfo, SCHEMA, ["DET_NOM", "gone_date", "last_run_id"])

    def fail(name: str) -> None:
        if name == step:
            raise RuntimeError(f"killed at {name}")

    register.step_hook = fail
    with pytest.raises(RuntimeError, match=f"killed at {step}"):
        register.apply(
            diff(
                new=[claim("T9-1", "Zeta")],
                changed=[claim("T1-1", "Omega")],
                gone=["T2-1"],
                new_fields=[FieldSpec("EXTRA", "text")],
            ),
            run(),
            [Change("T1-1", "T1", "DET_NOM", "Alpha", "Omega", HOLDER)],
        )
    assert rows(conninfo, SCHEMA, ["DET_NOM", "gone_date", "last_run_id"]) == before
    assert count(conninfo, SCHEMA, "sync_runs") == 1
    assert count(conninfo, SCHEMA, "changes") == 3
    assert "EXTRA" not in [f.name for f in register.source_fields()]
    register.step_hook = None
    other = _another(register)
    other.lock_timeout_s = 0.2
    other.read_states()  # the lock was released with the failure
    other.close()


def test_cancel_rolls_back(register, conninfo):
    before = rows(conninfo, SCHEMA, ["DET_NOM", "last_run_id"])
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(Cancelled):
        register.apply(diff(new=[claim("T9-1", "Zeta")]), run(), [], feedback)
    assert count(conninfo, SCHEMA, "claims") == 3
    assert count(conninfo, SCHEMA, "sync_runs") == 1
    assert rows(conninfo, SCHEMA, ["DET_NOM", "last_run_id"]) == before


def test_two_concurrent_syncs_are_serialised(register, conninfo):
    first, second = _another(register), _another(register)
    times: dict[str, float] = {}
    first_locked = threading.Event()
    errors: list[BaseException] = []

    def sync(reg: PgRegister, name: str, key: str, holder: str, hold_s: float) -> None:
        try:
            reg.read_states()
            times[f"{name}_locked"] = time.monotonic()
            if name == "first":
                first_locked.set()
            time.sleep(hold_s)
            reg.apply(diff(changed=[claim(key, holder)]), run(), [])
            times[f"{name}_done"] = time.monotonic()
        except BaseException as exc:  # reported below
            errors.append(exc)

    one = threading.Thread(target=sync, args=(first, "first", "T1-1", "One", 1.0))
    two = threading.Thread(target=sync, args=(second, "second", "T2-1", "Two", 0.0))
    one.start()
    assert first_locked.wait(10)
    two.start()
    one.join(20)
    two.join(20)
    first.close()
    second.close()
    assert errors == []
    assert times["second_locked"] >= times["first_done"]
    assert rows(conninfo, SCHEMA, ["DET_NOM", "last_run_id"]) == [
        ("T1-1", "One", 2),
        ("T2-1", "Two", 3),
        ("T3-1", "Gamma", 1),
    ]


def test_second_sync_stops_after_timeout_with_clear_message(register, conninfo):
    first, second = _another(register), _another(register)
    second.lock_timeout_s = 0.5
    time.sleep(1.1)  # the sessions began more than a second before the lock is taken
    with psycopg.connect(conninfo) as clock:
        utc_now = "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
        before = clock.execute(utc_now).fetchone()[0]
        first.read_states()
        after = clock.execute(utc_now).fetchone()[0]
    began = time.monotonic()
    with pytest.raises(UserError) as caught:
        second.read_states()
    waited = time.monotonic() - began
    message = str(caught.value)
    assert f"Another sync of register '{SCHEMA}' is still running after 0.5 s" in message
    assert "nothing was written" in message
    held_by = re.search(r"held by postgres \(syncing since ([0-9-]+ [0-9:]+) UTC\)", message)
    assert held_by, message
    assert before <= held_by.group(1) <= after  # when the lock was taken, not the session
    assert 0.5 <= waited < 5
    first.apply(diff(changed=[claim("T1-1", "One")]), run(), [])
    first.close()
    second.close()
    assert count(conninfo, SCHEMA, "sync_runs") == 2


def test_local_field_edits_during_a_sync_survive(register, conninfo):
    edits: list[threading.Thread] = []

    def edit(key: str, note: str) -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(
                'UPDATE "Équipe ""terres""".claims SET local_notes = %s WHERE reg_key = %s',
                (note, key),
            )

    def hook(name: str) -> None:
        if name == "insert":  # before the sync touches T2-1: the edit commits at once
            thread = threading.Thread(target=edit, args=("T2-1", "edited before update"))
            thread.start()
            thread.join(10)
        if name == "gone":  # after the sync updated T1-1: the edit waits for the commit
            thread = threading.Thread(target=edit, args=("T1-1", "edited during sync"))
            thread.start()
            time.sleep(0.5)
            assert thread.is_alive(), "the editor should wait for the sync's row lock"
            edits.append(thread)

    register.step_hook = hook
    register.read_states()
    register.apply(diff(changed=[claim("T1-1", "New1"), claim("T2-1", "New2")]), run(), [])
    for thread in edits:
        thread.join(10)
    assert rows(conninfo, SCHEMA, ["DET_NOM", "local_notes"]) == [
        ("T1-1", "New1", "edited during sync"),
        ("T2-1", "New2", "edited before update"),
        ("T3-1", "Gamma", None),
    ]


def test_claims_layer_opens_in_qgis_with_authcfg_only(register, postgis_server):
    uri, provider = register.layer_uri()
    layer = QgsVectorLayer(uri, "claims", provider)
    assert layer.isValid()
    assert provider == "postgres"
    assert layer.featureCount() == 3
    assert sorted(f["DET_NOM"] for f in layer.getFeatures()) == ["Alpha", "Beta", "Gamma"]
    assert "authcfg=" in uri and postgis_server.password not in uri and "password" not in uri
    assert layer.crs().authid() == "EPSG:4269"
    area = next(layer.getFeatures()).geometry().area()
    assert area == pytest.approx(0.0001)


def test_target_round_trip_and_errors(register, pg_connection):
    target = pg_target(pg_connection, SCHEMA)
    assert parse_pg_target(target) == (pg_connection, SCHEMA)
    opened = open_pg_register(target)
    assert sorted(opened.read_states()) == ["T1-1", "T2-1", "T3-1"]
    opened.close()
    with pytest.raises(UserError, match="expected pg:<connection>/<schema>"):
        parse_pg_target("pg:no-schema")
    with pytest.raises(UserError, match="no saved PostgreSQL connection named 'nope'"):
        open_pg_register(pg_target("nope", SCHEMA))


def test_newer_or_partial_register_is_refused(register, conninfo, pg_connection):
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute('INSERT INTO "Équipe ""terres""".register_version (version) VALUES (99)')
        conn.execute('CREATE SCHEMA "half"; CREATE TABLE "half".claims (id int)')
    with pytest.raises(UserError, match="has version 99, newer than this plugin knows"):
        register.ensure_schema()
    assert count(conninfo, SCHEMA, "register_version") == 2
    assert count(conninfo, SCHEMA, "claims") == 3
    half = PgRegister(load_connection(pg_connection), "half")
    with pytest.raises(
        UserError,
        match=r"Schema 'half' holds part of a register only "
        r"\(missing: changes, register_version, sync_runs\)",
    ):
        half.ensure_schema()
    half.close()
    with psycopg.connect(conninfo) as conn:
        assert conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'half'"
        ).fetchall() == [("claims",)]
    absent = PgRegister(load_connection(pg_connection), "absent")
    with pytest.raises(UserError, match="no claim register"):
        absent.read_states()
    absent.close()


def _gpkg_claims(path) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(
            "SELECT reg_key, TIT_NO, DET_NOM, STI_CODE, TIT_DAT_EX, gone_date, last_run_id, "
            "src_hash FROM claims ORDER BY reg_key"
        ).fetchall()
    finally:
        conn.close()


def _pg_claims(conninfo: str, schema: str) -> list[tuple]:
    found = rows(
        conninfo,
        schema,
        ["TIT_NO", "DET_NOM", "STI_CODE", "TIT_DAT_EX", "gone_date", "last_run_id", "src_hash"],
    )
    return [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row) for row in found]


def test_gestim_sync_into_postgis_matches_the_geopackage(
    pg_connection, conninfo, gestim_server, fast_http, tmp_path
):
    target = pg_target(pg_connection, "team")
    gpkg = tmp_path / "register.gpkg"

    def sync_both() -> list:
        return [
            sync_register(
                gestim_server.url,
                register,
                today=dt.date(2026, 10, 1),
                cache_dir=tmp_path / f"cache{i}",
                http_options=fast_http,
                holders=[COMPANY],
                alert_days=90,
            )
            for i, register in enumerate([gpkg, target])
        ]

    first = sync_both()
    assert [r.counts["new"] for r in first] == [5, 5]
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("UPDATE team.claims SET local_notes = 'keep me' WHERE reg_key = '2512345-1'")
    changed = sample_rows()
    changed[0].update(STI_CODE="S", STI_DES_FR="Suspendu", STI_DES_AN="Suspended")
    del changed[4]
    changed.append(title_row(2512350, cell=(2, 0)))
    gestim_server.publish(gestim_zip_bytes(changed), etag='"week2"')
    second = sync_both()
    assert [(r.run_id, r.outcome) for r in second] == [(2, "applied"), (2, "applied")]
    assert second[0].counts == second[1].counts
    assert _pg_claims(conninfo, "team") == [tuple(r) for r in _gpkg_claims(gpkg)]
    assert rows(conninfo, "team", ["STI_CODE", "local_notes"])[0] == ("2512345-1", "S", "keep me")
    pg_register = open_pg_register(target)
    gpkg_register = GpkgRegister(gpkg)
    assert pg_register.changes(2) == gpkg_register.changes(2)
    assert [c.kind for c in pg_register.changes(2)] == [
        "new",
        "status",
        "status",
        "status",
        "gone",
    ]
    pg_register.close()
    gpkg_register.close()
