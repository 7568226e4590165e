"""Put the claims, parcels and territories layers into a project, in one styled group."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Union

from qgis.core import (
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsProcessingFeedback,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)

from imperial_land.core.common import StepProgress, UserError, ensure_feedback, tr
from imperial_land.core.maplayers.actions import add_history_action
from imperial_land.core.maplayers.fields import (
    ClaimFields,
    ParcelFields,
    TerritoryFields,
    check_date_field,
    check_polygon_layer,
)
from imperial_land.core.maplayers.roles import CLAIMS, PARCELS, TERRITORIES, set_role
from imperial_land.core.maplayers.styles import style_claims, style_parcels, style_territories
from imperial_land.core.maplayers.transform_context import record_transforms

FieldRoles = Union[ClaimFields, ParcelFields, TerritoryFields]


def group_name() -> str:
    """The translated name of the plugin's layer group."""
    return tr("Imperial Land")


@dataclass
class LoadedLayers:
    """What add_land_layers put in the project: the group and the layer per role."""

    group: QgsLayerTreeGroup
    layers: dict[str, QgsVectorLayer] = field(default_factory=dict)


def match_case(layer: QgsVectorLayer | None, roles: FieldRoles) -> FieldRoles:
    """`roles` with each name spelled as the layer spells it when only the case differs.

    PostGIS loaders lower-case column names (ogr2ogr turns GESTIM's TIT_NO into tit_no).
    """
    if layer is None:
        return roles
    by_lower = {name.lower(): name for name in layer.fields().names()}
    changes = {}
    for role in fields(roles):
        name = getattr(roles, role.name)
        if name and name not in by_lower.values() and name.lower() in by_lower:
            changes[role.name] = by_lower[name.lower()]
    return replace(roles, **changes)


def check_land_layers(
    claims: QgsVectorLayer | None,
    parcels: QgsVectorLayer | None,
    territories: QgsVectorLayer | None,
    claim_fields: ClaimFields,
    parcel_fields: ParcelFields,
    territory_fields: TerritoryFields,
) -> None:
    """Raise UserError for the first bad layer; at least one layer must be given."""
    if claims is None and parcels is None and territories is None:
        raise UserError(tr("Choose at least one layer to load."))
    if claims is not None:
        check_polygon_layer(claims, CLAIMS, claim_fields.required())
        check_date_field(claims, CLAIMS, claim_fields.expiry)
    if parcels is not None:
        check_polygon_layer(parcels, PARCELS, parcel_fields.required())
    if territories is not None:
        check_polygon_layer(territories, TERRITORIES, territory_fields.required())


def _group(project: QgsProject) -> QgsLayerTreeGroup:
    """The plugin's group at the top of the layer tree (reused when it exists)."""
    root = project.layerTreeRoot()
    existing = root.findGroup(group_name())
    return existing if existing is not None else root.insertGroup(0, group_name())


def display_name(layer: QgsVectorLayer) -> str:
    """The layer's name; for a layer opened from a file path, its table name when it has one."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    table = parts.get("layerName") or ""
    file_stem = Path(parts.get("path") or "").stem
    return table if table and layer.name() in ("", file_stem) else layer.name()


def _place(project: QgsProject, group: QgsLayerTreeGroup, layer: QgsVectorLayer) -> QgsVectorLayer:
    """Put `layer` at the bottom of `group`; a layer of another project (or none) is copied."""
    if project.mapLayer(layer.id()) is layer:
        node = project.layerTreeRoot().findLayer(layer.id())
        if node is not None:
            node.parent().removeChildNode(node)
        group.addLayer(layer)
        return layer
    copy = layer.clone()
    copy.setName(display_name(layer))
    project.addMapLayer(copy, False)
    group.insertChildNode(-1, QgsLayerTreeLayer(copy))
    return copy


def add_land_layers(
    project: QgsProject,
    claims: QgsVectorLayer | None = None,
    parcels: QgsVectorLayer | None = None,
    territories: QgsVectorLayer | None = None,
    claim_fields: ClaimFields | None = None,
    parcel_fields: ParcelFields | None = None,
    territory_fields: TerritoryFields | None = None,
    expiry_days: int | None = None,
    feedback: QgsProcessingFeedback | None = None,
    today: dt.date | None = None,
) -> LoadedLayers:
    """Style the layers and put them in the "Imperial Land" group: parcels, claims, territories.

    Layers already in `project` are styled and moved; others are added as copies. All layers are
    checked first, so a bad one leaves the project untouched.
    """
    feedback = ensure_feedback(feedback)
    claim_fields = match_case(claims, claim_fields or ClaimFields())
    parcel_fields = match_case(parcels, parcel_fields or ParcelFields())
    territory_fields = match_case(territories, territory_fields or TerritoryFields())
    check_land_layers(claims, parcels, territories, claim_fields, parcel_fields, territory_fields)
    # Before any layer is added: the desktop asks for a transformation when one is added.
    record_transforms(project, [lyr for lyr in (claims, parcels, territories) if lyr is not None])
    steps = [
        (PARCELS, parcels, lambda lyr: style_parcels(lyr, parcel_fields)),
        (CLAIMS, claims, lambda lyr: style_claims(lyr, claim_fields, expiry_days, today)),
        (TERRITORIES, territories, lambda lyr: style_territories(lyr, territory_fields)),
    ]
    progress = StepProgress(feedback, len(steps))
    result = LoadedLayers(_group(project))
    for role, layer, style in steps:
        progress.next()
        if layer is None:
            continue
        placed = _place(project, result.group, layer)
        style(placed)
        set_role(placed, role)
        if role == CLAIMS:
            add_history_action(placed)
        result.layers[role] = placed
        feedback.pushInfo(
            tr("Added '{layer}' ({count} features).").format(
                layer=placed.name(), count=placed.featureCount()
            )
        )
    feedback.setProgress(100.0)
    return result
