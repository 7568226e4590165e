"""GESTIM sync against a real local HTTP server: first fill, changes, 304, failures, gone/back."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import shapely
from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.register.backend import WRITE_STEPS, Change
from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.core.sync.diff import assign_keys, assign_keys_by_holder
from imperial_land.core.sync.run import sync_register
from tests.support.gestim_builder import COMPANY, gestim_zip_bytes, sample_rows, title_row
from tests.support.register_helpers import dump

TODAY = dt.date(2026, 10, 1)


@pytest.fixture
def run_sync(tmp_path, gestim_server, fast_http, qgis_app):
    """sync_register against the local server into tmp_path/register.gpkg."""

    def run(**options):
        options.setdefault("holders", [COMPANY])
        options.setdefault("alert_days", 90)
        return sync_register(
            gestim_server.url,
            tmp_path / "register.gpkg",
            today=TODAY,
            cache_dir=tmp_path / "cache",
            http_options=fast_http,
            **options,
        )

    return run


def _claims(path: Path) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(
            "SELECT fid, reg_key, TIT_NO, DET_NO, DET_NOM, STI_CODE, TIT_DAT_EX, gone_date, "
            "last_run_id FROM claims ORDER BY fid"
        ).fetchall()
    finally:
        conn.close()


def _changed_rows() -> list[dict]:
    """The sample with: 2512345 suspended, 2512346's first holder renamed, 2512347 renewed,
    2512348 gone, 2512350 new."""
    rows = sample_rows()
    rows[0].update(STI_CODE="S", STI_DES_FR="Suspendu", STI_DES_AN="Suspended")
    rows[1].update(DET_NOM="Imperial Mining Group Ltd")
    rows[3].update(TIT_DAT_EX=dt.date(2028, 12, 1))
    del rows[4]
    rows.append(title_row(2512350, cell=(2, 0)))
    return rows


def test_assign_keys_numbers_the_rows_of_one_title_by_holder_then_cell():
    rows = [
        title_row(7, det_no=10, cell=(0, 0)),
        title_row(7, det_no=9, cell=(3, 0)),
        title_row(8, cell=(0, 0)),
        title_row(7, det_no=9, cell=(1, 0)),
        {"TIT_NO": None},
    ]
    for row in rows[:4]:
        row["geometry_wkb"] = row.pop("geometry").wkb
    assert assign_keys(rows) == ["7-3", "7-2", "8-1", "7-1", None]


def test_wfs_keys_match_holders_then_transfers_then_gone_rows_then_new_ordinals():
    existing = {"7-2": {"DET_NOM": "Beta"}, "8-1": {"DET_NOM": "Gamma"}}
    gone = {"7-1": {"DET_NOM": "Alpha"}, "9-1": {"DET_NOM": "Old"}, "11-1": {"DET_NOM": "Mu"}}
    titles = ["7", "7", "7", "8", "8", "9", "10", None]
    holders = ["Alpha", "Beta", "Delta", "Omega", "Gamma", "New", "New", "X"]
    assert assign_keys_by_holder(titles, holders, existing, gone) == [
        "7-1",  # Alpha's gone row of 7 comes back, not a new 7-3
        "7-2",  # same title and holder
        "7-3",  # past every row of 7, the gone one included
        "8-2",  # 8-1 is Gamma's: a second holder of 8 gets a new ordinal
        "8-1",
        "9-1",  # the gone title comes back under another holder (a transfer while gone)
        "10-1",
        None,
    ]
    # Only Alpha in the answer: its own gone row, not Beta's live one (Beta may be outside it).
    assert assign_keys_by_holder(["7"], ["Alpha"], existing, gone) == ["7-1"]
    # Another holder: the title's live row no source row matched (a transfer) before a gone one.
    assert assign_keys_by_holder(["7"], ["Zeta"], existing, gone) == ["7-2"]


def test_first_sync_fills_the_register(run_sync, tmp_path, gestim_server):
    report = run_sync()
    register = tmp_path / "register.gpkg"
    assert _claims(register) == [
        (
            1,
            "2512345-1",
            "2512345",
            "1",
            "Société minière du Nord ltée",
            "A",
            "2027-03-14",
            None,
            1,
        ),
        (2, "2512346-1", "2512346", "7", COMPANY, "A", "2027-03-14", None, 1),
        (3, "2512346-2", "2512346", "8", "Exploration Côte-Nord inc.", "A", "2027-03-14", None, 1),
        (4, "2512347-1", "2512347", "7", COMPANY, "R", "2026-12-01", None, 1),
        (5, "2512348-1", "2512348", "9", "Ressources Bédard-Légaré", "A", "2027-03-14", None, 1),
    ]
    assert report.outcome == "applied" and report.counts["new"] == 5 and report.n_rows == 5
    assert report.changed_titles == ["2512345", "2512346", "2512347", "2512348"]
    assert [(e.title, e.days_left) for e in report.expiring] == [("2512347", 61)]
    run = GpkgRegister(register).runs()[0]
    assert (run.etag, run.last_modified) == (gestim_server.etag, gestim_server.last_modified)
    assert run.source_date == dt.date(2026, 11, 23) and run.n_rows == 5
    layer = QgsVectorLayer(f"{register}|layername=claims", "claims", "ogr")
    assert layer.isValid() and layer.featureCount() == 5
    area = sum(f.geometry().area() for f in layer.getFeatures())
    assert area == pytest.approx(5 * (1 / 120) ** 2)


def test_second_sync_records_the_exact_changes(run_sync, tmp_path, gestim_server):
    run_sync()
    gestim_server.publish(gestim_zip_bytes(_changed_rows()), etag='"week2"')
    report = run_sync()
    assert report.run_id == 2
    assert GpkgRegister(tmp_path / "register.gpkg").changes(2) == [
        Change("2512350-1", "2512350", "", None, None, "new", 2),
        Change("2512345-1", "2512345", "STI_CODE", "A", "S", "status", 2),
        Change("2512345-1", "2512345", "STI_DES_FR", "Actif", "Suspendu", "status", 2),
        Change("2512345-1", "2512345", "STI_DES_AN", "Active", "Suspended", "status", 2),
        Change(
            "2512346-1", "2512346", "DET_NOM", COMPANY, "Imperial Mining Group Ltd", "holder", 2
        ),
        Change("2512347-1", "2512347", "TIT_DAT_EX", "2026-12-01", "2028-12-01", "expiry", 2),
        Change("2512348-1", "2512348", "gone_date", None, "2026-10-01", "gone", 2),
    ]
    assert {k: v for k, v in report.counts.items() if v} == {
        "new": 1,
        "status": 1,
        "holder": 1,
        "expiry": 1,
        "gone": 1,
    }
    assert [(s.title, s.old_status, s.new_status) for s in report.status_changes] == [
        ("2512345", "Actif", "Suspendu")
    ]
    assert report.changed_titles == ["2512345", "2512346", "2512347", "2512348", "2512350"]
    assert report.expiring == []  # 2512347 renewed; the renamed holder no longer matches
    rows = _claims(tmp_path / "register.gpkg")
    assert [(r[1], r[7], r[8]) for r in rows] == [
        ("2512345-1", None, 2),
        ("2512346-1", None, 2),
        ("2512346-2", None, 1),
        ("2512347-1", None, 2),
        ("2512348-1", "2026-10-01", 2),
        ("2512350-1", None, 2),
    ]


def test_unchanged_source_is_not_downloaded_and_says_so(run_sync, tmp_path, gestim_server):
    run_sync()
    before = _claims(tmp_path / "register.gpkg")
    report = run_sync()
    assert gestim_server.statuses() == [200, 304]
    assert gestim_server.log[1]["if_none_match"] == gestim_server.etag
    assert report.outcome == "not_modified" and report.counts["new"] == 0
    assert "nothing downloaded" in report.summary()
    assert _claims(tmp_path / "register.gpkg") == before
    runs = GpkgRegister(tmp_path / "register.gpkg").runs()
    assert [r.outcome for r in runs] == ["not_modified", "applied"]
    assert runs[0].source_date == dt.date(2026, 11, 23)


def test_same_data_in_a_new_file_changes_nothing(run_sync, tmp_path, gestim_server):
    run_sync()
    before = _claims(tmp_path / "register.gpkg")
    gestim_server.publish(gestim_zip_bytes(sample_rows()[::-1]), etag='"reordered"')
    report = run_sync()
    assert report.outcome == "no_changes" and not any(report.counts.values())
    assert report.summary().startswith("No changes")
    assert _claims(tmp_path / "register.gpkg") == before
    assert GpkgRegister(tmp_path / "register.gpkg").changes(report.run_id) == []


def test_gone_then_back_keeps_the_row_and_its_history(run_sync, tmp_path, gestim_server):
    run_sync()
    gestim_server.publish(gestim_zip_bytes(sample_rows()[:4]), etag='"w2"')
    assert run_sync().counts["gone"] == 1
    back = sample_rows()
    back[4].update(TIT_NB_REN=2)
    gestim_server.publish(gestim_zip_bytes(back), etag='"w3"')
    report = run_sync()
    assert {k: v for k, v in report.counts.items() if v} == {"back": 1, "other": 1}
    register = GpkgRegister(tmp_path / "register.gpkg")
    assert register.changes(3) == [
        Change("2512348-1", "2512348", "gone_date", "2026-10-01", None, "back", 3),
        Change("2512348-1", "2512348", "TIT_NB_REN", "1", "2", "other", 3),
    ]
    assert _claims(register.path)[4] == (
        5, "2512348-1", "2512348", "9", "Ressources Bédard-Légaré", "A", "2027-03-14", None, 3,
    )  # fmt: skip


def test_a_title_back_in_the_wfs_takes_its_gone_row(
    tmp_path, gestim_server, httpserver, fast_http, qgis_app
):
    from tests.support.gestim_fixtures import WfsServer, sample_wfs_features

    register = tmp_path / "register.gpkg"
    common = dict(today=TODAY, cache_dir=tmp_path / "cache", http_options=fast_http, holders=[])
    sync_register(gestim_server.url, register, **common)
    gestim_server.publish(gestim_zip_bytes(sample_rows()[:4]), etag='"w2"')
    assert sync_register(gestim_server.url, register, **common).counts["gone"] == 1
    wfs = WfsServer(httpserver, sample_wfs_features()[4:])  # 2512348 is published again
    report = sync_register(wfs.url, register, bbox_wgs84=(-67.1, 50.4, -66.9, 50.6), **common)
    assert {k: v for k, v in report.counts.items() if v} == {"back": 1}
    assert GpkgRegister(register).changes(report.run_id) == [
        Change("2512348-1", "2512348", "gone_date", "2026-10-01", None, "back", 3)
    ]
    assert _claims(register)[4][:3] == (5, "2512348-1", "2512348")  # its row, not a new one
    assert _claims(register)[4][7] is None and len(_claims(register)) == 5


def test_local_fields_survive_every_sync(run_sync, tmp_path, gestim_server):
    run_sync()
    path = tmp_path / "register.gpkg"
    layer = QgsVectorLayer(f"{path}|layername=claims", "claims", "ogr")
    assert layer.startEditing()
    fields = layer.fields()
    notes = {}
    for feature in layer.getFeatures():
        note = f"note {feature['reg_key']} é"
        notes[feature["reg_key"]] = (note, 2, "Crater Lake", "J. Tremblay")
        for name, value in zip(
            ["local_notes", "local_priority", "local_project", "local_contact"],
            notes[feature["reg_key"]],
        ):
            layer.changeAttributeValue(feature.id(), fields.indexOf(name), value)
    assert layer.commitChanges()
    del layer
    for etag, rows in (('"w2"', _changed_rows()), ('"w3"', sample_rows()), ('"w4"', [])):
        gestim_server.publish(gestim_zip_bytes(rows), etag=etag)
        run_sync()
        conn = sqlite3.connect(str(path))
        got = conn.execute(
            "SELECT reg_key, local_notes, local_priority, local_project, local_contact "
            "FROM claims WHERE reg_key IN ({})".format(",".join("?" * len(notes))),
            list(notes),
        ).fetchall()
        conn.close()
        assert {key: tuple(rest) for key, *rest in got} == notes
    assert sorted(GpkgRegister(path).read_values(["TIT_NO"])) == []  # all gone after an empty file


@pytest.mark.parametrize(
    "breakage, message",
    [
        ("404", "404"),
        ("truncated", "stopped early|incomplete"),
        ("corrupt", "not a valid zip file"),
        ("no_prj", ".prj"),
        ("no_tit_no", "TIT_NO"),
        ("bad_date", "Title 2512345: a value cannot be read"),
    ],
)
def test_bad_sources_leave_the_register_unchanged(
    run_sync, tmp_path, gestim_server, breakage, message
):
    run_sync()
    path = tmp_path / "register.gpkg"
    before = dump(path)
    rows = _changed_rows()
    if breakage == "404":
        gestim_server.publish(gestim_zip_bytes(rows), etag='"w2"')
        gestim_server.then(status=404)
    elif breakage == "truncated":
        gestim_server.publish(gestim_zip_bytes(rows), etag='"w2"')
        gestim_server.then(truncate_to=200, times=3)
    elif breakage == "corrupt":
        gestim_server.publish(gestim_zip_bytes(rows)[:-300], etag='"w2"')
    elif breakage == "no_prj":
        gestim_server.publish(gestim_zip_bytes(rows, prj=False), etag='"w2"')
    elif breakage == "bad_date":
        rows[0]["TIT_DAT_EX"] = "20271345"  # month 13
        gestim_server.publish(gestim_zip_bytes(rows), etag='"w2"')
    else:
        gestim_server.publish(gestim_zip_bytes(rows, drop_fields=["TIT_NO"]), etag='"w2"')
    with pytest.raises(UserError, match=message) as caught:
        run_sync()
    assert str(caught.value).strip()
    assert dump(path) == before


def test_a_failed_first_sync_creates_no_register(run_sync, tmp_path, gestim_server):
    gestim_server.then(status=404)
    with pytest.raises(UserError, match=r"not found on the server \(HTTP 404\)"):
        run_sync()
    assert not (tmp_path / "register.gpkg").exists()


@pytest.mark.parametrize("step", WRITE_STEPS)
def test_sync_killed_at_any_write_step_leaves_the_register_unchanged(
    run_sync, tmp_path, gestim_server, step
):
    run_sync()
    path = tmp_path / "register.gpkg"
    before = dump(path)
    gestim_server.publish(gestim_zip_bytes(_changed_rows()), etag='"w2"')
    register = GpkgRegister(path)

    def kill(name: str) -> None:
        if name == step:
            raise RuntimeError("power cut")

    register.step_hook = kill
    with pytest.raises(RuntimeError, match="power cut"):
        sync_register(
            gestim_server.url, register, today=TODAY, cache_dir=tmp_path / "cache",
            http_options=None, holders=[],
        )  # fmt: skip
    register.close()
    assert dump(path) == before
    report = run_sync()  # the next sync downloads again and applies everything
    assert report.counts["new"] == 1 and report.counts["gone"] == 1


def test_cancel_while_reading_leaves_the_register_unchanged(run_sync, tmp_path, gestim_server):
    run_sync()
    path = tmp_path / "register.gpkg"
    before = dump(path)
    gestim_server.publish(gestim_zip_bytes(_changed_rows()), etag='"w2"')
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(Cancelled):
        run_sync(feedback=feedback)
    assert dump(path) == before


def test_expiry_alert_csv(run_sync, tmp_path, gestim_server):
    rows = sample_rows()
    rows.append(title_row(2512351, holder="IMPERIAL  mining group ltd.", det_no=7, cell=(3, 3),
                          expires=dt.date(2026, 10, 1)))  # fmt: skip
    rows.append(title_row(2512352, holder=COMPANY, det_no=7, cell=(4, 4),
                          expires=dt.date(2026, 9, 30)))  # fmt: skip
    gestim_server.publish(gestim_zip_bytes(rows))
    report = run_sync(alert_csv=tmp_path / "out" / "alert.csv", alert_days=61)
    with (tmp_path / "out" / "alert.csv").open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines == [
        ["Title", "Row key", "Holder", "Status", "Expiry", "Days left"],
        ["2512351", "2512351-1", "IMPERIAL  mining group ltd.", "Actif", "2026-10-01", "0"],
        ["2512347", "2512347-1", COMPANY, "En attente de renouvellement", "2026-12-01", "61"],
    ]
    assert report.alert_csv == tmp_path / "out" / "alert.csv"
    assert len(run_sync(alert_days=60).expiring) == 1


def test_the_reader_gives_exactly_the_hand_built_rows(tmp_path, qgis_app):
    from imperial_land.core.gestim.reader import read_gestim_zip
    from tests.support.gestim_builder import GESTIM_SCHEMA, build_gestim_zip, cell_polygon

    rows = sample_rows()
    two_cells = cell_polygon(3, 3, cells=2).union(cell_polygon(6, 6))
    rows.append(title_row(2512370, holder="Mines Ôté & Fils", geometry=two_cells))
    rows.append(title_row(2512371, DET_NOM="", FEU_NO="  ", cell=(8, 8)))
    rows.append(title_row(2512372, cell=(9, 9)))
    rows[-1]["geometry"] = None
    batch = read_gestim_zip(build_gestim_zip(tmp_path / "t.zip", rows))
    assert (batch.fields, batch.crs_authid, batch.n_rows) == (list(GESTIM_SCHEMA), "EPSG:4269", 8)
    expected = [{name: row[name] for name in GESTIM_SCHEMA} for row in rows]
    expected[6].update(DET_NOM=None, FEU_NO=None)  # blank text is NULL
    got = batch.rows
    assert [{k: v for k, v in row.items() if k != "geometry_wkb"} for row in got] == expected
    assert expected[5]["DET_NOM"] == "Mines Ôté & Fils" and expected[0]["TIT_NO"] == "2512345"
    assert [type(got[0][k]) for k in ("TIT_NO", "TIT_DAT_EX", "TIT_NB_REN", "TIT_SUPRF")] == [
        str, dt.date, int, float
    ]  # fmt: skip
    assert got[7]["geometry_wkb"] is None
    shapes = [shapely.from_wkb(row["geometry_wkb"]) for row in got[:7]]
    assert all(s.equals(row["geometry"]) for s, row in zip(shapes, rows[:7]))
    assert shapes[5].geom_type == "MultiPolygon" and len(shapes[5].geoms) == 2
    assert batch.columns["TIT_NO"] == [r["TIT_NO"] for r in rows]


def test_area_sync_from_the_wfs_updates_only_its_fields_and_marks_nothing_gone(
    tmp_path, gestim_server, httpserver, fast_http, qgis_app
):
    from tests.support.gestim_builder import wfs_feature
    from tests.support.gestim_fixtures import WfsServer, sample_wfs_features

    register = tmp_path / "register.gpkg"
    common = dict(today=TODAY, cache_dir=tmp_path / "cache", http_options=fast_http, holders=[])
    sync_register(gestim_server.url, register, **common)
    features = sample_wfs_features()[:3]  # 2512345 and both holders of 2512346
    rows = sample_rows()
    features[0] = wfs_feature(
        rows[0]["TIT_NO"], "Nouveau Titulaire inc.", rows[0]["geometry"], fid="Actifs.1",
        TIT_DAT_EX=rows[0]["TIT_DAT_EX"].isoformat(), STI_DES_FR="Actif",
    )  # fmt: skip
    wfs = WfsServer(httpserver, features)
    report = sync_register(wfs.url, register, bbox_wgs84=(-67.1, 50.4, -66.9, 50.6), **common)
    assert {k: v for k, v in report.counts.items() if v} == {"holder": 1}
    assert GpkgRegister(register).changes(report.run_id) == [
        Change(
            "2512345-1", "2512345", "DET_NOM", "Société minière du Nord ltée",
            "Nouveau Titulaire inc.", "holder", 2,
        )
    ]  # fmt: skip
    claims = _claims(register)
    assert [c[7] for c in claims] == [None] * 5  # nothing gone outside the answer
    assert claims[0][3] == "1"  # DET_NO, absent from the WFS, kept


def test_a_moved_cell_is_a_geometry_change_with_both_shapes(run_sync, tmp_path, gestim_server):
    run_sync()
    rows = sample_rows()
    rows[4]["geometry"] = title_row(1, cell=(1, 2))["geometry"]
    rows[4]["TIT_SUPRF"] = 52.5
    gestim_server.publish(gestim_zip_bytes(rows), etag='"moved"')
    report = run_sync()
    changes = GpkgRegister(tmp_path / "register.gpkg").changes(report.run_id)
    assert [(c.key, c.field, c.kind) for c in changes] == [
        ("2512348-1", "TIT_SUPRF", "area"),
        ("2512348-1", "geometry", "geometry"),
    ]
    assert changes[0].old_value == "52.87" and changes[0].new_value == "52.5"
    assert changes[1].old_value == (
        "MULTIPOLYGON (((-66.9833333 50.5083333, -66.9916667 50.5083333, -66.9916667 50.5166667, "
        "-66.9833333 50.5166667, -66.9833333 50.5083333)))"
    )
    assert changes[1].new_value == (
        "MULTIPOLYGON (((-66.9833333 50.5166667, -66.9916667 50.5166667, -66.9916667 50.525, "
        "-66.9833333 50.525, -66.9833333 50.5166667)))"
    )


@pytest.mark.parametrize("target", ["folder", "under_a_file"])
def test_unwritable_alert_csv_stops_before_the_register_changes(
    run_sync, tmp_path, gestim_server, target
):
    run_sync()
    path = tmp_path / "register.gpkg"
    before = dump(path)
    gestim_server.publish(gestim_zip_bytes(_changed_rows()), etag='"w2"')
    blocker = tmp_path / "not_a_folder.txt"
    blocker.write_text("x", encoding="utf-8")
    alert = tmp_path if target == "folder" else blocker / "alert.csv"
    with pytest.raises(UserError) as caught:
        run_sync(alert_csv=alert)
    assert str(caught.value) == (
        f"The expiry alert cannot be written to '{alert}': not a writable file path"
    )
    assert dump(path) == before
    # The same week's file then applies normally.
    assert run_sync(alert_csv=tmp_path / "alert.csv").outcome == "applied"
    assert dump(path) != before


# --- the WFS as GeoServer publishes it (issue 15) -----------------------------------------------

AREA = (-67.1, 50.4, -66.9, 50.6)


def _province_then_wfs(tmp_path, gestim_server, httpserver, fast_http, features, **wfs_options):
    from tests.support.gestim_fixtures import WfsServer

    register = tmp_path / "register.gpkg"
    common = dict(today=TODAY, cache_dir=tmp_path / "cache", http_options=fast_http, holders=[])
    sync_register(gestim_server.url, register, **common)
    wfs = WfsServer(httpserver, features)
    for name, value in wfs_options.items():
        setattr(wfs, name, value)
    return register, wfs, lambda: sync_register(wfs.url, register, bbox_wgs84=AREA, **common)


def _wfs_sample(multi_holder: bool = False) -> list[dict]:
    """The sample as SGM:Actifs publishes it: WFS names, 2512346's two holders in one
    TITULAIRE (when `multi_holder`), statuses under STATUT."""
    from tests.support.gestim_builder import wfs_feature

    rows = sample_rows()
    if multi_holder:
        rows[1]["DET_NOM"] = "Exploration Côte-Nord inc. ; Imperial Mining Group Ltd."
        del rows[2]
    return [
        wfs_feature(
            row["TIT_NO"], row["DET_NOM"], row["geometry"],
            DATE_EXPIRATION=row["TIT_DAT_EX"].isoformat(), STATUT=row["STI_DES_FR"],
        )
        for row in rows
    ]  # fmt: skip


def test_a_multi_holder_titulaire_is_no_holder_change(
    tmp_path, gestim_server, httpserver, fast_http, qgis_app
):
    register, _wfs, run = _province_then_wfs(
        tmp_path, gestim_server, httpserver, fast_http, _wfs_sample(multi_holder=True)
    )
    before = _claims(register)
    report = run()
    assert GpkgRegister(register).changes(report.run_id) == []
    assert report.outcome == "no_changes"
    assert {k: v for k, v in report.counts.items() if v} == {}
    assert _claims(register) == before
    assert report.wfs_updated == [
        "TIT_NO (NO_TITRE)", "DET_NOM (TITULAIRE)", "TIT_DAT_EX (DATE_EXPIRATION)",
        "STI_DES_FR (STATUT)",
    ]  # fmt: skip
    assert report.wfs_not_updated == [
        "TER_CODE", "TT_CODE", "TT_DES_FR", "TT_DES_AN", "STI_CODE", "STI_DES_AN", "TIT_DAT_EM",
        "TIT_NB_REN", "TIT_SUPRF", "DET_POURC", "DET_NO", "FEU_NO", "FEU_NO_NOM", "TIT_CRE_CU",
        "TIT_DR_REQ", "TIT_TR_REQ",
    ]  # fmt: skip
    assert report.summary().splitlines()[1:3] == [
        "Register fields this WFS sync updated: TIT_NO (NO_TITRE), DET_NOM (TITULAIRE), "
        "TIT_DAT_EX (DATE_EXPIRATION), STI_DES_FR (STATUT)",
        "Register fields this WFS sync cannot update (the WFS does not publish them; the "
        "province download does): " + ", ".join(report.wfs_not_updated),
    ]


def test_wfs_status_and_expiry_under_wfs_names_update_the_register(
    tmp_path, gestim_server, httpserver, fast_http, qgis_app
):
    features = _wfs_sample()
    features[0]["properties"].update(STATUT="Suspendu", DATE_EXPIRATION="2028-01-31")
    register, _wfs, run = _province_then_wfs(
        tmp_path, gestim_server, httpserver, fast_http, features
    )
    report = run()
    assert {k: v for k, v in report.counts.items() if v} == {"status": 1, "expiry": 1}
    assert GpkgRegister(register).changes(report.run_id) == [
        Change("2512345-1", "2512345", "STI_DES_FR", "Actif", "Suspendu", "status", 2),
        Change("2512345-1", "2512345", "TIT_DAT_EX", "2027-03-14", "2028-01-31", "expiry", 2),
    ]
    claims = _claims(register)
    assert claims[0] == (
        1,
        "2512345-1",
        "2512345",
        "1",
        "Société minière du Nord ltée",
        "A",
        "2028-01-31",
        None,
        2,
    )
    assert [c[1] for c in claims] == [
        "2512345-1",
        "2512346-1",
        "2512346-2",
        "2512347-1",
        "2512348-1",
    ]  # no row added by the WFS's made-up ids or the tile edges


def test_every_tile_empty_over_known_titles_is_an_axis_order_error(
    tmp_path, gestim_server, httpserver, fast_http, qgis_app
):
    register, wfs, run = _province_then_wfs(
        tmp_path, gestim_server, httpserver, fast_http, _wfs_sample(), swap_axes="bbox"
    )
    before = dump(register)
    with pytest.raises(UserError) as error:
        run()
    assert str(error.value) == (
        f"The WFS at {wfs.url} returned no title at all for the area {AREA}, where the register "
        "holds 5 live rows: the server most likely reads the area's longitude and latitude in "
        "the other order. Nothing was written; check the WFS address and its axis order "
        "(bbox=minlon,minlat,maxlon,maxlat,EPSG:4326)."
    )
    assert dump(register) == before


def test_wfs_features_outside_their_tile_leave_the_register_unchanged(
    tmp_path, gestim_server, httpserver, fast_http, qgis_app
):
    register, _wfs, run = _province_then_wfs(
        tmp_path, gestim_server, httpserver, fast_http, _wfs_sample(), swap_axes="coordinates"
    )
    before = dump(register)
    with pytest.raises(UserError, match="returned features outside the requested area"):
        run()
    assert dump(register) == before


def test_a_publisher_switching_to_utf8_with_a_cpg_changes_nothing(
    run_sync, tmp_path, gestim_server
):
    run_sync()
    before = _claims(tmp_path / "register.gpkg")
    gestim_server.publish(
        gestim_zip_bytes(sample_rows(), encoding="utf-8", cpg=True), etag='"utf8"'
    )
    report = run_sync()
    assert report.outcome == "no_changes"
    assert _claims(tmp_path / "register.gpkg") == before
    assert before[0][4] == "Société minière du Nord ltée"


@pytest.mark.parametrize(
    "options, message",
    [
        (
            {"encoding": "utf-8", "ldid": 0},
            "look wrongly decoded: TT_DES_FR holds 'Claim dÃ©signÃ© sur carte' (UTF-8 read as "
            "cp1252)",
        ),
        (
            {"cpg_text": "UTF-8"},
            "are not utf-8 ('Claim d\xe9sign\xe9 sur carte' cannot be read that way)",
        ),
    ],
    ids=["utf8-without-cpg", "wrong-cpg"],
)
def test_mis_encoded_files_are_refused_and_the_register_is_unchanged(
    run_sync, tmp_path, gestim_server, options, message
):
    run_sync()
    before = dump(tmp_path / "register.gpkg")
    gestim_server.publish(gestim_zip_bytes(sample_rows(), **options), etag='"bad"')
    with pytest.raises(UserError) as error:
        run_sync()
    assert message in str(error.value)
    assert str(error.value).startswith("The texts of TITRES_ACTIFS_ACTIVE_TITLES.zip ")
    assert dump(tmp_path / "register.gpkg") == before


def test_the_expiry_alert_counts_suspended_and_pending_titles_as_live(
    run_sync, tmp_path, gestim_server
):
    rows = sample_rows()  # 2512347: the company's, renewal pending, expires 2026-12-01
    rows.append(title_row(2512353, holder=COMPANY, det_no=7, cell=(3, 3), status="S",
                          expires=dt.date(2026, 11, 1)))  # fmt: skip
    rows.append(title_row(2512354, holder=COMPANY, det_no=7, cell=(4, 4), status="V",
                          STI_DES_FR="Révoqué", expires=dt.date(2026, 10, 15)))  # fmt: skip
    gestim_server.publish(gestim_zip_bytes(rows))
    report = run_sync()
    assert [(e.title, e.status, e.days_left) for e in report.expiring] == [
        ("2512353", "Suspendu", 31),
        ("2512347", "En attente de renouvellement", 61),
    ]  # the revoked title is no longer held: no alert


def test_a_multi_holder_titulaire_with_a_new_holder_is_one_transfer(
    tmp_path, gestim_server, httpserver, fast_http, qgis_app
):
    features = _wfs_sample(multi_holder=True)
    features[1]["properties"]["TITULAIRE"] = "Exploration Côte-Nord inc. ; Nouveau Titulaire inc."
    register, _wfs, run = _province_then_wfs(
        tmp_path, gestim_server, httpserver, fast_http, features
    )
    report = run()
    assert {k: v for k, v in report.counts.items() if v} == {"holder": 1}
    assert GpkgRegister(register).changes(report.run_id) == [
        Change("2512346-1", "2512346", "DET_NOM", COMPANY, "Nouveau Titulaire inc.", "holder", 2)
    ]  # the holder still there keeps its row; the new one takes the row of the one who left
    assert [c[1:5] for c in _claims(register)[1:3]] == [
        ("2512346-1", "2512346", "7", "Nouveau Titulaire inc."),
        ("2512346-2", "2512346", "8", "Exploration Côte-Nord inc."),
    ]


def test_a_title_straddling_two_wfs_tiles_is_one_new_register_row(
    tmp_path, gestim_server, httpserver, fast_http, qgis_app
):
    from shapely.geometry import box

    from tests.support.gestim_builder import wfs_feature

    features = _wfs_sample()
    features.append(
        wfs_feature("2512360", COMPANY, box(-66.62, 50.5, -66.58, 50.52), STATUT="Actif",
                    DATE_EXPIRATION="2029-05-01")
    )  # fmt: skip  # across the edge at -66.6 between the first two 0.5-degree tiles
    register, wfs, _run = _province_then_wfs(
        tmp_path, gestim_server, httpserver, fast_http, features
    )
    common = dict(today=TODAY, cache_dir=tmp_path / "cache", http_options=fast_http, holders=[])
    report = sync_register(wfs.url, register, bbox_wgs84=(-67.1, 50.4, -66.0, 50.6), **common)
    assert len(wfs.requests) == 3  # the title came back from the first two, under new ids
    assert {k: v for k, v in report.counts.items() if v} == {"new": 1}
    assert _claims(register)[5] == (
        6,
        "2512360-1",
        "2512360",
        None,
        COMPANY,
        None,
        "2029-05-01",
        None,
        2,
    )
    assert len(_claims(register)) == 6
