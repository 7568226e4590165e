"""Credentials only through QgsAuthManager, clear messages for missing rights, quoted names."""

from __future__ import annotations

import secrets
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDataSourceUri,
    QgsProject,
    QgsProviderRegistry,
    QgsSettings,
    QgsVectorLayer,
)

from imperial_land.core.common.errors import UserError
from imperial_land.core.register.backend import HOLDER, Change, FieldSpec
from imperial_land.core.register.pg import PgRegister
from imperial_land.core.register.pg_roles import (
    EDITOR,
    READER,
    SYNC,
    grant_statements,
)
from imperial_land.core.storage.pg import connect, load_connection
from tests.support.pg_helpers import claim, count, diff, rows, run


def grant_script(schema: str, role: str, level: str) -> str:
    """The GRANTs as SQL text, as docs/postgis.md prints them."""
    return ";\n".join(s.as_string(None) for s in grant_statements(schema, role, level)) + ";"


pytestmark = pytest.mark.postgis
SCHEMA = "land"
HOSTILE_SCHEMA = 'x"; DROP TABLE public.keepme; --'


@pytest.fixture
def log_messages(qgis_app):
    """Every message QGIS logs during the test."""
    seen: list[str] = []

    def keep(message: str, tag: str, level: Qgis.MessageLevel) -> None:
        seen.append(f"{tag}: {message}")

    log = QgsApplication.messageLog()
    log.messageReceived.connect(keep)
    yield seen
    log.messageReceived.disconnect(keep)


@pytest.fixture
def register_with_roles(postgis_server, postgis_db, pg_connection_factory):
    """A register of three claims in SCHEMA and one login role per level: level -> connection."""
    owner = PgRegister(load_connection(pg_connection_factory(postgis_db)), SCHEMA)
    owner.ensure_schema()
    new = [claim("T1-1", "Alpha"), claim("T2-1", "Beta", x=-66.3), claim("T3-1", "Gamma", x=-66.2)]
    owner.apply(diff(new=new), run(), [])
    owner.close()
    suffix = secrets.token_hex(3)
    made: dict[str, str] = {}
    passwords: dict[str, str] = {}
    with postgis_server.connect(postgis_db) as conn:
        for level in (READER, EDITOR, SYNC):
            role, password = f"imperial_{level}_{suffix}", secrets.token_urlsafe(12)
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)
                )
            )
            for statement in grant_statements(SCHEMA, role, level):
                conn.execute(statement)
            made[level] = pg_connection_factory(postgis_db, role, password)
            passwords[level] = password
    yield made, passwords
    with postgis_server.connect(postgis_db) as conn:
        for level in (READER, EDITOR, SYNC):
            role = sql.Identifier(f"imperial_{level}_{suffix}")
            conn.execute(sql.SQL("DROP OWNED BY {}").format(role))
            conn.execute(sql.SQL("DROP ROLE {}").format(role))


def test_saved_connection_with_authcfg_works_and_stores_no_password(
    pg_connection, postgis_server, log_messages, tmp_path: Path
):
    settings = QgsSettings()
    prefix = f"PostgreSQL/connections/{pg_connection}/"
    assert settings.value(prefix + "authcfg", "")
    assert settings.value(prefix + "password", "") == ""
    info = load_connection(pg_connection)
    assert settings.value(prefix + "authcfg", "") == info.authcfg
    assert postgis_server.password not in repr(info)
    with connect(info) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == "postgres"
    register = PgRegister(info, SCHEMA)
    register.ensure_schema()
    register.apply(diff(new=[claim("T1-1", "Alpha")]), run(), [])
    uri, provider = register.layer_uri()
    register.close()
    layer = QgsVectorLayer(uri, "claims", provider)
    assert layer.isValid() and layer.featureCount() == 1
    project = QgsProject()
    project.addMapLayer(layer)
    project_file = tmp_path / "team.qgs"
    assert project.write(str(project_file))
    text = project_file.read_text()
    assert "authcfg=" + info.authcfg in text
    assert postgis_server.password not in text
    settings_file = Path(settings.fileName())
    assert postgis_server.password not in settings_file.read_text(errors="replace")
    assert all(postgis_server.password not in message for message in log_messages)


def test_wrong_password_gives_a_clear_message_without_the_password(
    pg_connection_factory, postgis_db, log_messages
):
    name = pg_connection_factory(postgis_db, "postgres", "S3cret-Wrong-Pw")
    with pytest.raises(UserError) as caught:
        connect(name)
    message = str(caught.value)
    assert message.startswith(f"Cannot connect to the PostgreSQL connection '{name}': ")
    assert "password authentication failed" in message
    assert "S3cret-Wrong-Pw" not in message
    assert all("S3cret-Wrong-Pw" not in m for m in log_messages)


def test_connection_keeping_a_plain_password_is_refused(postgis_server, postgis_db, qgis_app):
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    uri = QgsDataSourceUri()
    uri.setConnection(
        postgis_server.host, str(postgis_server.port), postgis_db, "postgres", "plain-pw"
    )
    metadata.saveConnection(metadata.createConnection(uri.uri(False), {}), "plain_pw_conn")
    try:
        with pytest.raises(UserError, match="keeps its password in the QGIS settings"):
            load_connection("plain_pw_conn")
    finally:
        metadata.deleteConnection("plain_pw_conn")


def test_unknown_authcfg_gives_a_clear_message(postgis_server, postgis_db, qgis_app):
    from imperial_land.core.storage.pg import save_connection

    save_connection("no_cfg_conn", postgis_server.host, postgis_server.port, postgis_db, "zz99zz9")
    try:
        with pytest.raises(
            UserError, match=r"authentication configuration 'zz99zz9'.*cannot be read"
        ):
            connect("no_cfg_conn")
    finally:
        QgsProviderRegistry.instance().providerMetadata("postgres").deleteConnection("no_cfg_conn")


