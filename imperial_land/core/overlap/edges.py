"""Source edges followed into the equal-area frame.

A polygon's edges are straight in its layer's CRS. Moving only the vertices into the frame and
joining them with straight lines there cuts across the true edge: for a 100 km edge drawn in
EPSG:32198 the two lines part by about a hundred metres, enough to change overlap areas, flip
relations and make valid outlines cross themselves. So before a geometry leaves its CRS, every
edge whose image bends by more than the tolerance is split, in its own CRS, into as many equal
parts as its measured bend asks for (the bend of a smooth curve shrinks with the square of the
part's length). Short edges, the vast majority, are left alone.

Fast path: in a geographic CRS an edge along a parallel or a meridian is a straight line of the
cylindrical equal-area frame (constant y or constant x), so claim cells in EPSG:4269 are never
split, whatever their size.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsRectangle

from imperial_land.core.common import UserError
from imperial_land.core.overlap.equal_area import EqualAreaFrame, move_xy
from imperial_land.core.overlap.geometry import ragged_polygons
from imperial_land.core.storage import PolygonWalk, vertex_records, walk_polygons

# The moved outline stays this close to the source edge, in frame metres: areas are measured in
# the frame, and an edge that strays d over a crossing of length L moves an overlap by about
# 2/3 d L (0.0007 ha for d = 0.01 m across a 1 km claim cell, under the report's 0.001 ha).
MAX_DEVIATION_M = 0.01
SAFETY = 1.2  # split as if bends were 20 % larger than measured (bends vary along an edge)
MAX_PARTS = 100_000  # per edge: a guard against a CRS that misbehaves far from its area
_PROBE_DIRECTIONS = np.radians(np.arange(0.0, 180.0, 22.5))
_PROBE_SPOTS = (0.1, 0.5, 0.9)  # across the extent, both ways
_PROBE_FRACTIONS = (0.25, 0.025)  # probe lengths, as a share of the extent's diagonal


def follow_edges(
    wkbs: list[bytes | None],
    transform: QgsCoordinateTransform,
    tolerance_m: float,
) -> list[bytes | None]:
    """`wkbs` (2D polygons in `transform`'s source CRS) with vertices added on every edge whose
    image in the frame would stray more than `tolerance_m` (frame metres) from its chord; the
    WKB of a polygon that needs none is returned as it was (the same object)."""
    if transform.isShortCircuited():
        return list(wkbs)
    geographic = transform.sourceCrs().isGeographic()
    candidates, limit = bending_candidates(wkbs, transform, tolerance_m, geographic)
    if len(candidates) == 0:
        return list(wkbs)
    polygons = shapely.from_wkb(np.array([wkbs[i] for i in candidates], dtype=object))
    dense = densify(polygons, transform, tolerance_m, geographic, limit)
    result = list(wkbs)
    for i, polygon, before in zip(candidates.tolist(), dense, polygons):
        if polygon is not before:
            result[i] = shapely.to_wkb(polygon, output_dimension=2)
    return result


def layer_max_edge(
    extent: QgsRectangle, crs: QgsCoordinateReferenceSystem, frame: EqualAreaFrame
) -> float:
    """The longest edge (layer units) a layer in `crs` over `extent` may keep unsplit: what the
    PostGIS engine gives ST_Segmentize (it cannot split edge by edge as `follow_edges` does)."""
    if extent.isNull() or extent.isEmpty():
        return math.inf
    return safe_length(
        (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()),
        frame.transform(crs, True),
        MAX_DEVIATION_M,
        crs.isGeographic(),
    )


def layer_limit(
    coords: np.ndarray,
    transform: QgsCoordinateTransform,
    tolerance_m: float,
    geographic: bool,
) -> float:
    """`safe_length` over the extent of a layer's vertices (an (n, 2) array)."""
    bounds = (*coords.min(axis=0).tolist(), *coords.max(axis=0).tolist())
    return safe_length(bounds, transform, tolerance_m, geographic)


def safe_length(
    bounds: tuple[float, float, float, float],
    transform: QgsCoordinateTransform,
    tolerance_m: float,
    geographic: bool,
) -> float:
    """The longest edge (source units) whose image bends by at most `tolerance_m` anywhere in
    `bounds`, from probe segments in 8 directions at 9 spots and 2 lengths (inf: no bend).

    The bend of a short edge is about c * length^2; c is the largest ratio the probes show,
    times SAFETY. Geographic edges along the axes never bend and are not probed.
    """
    xmin, ymin, xmax, ymax = bounds
    diagonal = math.hypot(xmax - xmin, ymax - ymin)
    if not math.isfinite(diagonal) or diagonal <= 0.0:
        return math.inf
    directions = _PROBE_DIRECTIONS
    if geographic:
        directions = directions[(directions % (np.pi / 2.0)) != 0.0]
    worst = 0.0
    for fx in _PROBE_SPOTS:
        for fy in _PROBE_SPOTS:
            spot = np.array([xmin + fx * (xmax - xmin), ymin + fy * (ymax - ymin)])
            for fraction in _PROBE_FRACTIONS:
                half = 0.5 * fraction * diagonal
                step = half * np.column_stack([np.cos(directions), np.sin(directions)])
                # Inside the extent: a point outside the CRS's area makes QGIS fail a transform.
                low, high = np.array([xmin, ymin]), np.array([xmax, ymax])
                start, end = np.clip(spot - step, low, high), np.clip(spot + step, low, high)
                bends = _probe(start, end, transform)
                if bends is not None:
                    length2 = np.sum((end - start) ** 2, axis=1)
                    usable = length2 > (0.01 * half) ** 2
                    if np.any(usable):
                        worst = max(worst, float(np.max(bends[usable] / length2[usable])))
    if worst <= 0.0:
        return math.inf
    return math.sqrt(tolerance_m / (SAFETY * worst))


def densify(
    polygons: np.ndarray,
    transform: QgsCoordinateTransform,
    tolerance_m: float,
    geographic: bool,
    limit: float,
) -> np.ndarray:
    """Each polygon with its bending edges split (an untouched polygon is the same object);
    only edges longer than `limit` (the layer's safe length) are measured."""
    result = np.array(polygons, dtype=object, copy=True)
    present = np.flatnonzero(~shapely.is_missing(result))
    if len(present) == 0:
        return result
    kind, coords, offsets = ragged_polygons(result[present])
    rings = offsets[0]
    starts = np.ones(len(coords), dtype=bool)  # vertex j starts an edge to j + 1 ...
    starts[rings[1:] - 1] = False  # ... except the closing vertex of each ring
    edge = np.flatnonzero(starts)
    parts = np.ones(len(coords), dtype=np.int64)
    parts[edge] = _parts(coords[edge], coords[edge + 1], transform, tolerance_m, geographic, limit)
    if np.all(parts == 1):
        return result
    source, share, new_rings = split_vertices(parts, rings)
    following = np.minimum(source + 1, len(coords) - 1)  # the closing vertex has share 0
    dense = coords[source] + (coords[following] - coords[source]) * share[:, None]
    rebuilt = shapely.from_ragged_array(kind, dense, (new_rings, *offsets[1:]))
    # Which polygons grew, and their own type back (the ragged array makes all multi).
    per_geom = offsets[2] if len(offsets) > 2 else np.arange(len(present) + 1)
    first_vertex = rings[offsets[1][per_geom]]
    added = np.concatenate([[0], np.cumsum(parts - 1)])
    grown = added[first_vertex[1:]] - added[first_vertex[:-1]]
    was_single = shapely.get_type_id(result[present]) == shapely.GeometryType.POLYGON
    for k in np.flatnonzero(grown > 0).tolist():
        new = rebuilt[k]
        if was_single[k] and shapely.get_type_id(new) == shapely.GeometryType.MULTIPOLYGON:
            new = shapely.get_geometry(new, 0)
        result[present[k]] = new
    return result


def split_vertices(
    parts: np.ndarray, rings: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The one rule of where split points go: vertex j's edge (to j + 1) becomes `parts[j]`
    equal parts. Per new vertex: the old vertex it comes after, its share of that edge (0 for
    the old vertex itself); and the new ring offsets (from the old ones, `rings`)."""
    total = np.cumsum(parts)
    first = total - parts  # new index of each vertex's first copy
    source = np.repeat(np.arange(len(parts)), parts)
    share = (np.arange(int(total[-1])) - first[source]) / parts[source]
    return source, share, np.concatenate([[0], total[rings[1:] - 1]])


def bending_candidates(
    wkbs: list[bytes | None],
    transform: QgsCoordinateTransform,
    tolerance_m: float,
    geographic: bool,
    walk: PolygonWalk | None = None,
) -> tuple[np.ndarray, float]:
    """Indices of the WKBs with at least one edge longer than the layer's safe length, and
    that length (worked out once per layer, from all its vertices). `walk`: `walk_polygons`
    of `wkbs`, when the caller has it.

    Read straight from the WKB bytes (no geometry built): two vertices 16 bytes apart are the
    two ends of an edge of one ring. Any WKB the walk does not read goes through GEOS, where
    the ends of consecutive rings may pair up: that only sends a polygon to `densify`, which
    knows its rings.
    """
    none = np.zeros(0, dtype=np.int64), math.inf
    walk = walk if walk is not None else walk_polygons(wkbs)
    present, vertices = walk.present, walk.vertices
    if not present:
        return none
    if vertices is not None:
        # row k: the (x, y) at vertices[k]
        coords = vertex_records(walk.buffer)[vertices].view("<f8")
        owner = np.searchsorted(walk.starts, vertices, side="right") - 1
        linked = np.diff(vertices) == 16
    else:
        blobs = [wkbs[i] for i in present]
        coords, owner = shapely.get_coordinates(
            shapely.from_wkb(np.array(blobs, dtype=object)), return_index=True
        )
        linked = np.diff(owner) == 0
    if len(coords) < 2:
        return none
    edge = np.flatnonzero(linked)
    delta = coords[edge + 1] - coords[edge]
    bending = can_bend(delta, geographic)
    edge, delta = edge[bending], delta[bending]
    if len(edge) == 0:
        return none
    length = np.hypot(delta[:, 0], delta[:, 1])
    limit = layer_limit(coords, transform, tolerance_m, geographic)
    long = edge[length > limit]
    return np.array(present, dtype=np.int64)[np.unique(owner[long])], limit


def can_bend(delta: np.ndarray, geographic: bool) -> np.ndarray:
    """Which edges (their x, y deltas) can bend in the frame: any edge of some length, but in a
    geographic CRS not those along a parallel or a meridian (straight lines of the frame)."""
    if geographic:
        return (delta[:, 0] != 0.0) & (delta[:, 1] != 0.0)
    return np.any(delta != 0.0, axis=1)


def _parts(
    start: np.ndarray,
    end: np.ndarray,
    transform: QgsCoordinateTransform,
    tolerance_m: float,
    geographic: bool,
    limit: float,
) -> np.ndarray:
    """How many equal parts each edge (start -> end, source CRS) needs; 1 for most (those of
    `limit` or shorter are not measured)."""
    parts = np.ones(len(start), dtype=np.int64)
    delta = end - start
    length = np.hypot(delta[:, 0], delta[:, 1])
    measure = np.flatnonzero(can_bend(delta, geographic) & (length > limit))
    if len(measure) == 0:
        return parts
    parts[measure] = parts_for(_bend(start[measure], end[measure], transform), tolerance_m)
    return parts


def parts_for(bend_m: np.ndarray, tolerance_m: float) -> np.ndarray:
    """How many equal parts edges bending by `bend_m` need to stay within `tolerance_m` (the
    bend of a part shrinks with the square of its length): the one rule of both ways of
    following edges (here and overlap/near_edges.py)."""
    needed = np.ceil(np.sqrt(SAFETY * bend_m / tolerance_m))
    return np.clip(needed, 1, MAX_PARTS).astype(np.int64)


def _bend(start: np.ndarray, end: np.ndarray, transform: QgsCoordinateTransform) -> np.ndarray:
    """How far the image of each edge strays from its chord in the frame (frame metres), from
    the image of its middle: over one edge the bend of a smooth map does not change sign, and
    the middle of a parabola is its farthest point (SAFETY covers the rest)."""
    n = len(start)
    points = np.concatenate([start, end, (start + end) / 2.0])
    moved = move_xy(np.ascontiguousarray(points, dtype="<f8"), transform)
    a, b, middle = moved[:n], moved[n : 2 * n], moved[2 * n :]
    chord = b - a
    span = np.hypot(chord[:, 0], chord[:, 1])
    span = np.where(span > 0.0, span, 1.0)
    offset = middle - a
    return np.abs(chord[:, 0] * offset[:, 1] - chord[:, 1] * offset[:, 0]) / span


def _probe(
    start: np.ndarray, end: np.ndarray, transform: QgsCoordinateTransform
) -> np.ndarray | None:
    """`_bend` of probe segments; None where the CRS cannot take them (outside its area)."""
    try:
        return _bend(start, end, transform)
    except UserError:
        return None
