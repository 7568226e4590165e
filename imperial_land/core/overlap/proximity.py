"""Which features of one polygon set lie on or near which of another, with the overlap engine's
own measures: the equal-area frame, long edges followed, repair (inputs.finish_layer), exact
overlap areas (pairs.overlay) and ellipsoidal distances (pairs.near).

For jobs outside the overlap report that ask "what is on or within d metres of what" (the
staking watch): they get the same hectares and metres a report would give, from the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from imperial_land.core.common import StepProgress, ensure_feedback, gc_paused, settings
from imperial_land.core.overlap.equal_area import EqualAreaFrame, frame_over
from imperial_land.core.overlap.inputs import (
    LayerSpec,
    RawLayer,
    feature_key,
    finish_layer,
    iterate_features,
    plain_value,
)
from imperial_land.core.overlap.pairs import Side, near, overlay
from imperial_land.core.overlap.results import InputInfo


@dataclass
class PolygonSet:
    """Polygons as WKB (None for no geometry) in one CRS."""

    wkbs: list[bytes | None]
    crs: QgsCoordinateReferenceSystem

    def extent(self) -> QgsRectangle:
        present = [wkb for wkb in self.wkbs if wkb is not None]
        if not present:
            return QgsRectangle()
        xmin, ymin, xmax, ymax = shapely.total_bounds(shapely.from_wkb(present))
        return QgsRectangle(xmin, ymin, xmax, ymax)


@dataclass
class Proximity:
    """Pairs (index in A, index in B) that overlap, touch or lie within B's distance."""

    a: np.ndarray
    b: np.ndarray
    distance_m: np.ndarray  # ellipsoidal metres; 0 for an overlap or a contact
    overlap_ha: np.ndarray  # exact ellipsoidal hectares; 0 for a near pair


def proximity_pairs(
    a: list[PolygonSet],
    b: list[PolygonSet],
    limit_m: np.ndarray,
    ellipsoid: str | None = None,
    context: QgsCoordinateTransformContext | None = None,
    feedback: QgsProcessingFeedback | None = None,
    frame_extents: list[tuple[QgsRectangle, QgsCoordinateReferenceSystem]] | None = None,
) -> Proximity:
    """Every (a, b) pair whose features overlap or come within `limit_m[b]` metres.

    Indices count through the sets in order (the second set's first feature follows the first
    set's last). A feature without area after repair is in no pair. Overlaps under the sliver
    threshold (settings "overlap/sliver_ha") count as contacts: 0 m, 0 ha, as in the report.
    `frame_extents`: more (extent, CRS) the frame covers, so a caller that measures only part of
    a set (the features near the others) keeps the frame, metres and hectares of the whole set.
    """
    feedback = ensure_feedback(feedback)
    if not any(s.wkbs for s in a) or not any(s.wkbs for s in b):
        empty = np.zeros(0, dtype=np.int64)
        return Proximity(empty, empty, np.zeros(0), np.zeros(0))
    progress = StepProgress(feedback, 3)
    context = context or QgsProject.instance().transformContext()
    ellipsoid = ellipsoid or settings.get("overlap/ellipsoid")
    extents = [(s.extent(), s.crs) for s in [*a, *b]] + list(frame_extents or [])
    frame = frame_over(ellipsoid, context, extents)
    with gc_paused():
        progress.next()
        side_a, index_a = _side(a, frame)
        side_b, index_b = _side(b, frame)
        limits = np.asarray(limit_m, dtype=float)[index_b]
        sliver_m2 = float(settings.get("overlap/sliver_ha")) * 10_000.0
        progress.next()
        found = overlay(side_a, side_b, sliver_m2, progress.within)
        progress.next()
        close = near(side_a, side_b, limits, frame, found, progress.within)
    pa = np.concatenate([found.a, close.a]).astype(np.int64)
    pb = np.concatenate([found.b, close.b]).astype(np.int64)
    metres = np.concatenate([np.zeros(len(found.a)), close.distance_m])
    hectares = np.concatenate([found.overlap_m2 / 10_000.0, np.zeros(len(close.a))])
    order = np.lexsort((index_b[pb], index_a[pa]))
    return Proximity(index_a[pa][order], index_b[pb][order], metres[order], hectares[order])


def layer_polygons(
    layer: QgsVectorLayer, key_field: str, feedback: QgsProcessingFeedback | None = None
) -> tuple[PolygonSet, list[str]]:
    """A polygon layer's features as a PolygonSet, and each one's key (its `key_field` value as
    text, its fid when the field is '' or the value empty: inputs.feature_key)."""
    names = [key_field] if key_field else []
    fids, wkbs, columns = iterate_features(layer, names, ensure_feedback(feedback))
    values = columns.get(key_field, [None] * len(fids))
    keys = [feature_key(plain_value(v), fid) for v, fid in zip(values, fids)]
    return PolygonSet(wkbs, layer.crs()), keys


def _side(sets: list[PolygonSet], frame: EqualAreaFrame) -> tuple[Side, np.ndarray]:
    """The sets' polygons in the frame (followed, repaired) as one Side, and each kept
    feature's index in the sets' running order."""
    geoms: list[np.ndarray] = []
    indices: list[np.ndarray] = []
    start = 0
    for polygons in sets:
        count = len(polygons.wkbs)
        raw = RawLayer(
            spec=LayerSpec("", {}, ""),
            fids=list(range(start, start + count)),
            wkbs=list(polygons.wkbs),
            rows=[{} for _ in range(count)],
            keys=[str(i) for i in range(count)],
            to_frame=frame.transform(polygons.crs, True),
            info=InputInfo("", "", "", polygons.crs.authid(), count),
        )
        data = finish_layer(raw)
        geoms.append(data.geoms)
        indices.append(data.fids)
        start += count
    joined = np.concatenate(geoms) if geoms else np.zeros(0, dtype=object)
    index = np.concatenate(indices).astype(np.int64) if indices else np.zeros(0, np.int64)
    return Side(joined, shapely.area(joined) if len(joined) else np.zeros(0)), index
