"""The overlap report and the expiry alert decide "is this the company?" with the same rule."""

from __future__ import annotations

import datetime as dt

import pytest

from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.consultation import flag_pairs
from imperial_land.core.overlap.results import FeatureRef, OverlapPair
from imperial_land.core.sync.report import expiring_titles

COMPANY = ["Imperial Mining Group Ltd.", "Groupe Minier Impérial ltée"]
TODAY = dt.date(2026, 1, 1)
HOLDERS = [
    ("Imperial Mining Group Ltd", True),  # no final period: was missed by the alert
    ("IMPERIAL MINING GROUP LTD.", True),
    ("  imperial   mining group, ltd. ", True),
    ("Groupe Minier Imperial ltee", True),  # no accents
    ("GROUPE MINIER IMPÉRIAL LTÉE", True),
    ("Imperial Mining Group", False),
    ("Société minière du Nord ltée", False),
    ("", False),
]


class _Register:
    """What expiring_titles reads of a register: one row per holder, all expiring soon."""

    def read_values(self, fields):
        return {
            f"25000{i}-1": {"TIT_NO": f"25000{i}", "DET_NOM": holder, "TIT_DAT_EX": TODAY}
            for i, (holder, _) in enumerate(HOLDERS)
        }


def _overlap_says(holder: str) -> bool:
    a = FeatureRef("parcels", 1, "4 516 943", 2.0, {"lot": "4 516 943"})
    b = FeatureRef("claims", 10, "2500001", 50.0, {"holder": holder})
    pair = OverlapPair(r.PARCEL_CLAIM, a, b, r.OVERLAPS, 1.0, 50.0, 2.0)
    flag_pairs([pair], COMPANY)
    return pair.flag == r.FLAG_COMPANY_TITLE


@pytest.mark.parametrize(("holder", "company"), HOLDERS)
def test_overlap_report_knows_the_company(holder, company):
    assert _overlap_says(holder) is company


def test_overlap_report_and_expiry_alert_agree_on_every_holder():
    alerted = {e.holder for e in expiring_titles(_Register(), COMPANY, 30, TODAY)}
    for holder, company in HOLDERS:
        assert (holder in alerted) is company, holder
        assert _overlap_says(holder) is (holder in alerted), holder


def test_split_holders_names_each_holder_once_in_order():
    from imperial_land.core.common.holders import split_holders

    assert split_holders("Mines X, inc. ; Exploration Côte-Nord inc.|MINES X, INC.") == [
        "Mines X, inc.",
        "Exploration Côte-Nord inc.",
    ]
    assert split_holders("  Imperial   Mining Group Ltd. ") == ["Imperial Mining Group Ltd."]
    assert split_holders(None) == [] and split_holders(" ; ") == []
