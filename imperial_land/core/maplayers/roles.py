"""Layer roles: what an input layer is to the plugin (claims, parcels, territories, AOI)."""

from __future__ import annotations

from imperial_land.core.common.enums import TextEnum


class Role(TextEnum):
    """What an input layer is to the plugin."""

    CLAIMS = "claims"
    PARCELS = "parcels"
    TERRITORIES = "territories"
    AOI = "aoi"  # area of interest


# The values layers, pairs and reports are keyed by (plain text: common/enums.py says why).
CLAIMS, PARCELS, TERRITORIES, AOI = (role.value for role in Role)
ROLES = tuple(role.value for role in Role)
