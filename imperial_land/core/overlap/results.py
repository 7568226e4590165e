"""What an overlap run produces: the contract between the engine, the flags layer and the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from imperial_land.core.common import TextEnum


class PairKind(TextEnum):
    """Pair kinds: the first role is side A (the feature examined), the second side B."""

    CLAIM_TERRITORY = "claim_territory"
    PARCEL_TERRITORY = "parcel_territory"
    PARCEL_CLAIM = "parcel_claim"
    AOI_TERRITORY = "aoi_territory"
    AOI_CLAIM = "aoi_claim"
    AOI_PARCEL = "aoi_parcel"


class Relation(TextEnum):
    """Relations of A to B."""

    OVERLAPS = "overlaps"  # interiors cross, neither holds the other
    WITHIN = "within"  # A lies inside B
    CONTAINS = "contains"  # A holds B
    NEAR = "near"  # no overlap, within the territory's distance (distance_m set; 0 = touching)


class Flag(TextEnum):
    """What a pair asks of the planner."""

    CONSULTATION = "consultation"  # touches or comes near a Nation's territory
    THIRD_PARTY_TITLE = "third_party_title"  # another holder's title on a parcel / AOI
    COMPANY_TITLE = "company_title"  # the company's own title on a parcel / AOI (no flag needed)


# The values the pairs carry (plain text: common/enums.py says why).
CLAIM_TERRITORY = PairKind.CLAIM_TERRITORY.value
PARCEL_TERRITORY = PairKind.PARCEL_TERRITORY.value
PARCEL_CLAIM = PairKind.PARCEL_CLAIM.value
AOI_TERRITORY = PairKind.AOI_TERRITORY.value
AOI_CLAIM = PairKind.AOI_CLAIM.value
AOI_PARCEL = PairKind.AOI_PARCEL.value
OVERLAPS = Relation.OVERLAPS.value
WITHIN = Relation.WITHIN.value
CONTAINS = Relation.CONTAINS.value
NEAR = Relation.NEAR.value
FLAG_CONSULTATION = Flag.CONSULTATION.value
FLAG_THIRD_PARTY_TITLE = Flag.THIRD_PARTY_TITLE.value
FLAG_COMPANY_TITLE = Flag.COMPANY_TITLE.value


@dataclass
class FeatureRef:
    """One side of a pair."""

    role: str  # a Role value (maplayers/fields.py)
    fid: int
    key: str  # title number, lot number, territory name (or Nation), AOI id
    area_ha: float  # ellipsoidal area of the whole (repaired) feature
    # claims: holder, status, expiry (datetime.date | None); parcels: lot;
    # territories: nation, name, distance_m; aoi: name
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class OverlapPair:
    """A feature of A against a feature of B."""

    kind: str
    a: FeatureRef
    b: FeatureRef
    relation: str
    overlap_ha: float  # 0.0 for NEAR
    share_a_pct: float  # overlap as a share of A's area
    share_b_pct: float  # overlap as a share of B's area
    distance_m: float | None = None  # for NEAR (and 0.0 for touching)
    flag: str = ""  # one of the FLAG_* values, "" when none applies
    nation: str = ""  # the Nation for pairs with a territory
    geometry_wkb: bytes | None = (
        None  # the overlap (or A's geometry for NEAR), in OverlapResult.crs
    )


@dataclass
class GeometryIssue:
    """A feature whose geometry was repaired or skipped."""

    role: str
    fid: int
    key: str
    action: str  # "repaired" or "skipped"
    reason: str  # translated, e.g. "Self-intersection" or "No geometry"


@dataclass
class InputInfo:
    """One input layer, for the report's provenance table."""

    role: str
    name: str
    source: str
    crs: str  # authid
    feature_count: int
    data_date: dt.date | None = None  # claims: date of the GESTIM data (last sync) when known


@dataclass
class OverlapResult:
    """Everything one run found."""

    pairs: list[OverlapPair]
    issues: list[GeometryIssue]
    inputs: list[InputInfo]
    crs_authid: str  # CRS of every geometry_wkb
    slivers_dropped: int = 0
    sliver_threshold_ha: float = 0.01
    ellipsoid: str = "GRS80"
    company_holders: list[str] = field(default_factory=list)
    created: dt.datetime = field(default_factory=dt.datetime.now)

    def flagged(self) -> list[OverlapPair]:
        """Pairs that carry a flag."""
        return [p for p in self.pairs if p.flag in (FLAG_CONSULTATION, FLAG_THIRD_PARTY_TITLE)]
