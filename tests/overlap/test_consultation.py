"""Consultation rules: Nations named, third-party vs company titles, territories never merged."""

from __future__ import annotations

from imperial_land.core.common.holders import HolderMatcher, normalise_holder
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.consultation import flag_pairs
from imperial_land.core.overlap.results import FeatureRef, OverlapPair
from tests.support.pairs import nations_by_feature

COMPANY = ["Imperial Mining Group Ltd.", "Groupe Minier Impérial ltée"]


def _pair(kind: str, b_attributes: dict, a_fid: int = 1, b_fid: int = 10) -> OverlapPair:
    a = FeatureRef("parcels", a_fid, "4 516 943", 2.0, {"lot": "4 516 943"})
    b = FeatureRef("territories", b_fid, "T", 100.0, b_attributes)
    return OverlapPair(kind, a, b, r.WITHIN, 2.0, 100.0, 2.0)


def test_holder_names_compare_without_case_accents_or_punctuation(qgis_app):
    assert normalise_holder("Groupe Minier Impérial ltée") == "groupe minier imperial ltee"
    assert normalise_holder("  IMPERIAL MINING GROUP LTD ") == "imperial mining group ltd"
    matcher = HolderMatcher(COMPANY)
    assert matcher.is_company("GROUPE MINIER IMPERIAL LTÉE")
    assert matcher.is_company("imperial mining group, ltd.")
    assert not matcher.is_company("Société minière du Nord ltée")
    assert not matcher.is_company(None)
    assert not HolderMatcher(["", "  "]).is_company("")


def test_claim_on_parcel_is_third_party_unless_the_company_holds_it(qgis_app):
    other = _pair(r.PARCEL_CLAIM, {"holder": "Exploration Côte-Nord inc."})
    own = _pair(r.PARCEL_CLAIM, {"holder": "IMPERIAL MINING GROUP LTD"})
    on_aoi = _pair(r.AOI_CLAIM, {"holder": "Exploration Côte-Nord inc."})
    parcel_in_aoi = _pair(r.AOI_PARCEL, {"lot": "1"})
    flag_pairs([other, own, on_aoi, parcel_in_aoi], COMPANY)
    assert [p.flag for p in (other, own, on_aoi, parcel_in_aoi)] == [
        r.FLAG_THIRD_PARTY_TITLE,
        r.FLAG_COMPANY_TITLE,
        r.FLAG_THIRD_PARTY_TITLE,
        "",
    ]
    assert [p.nation for p in (other, own, on_aoi, parcel_in_aoi)] == ["", "", "", ""]


def test_each_overlapping_territory_names_its_own_nation(qgis_app):
    nations = ["Naskapi Nation", "Innu of Uashat mak Mani-utenam", "Nunavik Inuit"]
    pairs = [
        _pair(r.PARCEL_TERRITORY, {"nation": nation}, b_fid=10 + i)
        for i, nation in enumerate(nations)
    ]
    pairs.append(_pair(r.PARCEL_TERRITORY, {"nation": None}, b_fid=20))
    flag_pairs(pairs, COMPANY)
    assert {p.flag for p in pairs} == {r.FLAG_CONSULTATION}
    assert [p.nation for p in pairs] == [*nations, "Nation not given"]
    assert nations_by_feature(pairs) == {
        ("parcels", 1): [
            "Innu of Uashat mak Mani-utenam",
            "Naskapi Nation",
            "Nation not given",
            "Nunavik Inuit",
        ]
    }
