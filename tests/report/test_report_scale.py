"""The report at province scale: claims grouped per Nation and holder, the HTML small; the
PDF follows the same rule; site-scale reports keep every row."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsRectangle, QgsVectorLayer

from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.results import FeatureRef, OverlapPair, OverlapResult
from imperial_land.core.report.html import report_html
from imperial_land.core.report.map import claims_on_sites, pairs_drawn
from imperial_land.core.report.model import (
    DETAIL_MAX_CLAIM_PAIRS,
    claim_groups,
    claims_grouped,
    report_tables,
)
from imperial_land.core.report.staged import (
    MAP_FLAGS_LAYER,
    ReportPaths,
    stage_report,
    write_report,
)
from tests.support.report_cases import COMPANY, INNU, NASKAPI, THIRD_HOLDER, hand_result
from tests.support.report_reading import html_tables, pdf_text

CLAIMS = 150_000
# Holder of claim i: HOLDERS[i % 4]; the last two are one holder spelt two ways.
NORD, LITHIUM = "Société minière du Nord ltée", "Lithium Baie-James ltée"
THIRD = "Third-party title"
HOLDERS = [COMPANY, LITHIUM, NORD, "SOCIETE MINIERE DU NORD LTEE"]
NATIONS = [INNU, NASKAPI]
LOTS = 40


def _big_result() -> OverlapResult:
    """150,000 claims, each in both territories (overlap 1.5 ha in T1; in T2, 2.25 ha or, for
    every 5th claim, only within the distance); 40 parcels in T1 with one third-party title
    each. 300,040 claim x territory pairs: far beyond DETAIL_MAX_CLAIM_PAIRS."""
    territories = [
        FeatureRef("territories", 1, "Nitassinan", 1e6, {"nation": INNU, "name": "Nitassinan"}),
        FeatureRef("territories", 2, "Naskapi territory", 1e6, {"nation": NASKAPI}),
    ]
    pairs = []
    claims = []
    for i in range(CLAIMS):
        claim = FeatureRef(
            "claims",
            i + 1,
            f"T{i + 1:07d}",
            4.0,
            {"holder": HOLDERS[i % 4], "status": "Actif", "expiry": dt.date(2030, 1, 1)},
        )
        claims.append(claim)
        pairs.append(
            OverlapPair(
                r.CLAIM_TERRITORY, claim, territories[0], r.OVERLAPS, 1.5, 37.5, 0.0,
                flag=r.FLAG_CONSULTATION, nation=INNU,
            )
        )  # fmt: skip
        near = i % 5 == 0
        pairs.append(
            OverlapPair(
                r.CLAIM_TERRITORY, claim, territories[1], r.NEAR if near else r.WITHIN,
                0.0 if near else 2.25, 0.0 if near else 56.25, 0.0,
                distance_m=120.0 if near else None, flag=r.FLAG_CONSULTATION, nation=NASKAPI,
            )
        )  # fmt: skip
    for j in range(LOTS):
        parcel = FeatureRef("parcels", j + 1, f"LOT-{j + 1:03d}", 10.0, {"lot": f"LOT-{j + 1:03d}"})
        pairs.append(
            OverlapPair(
                r.PARCEL_TERRITORY, parcel, territories[0], r.WITHIN, 10.0, 100.0, 0.001,
                flag=r.FLAG_CONSULTATION, nation=INNU,
            )
        )  # fmt: skip
        pairs.append(
            OverlapPair(
                r.PARCEL_CLAIM, parcel, claims[4 * j + 1], r.OVERLAPS, 1.0, 10.0, 25.0,
                flag=r.FLAG_THIRD_PARTY_TITLE,
            )
        )  # fmt: skip
    return OverlapResult(
        pairs, [], [], "EPSG:32198", company_holders=[COMPANY],
        created=dt.datetime(2026, 12, 3, 23, 0),
    )  # fmt: skip


@pytest.fixture(scope="module")
def big() -> OverlapResult:
    return _big_result()


def test_claims_grouped_per_nation_and_holder(big):
    assert claims_grouped(big)
    got = [
        (g.nation, g.holder, g.company, g.titles, g.near_only, round(g.overlap_ha, 6))
        for g in claim_groups(big)
    ]
    # Per holder 37,500 claims (the Nord spellings together: 75,000). T1: 1.5 ha each. T2: every
    # 5th claim only near; of i = 0 mod 4 (company) claims, i = 0 mod 20 are near: 7,500.
    assert got == [
        (INNU, "Société minière du Nord ltée", False, 75_000, 0, 112_500.0),
        (INNU, COMPANY, True, 37_500, 0, 56_250.0),
        (INNU, "Lithium Baie-James ltée", False, 37_500, 0, 56_250.0),
        (NASKAPI, "Société minière du Nord ltée", False, 75_000, 15_000, 135_000.0),
        (NASKAPI, COMPANY, True, 37_500, 7_500, 67_500.0),
        (NASKAPI, "Lithium Baie-James ltée", False, 37_500, 7_500, 67_500.0),
    ]


def test_big_html_is_small_and_groups_the_claims(qgis_app, big):
    text = report_html(big)
    assert len(text.encode("utf-8")) < 5_000_000
    tables = html_tables(text)
    tables["claim_groups"] = [
        [c.replace("\u2009", " ") for c in row] for row in tables["claim_groups"]
    ]
    assert tables["claim_groups"] == [
        ["Nation", "Title holder", "Company or third party", "Claims",
         "Of which within distance only", "Overlap (ha)"],
        [INNU, NORD, THIRD, "75000", "0", "112 500.00"],
        [INNU, COMPANY, "Company title", "37500", "0", "56 250.00"],
        [INNU, LITHIUM, THIRD, "37500", "0", "56 250.00"],
        [NASKAPI, NORD, THIRD, "75000", "15000", "135 000.00"],
        [NASKAPI, COMPANY, "Company title", "37500", "7500", "67 500.00"],
        [NASKAPI, LITHIUM, THIRD, "37500", "7500", "67 500.00"],
    ]  # fmt: skip
    # The parcels' pairs with territories in full; their titles in the table of each parcel.
    flagged = tables["flagged"][1:]
    assert len(flagged) == LOTS
    assert {row[0] for row in flagged} == {"Parcel × territory"}
    assert flagged[0][4:6] == ["LOT-001", "Nitassinan"]
    assert tables["site_titles"][1][:3] == ["Parcel LOT-001", "T0000002", LITHIUM]
    assert tables["site_titles"][1][7] == THIRD
    assert len(tables["sites"]) == LOTS + 1 and len(tables["site_titles"]) == LOTS + 1
    assert (
        "with the territories; the titles on them are in the table of mining titles on each "
        "parcel or area. The 300\u2009000 claim × territory pairs are grouped per Nation and "
        "holder in the next table; each of them is in the CSV and in the flags layer." in text
    )
    assert "Every claim × territory pair, one by one, is in the CSV and in the flags layer." in text
    assert tables["nations"][2] == [INNU, "Claim", "150000", "0", "225\u2009000.00"]


def test_big_pdf_shows_the_groups_not_a_cut(qgis_app, big, tmp_path):
    write_report(big, ReportPaths(pdf=tmp_path / "big.pdf"))
    text = pdf_text(tmp_path / "big.pdf")
    assert "Claims per Nation and holder" in text
    assert "Société minière du Nord ltée" in text and "135 000.00" in text.replace("\u2009", " ")
    assert "T0000001" not in text  # no claim pair listed one by one
    assert "The first 250" not in text  # nothing cut off: every table fits its cap


def test_site_scale_keeps_every_row(qgis_app):
    result = hand_result()
    assert not claims_grouped(result)
    tables = html_tables(report_html(result))
    assert len(tables["flagged"]) == 1 + 7  # every flagged pair, claims included
    assert tables["claim_groups"][1:] == [
        [INNU, COMPANY, "Company title", "1", "0", "25.00"],
        [INNU, THIRD_HOLDER, "Third-party title", "1", "0", "25.00"],
        [NASKAPI, THIRD_HOLDER, "Third-party title", "1", "0", "25.00"],
        [NASKAPI, COMPANY, "Company title", "1", "1", "0.00"],
    ]
    keys = [t.key for t in report_tables(result)]
    assert keys[:6] == ["nations", "sites", "site_titles", "flagged", "claim_groups", "other_pairs"]


def test_threshold_is_on_claim_pairs(big):
    small = OverlapResult(big.pairs[: 2 * (DETAIL_MAX_CLAIM_PAIRS // 2)], [], [], "EPSG:32198")
    assert not claims_grouped(small)
    bigger = OverlapResult(big.pairs[: DETAIL_MAX_CLAIM_PAIRS + 1], [], [], "EPSG:32198")
    assert claims_grouped(bigger)


def test_map_draws_the_sites_pairs_at_province_scale_and_every_pair_at_site_scale(big):
    drawn = pairs_drawn(big)
    # The 40 parcels' pairs (with T1, with their third-party title), in the result's order.
    assert [(p.kind, p.a.key) for p in drawn] == [
        (kind, f"LOT-{j + 1:03d}")
        for j in range(LOTS)
        for kind in (r.PARCEL_TERRITORY, r.PARCEL_CLAIM)
    ]
    assert all(a is b for a, b in zip(drawn, big.pairs[2 * CLAIMS :]))
    small = hand_result()
    assert pairs_drawn(small) is small.pairs


def test_the_pdf_map_reads_a_table_of_only_the_pairs_it_draws(qgis_app, big, tmp_path):
    """At province scale the PDF's map reads its own table (staged beside the PDF): the 80
    parcels' pairs, not the 300,000 claims' pairs it groups."""
    staged = stage_report(big, ReportPaths(pdf=tmp_path / "big.pdf"))
    try:
        with closing(sqlite3.connect(str(staged.map_flags))) as db:
            rows = db.execute(
                f"SELECT kind, a_key, b_key, overlap_ha FROM {MAP_FLAGS_LAYER} ORDER BY fid"
            ).fetchall()
    finally:
        staged.discard()
    assert rows == [
        row
        for j in range(LOTS)
        for row in (
            (r.PARCEL_TERRITORY, f"LOT-{j + 1:03d}", "Nitassinan", 10.0),
            (r.PARCEL_CLAIM, f"LOT-{j + 1:03d}", f"T{4 * j + 2:07d}", 1.0),
        )
    ]


def test_map_shows_the_claims_on_sites_only(qgis_app, big):
    claims = QgsVectorLayer("Polygon?crs=EPSG:32198&field=TIT_NO:string", "claims", "memory")
    features = []
    for i in range(200):
        feature = QgsFeature(claims.fields())
        feature.setAttributes([f"T{i + 1:07d}"])
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(i * 10, 0, i * 10 + 5, 5)))
        features.append(feature)
    claims.dataProvider().addFeatures(features)
    shown = claims_on_sites(claims, big)
    # The parcels' titles: claims[4j + 1] for j < 40, i.e. fids 2, 6, ..., 158.
    titles = sorted(f["TIT_NO"] for f in shown.getFeatures())
    assert titles == [f"T{fid:07d}" for fid in range(2, 160, 4)]
    assert shown.name() == "claims" and shown.crs().authid() == "EPSG:32198"
