"""Big outlines (territories) followed into the frame only where another layer comes near.

A territory's outline has hundreds of thousands of edges. Splitting every bending one
(overlap/edges.py) more than doubles its vertices, and every later step (validity, pieces,
intersections, distances) pays for them. Yet an edge changes a pair only where a feature of
another layer lies within the territory's consultation distance of it; elsewhere its chord in the
frame serves every pair as well as the true edge. So the edges are measured once (each one's
bend, from the image of its middle), those near another layer's features are split as
overlap/edges.py would split them, and the others keep their chord. What those chords leave out
of the territory's whole area is added back: the image of a short edge is a smooth arc, and the
area between an arc and its chord is 2/3 of chord x bend (Simpson's rule, exact to the cubic
term). A territory's hectares and shares thus stay those of its followed outline.

A geometry whose chords cross in the frame (a narrow spike far from every claim) is followed in
full instead (`full`), so validity stays the data's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import shapely
from qgis.core import QgsCoordinateTransform

from imperial_land.core.overlap.edges import (
    bending_candidates,
    can_bend,
    follow_edges,
    layer_limit,
    parts_for,
    split_vertices,
)
from imperial_land.core.overlap.equal_area import frame_geometries, move_xy
from imperial_land.core.overlap.geometry import POLYGONAL, ragged_polygons
from imperial_land.core.storage import walk_polygons

# Frame boxes (n, 4: xmin, ymin, xmax, ymax) -> which of them hold part of another layer.
NearTest = Callable[[np.ndarray], np.ndarray]
SLACK_M = 1.0  # frame metres added to every reach (rounding of distances, touching edges)
GRID_CELLS = 2048  # cells along the longer side of the near test's grid (`near_any`)
# The first pass of a kept preparation's check (`EdgeCoverage.needed`): coarser, 16 times fewer
# cells to lay out for a few thousand changed claims; its box-by-box pass is exact.
CHECK_CELLS = 512


@dataclass
class EdgeCoverage:
    """The bending edges a preparation left as chords: each one's frame box, what the box
    grows by besides its geometry's reach (twice its bend and the slack), and its geometry (an
    index into the layer's WKBs). A later run whose near test would choose one of them needs
    it split: a preparation kept between runs (overlap/prepared.py) serves only the runs for
    which `needed` is False."""

    boxes: np.ndarray  # (n, 4): xmin, ymin, xmax, ymax
    pad_m: np.ndarray
    owner: np.ndarray

    @classmethod
    def joined(cls, parts: list[EdgeCoverage]) -> EdgeCoverage:
        """One coverage of `parts` (none: every bending edge was split)."""
        return cls(
            np.concatenate([np.zeros((0, 4)), *(p.boxes for p in parts)]),
            np.concatenate([np.zeros(0), *(p.pad_m for p in parts)]),
            np.concatenate([np.zeros(0, dtype=np.int64), *(p.owner for p in parts)]),
        )

    def needed(self, reach_m: np.ndarray, neighbours: np.ndarray) -> bool:
        """Whether one of the edges, grown by these reaches (by WKB index), meets one of
        `neighbours` (frame boxes, (n, 4)): a run near them must have it split.

        Exact, box against box: the grid of `near_any` (which chose the edges split, a superset
        of those meeting a neighbour) is laid over the neighbours' extent, so another run's grid
        lies otherwise and would flag edges no neighbour comes near. It serves here as a quick
        first pass both ways; only the edges and neighbours it keeps are tested box by box.
        """
        if len(self.boxes) == 0 or len(neighbours) == 0:
            return False
        boxes = grown(self.boxes, reach_m[self.owner] + self.pad_m)
        flagged = boxes[near_any(neighbours, CHECK_CELLS)(boxes)]
        close = neighbours[near_any(flagged, CHECK_CELLS)(neighbours)] if len(flagged) else flagged
        if len(close) == 0:
            return False
        tree = shapely.STRtree(shapely.box(*flagged.T))
        return tree.query(shapely.box(*close.T), predicate="intersects").shape[1] > 0


@dataclass
class FramedOutlines:
    """Geometries in the frame, and per geometry the area (m2) its unsplit bends add and
    whether any bending edge was left unsplit; `again` frames one more outline the same way
    (a geometry repaired in its own CRS: wkb, its index -> geometry, bulge, partial) and adds
    the edges it leaves unsplit to `unsplit` (what a run needing one of them must split)."""

    geoms: np.ndarray
    bulge_m2: np.ndarray
    partial: np.ndarray
    again: Callable[[bytes, int], tuple[object, float, bool]] | None = None
    unsplit: list[EdgeCoverage] = field(default_factory=list)


@dataclass
class MeasuredOutlines:
    """A layer's outlines with every vertex in both CRSs and its bending edges measured
    (`measure`, any thread); `frame` then splits those near other features."""

    count: int  # WKBs measured (the layer's features)
    tolerance_m: float  # how far a followed edge may stray in the frame
    present: np.ndarray  # indices of the WKBs with a geometry
    kind: shapely.GeometryType
    coords: np.ndarray  # source CRS, (n, 2)
    moved: np.ndarray  # the same vertices in the frame
    offsets: tuple[np.ndarray, ...]
    edge: np.ndarray  # vertex where each edge that needs splitting starts
    parts: np.ndarray  # parts each needs (2 or more)
    bend_m: np.ndarray  # how far its image strays from its chord, frame metres
    bulge_m2: np.ndarray  # what it adds to its geometry's area, left unsplit
    owner: np.ndarray  # its geometry, as an index into `present`
    single: np.ndarray  # which present geometries were read as polygons (not multi)


def measure(
    wkbs: list[bytes | None], transform: QgsCoordinateTransform, tolerance_m: float
) -> MeasuredOutlines | None:
    """Every vertex moved into the frame and every bending edge measured; None when the
    geometries are not plain polygons (the caller then follows them in full)."""
    present = np.array([i for i, wkb in enumerate(wkbs) if wkb is not None], dtype=np.int64)
    if transform.isShortCircuited() or len(present) == 0:
        return None
    polygons = shapely.from_wkb(np.array([wkbs[i] for i in present], dtype=object))
    if not np.all(np.isin(shapely.get_type_id(polygons), POLYGONAL)):
        return None
    kind, coords, offsets = ragged_polygons(polygons)
    moved = move_xy(coords, transform)
    rings = offsets[0]
    starts = np.ones(len(coords), dtype=bool)
    starts[rings[1:] - 1] = False
    edge = np.flatnonzero(starts)
    delta = coords[edge + 1] - coords[edge]
    limit = layer_limit(coords, transform, tolerance_m, transform.sourceCrs().isGeographic())
    length = np.hypot(delta[:, 0], delta[:, 1])
    long = can_bend(delta, transform.sourceCrs().isGeographic()) & (length > limit)
    edge = edge[long]
    middle = move_xy((coords[edge] + coords[edge + 1]) / 2.0, transform)
    a, b = moved[edge], moved[edge + 1]
    chord = b - a
    span = np.hypot(chord[:, 0], chord[:, 1])
    # cross(m - a, b - a): twice the signed triangle a, m, b (ring-orientation sense).
    cross = (middle[:, 0] - a[:, 0]) * chord[:, 1] - (middle[:, 1] - a[:, 1]) * chord[:, 0]
    bend = np.abs(cross) / np.where(span > 0.0, span, 1.0)
    parts = parts_for(bend, tolerance_m)
    split = parts >= 2
    edge, parts, bend, cross = edge[split], parts[split], bend[split], cross[split]
    ring = np.searchsorted(rings, edge, side="right") - 1
    polygon = np.searchsorted(offsets[1], ring, side="right") - 1
    owner = np.searchsorted(offsets[2], polygon, side="right") - 1 if len(offsets) > 2 else polygon
    # The area a ring adds is signed by its turn; a hole's is taken off its polygon's.
    sense = np.sign(_ring_areas(moved, rings, starts))[ring]
    sense = np.where(offsets[1][polygon] == ring, sense, -sense)
    return MeasuredOutlines(
        count=len(wkbs),
        tolerance_m=tolerance_m,
        present=present,
        kind=kind,
        coords=coords,
        moved=moved,
        offsets=offsets,
        edge=edge,
        parts=parts,
        bend_m=bend,
        bulge_m2=sense * cross * (2.0 / 3.0),
        owner=owner,
        single=shapely.get_type_id(polygons) == shapely.GeometryType.POLYGON,
    )


def frame(
    measured: MeasuredOutlines,
    transform: QgsCoordinateTransform,
    reach_m: np.ndarray,
    near: NearTest,
) -> FramedOutlines:
    """The outlines in the frame, with the edges near another layer's features split: those
    whose frame box, grown by the geometry's `reach_m` (by WKB index) and twice the edge's
    bend, `near` says holds some of another layer."""
    owners = measured.present[measured.owner]
    a, b = measured.moved[measured.edge], measured.moved[measured.edge + 1]
    boxes = np.column_stack([np.minimum(a, b), np.maximum(a, b)])
    pad = 2.0 * measured.bend_m + SLACK_M
    chosen = near(grown(boxes, reach_m[owners] + pad))
    left = ~chosen
    unsplit = [EdgeCoverage(boxes[left], pad[left], owners[left])]
    bulge = np.zeros(measured.count)
    partial = np.zeros(measured.count, dtype=bool)
    present_bulge = np.bincount(
        measured.owner[left], weights=measured.bulge_m2[left], minlength=len(measured.present)
    )
    bulge[measured.present] = present_bulge
    partial[measured.present[np.unique(measured.owner[left])]] = True
    geoms = np.full(measured.count, None, dtype=object)
    geoms[measured.present] = _split(measured, transform, chosen)

    def again(wkb: bytes, index: int) -> tuple[object, float, bool]:
        remeasured = measure([wkb], transform, measured.tolerance_m)
        if remeasured is None:
            return full(wkb, transform, measured.tolerance_m), 0.0, False
        one = frame(remeasured, transform, reach_m[index : index + 1], near)
        for part in one.unsplit:  # its edges are this geometry's
            unsplit.append(EdgeCoverage(part.boxes, part.pad_m, np.full(len(part.owner), index)))
        return one.geoms[0], float(one.bulge_m2[0]), bool(one.partial[0])

    return FramedOutlines(geoms, bulge, partial, again, unsplit)


def grown(boxes: np.ndarray, by: np.ndarray) -> np.ndarray:
    """Frame boxes (n, 4) grown on every side by `by` (n,): the one rule of how far an edge's
    box reaches, for the split and for the check of a kept preparation."""
    return boxes + by[:, None] * np.array([-1.0, -1.0, 1.0, 1.0])


def near_any(neighbours: np.ndarray, cells: int = GRID_CELLS) -> NearTest:
    """The near test of both engines: which frame boxes meet one of `neighbours` (frame boxes,
    (n, 4)), or share a cell of the grid that holds them with one.

    Conservative, never blind: a box that meets a neighbour shares a cell with it, so it is
    found; one that only shares a cell is found too, and its edges are split though no pair
    needs it (exact all the same, a few more vertices: 97,095 edges chosen on the province
    against 90,479 by a GEOS tree). Built with two bincounts and asked with four look-ups per
    box in a summed-area table: 0.05 s against 0.39 s for a GEOS tree of the province's 305,000
    boxes asked about its 532,613 bending edges (docs/decisions.md).
    """
    return _BoxGrid(neighbours, cells).meets


class _BoxGrid:
    """Which cells of a grid over the neighbours' extent (`cells` along its longer side) some
    neighbour covers, as a summed-area table: the count of covered cells in any block of cells
    in four look-ups."""

    def __init__(self, boxes: np.ndarray, cells: int) -> None:
        self.empty = len(boxes) == 0
        if self.empty:
            return
        self.x0, self.y0 = float(boxes[:, 0].min()), float(boxes[:, 1].min())
        self.x1, self.y1 = float(boxes[:, 2].max()), float(boxes[:, 3].max())
        span = max(self.x1 - self.x0, self.y1 - self.y0)
        self.size = max(span / cells, 1.0)
        self.nx = int((self.x1 - self.x0) // self.size) + 1
        self.ny = int((self.y1 - self.y0) // self.size) + 1
        i0, i1, j0, j1 = self._cells(boxes)
        # Each box adds 1 to its block of cells: +1 / -1 at its block's four corners, then
        # running sums along both axes give each cell's count of boxes.
        width, cells = self.nx + 1, (self.ny + 1) * (self.nx + 1)
        plus = np.concatenate([j0 * width + i0, (j1 + 1) * width + i1 + 1])
        minus = np.concatenate([j0 * width + i1 + 1, (j1 + 1) * width + i0])
        counts = np.bincount(plus, minlength=cells) - np.bincount(minus, minlength=cells)
        covered = counts.astype(np.int32).reshape(self.ny + 1, width)
        covered.cumsum(0, out=covered).cumsum(1, out=covered)
        self.table = np.zeros((self.ny + 1, self.nx + 1), dtype=np.int32)
        self.table[1:, 1:] = covered[: self.ny, : self.nx] > 0
        self.table.cumsum(0, out=self.table).cumsum(1, out=self.table)

    def _cells(self, boxes: np.ndarray) -> tuple[np.ndarray, ...]:
        """First and last column, first and last row of each box's block (clipped to the grid)."""

        def index(values: np.ndarray, origin: float, count: int) -> np.ndarray:
            return np.clip(np.floor((values - origin) / self.size), 0, count - 1).astype(np.int64)

        return (
            index(boxes[:, 0], self.x0, self.nx),
            index(boxes[:, 2], self.x0, self.nx),
            index(boxes[:, 1], self.y0, self.ny),
            index(boxes[:, 3], self.y0, self.ny),
        )

    def meets(self, boxes: np.ndarray) -> np.ndarray:
        """Which `boxes` lie over a covered cell (a box outside the grid meets nothing)."""
        if self.empty or len(boxes) == 0:
            return np.zeros(len(boxes), dtype=bool)
        inside = (
            (boxes[:, 2] >= self.x0)
            & (boxes[:, 0] <= self.x1)
            & (boxes[:, 3] >= self.y0)
            & (boxes[:, 1] <= self.y1)
        )
        i0, i1, j0, j1 = self._cells(boxes)
        t = self.table
        covered = t[j1 + 1, i1 + 1] - t[j0, i1 + 1] - t[j1 + 1, i0] + t[j0, i0]
        return inside & (covered > 0)


