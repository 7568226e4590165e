"""Translated labels for the codes an overlap run stores (kinds, relations, flags, roles)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from imperial_land.core.common import current_language, tr
from imperial_land.core.maplayers import AOI, CLAIMS, PARCELS, TERRITORIES
from imperial_land.core.overlap import results as r


@cache
def _labels(language: str) -> dict[str, dict[str, str]]:
    """Every code's label, translated once per plugin language (rows call these per pair)."""
    return {
        "kind": {
            r.CLAIM_TERRITORY: tr("Claim × territory"),
            r.PARCEL_TERRITORY: tr("Parcel × territory"),
            r.PARCEL_CLAIM: tr("Parcel × claim"),
            r.AOI_TERRITORY: tr("Area of interest × territory"),
            r.AOI_CLAIM: tr("Area of interest × claim"),
            r.AOI_PARCEL: tr("Area of interest × parcel"),
        },
        "relation": {
            r.OVERLAPS: tr("Overlaps"),
            r.WITHIN: tr("Within"),
            r.CONTAINS: tr("Contains"),
            r.NEAR: tr("Within distance"),
        },
        "flag": {
            r.FLAG_CONSULTATION: tr("Consultation"),
            r.FLAG_THIRD_PARTY_TITLE: tr("Third-party title"),
            r.FLAG_COMPANY_TITLE: tr("Company title"),
        },
        "role": {
            CLAIMS: tr("Claim"),
            PARCELS: tr("Parcel"),
            TERRITORIES: tr("Territory"),
            AOI: tr("Area of interest"),
        },
        "action": {"repaired": tr("Repaired"), "skipped": tr("Skipped")},
    }


def _label(group: str, code: str) -> str:
    return _labels(current_language())[group].get(code, code)


def kind_label(kind: str) -> str:
    """'Claim × territory' and so on, translated."""
    return _label("kind", kind)


def relation_label(relation: str) -> str:
    """How side A stands to side B, translated."""
    return _label("relation", relation)


def flag_label(flag: str) -> str:
    """The flag in words ('' when the pair carries none)."""
    return _label("flag", flag)


def role_label(role: str) -> str:
    """One feature of a layer role, capitalised: 'Claim', 'Parcel', ..."""
    return _label("role", role)


def action_label(action: str) -> str:
    """What was done to a feature's geometry."""
    return _label("action", action)


def text(value: Any) -> str:
    """A cell value as plain text: dates in ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def timestamp(moment: dt.datetime) -> str:
    """When a report was made, to the minute: '2026-11-25 16:40'."""
    return moment.strftime("%Y-%m-%d %H:%M")
