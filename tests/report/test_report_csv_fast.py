"""The CSV writer builds its rows as text: byte for byte what csv.writer gives over pair_rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pytest

from imperial_land.core.common.i18n import install_translator, remove_translator
from imperial_land.core.consultation import CONSULTATION_COLUMNS, consultation_headers
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.results import FeatureRef, OverlapPair, OverlapResult
from imperial_land.core.report import csv as report_csv
from imperial_land.core.report.csv import write_report_csv
from imperial_land.core.report.labels import (
    flag_label,
    kind_label,
    relation_label,
    role_label,
    text,
)
from imperial_land.core.report.model import PAIR_COLUMNS, pair_headers, pair_rows
from tests.support.report_reading import report_csv_text

NUMBERS = {"overlap_ha", "share_a_pct", "share_b_pct", "distance_m"}
LABELS = {
    "kind": kind_label,
    "relation": relation_label,
    "flag": flag_label,
    "a_role": role_label,
    "b_role": role_label,
}


def reference_csv(result: OverlapResult) -> str:
    """The CSV as csv.writer writes report_model.pair_rows, each cell converted on its own."""

    def shown(column: str, value: object) -> object:
        if value is None:
            return ""
        if column in NUMBERS:
            return f"{value:.4f}"
        if column in LABELS:
            return LABELS[column](value)
        return text(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    headers = pair_headers()
    consultation = consultation_headers()
    writer.writerow(
        [headers[c] for c in PAIR_COLUMNS] + [consultation[c] for c in CONSULTATION_COLUMNS]
    )
    for row in pair_rows(result.pairs):
        cells = [shown(c, v) for c, v in zip(PAIR_COLUMNS, row)]
        writer.writerow(cells + [""] * len(CONSULTATION_COLUMNS))  # no register: empty
    return buffer.getvalue()


def awkward_result() -> OverlapResult:
    """Every side role, shared and look-alike refs, and cells csv.writer has to quote."""
    territory = FeatureRef(
        "territories",
        1,
        'Nitassinan, "Nord"',
        10.0,
        {"nation": "Innu", "name": 'Line\nbreak, and "quotes"', "distance_m": 500.0},
    )
    plain_territory = FeatureRef("territories", 2, "T2", 5.0, {"name": "Plain"})
    claim = FeatureRef(
        "claims",
        11,
        "2512345",
        25.0,
        {"holder": 'Société "Tierce", & fils', "status": "Actif", "expiry": dt.date(2027, 3, 14)},
    )
    same_title = FeatureRef(  # another claim with the same holder, status and expiry
        "claims",
        12,
        "2512346",
        25.0,
        {"holder": 'Société "Tierce", & fils', "status": "Actif", "expiry": dt.date(2027, 3, 14)},
    )
    odd_claim = FeatureRef(
        "claims",
        13,
        "CR\rkey",
        25.0,
        {"holder": 42, "status": None, "expiry": dt.datetime(2028, 1, 2, 13, 30), "name": 7},
    )
    claim_no_attrs = FeatureRef("claims", 14, "", 1.0, {"expiry": "2029-12-31"})
    parcel = FeatureRef("parcels", 7, "4 516 943", 400.0, {"lot": "lot, 1"})
    parcel_key_lot = FeatureRef("parcels", 8, "4 516 944", 400.0, {"lot": None})
    parcel_no_key = FeatureRef("parcels", None, None, 1.0, {"lot": ""})  # type: ignore[arg-type]
    aoi = FeatureRef("aoi", 3, "Zone \u00e9tude \U0001f30d", 9.0, {"name": "AOI, 1"})
    odd_role = FeatureRef("other, role", 4.5, 99, 1.0, {"name": dt.date(2020, 1, 1)})  # type: ignore[arg-type]

    def pair(kind, a, b, relation=r.WITHIN, **numbers) -> OverlapPair:
        values = {"overlap_ha": 1.23456, "share_a_pct": 100.0, "share_b_pct": 0.00005}
        values.update(numbers)
        return OverlapPair(kind, a, b, relation, **values)

    pairs = [
        pair(r.CLAIM_TERRITORY, claim, territory, flag=r.FLAG_CONSULTATION, nation="Innu"),
        pair(r.CLAIM_TERRITORY, claim, plain_territory, nation='Naskapi, "N"'),
        pair(r.CLAIM_TERRITORY, same_title, territory, nation="Innu"),
        pair(r.CLAIM_TERRITORY, odd_claim, territory, r.NEAR, distance_m=0.0, nation=None),
        pair(r.CLAIM_TERRITORY, claim_no_attrs, territory, r.NEAR, distance_m=12.34565, nation=1),
        pair(r.CLAIM_TERRITORY, claim_no_attrs, territory, nation=True),
        pair(r.CLAIM_TERRITORY, claim_no_attrs, territory, nation=1.0),
        pair(r.PARCEL_TERRITORY, parcel, territory, r.OVERLAPS, nation="Innu"),
        pair(r.PARCEL_CLAIM, parcel, claim, r.CONTAINS, flag=r.FLAG_THIRD_PARTY_TITLE),
        pair(r.PARCEL_CLAIM, parcel_key_lot, odd_claim, flag=r.FLAG_COMPANY_TITLE),
        pair(r.PARCEL_CLAIM, parcel_no_key, claim_no_attrs),
        pair(r.AOI_TERRITORY, aoi, territory, nation="Innu\r\nCR LF"),
        pair(r.AOI_CLAIM, aoi, odd_claim, overlap_ha=None, share_b_pct=None),
        pair(r.AOI_PARCEL, aoi, parcel_key_lot, overlap_ha=-0.0, share_a_pct=math.nan),
        pair(r.AOI_PARCEL, aoi, parcel_no_key, share_a_pct=math.inf, distance_m=None),
        pair(r.AOI_PARCEL, parcel, aoi, share_b_pct=-0.0),  # the parcel on side A for once
        pair('odd, "kind"', odd_role, claim, "odd\nrelation", flag="odd flag", nation=""),
        pair(None, aoi, odd_role, None, flag=None, overlap_ha=0, share_a_pct=True),  # type: ignore[arg-type]
        pair(r.CLAIM_TERRITORY, claim, territory, flag=r.FLAG_CONSULTATION, nation="Innu"),
    ]
    return OverlapResult(pairs, [], [], "EPSG:32198", created=dt.datetime(2026, 11, 25))


@pytest.mark.parametrize("rows_per_write", [3, report_csv.ROWS_PER_WRITE])
def test_text_matches_csv_writer(qgis_app, monkeypatch, rows_per_write):
    monkeypatch.setattr(report_csv, "ROWS_PER_WRITE", rows_per_write)
    result = awkward_result()
    expected = reference_csv(result)
    assert '"Nitassinan, ""Nord"""' in expected and '"CR\rkey"' in expected  # quoting exercised
    assert report_csv_text(result) == expected


def test_french_labels_match_csv_writer(qgis_app):
    assert install_translator("fr") == "fr"
    try:
        result = awkward_result()
        got, expected = report_csv_text(result), reference_csv(result)
    finally:
        remove_translator()
    assert "Titre × territoire" in got
    assert got == expected


def test_file_is_the_text_with_a_bom(qgis_app, tmp_path):
    result = awkward_result()
    write_report_csv(result, tmp_path / "pairs.csv")
    assert (tmp_path / "pairs.csv").read_bytes() == b"\xef\xbb\xbf" + reference_csv(result).encode(
        "utf-8"
    )


def test_no_pair_gives_the_header_only(qgis_app):
    empty = OverlapResult([], [], [], "EPSG:32198")
    assert report_csv_text(empty) == reference_csv(empty)
    assert report_csv_text(empty).count("\r\n") == 1
