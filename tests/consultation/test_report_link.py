"""The overlap report linked to the consultation register: per flag its status, last contact and
open commitments, the flags that need attention first, the record of contact filled."""

from __future__ import annotations

from pathlib import Path

import pytest

from imperial_land.core.consultation.attention import flag_sites
from imperial_land.core.consultation.report_link import attention_first, consultation_view
from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.core.report.staged import ReportPaths, write_report
from tests.support.consultation_cases import TODAY, contacted_register
from tests.support.report_cases import INNU, LOT, NASKAPI, hand_result, layers_for_map
from tests.support.report_reading import csv_rows, html_tables, pdf_text


@pytest.fixture
def register_path(tmp_path: Path, qgis_app) -> Path:
    """The hand-made result's register: the parcel contacted in October (consultation_cases)."""
    return contacted_register(tmp_path / "register.gpkg")


def test_a_parcel_whose_overlap_grew_is_listed_under_needs_attention(register_path, tmp_path):
    result = hand_result()
    view = consultation_view(result, register_path, TODAY, stale_days=90)
    assert view is not None
    ordered = attention_first(result, view)
    paths = ReportPaths(html=tmp_path / "r.html", csv=tmp_path / "r.csv", pdf=tmp_path / "r.pdf")
    written = write_report(ordered, paths, layers_for_map(), consultation=view)
    assert sorted(written) == sorted(paths.targets())

    tables = html_tables((tmp_path / "r.html").read_text(encoding="utf-8"))
    rows = tables["consultation"][1:]
    grew = next(row for row in rows if row[1] == f"Parcel {LOT}" and row[2] == NASKAPI)
    assert grew[0] == "Overlap grew since the last contact"
    assert grew[3] == "100.00" and grew[6] == "2026-10-20"
    innu = next(row for row in rows if row[1] == f"Parcel {LOT}" and row[2] == INNU)
    assert innu[0] == "" and innu[4] == "Not started" and innu[6] == "2026-10-21"
    assert innu[7] == "Share the drilling plan (due 2026-12-01)"
    # titles without a record come first, then the grown overlap; the parcel's Innu site last
    reasons = [row[0] for row in rows]
    assert reasons[-1] == ""
    assert reasons.index("Overlap grew since the last contact") > reasons.index(
        "No consultation record yet"
    )
    assert all(r == "No consultation record yet" for r in reasons[: reasons.count(reasons[0])])

    csv = csv_rows(tmp_path / "r.csv")
    assert csv[0][-4:] == [
        "Needs attention",
        "Consultation status",
        "Last contact",
        "Open commitments",
    ]
    parcel_rows = [row for row in csv[1:] if row[6] == LOT and row[3] in (INNU, NASKAPI)]
    by_nation = {row[3]: row[-4:] for row in parcel_rows}
    assert by_nation[NASKAPI] == [
        "Overlap grew since the last contact",
        "Not started",
        "2026-10-20",
        "",
    ]
    assert by_nation[INNU] == [
        "",
        "Not started",
        "2026-10-21",
        "Share the drilling plan (due 2026-12-01)",
    ]
    attention = [row[-4] for row in csv[1:]]
    first_blank = attention.index("")
    assert all(a == "" for a in attention[first_blank:])  # needing attention: first rows

    assert tables["contact_record"][1][0] in (INNU, NASKAPI)
    record = {row[0]: row for row in tables["contact_record"][1:]}
    assert record[INNU][1] == f"2026-10-21 Meeting ({LOT})"
    assert record[NASKAPI][2] == "Water quality"
    text = pdf_text(tmp_path / "r.pdf")
    assert "Record of contact" in text and "Water quality" in text
    assert "need attention" in text  # (pdftotext gives ligatures: "ﬂags", "ﬁrst")
    assert "Overlap grew" in text  # the cell may wrap


def test_no_events_leaves_the_record_of_contact_blank(tmp_path, qgis_app):
    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    ConsultationStore(register).sites_from_flags(flag_sites(hand_result()))
    register.close()
    result = hand_result()
    view = consultation_view(result, path, TODAY, 90)
    paths = ReportPaths(html=tmp_path / "r.html")
    write_report(attention_first(result, view), paths, consultation=view)
    tables = html_tables((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "contact_record" not in tables
    assert all(row[1:] == ["", "", ""] for row in tables["contact"][1:])
    assert {row[0] for row in tables["consultation"][1:]} == {"No contact recorded yet"}


def test_no_register_gives_no_view(tmp_path, qgis_app):
    assert consultation_view(hand_result(), tmp_path / "missing.gpkg") is None
    assert not (tmp_path / "missing.gpkg").exists()


def test_french_labels_of_the_consultation(register_path, tmp_path):
    from imperial_land.core.common.i18n import install_translator, remove_translator
    from imperial_land.core.consultation.labels import (
        attention_labels,
        form_labels,
        site_kind_labels,
        status_labels,
    )

    english = [status_labels(), form_labels(), site_kind_labels(), attention_labels()]
    assert install_translator("fr") == "fr"
    try:
        french = [status_labels(), form_labels(), site_kind_labels(), attention_labels()]
        result = hand_result()
        view = consultation_view(result, register_path, TODAY, 90)
        write_report(
            attention_first(result, view), ReportPaths(csv=tmp_path / "r.csv"), consultation=view
        )
    finally:
        remove_translator()
    for en, fr in zip(english, french):
        assert en.keys() == fr.keys()
        assert all(fr[code] != en[code] for code in en), fr
    assert french[0]["commitments_agreed"] == "Engagements convenus"
    header = csv_rows(tmp_path / "r.csv")[0]
    assert header[-4:] == [
        "À traiter",
        "État de la consultation",
        "Dernier contact",
        "Engagements en cours",
    ]
    rows = csv_rows(tmp_path / "r.csv")[1:]
    assert "Chevauchement agrandi depuis le dernier contact" in [row[-4] for row in rows]
