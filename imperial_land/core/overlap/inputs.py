"""Read one input layer of an overlap run into arrays: ids, attributes, geometries in the frame."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Callable

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessingFeedback,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime

from imperial_land.core.common import UserError, check_cancelled, tr
from imperial_land.core.maplayers import as_date
from imperial_land.core.overlap.edges import MAX_DEVIATION_M
from imperial_land.core.overlap.equal_area import EqualAreaFrame, move_xy
from imperial_land.core.overlap.fast_read import PLAIN_POLYGON_TYPES, arrow_columns
from imperial_land.core.overlap.geometry import (
    make_valid_polygons,
    qgs_to_wkb,
    repair,
    valid_in_threads,
    why_invalid,
)
from imperial_land.core.overlap.near_edges import FramedOutlines, MeasuredOutlines, near_any
from imperial_land.core.overlap.near_edges import frame as frame_outlines
from imperial_land.core.overlap.near_edges import full as follow_in_full
from imperial_land.core.overlap.near_edges import in_full as layer_in_full
from imperial_land.core.overlap.results import FeatureRef, GeometryIssue, InputInfo
from imperial_land.core.storage import envelope_array

AOI_NAME_FIELDS = ("name", "NAME", "nom", "NOM", "Name", "Nom", "id", "ID")
DATE_ATTRIBUTES = ("expiry", "source_date")
PLAIN_TYPES = frozenset((str, int, float))


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
    _refs: list[FeatureRef | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.fids)

    def refs(self, indices: np.ndarray) -> list[FeatureRef]:
        """The FeatureRef of each feature index (one shared object per feature)."""
        if len(self._refs) != len(self.fids):
            self._refs = [None] * len(self.fids)
        cache = self._refs
        new = [i for i in np.unique(indices).tolist() if cache[i] is None]
        made = map(
            FeatureRef,
            repeat(self.role),
            self.fids[new].tolist(),
            [self.keys[i] for i in new],
            self.areas_ha[new].tolist(),
            [self.attributes[i] for i in new],
        )
        for i, ref in zip(new, made):
            cache[i] = ref
        return [cache[i] for i in np.asarray(indices).tolist()]


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


def aoi_name_field(layer: QgsVectorLayer) -> str:
    """The AOI layer's field that names each area ('' when none: the fid is used)."""
    names = set(layer.fields().names())
    return next((name for name in AOI_NAME_FIELDS if name in names), "")


@dataclass
class RawLayer:
    """A layer as read: values, and WKB in its CRS (`finish_layer` takes it from here)."""

    spec: LayerSpec
    fids: list[int]
    wkbs: list[bytes | None]
    rows: list[dict[str, Any]]
    keys: list[str]
    to_frame: QgsCoordinateTransform  # this layer's own transform into the frame
    info: InputInfo
    edge_tolerance_m: float = MAX_DEVIATION_M  # frame metres a moved edge may stray


def read_raw(
    layer: QgsVectorLayer,
    spec: LayerSpec,
    frame: EqualAreaFrame,
    feedback: QgsProcessingFeedback,
) -> RawLayer:
    """The QGIS side of reading (call it on the layer's thread): values, WKB, the transform."""
    names = sorted({name for name in spec.fields.values() if name})
    check_cancelled(feedback)
    fast = arrow_columns(layer, names)
    if fast is not None:
        fids, wkbs, columns = fast  # plain Python values already
    else:
        fids, wkbs, columns = iterate_features(layer, names, feedback)
        columns = {name: _plain_column(values) for name, values in columns.items()}
    read_count = len(fids)
    rows = _rows(columns, spec.fields, read_count)
    if spec.keep is not None:
        kept = [i for i, row in enumerate(rows) if spec.keep(row)]
        fids, wkbs, rows = [fids[i] for i in kept], [wkbs[i] for i in kept], [rows[i] for i in kept]
    check_cancelled(feedback)
    keys = [
        feature_key(row.get(spec.key), fid) if spec.key else str(fid)
        for row, fid in zip(rows, fids)
    ]
    info = InputInfo(
        role=spec.role,
        name=layer.name(),
        source=layer.publicSource(),
        crs=layer.crs().authid(),
        feature_count=read_count,
    )
    return RawLayer(spec, fids, wkbs, rows, keys, frame.transform(layer.crs(), True), info)


