"""The overlap-state tables of the register (schema version 4): ONE definition, turned into SQL by
register/gpkg_schema.py (GeoPackage) and register/pg_ddl.py (PostGIS); the store is
register/overlap_state.py.

- ``overlap_layers``: one row per layer the claims are compared with: its role (parcels,
  territories, aoi), source, provider, fields (JSON: attribute role -> field name), the
  territories' consultation distance and the digest of its content the pairs were computed from;
  no row = the register keeps no overlap state.
- ``overlap_pairs``: one row per current pair of a live claim (``claim_fid`` = claims.fid,
  ``title``) with a feature of one of those layers, as the overlap engine gives it.

Version 4 also indexes the claims' holder (``DET_NOM``) and, in a GeoPackage, their title
(``TIT_NO``): the staking watch reads the company's claims by holder and the state update the
changed titles, never every claim.

Registers that an earlier build of version 3 gave these two tables outside the versioned schema
(without ``fid``) keep their rows: the upgrade copies every column of the new tables but fid
(`Table.names`).
"""

from __future__ import annotations

from imperial_land.core.register.backend import HOLDER_FIELD, INTEGER, REAL, TEXT
from imperial_land.core.register.consultation_schema import Column, Table

OVERLAP_STATE_VERSION = 4
LAYERS_TABLE = "overlap_layers"
PAIRS_TABLE = "overlap_pairs"
HOLDER_INDEX_COLUMN = HOLDER_FIELD  # the holder text the staking watch asks by
TITLE_INDEX_COLUMN = "TIT_NO"  # PostGIS registers index it from version 1
STATE_ROLES = (
    "parcels",
    "territories",
    "aoi",
)  # maplayers Role values (register imports no maplayers)

LAYERS = Table(
    LAYERS_TABLE,
    (
        Column("role", TEXT, True, STATE_ROLES),
        Column("source", TEXT, True),
        Column("provider", TEXT),
        Column("fields", TEXT),
        Column("distance_m", REAL),
        Column("digest", TEXT),
    ),
    unique=(("role",),),
    description="Overlap state: the layers the claims are compared with",
)
PAIRS = Table(
    PAIRS_TABLE,
    (
        Column("kind", TEXT, True),
        Column("title", TEXT),
        Column("claim_fid", INTEGER, True),
        Column("other_role", TEXT, True, STATE_ROLES),
        Column("other_fid", INTEGER, True),
        Column("other_key", TEXT),
        Column("relation", TEXT),
        Column("overlap_ha", REAL),
        Column("share_claim_pct", REAL),
        Column("share_other_pct", REAL),
        Column("distance_m", REAL),
        Column("flag", TEXT),
        Column("nation", TEXT),
        Column("run_id", INTEGER),
    ),
    description="Overlap state: the current pairs of the live claims",
)
TABLES = (LAYERS, PAIRS)
TABLE_NAMES = [LAYERS_TABLE, PAIRS_TABLE]
