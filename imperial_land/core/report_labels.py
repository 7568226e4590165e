"""Translated labels for the codes an overlap run stores (kinds, relations, flags, roles)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from imperial_land.core import results as r
from imperial_land.core.i18n import tr


def kind_label(kind: str) -> str:
    """'Claim × territory' and so on, translated."""
    labels = {
        r.CLAIM_TERRITORY: tr("Claim × territory"),
        r.PARCEL_TERRITORY: tr("Parcel × territory"),
        r.PARCEL_CLAIM: tr("Parcel × claim"),
        r.AOI_TERRITORY: tr("Area of interest × territory"),
        r.AOI_CLAIM: tr("Area of interest × claim"),
        r.AOI_PARCEL: tr("Area of interest × parcel"),
    }
    return labels.get(kind, kind)


def relation_label(relation: str) -> str:
    """How side A stands to side B, translated."""
    labels = {
        r.OVERLAPS: tr("Overlaps"),
        r.WITHIN: tr("Within"),
        r.CONTAINS: tr("Contains"),
        r.NEAR: tr("Within distance"),
    }
    return labels.get(relation, relation)


def flag_label(flag: str) -> str:
    """The flag in words ('' when the pair carries none)."""
    labels = {
        r.FLAG_CONSULTATION: tr("Consultation"),
        r.FLAG_THIRD_PARTY_TITLE: tr("Third-party title"),
        r.FLAG_COMPANY_TITLE: tr("Company title"),
    }
    return labels.get(flag, flag)


def role_label(role: str) -> str:
    """One feature of a layer role, capitalised: 'Claim', 'Parcel', ..."""
    labels = {
        "claims": tr("Claim"),
        "parcels": tr("Parcel"),
        "territories": tr("Territory"),
        "aoi": tr("Area of interest"),
    }
    return labels.get(role, role)


def action_label(action: str) -> str:
    """What was done to a feature's geometry."""
    labels = {"repaired": tr("Repaired"), "skipped": tr("Skipped")}
    return labels.get(action, action)


def text(value: Any) -> str:
    """A cell value as plain text: dates in ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)