def frame_boxes(raw: RawLayer) -> np.ndarray | None:
    """Each feature's box in the frame (`moved_boxes` of its box in its own CRS); None when a
    point cannot be moved. Ready long before the layer's geometries are: what the territories'
    near test needs."""
    present = [wkb for wkb in raw.wkbs if wkb is not None]
    if not present:
        return np.zeros((0, 4))
    envelopes = envelope_array(present)  # from the WKB's bytes, GEOS only for what they hide
    return moved_boxes(envelopes[:, [0, 2, 1, 3]], raw.to_frame)


def moved_boxes(bounds: np.ndarray, to_frame: QgsCoordinateTransform) -> np.ndarray | None:
    """Boxes (n, 4: xmin, ymin, xmax, ymax, in `to_frame`'s source CRS) in the frame, each
    grown so that the image of whatever the box holds lies inside; None when a point cannot be
    moved (outside the CRS's area).

    The image of a feature lies inside the image of its box in its own CRS, which the images
    of the box's sides bound. In a geographic CRS those sides are parallels and meridians,
    straight lines in the cylindrical frame: two opposite corners bound them. Elsewhere the
    sides bend: the corners and the sides' middles are moved, and the box grown by twice the
    largest bend seen at a middle. Both grow by 1/1000 of the span and 1 m (a datum shift,
    rounding).
    """
    if not len(bounds):
        return np.zeros((0, 4))
    x0, y0, x1, y1 = np.asarray(bounds, dtype=float).T
    xm, ym = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    geographic = to_frame.sourceCrs().isGeographic()
    if geographic:
        points = [(x0, y0), (x1, y1)]
    else:  # corners, then the middles of the sides between corners k and k + 1
        points = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (xm, y0), (x1, ym), (xm, y1), (x0, ym)]
    flat = np.ascontiguousarray(
        np.concatenate([np.column_stack(point) for point in points]), dtype="<f8"
    )
    try:
        moved = move_xy(flat, to_frame).reshape(len(points), len(x0), 2)
    except UserError:
        return None
    low, high = moved.min(axis=0), moved.max(axis=0)
    grow = 1e-3 * np.hypot(*(high - low).T) + 1.0
    if not geographic:
        a, m = moved[:4], moved[4:]
        chord = np.roll(a, -1, axis=0) - a
        cross = (m[..., 0] - a[..., 0]) * chord[..., 1] - (m[..., 1] - a[..., 1]) * chord[..., 0]
        length = np.hypot(chord[..., 0], chord[..., 1])
        bends = np.abs(cross) / np.where(length > 0.0, length, 1.0)  # off the chord, sideways
        grow = grow + 2.0 * bends.max(axis=0)
    return np.column_stack([low - grow[:, None], high + grow[:, None]])


def into_frame(raw: RawLayer) -> FramedOutlines:
    """The layer's geometries in the frame, every bending edge followed (not yet repaired)."""
    count = len(raw.wkbs)
    return FramedOutlines(
        layer_in_full(raw.wkbs, raw.to_frame, raw.edge_tolerance_m),
        np.zeros(count),
        np.zeros(count, dtype=bool),
    )


def near_frame(
    raw: RawLayer, measured: MeasuredOutlines | None, neighbours: np.ndarray, reach_m: np.ndarray
) -> FramedOutlines:
    """The territories for a run (both engines): their edges followed where a feature of the
    other layers (`neighbours`: frame boxes) comes within a territory's `reach_m`, every
    bending edge when there are none or the outlines were not measured (not plain polygons)."""
    if measured is None or len(neighbours) == 0:
        return into_frame(raw)
    return frame_outlines(measured, raw.to_frame, reach_m, near_any(neighbours))


