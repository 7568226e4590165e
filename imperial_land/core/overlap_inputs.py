"""Read one input layer of an overlap run into arrays: ids, attributes, geometries in the frame."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import shapely
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingFeedback,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime

from imperial_land.core.equal_area import EqualAreaFrame
from imperial_land.core.feedback import check_cancelled
from imperial_land.core.geometry import qgs_to_wkb, repair
from imperial_land.core.i18n import tr
from imperial_land.core.results import FeatureRef, GeometryIssue, InputInfo

AOI_NAME_FIELDS = ("name", "NAME", "nom", "NOM", "Name", "Nom", "id", "ID")
DATE_ATTRIBUTES = ("expiry", "source_date")
PLAIN_POLYGON_TYPES = (QgsWkbTypes.Type.Polygon, QgsWkbTypes.Type.MultiPolygon)


@dataclass
class LayerSpec:
    """What to read from a layer: attribute roles -> field names, and which role is the key."""

    role: str
    fields: dict[str, str]  # attribute name in FeatureRef.attributes -> layer field ('' = none)
    key: str  # attribute holding the key ('' = the fid)
    keep: Callable[[dict[str, Any]], bool] | None = None  # row filter on the attributes


@dataclass
class LayerData:
    """The usable features of one layer, in the equal-area frame."""

    role: str
    fids: np.ndarray
    keys: list[str]
    attributes: list[dict[str, Any]]
    geoms: np.ndarray  # valid (multi)polygons in the frame
    areas_ha: np.ndarray
    issues: list[GeometryIssue] = field(default_factory=list)
    info: InputInfo | None = None
    _refs: dict[int, FeatureRef] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.fids)

    def ref(self, index: int) -> FeatureRef:
        """The FeatureRef of feature `index` (one shared object per feature)."""
        ref = self._refs.get(index)
        if ref is None:
            ref = FeatureRef(
                role=self.role,
                fid=int(self.fids[index]),
                key=self.keys[index],
                area_ha=float(self.areas_ha[index]),
                attributes=self.attributes[index],
            )
            self._refs[index] = ref
        return ref


def plain_value(value: Any) -> Any:
    """A QVariant-ish attribute as plain Python (NULL -> None, QDate -> date)."""
    if value is None:
        return None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, QDateTime):
        return value.date().toPyDate() if value.isValid() else None
    if hasattr(value, "isNull") and value.isNull():  # QVariant NULL
        return None
    return value


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or 'YYYYMMDD' / 'YYYY-MM-DD' text; None when unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("-", "").replace("/", "")[:8]
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date() if len(text) == 8 else None
    except ValueError:
        return None


def aoi_name_field(layer: QgsVectorLayer) -> str:
    """The AOI layer's field that names each area ('' when none: the fid is used)."""
    names = set(layer.fields().names())
    return next((name for name in AOI_NAME_FIELDS if name in names), "")


def read_layer(
    layer: QgsVectorLayer,
    spec: LayerSpec,
    frame: EqualAreaFrame,
    feedback: QgsProcessingFeedback,
) -> LayerData:
    """Read `layer` feature by feature (only the fields needed), repair, move into the frame."""
    names = [name for name in spec.fields.values() if name]
    request = QgsFeatureRequest().setSubsetOfAttributes(names, layer.fields())
    indices = {role: layer.fields().indexOf(name) for role, name in spec.fields.items() if name}
    fids: list[int] = []
    wkbs: list[bytes | None] = []
    values: list[list[Any]] = []
    plain = layer.wkbType() in PLAIN_POLYGON_TYPES
    for count, feature in enumerate(layer.getFeatures(request)):
        if count % 20000 == 0:
            check_cancelled(feedback)
        fids.append(feature.id())
        if plain:  # no curves, Z or M: WKB as stored (empty for a null geometry)
            wkb = feature.geometry().asWkb()
            wkbs.append(bytes(wkb) if len(wkb) > 9 else None)
        else:
            wkbs.append(qgs_to_wkb(feature.geometry()))
        values.append(feature.attributes())
    rows = _rows(values, indices)
    if spec.keep is not None:
        kept = [i for i, row in enumerate(rows) if spec.keep(row)]
        fids, wkbs, rows = [fids[i] for i in kept], [wkbs[i] for i in kept], [rows[i] for i in kept]
    check_cancelled(feedback)
    keys = [_key(row.get(spec.key), fid) if spec.key else str(fid) for row, fid in zip(rows, fids)]
    geoms = shapely.from_wkb(np.array(wkbs, dtype=object))
    geoms = frame.to_frame(geoms, layer.crs())
    geoms, reasons = repair(geoms)
    issues = [
        GeometryIssue(spec.role, fids[i], keys[i], "repaired", reason)
        for i, reason in sorted(reasons.items())
        if geoms[i] is not None
    ]
    missing = np.flatnonzero(shapely.is_missing(geoms))
    for i in missing:
        reason = (
            tr("No geometry")
            if wkbs[i] is None
            else tr("No area left after repair ({reason})").format(
                reason=reasons.get(int(i), tr("empty"))
            )
        )
        issues.append(GeometryIssue(spec.role, fids[i], keys[i], "skipped", reason))
    keep = np.flatnonzero(~shapely.is_missing(geoms))
    data = LayerData(
        role=spec.role,
        fids=np.array(fids, dtype=np.int64)[keep],
        keys=[keys[i] for i in keep],
        attributes=[rows[i] for i in keep],
        geoms=geoms[keep],
        areas_ha=shapely.area(geoms[keep]) / 10_000.0 if len(keep) else np.zeros(0),
        issues=sorted(issues, key=lambda issue: issue.fid),
    )
    data.info = InputInfo(
        role=spec.role,
        name=layer.name(),
        source=layer.publicSource(),
        crs=layer.crs().authid(),
        feature_count=len(fids),
    )
    return data


def _rows(values: list[list[Any]], indices: dict[str, int]) -> list[dict[str, Any]]:
    """Attribute rows as plain Python, converted column by column (dates parsed once each)."""
    columns: dict[str, list[Any]] = {}
    for role, index in indices.items():
        column = [row[index] for row in values]
        if role in DATE_ATTRIBUTES:
            cache: dict[Any, dt.date | None] = {}
            column = [_cached_date(v, cache) for v in column]
        else:
            column = [v if type(v) in (str, int, float) else plain_value(v) for v in column]
        columns[role] = column
    roles = list(columns)
    return [dict(zip(roles, items)) for items in zip(*columns.values())] or [{} for _ in values]


def _cached_date(value: Any, cache: dict[Any, dt.date | None]) -> dt.date | None:
    value = plain_value(value)
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return as_date(value)
    if value not in cache:
        cache[value] = as_date(value)
    return cache[value]


def _key(value: Any, fid: int) -> str:
    text = "" if value is None else str(value).strip()
    return text or str(fid)
