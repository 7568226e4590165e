"""Rules that turn overlap pairs into flags: consultation naming the Nation, titles on parcels."""

from __future__ import annotations

from imperial_land.core.common import HolderMatcher, tr
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.results import OverlapPair

TERRITORY_KINDS = (r.CLAIM_TERRITORY, r.PARCEL_TERRITORY, r.AOI_TERRITORY)
TITLE_KINDS = (r.PARCEL_CLAIM, r.AOI_CLAIM)


def flag_pair(pair: OverlapPair, matcher: HolderMatcher) -> None:
    """Set the pair's flag (and Nation) from its kind and sides, in place.

    - any pair with a territory (overlap or within its distance): "consultation", naming the Nation;
    - a claim on a parcel or AOI: "third_party_title" unless the holder is the company's,
      then "company_title";
    - AOI x parcel: no flag.
    """
    if pair.kind in TERRITORY_KINDS:
        pair.flag = r.FLAG_CONSULTATION
        pair.nation = str(pair.b.attributes.get("nation") or "").strip() or tr("Nation not given")
    elif pair.kind in TITLE_KINDS:
        holder = pair.b.attributes.get("holder")
        pair.flag = r.FLAG_COMPANY_TITLE if matcher.is_company(holder) else r.FLAG_THIRD_PARTY_TITLE
    else:
        pair.flag = ""


def flag_pairs(pairs: list[OverlapPair], company_holders: list[str]) -> list[OverlapPair]:
    """Flag every pair (in place) and return the list."""
    matcher = HolderMatcher(company_holders)
    for pair in pairs:
        flag_pair(pair, matcher)
    return pairs
