"""The overlap report: HTML, CSV and PDF from a hand-built result whose figures are known."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from osgeo import ogr
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.common.i18n import install_translator, remove_translator
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.results import OverlapResult
from imperial_land.core.report.html import report_html
from imperial_land.core.report.model import nation_summary
from imperial_land.core.report.staged import ReportPaths, write_report
from tests.support.feedback import RecordingFeedback
from tests.support.report_cases import (
    COMPANY,
    INNU,
    LOT,
    NASKAPI,
    THIRD_HOLDER,
    hand_result,
    layers_for_map,
)
from tests.support.report_reading import csv_rows, gpkg_rows, html_tables, pdf_pages, pdf_text

CSV_HEADER = [
    "Pair", "Relation", "Flag", "Nation", "Side A", "A feature id", "A key", "A name", "Side B",
    "B feature id", "B key", "B name", "Title holder", "Title status", "Title expiry", "Lot",
    "Overlap (ha)", "Share of A (%)", "Share of B (%)", "Distance (m)",
    "Needs attention", "Consultation status", "Last contact", "Open commitments",
]  # fmt: skip
T1 = ["Territory", "1", "Nitassinan", "Nitassinan"]
T2 = ["Territory", "2", "Naskapi territory", "Naskapi territory"]
C1 = ["Claim", "11", "2512345", ""]
C2 = ["Claim", "12", "2512346", ""]
C3 = ["Claim", "13", "2512347", ""]
P1 = ["Parcel", "7", LOT, ""]
C1_TITLE = [THIRD_HOLDER, "Actif", "2027-03-14"]
C2_TITLE = [COMPANY, "Actif", "2028-01-02"]
CSV_ROWS = [
    ["Claim × territory", "Within", "Consultation", INNU, *C1, *T1, *C1_TITLE, "",
     "25.0000", "100.0000", "0.2500", ""],
    ["Claim × territory", "Within", "Consultation", NASKAPI, *C1, *T2, *C1_TITLE, "",
     "25.0000", "100.0000", "0.2500", ""],
    ["Claim × territory", "Within", "Consultation", INNU, *C2, *T1, *C2_TITLE, "",
     "25.0000", "100.0000", "0.2500", ""],
    ["Claim × territory", "Within distance", "Consultation", NASKAPI, *C3, *T2,
     COMPANY, "Suspendu", "", "", "0.0000", "0.0000", "0.0000", "300.0000"],
    ["Parcel × territory", "Within", "Consultation", INNU, *P1, *T1, "", "", "", LOT,
     "400.0000", "100.0000", "4.0000", ""],
    ["Parcel × territory", "Overlaps", "Consultation", NASKAPI, *P1, *T2, "", "", "", LOT,
     "100.0000", "25.0000", "1.0000", ""],
    ["Parcel × claim", "Contains", "Third-party title", "", *P1, *C1, *C1_TITLE, LOT,
     "25.0000", "6.2500", "100.0000", ""],
    ["Parcel × claim", "Overlaps", "Company title", "", *P1, *C2, *C2_TITLE, LOT,
     "10.0000", "2.5000", "40.0000", ""],
]  # fmt: skip


@pytest.fixture
def result() -> OverlapResult:
    return hand_result()


def _paths(folder: Path) -> ReportPaths:
    return ReportPaths(
        html=folder / "report.html",
        csv=folder / "report.csv",
        pdf=folder / "report.pdf",
        flags_gpkg=folder / "flags.gpkg",
    )


def test_csv_has_one_row_per_pair_with_bom(qgis_app, result, tmp_path):
    written = write_report(result, ReportPaths(csv=tmp_path / "pairs.csv"))
    assert written == [tmp_path / "pairs.csv"]
    rows = csv_rows(tmp_path / "pairs.csv")
    assert rows[0] == CSV_HEADER
    assert rows[1:] == [[*row, "", "", "", ""] for row in CSV_ROWS]  # no register: empty


def test_nation_summary_sums_by_hand(result):
    got = [(s.nation, s.role, s.touched, s.near_only, s.overlap_ha) for s in nation_summary(result)]
    assert got == [
        (INNU, "parcels", 1, 0, 400.0),
        (INNU, "claims", 2, 0, 50.0),  # C1 25 ha + C2 25 ha
        (NASKAPI, "parcels", 1, 0, 100.0),
        (NASKAPI, "claims", 2, 1, 25.0),  # C1 25 ha, C3 only within 500 m
    ]


def test_html_tables_match_the_pairs(qgis_app, result):
    text = report_html(result)
    tables = html_tables(text)
    assert tables["nations"] == [
        ["Nation", "Feature type", "Features touched", "Of which within distance only",
         "Overlap (ha)"],
        [INNU, "Parcel", "1", "0", "400.00"],
        [INNU, "Claim", "2", "0", "50.00"],
        [NASKAPI, "Parcel", "1", "0", "100.00"],
        [NASKAPI, "Claim", "2", "1", "25.00"],
    ]  # fmt: skip
    assert tables["sites"][1:] == [[f"Parcel {LOT}", "400.00", f"{INNU}, {NASKAPI}", "2", "1"]]
    assert tables["site_titles"][1:] == [
        [f"Parcel {LOT}", "2512345", *C1_TITLE, "25.00", "6.2", "Third-party title"],
        [f"Parcel {LOT}", "2512346", *C2_TITLE, "10.00", "2.5", "Company title"],
    ]
    flagged = tables["flagged"]
    assert flagged[0][:6] == ["Pair", "Relation", "Flag", "Nation", "A key", "B key"]
    # Seven flagged pairs, in the result's order: (A key, B key, overlap, flag).
    assert [(row[4], row[5], row[9], row[2]) for row in flagged[1:]] == [
        ("2512345", "Nitassinan", "25.00", "Consultation"),
        ("2512345", "Naskapi territory", "25.00", "Consultation"),
        ("2512346", "Nitassinan", "25.00", "Consultation"),
        ("2512347", "Naskapi territory", "0.00", "Consultation"),
        (LOT, "Nitassinan", "400.00", "Consultation"),
        (LOT, "Naskapi territory", "100.00", "Consultation"),
        (LOT, "2512345", "25.00", "Third-party title"),
    ]
    assert flagged[4][12] == "300"  # distance of the near claim
    assert [(row[4], row[5], row[2]) for row in tables["other_pairs"][1:]] == [
        (LOT, "2512346", "Company title")
    ]
    assert tables["issues"][1:] == [
        ["Territory", "3", "Bow-tie", "Repaired", "Self-intersection"],
        ["Claim", "14", "2512348", "Skipped", "No geometry"],
    ]
    assert tables["inputs"][1] == [
        "Claim", "claims", "/data/claims.gpkg|layername=claims", "EPSG:4269", "5", "2026-11-23"
    ]  # fmt: skip
    settings = dict(tables["settings"][1:])
    assert settings["Sliver overlaps dropped"] == "2"
    assert settings["Sliver threshold (ha)"] == "0.0100"
    assert [row[0] for row in tables["contact"][1:]] == [INNU, NASKAPI]


def test_html_escapes_every_value(qgis_app, result):
    text = report_html(result)
    assert "<Tierce>" not in text
    assert "Société Minière &lt;Tierce&gt; &amp; fils" in text
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text and "http" not in text  # self-contained


def test_all_outputs_and_pdf_text(qgis_app, result, tmp_path):
    paths = _paths(tmp_path)
    written = write_report(result, paths, layers_for_map())
    assert sorted(written) == sorted(paths.targets())
    assert pdf_pages(paths.pdf) >= 2
    text = pdf_text(paths.pdf)
    for expected in (LOT, INNU, NASKAPI, "2512345", "2512347", "Summary per Nation", "Legend"):
        assert expected in text
    assert "Flagged pairs" in text and "Record of contact" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_pdf_alone_leaves_only_the_pdf(qgis_app, result, tmp_path):
    assert write_report(result, ReportPaths(pdf=tmp_path / "r.pdf")) == [tmp_path / "r.pdf"]
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]
    assert pdf_pages(tmp_path / "r.pdf") >= 2


def test_french_labels_under_the_french_translator(qgis_app, result, tmp_path):
    assert install_translator("fr") == "fr"
    try:
        write_report(result, ReportPaths(html=tmp_path / "r.html", csv=tmp_path / "r.csv"))
    finally:
        remove_translator()
    tables = html_tables((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert tables["nations"][0][0] == "Nation"
    assert tables["nations"][0][2] == "Entités touchées"
    assert tables["nations"][1] == [INNU, "Lot", "1", "0", "400,00"]
    rows = csv_rows(tmp_path / "r.csv")
    assert rows[0][:3] == ["Paire", "Relation", "Signalement"]
    assert rows[1][:3] == ["Titre × territoire", "À l'intérieur", "Consultation"]
    assert rows[7][2] == "Titre de tiers"


def test_empty_result_still_reports(qgis_app, tmp_path):
    empty = OverlapResult([], [], [], "EPSG:32198", created=dt.datetime(2026, 11, 25))
    paths = ReportPaths(html=tmp_path / "e.html", csv=tmp_path / "e.csv", pdf=tmp_path / "e.pdf")
    write_report(empty, paths)
    assert csv_rows(paths.csv) == [CSV_HEADER]
    text = paths.html.read_text(encoding="utf-8")
    assert "No flagged pair." in text and "Every geometry was valid." in text
    assert pdf_pages(paths.pdf) >= 2


class _CancelAt(QgsProcessingFeedback):
    """Cancels itself once progress reaches `at` percent."""

    def __init__(self, at: float) -> None:
        super().__init__()
        self.progressChanged.connect(lambda value: value >= at and self.cancel())


@pytest.mark.parametrize("at", [0.0, 30.0, 70.0])
def test_cancelled_run_leaves_no_output(qgis_app, result, tmp_path, at):
    paths = _paths(tmp_path)
    paths.html.write_text("previous report", encoding="utf-8")
    feedback = _CancelAt(at)
    if at == 0.0:
        feedback.cancel()
    with pytest.raises(Cancelled):
        write_report(result, paths, layers_for_map(), feedback=feedback)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    assert paths.html.read_text(encoding="utf-8") == "previous report"


def test_what_a_killed_run_left_beside_the_report_goes_at_the_next_run(qgis_app, result, tmp_path):
    """A QGIS killed while building the report leaves its hidden folder (a province's is ~270
    MB); the next report in that folder removes it once it is an hour old."""
    import os
    import time

    from imperial_land.core.common.partial import STALE_S

    left = tmp_path / ".imperial-report-killed"
    left.mkdir()
    (left / "pairs.csv").write_text("half a report", encoding="utf-8")
    then = time.time() - STALE_S - 60
    for path in (left / "pairs.csv", left):
        os.utime(path, (then, then))
    write_report(result, ReportPaths(csv=tmp_path / "pairs.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv"]


def test_same_file_twice_is_refused(qgis_app, result, tmp_path):
    paths = ReportPaths(html=tmp_path / "same.out", csv=tmp_path / "same.out")
    with pytest.raises(UserError, match="same file"):
        write_report(result, paths)
    assert list(tmp_path.iterdir()) == []


def test_flags_file_must_be_geopackage(qgis_app, result, tmp_path):
    paths = ReportPaths(html=tmp_path / "r.html", flags_gpkg=tmp_path / "flags.shp")
    with pytest.raises(UserError, match=r"must be a GeoPackage \(\.gpkg\)"):
        write_report(result, paths)
    assert list(tmp_path.iterdir()) == []


def test_folder_as_output_is_refused(qgis_app, result, tmp_path):
    (tmp_path / "out.csv").mkdir()
    with pytest.raises(UserError, match="is a folder") as caught:
        write_report(result, ReportPaths(csv=tmp_path / "out.csv", html=tmp_path / "r.html"))
    assert str(caught.value) == f"'{tmp_path / 'out.csv'}' is a folder; choose a file name."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_existing_flags_geopackage_keeps_its_other_layers(qgis_app, result, tmp_path):
    flags = tmp_path / "flags.gpkg"
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(flags))
    notes = dataset.CreateLayer("notes", geom_type=ogr.wkbNone)
    notes.CreateField(ogr.FieldDefn("body", ogr.OFTString))
    note = ogr.Feature(notes.GetLayerDefn())
    note.SetField("body", "kept")
    notes.CreateFeature(note)
    del note, notes, dataset  # close the file
    written = write_report(result, ReportPaths(flags_gpkg=flags, flags_layer_name="pairs"))
    assert written == [flags]
    with closing(sqlite3.connect(str(flags))) as db:
        assert db.execute("SELECT body FROM notes").fetchall() == [("kept",)]
        kinds = db.execute("SELECT kind FROM pairs ORDER BY fid").fetchall()
    assert [k for (k,) in kinds] == [r.CLAIM_TERRITORY] * 4 + [r.PARCEL_TERRITORY] * 2 + [
        r.PARCEL_CLAIM
    ] * 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flags.gpkg"]


def test_html_and_pdf_share_one_build_of_the_tables(qgis_app, result, tmp_path, monkeypatch):
    """The report's tables are built once for the HTML and the PDF (1.2 s each at province
    scale); the HTML holds every table's rows, the PDF the same text as one built alone."""
    from imperial_land.core.report import model, staged

    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return model.report_tables(*args, **kwargs)

    monkeypatch.setattr(staged, "report_tables", counted)
    paths = ReportPaths(html=tmp_path / "r.html", pdf=tmp_path / "r.pdf")
    write_report(result, paths, layers_for_map())
    assert len(calls) == 1
    html = html_tables(paths.html.read_text(encoding="utf-8"))
    for table in model.report_tables(result):
        for row in table.rows:
            assert row in html[table.key]
    monkeypatch.undo()
    alone = ReportPaths(pdf=tmp_path / "alone" / "r.pdf")
    write_report(result, alone, layers_for_map())
    assert pdf_text(paths.pdf) == pdf_text(alone.pdf)


