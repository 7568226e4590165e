"""Consultation in a PostGIS register: upgrade, edits through the QGIS layers the plugin sets
up, two people's edits both kept, refused bad input, the summary."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from qgis.core import QgsProject, QgsVectorLayer, QgsVectorLayerUtils
from qgis.PyQt.QtCore import QDate

from imperial_land.core.common.errors import UserError
from imperial_land.core.consultation.attention import flag_consultation, flag_sites
from imperial_land.core.consultation.layers import add_consultation_layers, layer_source
from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.consultation.summary import consultation_summary
from imperial_land.core.register import pg_ddl
from imperial_land.core.register.pg import PgRegister
from imperial_land.core.storage.pg import load_connection
from tests.register.test_pg_security import register_with_roles  # noqa: F401 (fixture)
from tests.support.pg_helpers import claim, count, diff, run
from tests.support.report_cases import INNU, LOT, NASKAPI, hand_result

pytestmark = pytest.mark.postgis
SCHEMA = "terres"


@pytest.fixture
def conninfo(postgis_server, postgis_db) -> str:
    return postgis_server.conninfo(postgis_db)


@pytest.fixture
def project(qgis_app):
    project = QgsProject.instance()
    yield project
    project.clear()


@pytest.fixture
def register(pg_connection):
    reg = PgRegister(load_connection(pg_connection), SCHEMA)
    reg.ensure_schema()
    yield reg
    reg.close()


def _rows(conninfo: str, query: str) -> list[tuple]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(query).fetchall()


def test_upgrade_from_version_1_keeps_every_row_and_local_field(
    pg_connection, conninfo, monkeypatch
):
    with monkeypatch.context() as patch:  # the register as the current release makes it
        patch.setattr(pg_ddl, "SCHEMA_VERSION", 1)
        patch.setattr(pg_ddl, "consultation_ddl", lambda schema: [])
        patch.setattr(pg_ddl, "field_notes_ddl", lambda schema, srid: [])
        patch.setattr(pg_ddl, "overlap_state_ddl", lambda schema, legacy=frozenset(): [])
        old = PgRegister(load_connection(pg_connection), SCHEMA)
        old.ensure_schema()
        old.read_states()
        rows = [claim("T1-1", "Alpha"), claim("T2-1", "Beta", x=-66.3)]
        old.apply(diff(new=rows), run({"new": 2}), [])
        old.close()
    with psycopg.connect(conninfo) as conn:
        conn.execute(
            "UPDATE terres.claims SET local_notes = 'appeler', local_priority = 3, "
            "local_project = 'Lac Ternay', local_contact = 'M. Roy' WHERE reg_key = 'T1-1'"
        )
    claims_before = _rows(conninfo, "SELECT * FROM terres.claims ORDER BY fid")
    runs_before = _rows(conninfo, "SELECT * FROM terres.sync_runs ORDER BY id")
    assert _rows(conninfo, "SELECT version FROM terres.register_version") == [(1,)]

    register = PgRegister(load_connection(pg_connection), SCHEMA)
    store = ConsultationStore(register)
    assert store.sites() == []
    assert _rows(conninfo, "SELECT * FROM terres.claims ORDER BY fid") == claims_before
    assert _rows(conninfo, "SELECT * FROM terres.sync_runs ORDER BY id") == runs_before
    assert _rows(conninfo, "SELECT version FROM terres.register_version ORDER BY 1") == [
        (1,),
        (4,),  # one row per upgrade, at the version it reached (3: field notes, 4: overlap state)
    ]
    assert _rows(
        conninfo,
        "SELECT local_notes, local_priority, local_project, local_contact FROM terres.claims "
        "WHERE reg_key = 'T1-1'",
    ) == [("appeler", 3, "Lac Ternay", "M. Roy")]
    register.ensure_schema()  # once only
    assert count(conninfo, SCHEMA, "register_version") == 2
    register.close()


def test_sites_events_commitments_through_the_qgis_layers(register, project, conninfo):
    store = ConsultationStore(register)
    store.sites_from_flags(flag_sites(hand_result()))
    assert _rows(
        conninfo,
        "SELECT nation, overlap_ha FROM terres.consultation_sites "
        f"WHERE site_role = 'parcels' AND site_key = '{LOT}' ORDER BY nation",
    ) == [(INNU, 400.0), (NASKAPI, 100.0)]
    layers = add_consultation_layers(project, register)
    sites, events, commitments = (
        layers[t] for t in ("consultation_sites", "consultation_events", "commitments")
    )
    assert sites.providerType() == "postgres" and "password" not in sites.source()
    innu = next(f for f in sites.getFeatures() if f["nation"] == INNU and f["site_key"] == LOT)
    fields = events.fields()
    assert events.startEditing()
    event = QgsVectorLayerUtils.createFeature(
        events,
        attributes={
            fields.indexOf("site_id"): innu["fid"],
            fields.indexOf("event_date"): QDate(2026, 10, 2),
            fields.indexOf("form"): "site_visit",
            fields.indexOf("documents"): "https://example.org/lettre.pdf",
        },
        context=events.createExpressionContext(),
    )
    assert event["overlap_ha"] == pytest.approx(400.0)
    assert events.addFeature(event)
    assert events.commitChanges(), events.commitErrors()
    [recorded] = store.events()
    assert (recorded.event_date, recorded.form, recorded.documents) == (
        dt.date(2026, 10, 2),
        "site_visit",
        "https://example.org/lettre.pdf",
    )
    fields = commitments.fields()
    assert commitments.startEditing()
    promise = QgsVectorLayerUtils.createFeature(
        commitments,
        attributes={
            fields.indexOf("event_id"): recorded.fid,
            fields.indexOf("what"): "Fund a youth field camp",
            fields.indexOf("due_date"): QDate(2027, 6, 30),
        },
        context=commitments.createExpressionContext(),
    )
    assert commitments.addFeature(promise)
    assert commitments.commitChanges(), commitments.commitErrors()
    [kept] = store.commitments()
    assert (kept.site_id, kept.event_id, kept.due_date) == (
        innu["fid"],
        recorded.fid,
        dt.date(2027, 6, 30),
    )
    summary = {i.nation: i for i in consultation_summary(store.snapshot())}
    assert summary[INNU].next_due == dt.date(2027, 6, 30)
    found = flag_consultation(hand_result(), store.snapshot(), dt.date(2026, 10, 10), 90)
    assert found[("parcels", LOT, INNU)].attention == ""
    assert found[("parcels", LOT, NASKAPI)].attention == "no_contact"


def test_two_editors_change_one_site_and_both_edits_are_kept(register, project):
    store = ConsultationStore(register)
    store.sites_from_flags(flag_sites(hand_result()))
    source, provider = layer_source(register, "consultation_sites")
    first = QgsVectorLayer(source, "first", provider)
    second = QgsVectorLayer(source, "second", provider)
    fid = next(s.fid for s in store.sites() if s.nation == INNU and s.site_key == LOT)
    one = next(f for f in first.getFeatures() if f["fid"] == fid)
    two = next(f for f in second.getFeatures() if f["fid"] == fid)
    assert first.startEditing() and second.startEditing()
    first.changeAttributeValue(one.id(), first.fields().indexOf("status"), "in_discussion")
    second.changeAttributeValue(two.id(), second.fields().indexOf("owner"), "Marc Gagnon")
    assert first.commitChanges(), first.commitErrors()
    assert second.commitChanges(), second.commitErrors()
    site = next(s for s in store.sites() if s.fid == fid)
    assert (site.status, site.owner) == ("in_discussion", "Marc Gagnon")


def test_bad_events_are_refused_and_nothing_is_written(register, project, conninfo):
    store = ConsultationStore(register)
    [site, *_] = store.sites_from_flags(flag_sites(hand_result()))
    with pytest.raises(UserError, match="needs the date"):
        store.add_event(site, "", "letter")
    with pytest.raises(UserError, match="no consultation site 4242"):
        store.add_event(4242, dt.date(2026, 10, 2), "letter")
    with pytest.raises(UserError, match="no consultation event 77"):
        store.add_commitment(77, "Something")
    events = add_consultation_layers(project, register)["consultation_events"]
    fields = events.fields()
    assert events.startEditing()
    orphan = QgsVectorLayerUtils.createFeature(
        events,
        attributes={
            fields.indexOf("site_id"): 4242,
            fields.indexOf("event_date"): QDate(2026, 10, 2),
            fields.indexOf("form"): "letter",
        },
    )
    assert events.addFeature(orphan)
    assert not events.commitChanges()
    assert "foreign key" in " ".join(events.commitErrors())
    events.rollBack()
    assert count(conninfo, SCHEMA, "consultation_events") == 0
    assert count(conninfo, SCHEMA, "commitments") == 0


def test_an_editor_role_records_contacts_and_a_reader_cannot(register_with_roles, conninfo):  # noqa: F811
    from imperial_land.core.register.pg_roles import EDITOR, READER
    from tests.register.test_pg_security import SCHEMA as ROLES_SCHEMA

    connections, _ = register_with_roles
    editor = PgRegister(load_connection(connections[EDITOR]), ROLES_SCHEMA)
    store = ConsultationStore(editor)
    [site, *_] = store.sites_from_flags(flag_sites(hand_result()))
    event = store.add_event(site, dt.date(2026, 10, 2), "call", summary="Notice")
    store.add_commitment(event, "Send the map")
    editor.close()
    reader = PgRegister(load_connection(connections[READER]), ROLES_SCHEMA)
    readable = ConsultationStore(reader)
    assert [e.summary for e in readable.events()] == ["Notice"]
    with pytest.raises(UserError, match=r"lacks the required right on 'consultation_events'"):
        readable.add_event(site, dt.date(2026, 10, 3), "call")
    reader.close()
    assert count(conninfo, ROLES_SCHEMA, "consultation_events") == 1
