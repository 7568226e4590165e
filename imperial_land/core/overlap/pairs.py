"""Pairwise overlay of two polygon sets at scale (pure shapely 2, planar equal-area frame).

Big polygons are cut into pieces of <= MAX_PIECE_VERTICES (768) vertices; an STRtree over one
side's pieces is queried in bulk with the other side's pieces. A piece lying properly inside the
other side's piece takes its whole area; only pieces that cross a boundary are intersected exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

import numpy as np
import shapely
from shapely.errors import GEOSException

from imperial_land.core.common import Tick
from imperial_land.core.overlap.geometry import (
    MAX_PIECE_VERTICES,
    POLYGONAL,
    THREADS,
    in_halves,
    polygonal,
    subdivide,
)


class FrameMetric(Protocol):
    """What `near` needs of the equal-area frame (equal_area.EqualAreaFrame)."""

    max_scale: float  # no distance in the frame is longer than this times the ellipsoid's

    def geodesic_m(self, x1: float, y1: float, x2: float, y2: float) -> float: ...

    def local_scale(self, y: np.ndarray) -> np.ndarray: ...


# Relation codes (the engine maps them to results.OVERLAPS / WITHIN / CONTAINS).
REL_OVERLAPS, REL_WITHIN, REL_CONTAINS = 0, 1, 2
TOUCH_M2 = 1e-4  # below this an "overlap" is only a shared edge (1 cm2)
CHUNK = 50_000
PARALLEL_ROWS = 4_000  # fewer pairs than this: one thread is quicker
PARALLEL_UNIONS = 1_000  # fewer pair geometries to unite than this: one thread


@dataclass
class Side:
    """One polygon set: whole features and their pieces."""

    geoms: np.ndarray
    areas_m2: np.ndarray
    pieces: np.ndarray = field(init=False)
    owner: np.ndarray = field(init=False)  # piece -> feature index
    piece_count: np.ndarray = field(init=False)  # feature -> number of pieces
    _tree: shapely.STRtree | None = field(default=None, init=False)
    # Pieces already cut, by feature index (CheckedPieces): the others are cut here.
    ready: dict[int, list] | None = None

    def __post_init__(self) -> None:
        counts = shapely.get_num_coordinates(self.geoms) if len(self.geoms) else np.zeros(0, int)
        big = np.flatnonzero(counts > MAX_PIECE_VERTICES)
        if len(big) == 0:
            self.pieces = self.geoms
            self.owner = np.arange(len(self.geoms), dtype=np.int64)
        else:
            small = np.flatnonzero(counts <= MAX_PIECE_VERTICES)
            parts: list[np.ndarray] = [self.geoms[small]]
            owners: list[np.ndarray] = [small]
            ready = self.ready or {}
            to_cut = [i for i in big.tolist() if i not in ready]
            # Big polygons are cut two at a time (GEOS drops the GIL); map keeps their order.
            cut_now = dict(zip(to_cut, THREADS.map(subdivide, self.geoms[to_cut])))
            for i in big.tolist():
                cut = ready[i] if i in ready else cut_now[i]
                parts.append(np.array(cut, dtype=object))
                owners.append(np.full(len(cut), i))
            self.pieces = np.concatenate(parts)
            self.owner = np.concatenate(owners).astype(np.int64)
            shapely.prepare(self.geoms[big])
            shapely.prepare(self.pieces[len(small) :])  # pieces of big features
        self.piece_count = np.bincount(self.owner, minlength=len(self.geoms))

    @property
    def tree(self) -> shapely.STRtree:
        """STRtree over the pieces (built once, ready for queries from two threads)."""
        if self._tree is None:
            self._tree = shapely.STRtree(self.pieces)
            self._tree.query(self.pieces[:1])  # GEOS builds the tree on the first query
        return self._tree


@dataclass
class Overlaps:
    """Feature pairs with an overlap above the sliver threshold, and the contacts below it."""

    a: np.ndarray
    b: np.ndarray
    relation: np.ndarray
    overlap_m2: np.ndarray
    geoms: np.ndarray
    slivers: int = 0
    contact_a: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    contact_b: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


def _closest(
    a: np.ndarray,
    b: np.ndarray,
    keys: np.ndarray,
    gap: np.ndarray,
    local_scale: Callable[[np.ndarray], np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per feature pair (`keys`, sorted out), the candidate pieces (a[i], b[i], frame gap
    gap[i]) nearest in ellipsoidal metres and their nearest points in the frame, (n, 4).

    Each candidate is measured with x / k and y * k, k = local_scale at the middle of a[i]'s
    box (the SQL engine's rule, overlap/sql/engine.py). That map stretches no distance by more
    than max(k, 1 / k) nor less than min(k, 1 / k), so a candidate whose least possible
    distance exceeds another's greatest cannot be the nearest and is not measured.
    """
    bounds = shapely.bounds(a)
    k = local_scale((bounds[:, 1] + bounds[:, 3]) / 2.0)
    low, high = np.minimum(k, 1.0 / k), np.maximum(k, 1.0 / k)
    uniq, inverse = np.unique(keys, return_inverse=True)
    least_high = np.full(len(uniq), np.inf)
    np.minimum.at(least_high, inverse, gap * high)
    rows = np.flatnonzero(gap * low <= least_high[inverse])
    near_a, near_b = _stretched(a[rows], k[rows]), _stretched(b[rows], k[rows])
    metres = shapely.distance(near_a, near_b)
    order = np.lexsort((metres, keys[rows]))
    _uniq, first = np.unique(keys[rows][order], return_index=True)
    chosen = order[first]
    lines = shapely.shortest_line(near_a[chosen], near_b[chosen])
    ends = shapely.get_coordinates(lines).reshape(-1, 4)
    scale = k[rows[chosen]][:, None]
    ends[:, [0, 2]] *= scale
    ends[:, [1, 3]] /= scale
    return uniq, rows[chosen], ends


