"""Which fields mean what on each input layer, and the checks that say clearly what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field

from qgis.core import QgsVectorLayer, QgsWkbTypes

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.maplayers.roles import AOI, CLAIMS, PARCELS, TERRITORIES


@dataclass
class ClaimFields:
    """Claims layer roles; GESTIM's names by default."""

    title: str = field(default_factory=lambda: settings.get("fields/claim_id"))
    status: str = field(default_factory=lambda: settings.get("fields/claim_status"))
    status_code: str = field(default_factory=lambda: settings.get("fields/claim_status_code"))
    expiry: str = field(default_factory=lambda: settings.get("fields/claim_expiry"))
    holder: str = field(default_factory=lambda: settings.get("fields/claim_holder"))
    title_type: str = field(default_factory=lambda: settings.get("fields/claim_type"))

    def required(self) -> list[str]:
        return [self.title, self.status, self.expiry, self.holder]


@dataclass
class ParcelFields:
    """Parcels layer roles: the lot number."""

    lot: str = field(default_factory=lambda: settings.get("fields/parcel_id"))

    def required(self) -> list[str]:
        return [self.lot]


@dataclass
class TerritoryFields:
    """Territories layer roles: the Nation, an optional name and an optional distance (m)."""

    nation: str = field(default_factory=lambda: settings.get("fields/territory_nation"))
    name: str = field(default_factory=lambda: settings.get("fields/territory_name"))
    distance: str = field(default_factory=lambda: settings.get("fields/territory_distance"))

    def required(self) -> list[str]:
        return [self.nation]


ROLE_NAMES = {
    CLAIMS: lambda: tr("mining claims"),
    PARCELS: lambda: tr(PARCELS),
    TERRITORIES: lambda: tr("ancestral territories"),
    AOI: lambda: tr("area of interest"),
}


def role_name(role: str) -> str:
    """The translated name of a layer role, for messages."""
    return ROLE_NAMES[role]() if role in ROLE_NAMES else role


def check_polygon_layer(
    layer: QgsVectorLayer | None, role: str, required_fields: list[str] | None = None
) -> None:
    """Raise UserError unless `layer` is a valid polygon layer with a CRS and the fields named."""
    what = role_name(role)
    if layer is None or not layer.isValid():
        raise UserError(tr("The {what} layer could not be opened.").format(what=what))
    if layer.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
        raise UserError(
            tr("The {what} layer '{layer}' is not a polygon layer; choose a polygon layer.").format(
                what=what, layer=layer.name()
            )
        )
    if not layer.crs().isValid():
        raise UserError(
            tr("The {what} layer '{layer}' has no coordinate reference system; set one.").format(
                what=what, layer=layer.name()
            )
        )
    names = set(layer.fields().names())
    for name in required_fields or []:
        if name and name not in names:
            raise UserError(
                tr(
                    "The {what} layer '{layer}' has no field '{field}'; choose the field that "
                    "holds it (the plugin's settings, or the algorithm's field parameters in "
                    "Processing)."
                ).format(what=what, layer=layer.name(), field=name)
            )
