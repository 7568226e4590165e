"""The domain's enums keep exactly the texts that files and databases already hold."""

from __future__ import annotations

import sqlite3

from imperial_land.core.maplayers.roles import ROLES, Role
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.results import Flag, PairKind, Relation
from imperial_land.core.register import backend as b
from imperial_land.core.register.backend import ChangeKind, FieldKind


def test_stored_texts_are_unchanged():
    assert [k.value for k in PairKind] == [
        "claim_territory",
        "parcel_territory",
        "parcel_claim",
        "aoi_territory",
        "aoi_claim",
        "aoi_parcel",
    ]
    assert [k.value for k in Relation] == ["overlaps", "within", "contains", "near"]
    assert [k.value for k in Flag] == ["consultation", "third_party_title", "company_title"]
    assert b.CHANGE_KINDS == [
        "new",
        "status",
        "holder",
        "expiry",
        "area",
        "geometry",
        "other",
        "gone",
        "back",
    ]
    assert [k.value for k in FieldKind] == ["text", "integer", "real", "date"]
    assert ROLES == ("claims", "parcels", "territories", "aoi")


def test_members_compare_and_print_as_their_text():
    assert r.WITHIN == Relation.WITHIN and type(r.WITHIN) is str
    assert b.GONE == ChangeKind.GONE and Role("aoi") is Role.AOI
    member = Flag.COMPANY_TITLE
    assert str(member) == f"{member}" == "company_title"
    assert {"company_title": 1}[member] == 1
    row = sqlite3.connect(":memory:").execute("SELECT ?, typeof(?)", (member, member)).fetchone()
    assert row == ("company_title", "text")