def test_reader_reads_but_a_sync_stops_naming_table_and_right(register_with_roles, conninfo):
    connections, _ = register_with_roles
    reader = PgRegister(load_connection(connections[READER]), SCHEMA)
    assert sorted(reader.read_states()) == ["T1-1", "T2-1", "T3-1"]
    assert [r.id for r in reader.runs()] == [1]
    before = rows(conninfo, SCHEMA, ["DET_NOM", "last_run_id"])
    with pytest.raises(UserError) as caught:
        reader.apply(diff(changed=[claim("T1-1", "Omega")]), run(), [])
    assert str(caught.value).startswith(
        "Your database role lacks the INSERT right on 'land.claims'"
    )
    assert rows(conninfo, SCHEMA, ["DET_NOM", "last_run_id"]) == before
    assert count(conninfo, SCHEMA, "sync_runs") == 1
    elsewhere = PgRegister(reader.info, "reader_schema")
    with pytest.raises(UserError, match="lacks the CREATE right on 'reader_schema'"):
        elsewhere.ensure_schema()
    with psycopg.connect(conninfo) as conn:
        assert conn.execute("SELECT to_regnamespace('reader_schema')").fetchone()[0] is None
    reader.close()
    elsewhere.close()


def test_editor_edits_local_fields_in_qgis_but_not_gestim_fields(register_with_roles, conninfo):
    connections, passwords = register_with_roles
    editor = PgRegister(load_connection(connections[EDITOR]), SCHEMA)
    uri, provider = editor.layer_uri()
    assert passwords[EDITOR] not in uri
    layer = QgsVectorLayer(uri, "claims", provider)
    assert layer.isValid()
    feature = next(f for f in layer.getFeatures() if f["reg_key"] == "T2-1")
    assert layer.startEditing()
    layer.changeAttributeValue(feature.id(), layer.fields().indexOf("local_notes"), "site visit")
    assert layer.commitChanges()
    assert layer.startEditing()
    layer.changeAttributeValue(feature.id(), layer.fields().indexOf("DET_NOM"), "Mallory")
    assert not layer.commitChanges()
    assert any("permission denied" in e for e in layer.commitErrors())
    layer.rollBack()
    assert rows(conninfo, SCHEMA, ["DET_NOM", "local_notes"]) == [
        ("T1-1", "Alpha", None),
        ("T2-1", "Beta", "site visit"),
        ("T3-1", "Gamma", None),
    ]
    with pytest.raises(UserError, match=r"lacks the INSERT right on 'land\.claims'"):
        editor.apply(diff(changed=[claim("T1-1", "Omega")]), run(), [])
    assert rows(conninfo, SCHEMA, ["DET_NOM"])[0] == ("T1-1", "Alpha")
    assert count(conninfo, SCHEMA, "sync_runs") == 1
    editor.close()


def test_sync_role_syncs_and_is_told_it_cannot_add_columns(register_with_roles, conninfo):
    connections, _ = register_with_roles
    syncer = PgRegister(load_connection(connections[SYNC]), SCHEMA)
    syncer.read_states()
    syncer.apply(
        diff(changed=[claim("T1-1", "Omega")]),
        run({HOLDER: 1}),
        [Change("T1-1", "T1", "DET_NOM", "Alpha", "Omega", HOLDER)],
    )
    assert rows(conninfo, SCHEMA, ["DET_NOM", "last_run_id"])[0] == ("T1-1", "Omega", 2)
    with pytest.raises(UserError) as caught:
        syncer.apply(
            diff(changed=[claim("T2-1", "Psi")], new_fields=[FieldSpec("EXTRA", "text")]),
            run(),
            [],
        )
    assert "lacks the owner (new GESTIM columns) right on 'land.claims'" in str(caught.value)
    assert rows(conninfo, SCHEMA, ["DET_NOM"])[1] == ("T2-1", "Beta")
    assert rows(conninfo, SCHEMA, ["DET_NOM"]) == [
        ("T1-1", "Omega"),
        ("T2-1", "Beta"),
        ("T3-1", "Gamma"),
    ]
    assert "EXTRA" not in [f.name for f in syncer.source_fields()]
    assert count(conninfo, SCHEMA, "sync_runs") == 2
    syncer.close()


def test_hostile_schema_name_is_only_ever_a_name(pg_connection, conninfo):
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.keepme (id int)")
        conn.execute("INSERT INTO public.keepme VALUES (7)")
    register = PgRegister(load_connection(pg_connection), HOSTILE_SCHEMA)
    register.ensure_schema()
    register.apply(diff(new=[claim("T1-1", "O'Brien; DROP TABLE x; --")]), run(), [])
    assert rows(conninfo, HOSTILE_SCHEMA, ["DET_NOM"]) == [("T1-1", "O'Brien; DROP TABLE x; --")]
    uri, provider = register.layer_uri()
    layer = QgsVectorLayer(uri, "claims", provider)
    assert layer.isValid() and layer.featureCount() == 1
    register.close()
    with psycopg.connect(conninfo) as conn:
        assert conn.execute("SELECT id FROM public.keepme").fetchall() == [(7,)]


def test_documented_grants_are_the_ones_the_tests_run():
    docs = Path(__file__).resolve().parents[2] / "docs" / "postgis.md"
    documented = " ".join(docs.read_text(encoding="utf-8").split())
    for level in (READER, EDITOR, SYNC):
        script = grant_script("land_register", f"land_{level}", level)
        assert " ".join(script.split()) in documented, level


@pytest.fixture
def conninfo(postgis_server, postgis_db) -> str:
    return postgis_server.conninfo(postgis_db)
