"""Per consultation flag: its site record, status, last contact, open commitments, and why it
needs attention (no record, no contact in N days, an overlap that grew or is new since the last
contact). The report puts the flags that need attention first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from imperial_land.core.common import TextEnum, gc_paused
from imperial_land.core.consultation.store import CommitmentRecord, SiteRecord, Snapshot
from imperial_land.core.overlap import OverlapPair, OverlapResult
from imperial_land.core.overlap import results as r
from imperial_land.core.register import SiteStatus


class Attention(TextEnum):
    """Why a flag needs attention, most urgent first (stored codes; labels in labels.py)."""

    NO_SITE = "no_site"
    OVERLAP_NEW = "overlap_new"
    OVERLAP_GREW = "overlap_grew"
    NO_CONTACT = "no_contact"
    STALE = "stale"


ORDER = {code.value: index for index, code in enumerate(Attention)}
GROWTH_HA = 0.01  # an overlap larger than at the last contact by more than this (or 0.1 %)


@dataclass
class FlagConsultation:
    """What the register says about one flag's site and Nation."""

    site_role: str
    site_key: str
    nation: str
    overlap_ha: float  # now: every pair of the site with that Nation's territories
    site: SiteRecord | None = None
    last_contact: dt.date | None = None
    overlap_at_contact: float | None = None
    open_commitments: list[CommitmentRecord] = field(default_factory=list)
    attention: str = ""  # an Attention value, "" when none

    @property
    def status(self) -> str:
        return self.site.status if self.site else ""

    @property
    def needs_attention(self) -> bool:
        return bool(self.attention)

    def sort_key(self) -> tuple:
        return (ORDER.get(self.attention, len(ORDER)), self.site_key, self.nation)


def consultation_pairs(pairs: Iterable[OverlapPair]) -> Iterator[OverlapPair]:
    """The pairs that ask for a consultation (a feature on or near a Nation's territory)."""
    return (p for p in pairs if p.flag == r.FLAG_CONSULTATION and p.nation)


def site_ident(pair: OverlapPair) -> tuple[str, str, str]:
    """(site_role, site_key, nation) of a consultation pair: how a site names its flags."""
    return (pair.a.role, str(pair.a.key), pair.nation)


def flag_sites(result: OverlapResult) -> list[tuple[str, str, str, str, float]]:
    """(role, key, name, nation, overlap_ha) of every consultation pair, for
    `ConsultationStore.sites_from_flags`."""
    return [
        (p.a.role, str(p.a.key), str(p.a.attributes.get("name") or ""), p.nation, p.overlap_ha)
        for p in consultation_pairs(result.pairs)
    ]


def _attention(item: FlagConsultation, today: dt.date, stale_days: int) -> str:
    if item.site is None:
        return Attention.NO_SITE.value
    closed = item.site.status == SiteStatus.CLOSED.value
    if item.last_contact is None:
        return "" if closed else Attention.NO_CONTACT.value
    before = item.overlap_at_contact
    if before is not None:
        if before <= 1e-9 < item.overlap_ha - GROWTH_HA:
            return Attention.OVERLAP_NEW.value
        if item.overlap_ha > before + max(GROWTH_HA, before * 1e-3):
            return Attention.OVERLAP_GREW.value
    if not closed and (today - item.last_contact).days > stale_days:
        return Attention.STALE.value
    return ""


def flag_consultation(
    result: OverlapResult,
    snapshot: Snapshot,
    today: dt.date | None = None,
    stale_days: int | None = None,
) -> dict[tuple[str, str, str], FlagConsultation]:
    """Per (site_role, site_key, nation) of the result's consultation flags: what the register
    holds and why it needs attention (`stale_days`: Settings consultation/stale_days)."""
    if stale_days is None:
        from imperial_land.core.common import settings

        stale_days = int(settings.get("consultation/stale_days"))
    today = today or dt.date.today()
    with gc_paused():  # one item per site x Nation: ~100,000 new objects at province scale
        return _flag_consultation(result, snapshot, today, stale_days)


def _flag_consultation(
    result: OverlapResult, snapshot: Snapshot, today: dt.date, stale_days: int
) -> dict[tuple[str, str, str], FlagConsultation]:
    found: dict[tuple[str, str, str], FlagConsultation] = {}
    for pair in consultation_pairs(result.pairs):
        ident = site_ident(pair)
        item = found.get(ident)
        if item is None:
            item = found[ident] = FlagConsultation(*ident, overlap_ha=0.0)
        item.overlap_ha += pair.overlap_ha
    for ident, item in found.items():
        item.site = snapshot.site(*ident)
        if item.site is not None:
            events = snapshot.events_of(item.site.fid)
            if events:
                item.last_contact = events[0].event_date
                item.overlap_at_contact = events[0].overlap_ha
            item.open_commitments = snapshot.open_commitments_of(item.site.fid)
        item.attention = _attention(item, today, stale_days)
    return found


def ordered(items: Iterable[FlagConsultation]) -> list[FlagConsultation]:
    """Those that need attention first (most urgent reason first), then the others."""
    return sorted(items, key=FlagConsultation.sort_key)


FLAG_FIELDS = {"flag", "nation", "a_role", "a_key", "overlap_ha"}


def is_flags_layer(layer) -> bool:
    """Whether a vector layer holds overlap flags (the report's pair columns)."""
    return set(layer.fields().names()) >= FLAG_FIELDS


def flag_sites_of_layer(layer) -> list[tuple[str, str, str, str, float]]:
    """`flag_sites` read from a flags layer (fields named like the report's pair columns)."""
    names = set(layer.fields().names())
    if not is_flags_layer(layer):
        return []
    found = []
    for feature in layer.getFeatures():
        if feature["flag"] != r.FLAG_CONSULTATION or not feature["nation"]:
            continue
        name = feature["a_name"] if "a_name" in names else ""
        found.append(
            (
                str(feature["a_role"]),
                str(feature["a_key"]),
                str(name or "") if name is not None else "",
                str(feature["nation"]),
                float(feature["overlap_ha"] or 0.0),
            )
        )
    return found
