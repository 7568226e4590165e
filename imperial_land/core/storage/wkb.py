"""Where the vertices lie in 2D little-endian polygon WKB, found for many WKBs at once.

Moving a layer's vertices (overlap/equal_area.py), measuring its edges (overlap/edges.py) and
the envelopes of the flags' GeoPackage blobs need every vertex's place, not geometries: numpy
walks all the WKBs together, one ring (one part) index at a time, so the Python loop turns only
as many times as the most rings in a polygon (parts in a multipolygon). Anything else
(big-endian, 3D, collections, truncated bytes) is left to the caller's GEOS path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.lib.stride_tricks import as_strided

WKB_LITTLE_ENDIAN, WKB_POLYGON, WKB_MULTIPOLYGON = 1, 3, 6
# Past this many rings or parts in one polygon (a lake-dotted territory), GEOS is quicker.
MAX_WALKED_PARTS = 64
VERTEX_BYTES = 16  # x, y as little-endian float64

Runs = list[tuple[np.ndarray, np.ndarray]]


@dataclass
class PolygonWalk:
    """Polygon WKBs laid end to end and where each of their vertices lies: one walk shared by
    the jobs that read a layer's vertices and then move them (overlap/near_edges.in_full)."""

    present: list[int]  # which of the WKBs given are there (not None), in order
    joined: bytearray
    buffer: np.ndarray  # writable, over `joined`
    starts: np.ndarray
    ends: np.ndarray
    vertices: np.ndarray | None  # byte offset of every vertex; None: some WKB is not walkable


def walk_polygons(wkbs: list[bytes | None]) -> PolygonWalk:
    """`wkbs` (None for none) laid end to end, their vertices found (`polygon_wkb_vertices`)."""
    present = [i for i, wkb in enumerate(wkbs) if wkb is not None]
    joined, buffer, starts, ends = laid_end_to_end([wkbs[i] for i in present])
    vertices = polygon_wkb_vertices(buffer, starts, ends)
    return PolygonWalk(present, joined, buffer, starts, ends, vertices)


def laid_end_to_end(blobs: list[bytes]) -> tuple[bytearray, np.ndarray, np.ndarray, np.ndarray]:
    """`blobs` joined into one writable buffer: (the bytes, a uint8 array over them, where each
    blob starts, where it ends)."""
    sizes = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs))
    ends = np.cumsum(sizes)
    joined = bytearray().join(blobs)
    return joined, np.frombuffer(joined, dtype=np.uint8), ends - sizes, ends


def vertex_records(buffer: np.ndarray) -> np.ndarray:
    """Row k: the 16 bytes from offset k of `buffer` (a vertex, where one starts); a view, so
    `records[offsets].view("<f8")` reads (x, y) and assigning to `records[offsets]` writes."""
    rows = max(0, len(buffer) - VERTEX_BYTES + 1)
    return as_strided(buffer, shape=(rows, VERTEX_BYTES), strides=(1, 1))