FLAGS_LAYER = "overlap_flags"  # ReportPaths' default


def test_flags_html_and_csv_written_while_the_pdf_exports(qgis_app, result, tmp_path, monkeypatch):
    """With a PDF (Processing), the flags layer, HTML and CSV are written on a thread during
    the layout's export (QGIS renders without the GIL; the map draws its own table of the pairs
    it shows), and are the same files as those written without a PDF."""
    import threading

    from imperial_land.core.report import staged

    threads = []

    def recorded(write):
        def call(*args, **kwargs):
            threads.append((write.__name__, threading.current_thread().name))
            return write(*args, **kwargs)

        return call

    monkeypatch.setattr(staged, "write_styled_flags", recorded(staged.write_styled_flags))
    monkeypatch.setattr(staged, "write_report_csv", recorded(staged.write_report_csv))
    with_pdf = _paths(tmp_path / "with")
    write_report(result, with_pdf, layers_for_map())
    alone = ReportPaths(
        html=tmp_path / "alone" / "r.html",
        csv=tmp_path / "alone" / "r.csv",
        flags_gpkg=tmp_path / "alone" / "f.gpkg",
    )
    write_report(result, alone)
    assert threads == [
        ("write_styled_flags", "imperial-text_0"),
        ("write_report_csv", "imperial-text_0"),
        ("write_styled_flags", "MainThread"),
        ("write_report_csv", "MainThread"),
    ]
    assert with_pdf.csv.read_bytes() == alone.csv.read_bytes()
    assert with_pdf.html.read_text(encoding="utf-8") == alone.html.read_text(encoding="utf-8")
    rows = gpkg_rows(with_pdf.flags_gpkg, FLAGS_LAYER)
    assert len(rows) == 8 and rows == gpkg_rows(alone.flags_gpkg, FLAGS_LAYER)
    assert sorted(p.name for p in (tmp_path / "with").iterdir()) == [
        "flags.gpkg", "report.csv", "report.html", "report.pdf"
    ]  # fmt: skip


