"""Which fields mean what on each input layer, and the checks that say clearly what is wrong."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from qgis.core import QgsFeatureRequest, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QDate, QDateTime

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


DATE_SAMPLE = 50  # a date field's first values looked at (`check_date_field`)...
DATE_SAMPLE_ROWS = 1_000  # ...among its first rows at most (a field NULL on most rows)


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or 'YYYYMMDD' / 'YYYY-MM-DD' text; None when unreadable
    (the one rule of an expiry date, for the layers, the overlap and the register's stage)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("-", "").replace("/", "")[:8]
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date() if len(text) == 8 else None
    except ValueError:
        return None


def check_date_field(layer: QgsVectorLayer, role: str, name: str) -> None:
    """UserError when the field `name` of `layer` holds values and none of its first ones is a
    date (a holder's name chosen as the expiry field would leave every claim unflagged, unsaid).
    A field empty or NULL on its first rows passes: nothing to judge."""
    index = layer.fields().indexOf(name)
    if not name or index < 0:
        return
    request = QgsFeatureRequest()
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes([index])
    request.setLimit(DATE_SAMPLE_ROWS)
    seen = []
    for feature in layer.getFeatures(request):
        value = feature.attribute(index)
        if value is None or (hasattr(value, "isNull") and value.isNull()) or value == "":
            continue
        if isinstance(value, (QDate, QDateTime)) or as_date(value) is not None:
            return  # a date field (QGIS hands its values over as QDate or QDateTime)
        seen.append(value)
        if len(seen) >= DATE_SAMPLE:
            break
    if seen:
        raise UserError(
            tr(
                "The field '{field}' of the {what} layer '{layer}' holds no dates (e.g. "
                "'{value}'); choose the field that holds the expiry date."
            ).format(field=name, what=role_name(role), layer=layer.name(), value=seen[0])
        )