def polygon_wkb_rings(
    buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """(byte offset of the first vertex, vertex count) of every ring of the 2D little-endian
    (multi)polygon WKBs laid end to end in `buffer` (WKB i spans starts[i]:ends[i]), ring
    index after ring index; None when any WKB is something else."""
    kinds = _wkb_kinds(buffer, starts, ends, (WKB_POLYGON, WKB_MULTIPOLYGON))
    if kinds is None:
        return None
    runs: Runs = []
    single = np.flatnonzero(kinds == WKB_POLYGON)
    after = _ring_runs(buffer, starts[single], ends[single], runs)
    if after is None or np.any(after != ends[single]):
        return None
    multi = np.flatnonzero(kinds == WKB_MULTIPOLYGON)
    after = _part_runs(buffer, starts[multi], ends[multi], runs)
    if after is None or np.any(after != ends[multi]):
        return None
    if not runs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate([run[0] for run in runs]), np.concatenate([run[1] for run in runs])


def polygon_wkb_vertices(
    buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray | None:
    """Byte offset of every vertex of the WKBs in `buffer` (see `polygon_wkb_rings`), each
    ring's vertices together; None when any WKB is not a walkable polygon."""
    rings = polygon_wkb_rings(buffer, starts, ends)
    if rings is None:
        return None
    return _vertices(*rings)


def polygon_wkb_envelopes(blobs: list[bytes]) -> np.ndarray | None:
    """(n, 4) minx, maxx, miny, maxy of each polygon WKB (the GeoPackage envelope's order),
    NaN for one without vertices; None when any is not a walkable polygon.

    A ring's box from its vertices, a WKB's from its rings': no geometry is built (a fifth of
    GEOS's time on the flags' 400,000 pairs, docs/decisions.md).
    """
    boxes = np.full((len(blobs), 4), np.nan)
    _joined, buffer, starts, ends = laid_end_to_end(blobs)
    rings = polygon_wkb_rings(buffer, starts, ends)
    if rings is None:
        return None
    first, count = rings
    drawn = count > 0
    first, count = first[drawn], count[drawn]
    if not len(first):
        return boxes
    vertices = _vertices(first, count)
    coords = vertex_records(buffer)[vertices].view("<f8")  # row k: (x, y) at vertices[k]
    ring_starts = np.cumsum(count) - count
    low = np.minimum.reduceat(coords, ring_starts, axis=0)
    high = np.maximum.reduceat(coords, ring_starts, axis=0)
    owner = np.searchsorted(starts, first, side="right") - 1
    order = np.argsort(owner, kind="stable")  # rings by WKB: a WKB's rings side by side
    owner, low, high = owner[order], low[order], high[order]
    heads = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    low = np.minimum.reduceat(low, heads, axis=0)
    high = np.maximum.reduceat(high, heads, axis=0)
    boxes[owner[heads]] = np.column_stack([low[:, 0], high[:, 0], low[:, 1], high[:, 1]])
    return boxes


def _vertices(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Every vertex's byte offset of the rings starting at `first` with `count` vertices."""
    before = np.cumsum(count) - count  # vertices in the rings before each ring
    total = int(count.sum())
    return np.repeat(first - VERTEX_BYTES * before, count) + VERTEX_BYTES * np.arange(total)


def _u32(buffer: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The little-endian uint32 at each byte offset (the caller checked they lie inside)."""
    quads = buffer[offsets[:, None] + np.arange(4)].astype(np.int64)
    return quads[:, 0] | (quads[:, 1] << 8) | (quads[:, 2] << 16) | (quads[:, 3] << 24)


def _wkb_kinds(
    buffer: np.ndarray, at: np.ndarray, ends: np.ndarray, allowed: tuple[int, ...]
) -> np.ndarray | None:
    """Type code of the WKB headers at `at`; None unless all are little-endian and allowed."""
    if np.any(at + 9 > ends) or np.any(buffer[at] != WKB_LITTLE_ENDIAN):
        return None
    kinds = _u32(buffer, at + 1)
    return kinds if np.isin(kinds, allowed).all() else None


def _ring_runs(
    buffer: np.ndarray, at: np.ndarray, ends: np.ndarray, runs: Runs
) -> np.ndarray | None:
    """Append (first byte, vertex count) of each ring of the polygons at `at` to `runs`; the
    offsets just after the polygons, or None when a ring runs past its WKB."""

    def ring(heads: np.ndarray, limits: np.ndarray) -> np.ndarray | None:
        if np.any(heads + 4 > limits):
            return None
        count = _u32(buffer, heads)
        tail = heads + 4 + VERTEX_BYTES * count
        if np.any(tail > limits):
            return None
        runs.append((heads + 4, count))
        return tail

    return _walk(buffer, at, ends, ring)


def _part_runs(
    buffer: np.ndarray, at: np.ndarray, ends: np.ndarray, runs: Runs
) -> np.ndarray | None:
    """`_ring_runs` for the polygons of the multipolygons at `at`."""

    def part(heads: np.ndarray, limits: np.ndarray) -> np.ndarray | None:
        if _wkb_kinds(buffer, heads, limits, (WKB_POLYGON,)) is None:
            return None
        return _ring_runs(buffer, heads, limits, runs)

    return _walk(buffer, at, ends, part)


def _walk(
    buffer: np.ndarray,
    at: np.ndarray,
    ends: np.ndarray,
    step: Callable[[np.ndarray, np.ndarray], np.ndarray | None],
) -> np.ndarray | None:
    """Walk the items counted in the WKB headers at `at` (a polygon's rings, a multipolygon's
    parts), item index after item index over every WKB at once: `step(heads, ends)` reads one
    item at each head and gives the offsets after it, or None. The offsets after each WKB's
    last item; None when a WKB has more than MAX_WALKED_PARTS or a step gave None."""
    counts = _u32(buffer, at + 5)
    if len(counts) and counts.max() > MAX_WALKED_PARTS:
        return None
    at = at + 9
    active = np.flatnonzero(counts > 0)
    item = 0
    while len(active):
        tail = step(at[active], ends[active])
        if tail is None:
            return None
        at[active] = tail
        item += 1
        active = active[counts[active] > item]
    return at