@pytest.mark.parametrize("failing", ["write_styled_flags", "write_report_csv"])
def test_an_output_failing_beside_the_pdf_leaves_every_target(
    qgis_app, result, tmp_path, monkeypatch, failing
):
    from imperial_land.core.report import staged

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(staged, failing, full_disk)
    paths = _paths(tmp_path)
    paths.html.write_text("previous report", encoding="utf-8")
    with pytest.raises(OSError, match="No space left on device"):
        write_report(result, paths, layers_for_map())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    assert paths.html.read_text(encoding="utf-8") == "previous report"


def test_the_steps_say_what_is_written(qgis_app, result, tmp_path):
    without_pdf, with_pdf, pdf_alone = RecordingFeedback(), RecordingFeedback(), RecordingFeedback()
    write_report(result, ReportPaths(csv=tmp_path / "a.csv"), feedback=without_pdf)
    write_report(result, _paths(tmp_path / "all"), layers_for_map(), feedback=with_pdf)
    write_report(result, ReportPaths(pdf=tmp_path / "p.pdf"), feedback=pdf_alone)
    assert without_pdf.said == ["Writing the CSV report"]
    assert with_pdf.said == [
        "Building the report's tables", "Writing the PDF report and the other outputs"
    ]  # fmt: skip
    assert pdf_alone.said == ["Building the report's tables", "Writing the PDF report"]