def _stretched(geoms: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Each geometry with x / k[i] and y * k[i] (new geometries; the given ones are kept)."""
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    coords[:, 0] /= k[index]
    coords[:, 1] *= k[index]
    return shapely.set_coordinates(np.array(geoms, dtype=object, copy=True), coords)


def _query(tree: shapely.STRtree, geoms: np.ndarray, tick: Tick, **kwargs) -> np.ndarray:
    """Bulk tree query in chunks, two at a time (progress and cancel between): (2, n) indices.

    A query geometry is in one chunk only, so a prepared one is used by one thread at a time.
    """

    def chunk(start: int) -> np.ndarray:
        hits = tree.query(geoms[start : start + CHUNK], **kwargs)
        hits[0] += start
        return hits

    found = [np.zeros((2, 0), dtype=np.int64)]
    starts = list(range(0, len(geoms), CHUNK))
    for k in range(0, len(starts), 2):
        tick(starts[k] / max(1, len(geoms)))
        if k + 1 < len(starts):
            found.extend(in_halves(chunk, starts[k], starts[k + 1]))
        else:
            found.append(chunk(starts[k]))
    return np.concatenate(found, axis=1)


def pairwise(
    func: Callable[[np.ndarray, np.ndarray], np.ndarray],
    left: np.ndarray,
    right: np.ndarray,
    owner: np.ndarray,
) -> np.ndarray:
    """func(left, right) over the pairs (left[i], right[i]), shared between two threads.

    `owner[i]` says which geometry left[i] is (its index in the array it came from): all pairs
    of one owner go to the same thread, as a GEOS prepared geometry must not be used by two
    threads at once. A func that uses no prepared geometry may take any numbers.
    """
    if len(left) < PARALLEL_ROWS:
        return func(left, right)
    counts = np.cumsum(np.bincount(owner))
    low = owner <= int(np.searchsorted(counts, len(owner) / 2.0))
    first, second = np.flatnonzero(low), np.flatnonzero(~low)
    head, tail = in_halves(lambda rows: func(left[rows], right[rows]), first, second)
    out = np.empty(len(left), dtype=head.dtype)
    out[first] = head
    out[second] = tail
    return out


def safe_intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """shapely.intersection over arrays; a GEOS failure retries the pair on repaired inputs."""
    try:
        return shapely.intersection(a, b)
    except GEOSException:
        out = np.empty(len(a), dtype=object)
        for i, (left, right) in enumerate(zip(a, b)):
            try:
                out[i] = shapely.intersection(left, right)
            except GEOSException:
                out[i] = shapely.intersection(
                    shapely.make_valid(left), shapely.make_valid(right), grid_size=1e-3
                )
        return out


def piece_intersections(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a[i] & b[i] for each i; an axis-aligned rectangle in `a` (a lat/lon cell in the frame)
    is cut out of b[i] with the fast rectangle clip, the rest through GEOS overlay."""
    out = np.empty(len(a), dtype=object)
    if len(a) == 0:
        return out
    bounds = shapely.bounds(a)
    box_area = (bounds[:, 2] - bounds[:, 0]) * (bounds[:, 3] - bounds[:, 1])
    rect = (shapely.get_num_coordinates(a) == 5) & (
        np.abs(shapely.area(a) - box_area) <= 1e-9 * box_area
    )
    boxed = np.flatnonzero(rect)
    out[boxed] = pairwise(_clip, b[boxed], bounds[boxed], boxed)
    rest = np.flatnonzero(~rect)
    out[rest] = pairwise(safe_intersection, a[rest], b[rest], rest)
    return out


# The ufunc under shapely.clip_by_rect (which takes one box per call) clips each geometry to its
# own box; shapely 2.0-2.2 all have it. Should a release drop it, boxes are clipped one by one.
_CLIP_BY_RECTS = getattr(shapely.lib, "clip_by_rect", None)


def _clip(geoms: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Each geometry clipped to its box (xmin, ymin, xmax, ymax)."""
    if _CLIP_BY_RECTS is not None:
        return _CLIP_BY_RECTS(geoms, *boxes.T)
    out = np.empty(len(geoms), dtype=object)
    out[:] = [shapely.clip_by_rect(g, *box) for g, box in zip(geoms, boxes.tolist())]
    return out


def union_parts(parts: np.ndarray) -> object:
    """Union of interior-disjoint parts (fast coverage union, full union when that fails)."""
    try:
        return shapely.coverage_union_all(parts)
    except GEOSException:
        return shapely.union_all(parts)


def overlay(a: Side, b: Side, sliver_m2: float, tick: Tick) -> Overlaps:
    """Every (a, b) feature pair whose interiors meet, with exact area and relation."""
    pa, pb = _query(b.tree, a.pieces, tick, predicate="intersects")
    fa, fb = a.owner[pa], b.owner[pb]
    nb = max(1, len(b.geoms))
    uniq, inv = np.unique(fa * nb + fb, return_inverse=True)
    ua, ub = uniq // nb, uniq % nb
    inside = pairwise(shapely.contains_properly, b.pieces[pb], a.pieces[pa], pb)
    crossing = np.bincount(inv, weights=~inside, minlength=len(uniq))
    n_pairs = np.bincount(inv, minlength=len(uniq))
    relation = np.full(len(uniq), REL_OVERLAPS, dtype=np.int8)
    relation[(crossing == 0) & (n_pairs == a.piece_count[ua])] = REL_WITHIN
    # A crossing only the cuts between pieces is still properly inside the whole B.
    unsure = np.flatnonzero(crossing > 0)
    whole = pairwise(
        shapely.contains_properly, b.geoms[ub[unsure]], a.geoms[ua[unsure]], ub[unsure]
    )
    relation[unsure[whole]] = REL_WITHIN
    contrib = np.empty(len(pa), dtype=object)
    contrib[inside] = a.pieces[pa[inside]]
    rest = np.flatnonzero(~inside & (relation[inv] != REL_WITHIN))
    # The other way round (a big AOI over small claims): B's piece whole inside A's piece.
    holds = pairwise(shapely.contains_properly, a.pieces[pa[rest]], b.pieces[pb[rest]], pa[rest])
    contrib[rest[holds]] = b.pieces[pb[rest[holds]]]
    cross = rest[~holds]
    contrib[cross] = piece_intersections(a.pieces[pa[cross]], b.pieces[pb[cross]])
    area = shapely.area(contrib)
    area[np.isnan(area)] = 0.0
    overlap = np.bincount(inv, weights=area, minlength=len(uniq))

    unsure = np.flatnonzero((relation == REL_OVERLAPS) & (overlap > TOUCH_M2))
    covered = pairwise(shapely.covers, b.geoms[ub[unsure]], a.geoms[ua[unsure]], ub[unsure])
    relation[unsure[covered]] = REL_WITHIN
    maybe = unsure[~covered]
    maybe = maybe[overlap[maybe] >= b.areas_m2[ub[maybe]] * (1.0 - 1e-6)]
    holds = pairwise(shapely.covers, a.geoms[ua[maybe]], b.geoms[ub[maybe]], ua[maybe])
    relation[maybe[holds]] = REL_CONTAINS
    # A feature inside the other overlaps it by its whole area, however its pieces'
    # intersections summed it (the watch's hectares; the report's: engine.overlap_figures).
    within, contains = relation == REL_WITHIN, relation == REL_CONTAINS
    overlap[within] = a.areas_m2[ua[within]]
    overlap[contains] = b.areas_m2[ub[contains]]

    contact = (relation == REL_OVERLAPS) & (overlap < max(sliver_m2, TOUCH_M2))
    slivers = int(np.count_nonzero(contact & (overlap >= TOUCH_M2)))
    keep = np.flatnonzero(~contact)
    geoms = _pair_geometries(a, b, (ua, ub, relation, inv), contrib, area, keep)
    return Overlaps(
        a=ua[keep],
        b=ub[keep],
        relation=relation[keep],
        overlap_m2=overlap[keep],
        geoms=geoms,
        slivers=slivers,
        contact_a=ua[contact],
        contact_b=ub[contact],
    )


def _pair_geometries(
    a: Side,
    b: Side,
    groups_info: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    contrib: np.ndarray,
    area: np.ndarray,
    keep: np.ndarray,
) -> np.ndarray:
    """The overlap geometry of each kept pair: A, B, or the union of its piece intersections."""
    ua, ub, relation, inv = groups_info
    out = np.empty(len(relation), dtype=object)
    within = relation == REL_WITHIN
    out[within] = a.geoms[ua[within]]
    holds = relation == REL_CONTAINS
    out[holds] = b.geoms[ub[holds]]
    needed = np.zeros(len(relation), dtype=bool)
    needed[keep] = relation[keep] == REL_OVERLAPS
    rows = np.flatnonzero(needed[inv] & (area > 0.0))
    rows = rows[np.argsort(inv[rows], kind="stable")]
    groups, starts, sizes = np.unique(inv[rows], return_index=True, return_counts=True)
    single = sizes == 1
    out[groups[single]] = contrib[rows[starts[single]]]
    many = np.flatnonzero(~single)

    def unite(chosen: np.ndarray) -> list:
        return [
            union_parts(contrib[rows[start : start + size]])
            for start, size in zip(starts[chosen].tolist(), sizes[chosen].tolist())
        ]

    # Thousands of small unions, each mostly GEOS time without the GIL: half on each core.
    if len(many) >= PARALLEL_UNIONS:
        half = len(many) // 2
        head, tail = in_halves(unite, many[:half], many[half:])
        united = head + tail
    else:
        united = unite(many)
    for group, geom in zip(groups[many].tolist(), united):
        out[group] = geom
    made = np.flatnonzero(needed)
    plain = np.isin(shapely.get_type_id(out[made]), POLYGONAL) & ~shapely.is_empty(out[made])
    for i in made[~plain]:  # `polygonal` of each, done only where it changes something
        out[i] = polygonal(out[i])
    return out[keep]


@dataclass
class Nears:
    """Feature pairs without overlap within the B feature's distance."""

    a: np.ndarray
    b: np.ndarray
    distance_m: np.ndarray


def near(
    a: Side,
    b: Side,
    limit_m: np.ndarray,
    frame: FrameMetric,
    found: Overlaps,
    tick: Tick,
) -> Nears:
    """Pairs within `limit_m[b]` metres (ellipsoidal) that do not overlap; contacts count as 0 m.

    The frame keeps areas, not distances: at latitude phi it stretches x by k(phi) and y by
    1 / k(phi) (`frame.local_scale`: up to 1.3 at 62 N in a province's frame). The nearest points
    are sought where x / k and y * k are ellipsoidal metres (`_closest`); the frame's own
    nearest points could lie tens of metres off, and their geodesic then overstated the gap
    (a claim 483 m from a 500 m territory was left out in one frame and kept in another).
    The metres are the geodesic between the points found.
    """
    nb = max(1, len(b.geoms))
    contacts = found.contact_a * nb + found.contact_b
    metres_by_key: dict[int, float] = dict.fromkeys(contacts.tolist(), 0.0)
    top = float(limit_m.max()) if len(limit_m) else 0.0
    if top > 0.0:
        reach = top * frame.max_scale + 1.0
        xmin, ymin, xmax, ymax = shapely.bounds(b.pieces).T
        boxes = shapely.box(xmin - reach, ymin - reach, xmax + reach, ymax + reach)
        pb, pa = _query(a.tree, boxes, tick)
        fa, fb = a.owner[pa], b.owner[pb]
        keys = fa * nb + fb
        fresh = ~np.isin(keys, np.concatenate([found.a * nb + found.b, contacts]))
        fresh &= limit_m[fb] > 0.0
        pa, pb, fb, keys = pa[fresh], pb[fresh], fb[fresh], keys[fresh]
        gap = pairwise(shapely.distance, a.pieces[pa], b.pieces[pb], pa)
        ok = gap <= limit_m[fb] * frame.max_scale + 1.0
        pa, pb, fb, keys, gap = pa[ok], pb[ok], fb[ok], keys[ok], gap[ok]
        uniq, best, ends = _closest(a.pieces[pa], b.pieces[pb], keys, gap, frame.local_scale)
        for key, (x1, y1, x2, y2), j in zip(uniq.tolist(), ends, fb[best].tolist()):
            metres = frame.geodesic_m(x1, y1, x2, y2)
            if metres <= limit_m[j] + 1e-6:
                metres_by_key[key] = metres
    chosen = sorted(metres_by_key)  # no overlap found is here: contacts were not kept, nor fresh
    keys_arr = np.array(chosen, dtype=np.int64)
    return Nears(
        a=keys_arr // nb,
        b=keys_arr % nb,
        distance_m=np.array([metres_by_key[k] for k in chosen], dtype=float),
    )