def full(wkb: bytes, transform: QgsCoordinateTransform, tolerance_m: float) -> object:
    """One geometry in the frame with every bending edge followed (overlap/edges.py)."""
    return in_full([wkb], transform, tolerance_m)[0]


def in_full(
    wkbs: list[bytes | None], transform: QgsCoordinateTransform, tolerance_m: float
) -> np.ndarray:
    """The geometries of `wkbs` (None for none) in the frame, every bending edge followed.

    A layer without long bending edges (claim cells): its vertices moved as read, in the WKB
    walked once for both. Else, plain polygons: `measure` and every measured edge split, the
    vertices moved once (the same vertices as `follow_edges` places, to the bit, without its
    WKB round trips: 0.69 s against 1.14 s for the province's territories); anything else
    through `follow_edges`.
    """
    if transform.isShortCircuited():
        return frame_geometries(wkbs, transform)
    walk = walk_polygons(wkbs)  # read for the edges, then moved (a layer that bends nowhere)
    geographic = transform.sourceCrs().isGeographic()
    candidates, _limit = bending_candidates(wkbs, transform, tolerance_m, geographic, walk)
    if len(candidates) == 0:
        return frame_geometries(wkbs, transform, walk)
    measured = measure(wkbs, transform, tolerance_m)
    if measured is None:  # not plain polygons
        return frame_geometries(follow_edges(wkbs, transform, tolerance_m), transform)
    geoms = np.full(measured.count, None, dtype=object)
    geoms[measured.present] = _split(measured, transform, np.ones(len(measured.edge), dtype=bool))
    return geoms


