"""The flags layer linked to the consultation register: per consultation flag its status, last
contact, open commitments and why it needs attention (columns cons_*), written the same by the
fast GeoPackage writer, the dock's staged writer and Processing's sink in other formats, the
flags needing attention first; empty columns without a register; a bad register refused with
nothing written."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from qgis.core import NULL, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QDate

from imperial_land.core.common import settings
from imperial_land.core.consultation.report_link import attention_first, consultation_view
from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.overlap import OverlapOptions
from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.core.report.flags_gpkg import write_flags_table
from imperial_land.core.report.staged import ReportPaths, run_and_stage, write_report
from tests.consultation.test_report_link import TODAY, register_path  # noqa: F401 (fixture)
from tests.processing.test_overlap_consultation_algorithm import _layer
from tests.support.report_cases import GEOMS, INNU, LOT, NASKAPI, hand_result

CONS = ["cons_attn", "cons_stat", "cons_last", "cons_open", "cons_due", "cons_todo"]
PLAN = "Share the drilling plan (due 2026-12-01)"
# The hand-made result against the register of test_report_link (2026-11-01, 90 days): the
# titles have no site, the parcel's Naskapi overlap grew from 40 to 100 ha since the letter of
# 2026-10-20, its Innu site was met on 2026-10-21 with one open commitment. Rows in fid order:
# the flags needing attention first (no site, then overlap grew), then the others as they were.
# (fid, a_key, nation, cons_attn, cons_stat, cons_last, cons_open, cons_due, cons_todo)
EXPECTED = [
    (1, "2512345", INNU, "no_site", None, None, None, None, None),
    (2, "2512345", NASKAPI, "no_site", None, None, None, None, None),
    (3, "2512346", INNU, "no_site", None, None, None, None, None),
    (4, "2512347", NASKAPI, "no_site", None, None, None, None, None),
    (5, LOT, NASKAPI, "overlap_grew", "not_started", "2026-10-20", 0, None, None),
    (6, LOT, INNU, None, "not_started", "2026-10-21", 1, "2026-12-01", PLAN),
    (7, LOT, "", None, None, None, None, None, None),  # parcel x third-party title
    (8, LOT, "", None, None, None, None, None, None),  # parcel x company title
]


def _stored(path: Path, layer_name: str) -> list[tuple]:
    """The rows as the GeoPackage stores them (dates as ISO text)."""
    with closing(sqlite3.connect(str(path))) as db:
        return db.execute(
            f"SELECT fid, a_key, nation, {', '.join(CONS)} FROM {layer_name} ORDER BY fid"
        ).fetchall()


def _view(register_path: Path):  # noqa: F811
    result = hand_result()
    view = consultation_view(result, register_path, TODAY, stale_days=90)
    assert view is not None
    return attention_first(result, view), view


def test_fast_geopackage_writer_fills_the_consultation_columns(register_path, tmp_path):  # noqa: F811
    result, view = _view(register_path)
    write_flags_table(result, tmp_path / "flags.gpkg", "flags", consultation=view)
    assert _stored(tmp_path / "flags.gpkg", "flags") == EXPECTED


@pytest.mark.postgis
def test_a_postgis_register_gives_the_same_rows(pg_connection, tmp_path):
    """The register of test_report_link, recorded in a PostGIS register instead."""
    from imperial_land.core.register.pg import PgRegister, pg_target
    from imperial_land.core.storage.pg import load_connection

    register = PgRegister(load_connection(pg_connection), "terres")
    store = ConsultationStore(register)
    for role, key, nation, overlap in [
        ("parcels", LOT, INNU, 400.0),
        ("parcels", LOT, NASKAPI, 40.0),
    ]:
        store.add_site(role, key, nation, overlap_ha=overlap)
    sites = {s.nation: s.fid for s in store.sites()}
    store.add_event(sites[NASKAPI], dt.date(2026, 10, 20), "letter", concerns="Water quality")
    met = store.add_event(sites[INNU], dt.date(2026, 10, 21), "meeting", concerns="Caribou")
    store.add_commitment(met, "Share the drilling plan", due_date="2026-12-01")
    register.close()
    result = hand_result()
    view = consultation_view(result, pg_target(pg_connection, "terres"), TODAY, stale_days=90)
    assert view is not None
    write_flags_table(attention_first(result, view), tmp_path / "f.gpkg", "f", consultation=view)
    assert _stored(tmp_path / "f.gpkg", "f") == EXPECTED


def test_staged_writer_styles_the_columns_with_labels(register_path, tmp_path):  # noqa: F811
    result, view = _view(register_path)
    path = tmp_path / "flags.gpkg"
    assert write_report(result, ReportPaths(flags_gpkg=path), consultation=view) == [path]
    assert _stored(path, "overlap_flags") == EXPECTED
    layer = QgsVectorLayer(f"{path}|layername=overlap_flags", "flags", "ogr")  # default style
    fields = layer.fields()
    aliases = {name: fields.field(name).alias() for name in CONS}
    assert aliases == {
        "cons_attn": "Needs attention",
        "cons_stat": "Consultation status",
        "cons_last": "Last contact",
        "cons_open": "Open commitments (count)",
        "cons_due": "Next commitment due",
        "cons_todo": "Open commitments",
    }
    attention = layer.editorWidgetSetup(fields.indexOf("cons_attn"))
    assert attention.type() == "ValueMap"
    labels = {code: label for item in attention.config()["map"] for label, code in item.items()}
    assert labels == {
        "no_site": "No consultation record yet",
        "overlap_new": "Overlap new since the last contact",
        "overlap_grew": "Overlap grew since the last contact",
        "no_contact": "No contact recorded yet",
        "stale": "No contact in 90 days",
    }
    status = layer.editorWidgetSetup(fields.indexOf("cons_stat"))
    assert {c: lab for item in status.config()["map"] for lab, c in item.items()}["closed"] == (
        "Closed"
    )
    sixth = layer.getFeature(6)
    assert (sixth["cons_last"], sixth["cons_due"], sixth["cons_open"]) == (
        QDate(2026, 10, 21),
        QDate(2026, 12, 1),
        1,
    )
    # filterable: the flags needing attention, by their stored codes
    layer.setSubsetString('"cons_attn" IS NOT NULL')
    assert sorted(f.id() for f in layer.getFeatures()) == [1, 2, 3, 4, 5]
    # drawn with a thick outline: the consultation category's data-defined stroke width
    category = layer.renderer().categories()[0]
    stroke = category.symbol().symbolLayer(0).dataDefinedProperties()
    assert "cons_attn" in stroke.property(_stroke_key()).expressionString()


def test_french_labels_with_the_same_stored_codes(register_path, tmp_path):  # noqa: F811
    from imperial_land.core.common.i18n import install_translator, remove_translator

    result, view = _view(register_path)
    path = tmp_path / "flags.gpkg"
    assert install_translator("fr") == "fr"
    try:
        write_report(result, ReportPaths(flags_gpkg=path), consultation=view)
    finally:
        remove_translator()
    # codes, not labels; only the commitments' text is written in the report's language
    french = [
        (*row[:-1], row[-1] and "Share the drilling plan (échéance 2026-12-01)") for row in EXPECTED
    ]
    assert _stored(path, "overlap_flags") == french
    layer = QgsVectorLayer(f"{path}|layername=overlap_flags", "flags", "ogr")
    fields = layer.fields()
    assert fields.field("cons_open").alias() == "Engagements en cours (nombre)"
    assert fields.field("cons_due").alias() == "Prochaine échéance d'engagement"
    setup = layer.editorWidgetSetup(fields.indexOf("cons_attn"))
    labels = {code: label for item in setup.config()["map"] for label, code in item.items()}
    assert labels["overlap_grew"] == "Chevauchement agrandi depuis le dernier contact"


def _stroke_key():
    from imperial_land.core.common import compat

    return compat.stroke_width_property()


def test_without_a_register_the_columns_are_there_and_empty(qgis_app, tmp_path):
    path = tmp_path / "flags.gpkg"
    write_report(hand_result(), ReportPaths(flags_gpkg=path))
    with closing(sqlite3.connect(str(path))) as db:
        names = [row[1] for row in db.execute("PRAGMA table_info(overlap_flags)")]
        filled = db.execute(
            "SELECT count(*) FROM overlap_flags WHERE "
            + " OR ".join(f"{name} IS NOT NULL" for name in CONS)
        ).fetchone()
    assert names[-6:] == CONS and filled == (0,)


# -- the Processing algorithm and the dock's task, on real layers ---------------------------


@pytest.fixture
def layers(qgis_app):
    parcels = _layer("parcels", ["NO_LOT"], [(GEOMS["P1"], LOT)])
    territories = _layer(
        "territories",
        ["NATION", "NAME"],
        [(GEOMS["T1"], INNU, "Nitassinan"), (GEOMS["T2"], NASKAPI, "Naskapi territory")],
    )
    return {"parcels": parcels, "territories": territories}


@pytest.fixture
def today_register(tmp_path, qgis_app) -> Path:
    """The parcel's two sites: the Innu met today (an overlap of 1000 ha then; one commitment
    open with a comma in it, one done), the Naskapi written to 10 days ago on 40 ha (now
    ~100 ha: grew)."""
    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    store = ConsultationStore(register)
    innu = store.add_site("parcels", LOT, INNU, "in_discussion", owner="A. Tremblay")
    naskapi = store.add_site("parcels", LOT, NASKAPI, "notified")
    met = store.add_event(innu, dt.date.today(), "meeting", overlap_ha=1000.0)
    store.add_commitment(met, "Map, then a visit", due_date="2027-01-15")
    store.add_commitment(met, "Send the notice", done_date=dt.date.today())
    store.add_event(naskapi, dt.date.today() - dt.timedelta(days=10), "letter", overlap_ha=40.0)
    register.close()
    return path


def _today_rows() -> list[tuple]:
    """(fid, nation, cons_attn, cons_stat, cons_last, cons_open, cons_due, cons_todo) of the
    run against `today_register`, as ISO text: the Naskapi flag (grew) first."""
    today = dt.date.today()
    return [
        (
            1,
            NASKAPI,
            "overlap_grew",
            "notified",
            (today - dt.timedelta(days=10)).isoformat(),
            0,
            None,
            None,
        ),
        (
            2,
            INNU,
            None,
            "in_discussion",
            today.isoformat(),
            1,
            "2027-01-15",
            "Map, then a visit (due 2027-01-15)",
        ),
    ]


def _read(path: str) -> list[tuple]:
    """(fid order) the rows of any OGR file through QGIS, dates and NULLs as ISO text / None."""
    layer = QgsVectorLayer(path, "flags", "ogr")
    assert layer.isValid(), path
    rows = []
    for index, feature in enumerate(layer.getFeatures(), start=1):
        values = []
        for name in CONS:
            value = feature[name]
            if value == NULL or value is None:
                value = None
            elif isinstance(value, QDate):
                value = value.toString("yyyy-MM-dd")
            values.append(value)
        rows.append((index, feature["nation"], *values))
    return rows


@pytest.mark.parametrize("suffix", [".gpkg", ".shp", ".geojson"])
def test_processing_flags_output_in_every_format(
    layers, today_register, plugin_provider, tmp_path, suffix
):
    import processing

    target = tmp_path / f"flags{suffix}"
    processing.run(
        "imperial_land:overlapreport",
        {
            "PARCELS": layers["parcels"],
            "TERRITORIES": layers["territories"],
            "CONSULTATION_REGISTER": str(today_register),
            "FLAGS": str(target),
        },
    )
    fields = QgsVectorLayer(str(target), "flags", "ogr").fields().names()
    assert fields[-6:] == CONS  # every name within the shapefile's 10 characters
    if suffix == ".shp":  # (the two pair columns that do not fit, as docs/overlap-report.md says)
        assert fields[17:19] == ["share_a_pc", "share_b_pc"]
    assert _read(str(target)) == _today_rows()


def test_dock_task_links_the_users_register(layers, today_register, tmp_path):
    settings.set_value("register/path", str(today_register))
    try:
        paths = ReportPaths(flags_gpkg=tmp_path / "out" / "flags.gpkg")
        layers = {"claims": None, "aoi": None, **layers}
        result, staged = run_and_stage(layers, OverlapOptions(), False, paths)
        assert staged.commit() == [paths.flags_gpkg]
    finally:
        settings.reset("register/path")
    assert [(p.nation, p.a.key) for p in result.pairs] == [(NASKAPI, LOT), (INNU, LOT)]
    stored = [row[:1] + row[2:] for row in _stored(paths.flags_gpkg, "overlap_flags")]
    assert stored == _today_rows()


def test_a_bad_register_is_refused_and_nothing_is_written(layers, plugin_provider, tmp_path):
    import processing

    (tmp_path / "notes.gpkg").write_text("not a GeoPackage", encoding="utf-8")
    for register, message in [
        (
            str(tmp_path / "missing.gpkg"),
            f"'{tmp_path / 'missing.gpkg'}' holds no claim register with consultation records.",
        ),
        (
            str(tmp_path / "notes.gpkg"),
            f"'{tmp_path / 'notes.gpkg'}' holds no claim register with consultation records.",
        ),
        (
            "pg:no-such-connection/terres",
            "'pg:no-such-connection/terres' holds no claim register with consultation records.",
        ),
    ]:
        with pytest.raises(QgsProcessingException) as caught:
            processing.run(
                "imperial_land:overlapreport",
                {
                    "PARCELS": layers["parcels"],
                    "TERRITORIES": layers["territories"],
                    "CONSULTATION_REGISTER": register,
                    "FLAGS": str(tmp_path / "flags.gpkg"),
                    "CSV": str(tmp_path / "pairs.csv"),
                },
            )
        assert str(caught.value) == message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.gpkg"]
    assert (tmp_path / "notes.gpkg").read_text(encoding="utf-8") == "not a GeoPackage"