def finish_layer(
    raw: RawLayer, framed: FramedOutlines | None = None, valid: np.ndarray | None = None
) -> LayerData:
    """Move the geometries into the frame, edges followed, repair them and list the issues
    (any thread). `framed`: the geometries already in the frame (`into_frame`, or with only the
    edges near other layers followed, overlap/near_edges.py, where one whose chords cross there
    is followed in full instead). `valid`: the validity of `framed`'s geometries, when known.

    Validity is the data's own: a geometry invalid in its layer's CRS is repaired there (and
    listed, with the reason GEOS gives there); one that is invalid only in the frame (two
    boundaries closer than the edge tolerance) is repaired there without being listed. Only the
    geometries invalid in the frame are looked at in their own CRS: moving keeps any crossing
    that is in the data.
    """
    spec, fids, wkbs, rows, keys = raw.spec, raw.fids, raw.wkbs, raw.rows, raw.keys
    framed = framed if framed is not None else into_frame(raw)
    moved, bulge_m2 = framed.geoms.copy(), framed.bulge_m2.copy()
    if valid is None:
        present = np.flatnonzero(~shapely.is_missing(moved))
        valid = np.ones(len(moved), dtype=bool)
        valid[present] = valid_in_threads(moved[present])
    else:
        valid = valid.copy()
    reasons: dict[int, str] = {}
    for i in np.flatnonzero(~valid).tolist():
        source = shapely.from_wkb(wkbs[i])
        why = why_invalid(source)
        if why is not None:
            # Repaired as drawn, before its edges are followed: the PostGIS engine repairs the
            # same outline, whatever vertices following the edges adds (overlap/sql/stage.py).
            reasons[i] = why
            fixed = make_valid_polygons(source)
            bulge_m2[i] = 0.0
            if fixed is None:
                moved[i] = None
                continue
            wkb = shapely.to_wkb(fixed, output_dimension=2)
            partial = False
            if framed.again is not None:  # followed like the rest: near other layers only
                moved[i], bulge_m2[i], partial = framed.again(wkb, i)
            else:
                moved[i] = _in_full(wkb, raw)
            valid[i] = bool(shapely.is_valid(moved[i]))
            if valid[i] or not partial:
                continue
            source_wkb = wkb
        elif framed.partial[i]:
            source_wkb = wkbs[i]
        else:
            continue
        moved[i] = _in_full(source_wkb, raw)  # chords crossing far from other layers
        bulge_m2[i] = 0.0
        valid[i] = bool(shapely.is_valid(moved[i]))
    geoms, frame_reasons = repair(moved, valid)  # what only the frame made invalid: not listed
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
                reason=reasons.get(int(i), frame_reasons.get(int(i), tr("empty")))
            )
        )
        issues.append(GeometryIssue(spec.role, fids[i], keys[i], "skipped", reason))
    keep = np.flatnonzero(~shapely.is_missing(geoms))
    return LayerData(
        role=spec.role,
        fids=np.array(fids, dtype=np.int64)[keep],
        keys=[keys[i] for i in keep],
        attributes=[rows[i] for i in keep],
        geoms=geoms[keep],
        areas_ha=(shapely.area(geoms[keep]) + bulge_m2[keep]) / 10_000.0
        if len(keep)
        else np.zeros(0),
        issues=sorted(issues, key=lambda issue: issue.fid),
        info=raw.info,
    )


def _in_full(wkb: bytes, raw: RawLayer) -> object:
    """One geometry of `raw` in the frame, every bending edge followed."""
    return follow_in_full(wkb, raw.to_frame, raw.edge_tolerance_m)


def iterate_features(
    layer: QgsVectorLayer, names: list[str], feedback: QgsProcessingFeedback
) -> tuple[list[int], list[bytes | None], dict[str, list[Any]]]:
    """(fids, WKB, values per field) through QgsFeatureIterator, only the fields named."""
    request = QgsFeatureRequest().setSubsetOfAttributes(names, layer.fields())
    indices = [layer.fields().indexOf(name) for name in names]
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
        attributes = feature.attributes()
        values.append([attributes[i] for i in indices])
    columns = {name: [row[k] for row in values] for k, name in enumerate(names)}
    return fids, wkbs, columns


def _plain_column(values: list[Any]) -> list[Any]:
    """`plain_value` of each value (plain ones pass as they are)."""
    return [v if type(v) in PLAIN_TYPES else plain_value(v) for v in values]


def _rows(
    columns: dict[str, list[Any]], fields: dict[str, str], count: int
) -> list[dict[str, Any]]:
    """Attribute rows by role from plain column values (dates parsed once per value)."""
    by_role: dict[str, list[Any]] = {}
    for role, name in fields.items():
        if not name:
            continue
        column = columns[name]
        by_role[role] = _date_column(column) if role in DATE_ATTRIBUTES else column
    roles = list(by_role)
    if not roles:
        return [{} for _ in range(count)]
    return [dict(zip(roles, items)) for items in zip(*by_role.values())]


def _date_column(column: list[Any]) -> list[dt.date | None]:
    """`as_date` of each plain value (None stays None), each distinct value worked out once."""
    cache: dict[tuple[type, Any], dt.date | None] = {}
    dates: list[dt.date | None] = []
    for value in column:
        if value is None:
            dates.append(None)
            continue
        key = (type(value), value)  # 1, 1.0 and True are equal, not the same
        if key not in cache:
            cache[key] = as_date(value)
        dates.append(cache[key])
    return dates


def feature_key(value: Any, fid: int) -> str:
    """A feature's key: its id field as text, or its fid when that is empty."""
    text = "" if value is None else str(value).strip()
    return text or str(fid)