def _split(
    measured: MeasuredOutlines, transform: QgsCoordinateTransform, chosen: np.ndarray
) -> np.ndarray:
    """The present geometries in the frame, the `chosen` edges split into their parts (the new
    vertices placed on the source edge, then moved; the others keep their moved position)."""
    coords, moved, offsets = measured.coords, measured.moved, measured.offsets
    parts = np.ones(len(coords), dtype=np.int64)
    parts[measured.edge[chosen]] = measured.parts[chosen]
    rings = offsets[0]
    if np.any(parts > 1):
        source, share, rings = split_vertices(parts, rings)
        added = np.flatnonzero(share > 0.0)
        at = source[added]
        dense = moved[source]
        placed = coords[at] + (coords[at + 1] - coords[at]) * share[added][:, None]
        dense[added] = move_xy(placed, transform)
        moved = dense
    rebuilt = shapely.from_ragged_array(measured.kind, moved, (rings, *offsets[1:]))
    if measured.kind == shapely.GeometryType.MULTIPOLYGON:
        # The ragged array makes every geometry multi: a polygon as read stays a polygon.
        for k in np.flatnonzero(measured.single).tolist():
            rebuilt[k] = shapely.get_geometry(rebuilt[k], 0)
    return rebuilt


def _ring_areas(moved: np.ndarray, rings: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Signed area of each ring (shoelace; positive when it turns counter-clockwise)."""
    edge = np.flatnonzero(starts)
    x, y = moved[:, 0], moved[:, 1]
    terms = x[edge] * y[edge + 1] - x[edge + 1] * y[edge]
    ring = np.searchsorted(rings, edge, side="right") - 1
    return np.bincount(ring, weights=terms, minlength=len(rings) - 1) / 2.0
