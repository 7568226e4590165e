"""The one table of WFS property names -> the register's (GESTIM shapefile) field names.

SIGEOM's WFS (`SGM:Actifs`) publishes its own property names: `NO_TITRE` and `TITULAIRE` are
seen in public code that calls it; the names of status, expiry and area are not known yet. When
one is learnt, add it here (and nowhere else): the WFS sync then updates that register field. A
property whose name is already a register field maps to itself; any other property is kept in
its own column under its own name.
"""

from __future__ import annotations

from imperial_land.core.gestim.records import HOLDER_FIELD, TITLE_FIELD

# WFS property (upper case) -> register field
WFS_ALIASES: dict[str, str] = {
    "NO_TITRE": TITLE_FIELD,
    "TITULAIRE": HOLDER_FIELD,
    # candidates for the names not confirmed yet (status, expiry, area, type, dates)
    "STATUT": "STI_DES_FR",
    "STATUT_TITRE": "STI_DES_FR",
    "DESC_STATUT": "STI_DES_FR",
    "CODE_STATUT": "STI_CODE",
    "DATE_EXPIRATION": "TIT_DAT_EX",
    "DATE_EXPIR": "TIT_DAT_EX",
    "DAT_EXPIR": "TIT_DAT_EX",
    "DATE_INSCRIPTION": "TIT_DAT_EM",
    "SUPERFICIE": "TIT_SUPRF",
    "SUPERFICIE_HA": "TIT_SUPRF",
    "TYPE_TITRE": "TT_DES_FR",
}

# The register fields a sync reports changes of (status, holder, expiry, area): a WFS sync says
# which of them it could not update.
WATCHED_FIELDS = [
    "STI_CODE",
    "STI_DES_FR",
    "STI_DES_AN",
    HOLDER_FIELD,
    "DET_POURC",
    "TIT_DAT_EX",
    "TIT_SUPRF",
]


def register_name(wfs_name: str, known: set[str] | frozenset[str] = frozenset()) -> str:
    """The register field a WFS property fills: its alias, itself when it is a register field
    (`known`) or has no alias (kept in its own column)."""
    if wfs_name in known:
        return wfs_name
    return WFS_ALIASES.get(wfs_name.upper(), wfs_name)


def schema_map(wfs_names: list[str]) -> dict[str, str]:
    """WFS property -> register field for a layer's properties, in their order. Two properties
    with the same register field: the first keeps it, the other keeps its own name."""
    mapping: dict[str, str] = {}
    taken = set(wfs_names) - {n for n in wfs_names if n.upper() in WFS_ALIASES}
    for name in wfs_names:
        target = register_name(name)
        if target != name and target in taken:
            target = name
        taken.add(target)
        mapping[name] = target
    return mapping
