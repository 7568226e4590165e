"""Consultation in a GeoPackage register: schema upgrade, sites from flags, events and
commitments through the QGIS layers the plugin sets up, refused bad input, the summary."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from qgis.core import (
    QgsEditFormConfig,
    QgsFieldConstraints,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)
from qgis.PyQt.QtCore import QDate

from imperial_land.core.common.errors import UserError
from imperial_land.core.consultation.attention import flag_consultation, flag_sites, ordered
from imperial_land.core.consultation.layers import (
    EVENT_COMMITMENTS,
    SITE_EVENTS,
    add_consultation_layers,
)
from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.consultation.summary import consultation_summary, write_summary
from imperial_land.core.register import gpkg_schema
from imperial_land.core.register.backend import RegisterDiff
from imperial_land.core.register.gpkg import GpkgRegister
from tests.support.register_helpers import a_run, dump, reg_row
from tests.support.report_cases import INNU, LOT, NASKAPI, hand_result

KEPT_TABLES = ["claims", "sync_runs", "changes", "rtree_claims_geom", "gpkg_geometry_columns"]


def _v1_register(path: Path, monkeypatch) -> None:
    """A register exactly as the current release (schema version 1) makes it, with rows and
    local fields."""
    with monkeypatch.context() as patch:
        patch.setattr(gpkg_schema, "SCHEMA_VERSION", 1)
        patch.setattr(gpkg_schema, "create_consultation", lambda conn: None)
        patch.setattr(gpkg_schema, "create_field_notes", lambda conn, srs_id: None)
        patch.setattr(gpkg_schema, "create_overlap_state", lambda conn: None)
        register = GpkgRegister(path)
        register.ensure_schema()
        rows = [reg_row("2512345-1"), reg_row("2512346-1", cell=(1, 0))]
        register.apply(RegisterDiff(new=rows), a_run(new=2), [])
        register.conn.execute(
            "UPDATE claims SET local_notes = 'appeler le détenteur', local_priority = 2, "
            "local_project = 'Lac Ternay', local_contact = 'M. Roy' WHERE reg_key = '2512345-1'"
        )
        register.close()


@pytest.fixture
def register(tmp_path: Path, qgis_app):
    reg = GpkgRegister(tmp_path / "register.gpkg")
    reg.ensure_schema()
    yield reg
    reg.close()


@pytest.fixture
def project(qgis_app):
    """The application's project: forms' default values look layers up there (QGIS 3.22)."""
    project = QgsProject.instance()
    yield project
    project.clear()


def test_upgrade_from_version_1_keeps_every_row_and_local_field(tmp_path, monkeypatch, qgis_app):
    path = tmp_path / "v1.gpkg"
    _v1_register(path, monkeypatch)
    before = dump(path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM register_info").fetchall() == [("1",)]
        assert not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'consultation_sites'"
        ).fetchall()
    register = GpkgRegister(path)
    store = ConsultationStore(register)  # opening upgrades
    assert store.sites() == []
    register.close()
    after = dump(path)
    for table in KEPT_TABLES:
        kept = after["data"][table]
        if table == "gpkg_geometry_columns":  # version 3 adds the field notes' point layer
            kept = [row for row in kept if "field_notes" not in repr(row)]
        assert kept == before["data"][table], table
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM register_info").fetchall() == [("4",)]
        local = conn.execute(
            "SELECT local_notes, local_priority, local_project, local_contact FROM claims "
            "WHERE reg_key = '2512345-1'"
        ).fetchone()
        contents = {r[0] for r in conn.execute("SELECT table_name FROM gpkg_contents")}
    assert local == ("appeler le détenteur", 2, "Lac Ternay", "M. Roy")
    assert {"consultation_sites", "consultation_events", "commitments"} <= contents
    assert {"field_notes", "field_note_versions"} <= contents  # version 3, same upgrade
    assert {"overlap_layers", "overlap_pairs"} <= contents  # version 4, same upgrade
    # a second opening changes nothing
    GpkgRegister(path).ensure_schema()
    assert dump(path) == after


def test_a_parcel_in_two_territories_gets_two_sites(register):
    store = ConsultationStore(register)
    made = store.sites_from_flags(flag_sites(hand_result()))
    sites = {(s.site_role, s.site_key, s.nation): s for s in store.sites()}
    parcel = {k: s for k, s in sites.items() if k[0] == "parcels"}
    assert sorted(parcel) == [("parcels", LOT, INNU), ("parcels", LOT, NASKAPI)]
    assert parcel[("parcels", LOT, INNU)].overlap_ha == pytest.approx(400.0)
    assert parcel[("parcels", LOT, NASKAPI)].overlap_ha == pytest.approx(100.0)
    assert all(s.status == "not_started" for s in sites.values())
    assert len(made) == len(sites)
    assert store.sites_from_flags(flag_sites(hand_result())) == []  # nothing new the second time
    assert len(store.sites()) == len(sites)


def test_events_and_commitments_through_the_qgis_forms_reach_the_register(register, project):
    store = ConsultationStore(register)
    store.sites_from_flags(flag_sites(hand_result()))
    layers = add_consultation_layers(project, register)
    sites, events, commitments = (
        layers[t] for t in ("consultation_sites", "consultation_events", "commitments")
    )
    # the form configuration
    status = sites.fields().indexOf("status")
    assert sites.editorWidgetSetup(status).type() == "ValueMap"
    mapping = sites.editorWidgetSetup(status).config()["map"]
    assert {v for d in mapping for v in d.values()} == {
        "not_started",
        "notified",
        "in_discussion",
        "commitments_agreed",
        "closed",
    }
    date = events.fields().indexOf("event_date")
    assert events.editorWidgetSetup(date).type() == "DateTime"
    assert events.fieldConstraints(date) & QgsFieldConstraints.ConstraintNotNull
    assert events.editorWidgetSetup(events.fields().indexOf("site_id")).type() == (
        "RelationReference"
    )
    assert sites.editFormConfig().layout() == QgsEditFormConfig.TabLayout
    relations = project.relationManager()
    assert relations.relation(SITE_EVENTS).isValid()
    assert relations.relation(EVENT_COMMITMENTS).isValid()
    assert {r.id() for r in relations.referencedRelations(sites)} == {
        SITE_EVENTS,
        "imperial_land_consultation_site_commitments",
    }

    innu = next(f for f in sites.getFeatures() if f["nation"] == INNU and f["site_key"] == LOT)
    # edit the site's status in its form, then add an event and a commitment
    assert sites.startEditing()
    sites.changeAttributeValue(innu.id(), status, "notified")
    sites.changeAttributeValue(innu.id(), sites.fields().indexOf("owner"), "Julie Tremblay")
    assert sites.commitChanges(), sites.commitErrors()

    assert events.startEditing()
    event = QgsVectorLayerUtils.createFeature(
        events,
        attributes={
            events.fields().indexOf("site_id"): innu["fid"],
            date: QDate(2026, 10, 2),
            events.fields().indexOf("form"): "meeting",
            events.fields().indexOf("participants"): "Chef, conseil de bande; J. Tremblay",
            events.fields().indexOf("concerns"): "Caribou calving grounds",
        },
        context=events.createExpressionContext(),
    )
    assert event["overlap_ha"] == pytest.approx(400.0)  # default: the site's overlap
    for index in range(events.fields().count()):
        assert QgsVectorLayerUtils.validateAttribute(events, event, index)[0]
    assert events.addFeature(event)
    assert events.commitChanges(), events.commitErrors()
    event_fid = store.events()[0].fid

    assert commitments.startEditing()
    context = commitments.createExpressionContext()
    promise = QgsVectorLayerUtils.createFeature(
        commitments,
        attributes={
            commitments.fields().indexOf("event_id"): event_fid,
            commitments.fields().indexOf("what"): "Avoid work from May to July",
            commitments.fields().indexOf("due_date"): QDate(2027, 5, 1),
        },
        context=context,
    )
    assert promise["site_id"] == innu["fid"]  # from the event
    assert commitments.addFeature(promise)
    assert commitments.commitChanges(), commitments.commitErrors()

    stored = store.snapshot()
    site = next(s for s in stored.sites if s.fid == innu["fid"])
    assert (site.status, site.owner) == ("notified", "Julie Tremblay")
    [recorded] = stored.events
    assert (recorded.site_id, recorded.event_date, recorded.form) == (
        innu["fid"],
        dt.date(2026, 10, 2),
        "meeting",
    )
    assert recorded.concerns == "Caribou calving grounds"
    [kept] = stored.commitments
    assert (kept.site_id, kept.event_id, kept.what, kept.due_date, kept.done_date) == (
        innu["fid"],
        recorded.fid,
        "Avoid work from May to July",
        dt.date(2027, 5, 1),
        None,
    )


def test_an_event_without_a_date_or_site_is_refused_and_nothing_written(register, project):
    store = ConsultationStore(register)
    [site_fid, *_] = store.sites_from_flags(flag_sites(hand_result()))
    before = dump(register.path)
    with pytest.raises(UserError, match="needs the date"):
        store.add_event(site_fid, None, "call")
    with pytest.raises(UserError, match="no consultation site 999"):
        store.add_event(999, dt.date(2026, 10, 2), "call")
    with pytest.raises(UserError, match="not a form of contact"):
        store.add_event(site_fid, dt.date(2026, 10, 2), "pigeon")
    with pytest.raises(UserError, match="not a date"):
        store.add_event(site_fid, "2 octobre", "call")
    assert dump(register.path) == before

    # the same through the QGIS layer: the form's constraint, then the register refuses
    events = add_consultation_layers(project, register)["consultation_events"]
    fields = events.fields()
    no_date = QgsVectorLayerUtils.createFeature(
        events, attributes={fields.indexOf("site_id"): site_fid, fields.indexOf("form"): "call"}
    )
    valid, errors = QgsVectorLayerUtils.validateAttribute(
        events, no_date, fields.indexOf("event_date")
    )
    assert not valid and errors
    assert events.startEditing()
    assert events.addFeature(no_date)
    assert not events.commitChanges()
    assert "NOT NULL" in " ".join(events.commitErrors())
    events.rollBack()
    no_site = QgsVectorLayerUtils.createFeature(
        events,
        attributes={
            fields.indexOf("site_id"): 999,
            fields.indexOf("event_date"): QDate(2026, 10, 2),
            fields.indexOf("form"): "call",
        },
    )
    assert events.startEditing()
    assert events.addFeature(no_site)
    assert not events.commitChanges()
    assert "does not exist" in " ".join(events.commitErrors())
    events.rollBack()
    del events
    project.clear()
    assert dump(register.path)["data"]["consultation_events"] == []


def test_a_parcel_whose_overlap_grew_after_its_last_contact_needs_attention(register):
    store = ConsultationStore(register)
    earlier = hand_result()
    for pair in earlier.pairs:  # at the last contact the parcel met Naskapi land on 40 ha only
        if pair.a.key == LOT and pair.nation == NASKAPI:
            pair.overlap_ha = 40.0
    store.sites_from_flags(flag_sites(earlier))
    snapshot = store.snapshot()
    naskapi = snapshot.site("parcels", LOT, NASKAPI)
    innu = snapshot.site("parcels", LOT, INNU)
    today = dt.date(2026, 11, 1)
    store.add_event(naskapi.fid, dt.date(2026, 10, 20), "letter")
    store.add_event(innu.fid, dt.date(2026, 10, 21), "meeting")
    event = store.events()[-1].fid
    store.add_commitment(event, "Share the drilling plan", due_date="2026-12-01")

    now = flag_consultation(hand_result(), store.snapshot(), today, stale_days=90)
    assert now[("parcels", LOT, NASKAPI)].attention == "overlap_grew"
    assert now[("parcels", LOT, NASKAPI)].overlap_at_contact == pytest.approx(40.0)
    assert now[("parcels", LOT, NASKAPI)].overlap_ha == pytest.approx(100.0)
    parcel_innu = now[("parcels", LOT, INNU)]
    assert parcel_innu.attention == ""
    assert parcel_innu.last_contact == dt.date(2026, 10, 21)
    assert [c.what for c in parcel_innu.open_commitments] == ["Share the drilling plan"]
    first = ordered(now.values())
    assert first[-1].site_key == LOT and first[-1].nation == INNU  # the only one in order
    assert {i.attention for i in first[:-1]} <= {"no_contact", "overlap_grew"}
    # 100 days later the Innu contact is stale
    later = flag_consultation(hand_result(), store.snapshot(), dt.date(2027, 1, 30), 90)
    assert later[("parcels", LOT, INNU)].attention == "stale"


def test_summary_per_nation(register, tmp_path):
    store = ConsultationStore(register)
    store.sites_from_flags(flag_sites(hand_result()))
    snapshot = store.snapshot()
    innu = snapshot.site("parcels", LOT, INNU)
    store.add_event(innu.fid, dt.date(2026, 10, 21), "meeting")
    event = store.events()[0].fid
    store.add_commitment(event, "Share the drilling plan", due_date="2026-12-01")
    store.add_commitment(event, "Hire local guides", by_whom="J. Tremblay")
    store.add_commitment(event, "Send the map", done_date="2026-10-25")
    items = consultation_summary(store.snapshot())
    assert [i.nation for i in items] == sorted([INNU, NASKAPI], key=str.casefold)
    first = next(i for i in items if i.nation == INNU)
    assert first.status_counts["not_started"] == len(first.sites)
    assert first.last_contact == dt.date(2026, 10, 21)
    assert [o.commitment.what for o in first.open_commitments] == [
        "Share the drilling plan",
        "Hire local guides",
    ]
    assert first.next_due == dt.date(2026, 12, 1)
    html, csv_path = tmp_path / "s.html", tmp_path / "s.csv"
    assert write_summary(items, html, csv_path, dt.date(2026, 12, 5)) == [html, csv_path]
    text = html.read_text(encoding="utf-8")
    assert "Share the drilling plan" in text and INNU in text
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Nation,Sites,Not started,Notified")
    innu_line = next(line for line in lines if line.startswith(INNU))
    assert innu_line.endswith(",2026-10-21,2,1,2026-12-01")


def test_layers_open_on_a_register_from_the_current_release(tmp_path, monkeypatch, project):
    path = tmp_path / "old.gpkg"
    _v1_register(path, monkeypatch)
    register = GpkgRegister(path)
    layers = add_consultation_layers(project, register)
    assert all(isinstance(layer, QgsVectorLayer) and layer.isValid() for layer in layers.values())
    register.close()