def test_the_map_draws_its_own_table_of_the_pairs(qgis_app, result, tmp_path):
    """The PDF's map reads a table of the pairs it draws (here every pair: site scale), written
    before the flags layer, in the PDF's hidden folder, never moved into place."""
    from imperial_land.core.report.staged import MAP_FLAGS_LAYER, stage_report

    beside = stage_report(result, _paths(tmp_path), text_beside_pdf=True)
    try:
        assert beside.map_flags.parent == beside.built.pdf.parent
        assert not beside.built.flags_gpkg.exists()
        drawn = gpkg_rows(beside.map_flags, MAP_FLAGS_LAYER)
        beside.write_pdf(result, layers_for_map())
        assert drawn == gpkg_rows(beside.built.flags_gpkg, FLAGS_LAYER)
        beside.commit()
    finally:
        beside.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "flags.gpkg", "report.csv", "report.html", "report.pdf"
    ]  # fmt: skip


def test_the_dock_writes_flags_html_and_csv_in_its_task(qgis_app, result, tmp_path):
    """Staged for the dock (task thread, then the PDF on the main thread), the flags layer,
    HTML and CSV are written by the task, so the PDF's pause of the desktop is the PDF's alone;
    staged on the main thread (Processing), they wait for the PDF's export."""
    from imperial_land.core.report.staged import stage_report

    in_task = stage_report(result, _paths(tmp_path / "dock"))
    beside = stage_report(result, _paths(tmp_path / "processing"), text_beside_pdf=True)
    try:
        assert in_task.built.csv.is_file() and in_task.built.html.is_file()
        assert in_task.built.flags_gpkg.is_file()
        assert not beside.built.csv.exists() and not beside.built.html.exists()
        assert not beside.built.flags_gpkg.exists()
        beside.write_pdf(result, layers_for_map())
        assert beside.built.csv.read_bytes() == in_task.built.csv.read_bytes()
        in_task_rows = gpkg_rows(in_task.built.flags_gpkg, FLAGS_LAYER)
        assert gpkg_rows(beside.built.flags_gpkg, FLAGS_LAYER) == in_task_rows
        assert beside.built.pdf.is_file()
    finally:
        in_task.discard()
        beside.discard()
