"""The land layers in QGIS: field roles and layer roles (fields.py), loading and styling the
claims, parcels and territories (overlay.py, styles.py, the claims' history action:
actions.py), and the bundled sample (sample.py).
Entry point: overlay.add_land_layers.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.maplayers import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "AOI": "roles",
    "CLAIMS": "roles",
    "ClaimFields": "fields",
    "LoadedLayers": "overlay",
    "PARCELS": "roles",
    "ParcelFields": "fields",
    "ROLES": "roles",
    "Role": "roles",
    "FLAGS": "roles",
    "TERRITORIES": "roles",
    "TerritoryFields": "fields",
    "add_history_action": "actions",
    "add_land_layers": "overlay",
    "as_date": "fields",
    "bounding_box": "transform_context",
    "check_date_field": "fields",
    "check_polygon_layer": "fields",
    "display_name": "overlay",
    "label_font": "label_font",
    "layers_with_role": "roles",
    "match_case": "overlay",
    "record_transforms": "transform_context",
    "role_name": "fields",
    "sample_layers": "sample",
    "set_role": "roles",
    "settle_unprompted": "transform_context",
    "style_claims": "styles",
    "style_parcels": "styles",
    "style_territories": "styles",
    "unprompted_options": "transform_context",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.maplayers.actions import add_history_action as add_history_action
    from imperial_land.core.maplayers.fields import ClaimFields as ClaimFields
    from imperial_land.core.maplayers.fields import ParcelFields as ParcelFields
    from imperial_land.core.maplayers.fields import TerritoryFields as TerritoryFields
    from imperial_land.core.maplayers.fields import as_date as as_date
    from imperial_land.core.maplayers.fields import check_date_field as check_date_field
    from imperial_land.core.maplayers.fields import check_polygon_layer as check_polygon_layer
    from imperial_land.core.maplayers.fields import role_name as role_name
    from imperial_land.core.maplayers.label_font import label_font as label_font
    from imperial_land.core.maplayers.overlay import LoadedLayers as LoadedLayers
    from imperial_land.core.maplayers.overlay import add_land_layers as add_land_layers
    from imperial_land.core.maplayers.overlay import display_name as display_name
    from imperial_land.core.maplayers.overlay import match_case as match_case
    from imperial_land.core.maplayers.roles import AOI as AOI
    from imperial_land.core.maplayers.roles import CLAIMS as CLAIMS
    from imperial_land.core.maplayers.roles import PARCELS as PARCELS
    from imperial_land.core.maplayers.roles import ROLES as ROLES
    from imperial_land.core.maplayers.roles import TERRITORIES as TERRITORIES
    from imperial_land.core.maplayers.roles import Role as Role
    from imperial_land.core.maplayers.roles import layers_with_role as layers_with_role
    from imperial_land.core.maplayers.roles import set_role as set_role
    from imperial_land.core.maplayers.sample import sample_layers as sample_layers
    from imperial_land.core.maplayers.styles import style_claims as style_claims
    from imperial_land.core.maplayers.styles import style_parcels as style_parcels
    from imperial_land.core.maplayers.styles import style_territories as style_territories
    from imperial_land.core.maplayers.transform_context import bounding_box as bounding_box
    from imperial_land.core.maplayers.transform_context import (
        record_transforms as record_transforms,
    )
    from imperial_land.core.maplayers.transform_context import (
        settle_unprompted as settle_unprompted,
    )
    from imperial_land.core.maplayers.transform_context import (
        unprompted_options as unprompted_options,
    )


__getattr__ = lazy_exports(__name__, _EXPORTS)


# `label_font` is both a module and its entry point: bound here, so callers get the function, not
# the module Python sets on the package when the module is first imported.
from imperial_land.core.maplayers.label_font import label_font as label_font  # noqa: E402
