"""QGIS <-> shapely through WKB, repair of invalid polygons, subdivision of big polygons, the
shared pair of GEOS threads, and where the vertices lie in polygon WKB."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, TypeVar

import numpy as np
import shapely
from qgis.core import QgsGeometry, QgsWkbTypes
from shapely.geometry.base import BaseGeometry

from imperial_land.core.common import tr

POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
# The pair of worker threads of every GEOS / PROJ step split in two (validity, subdivision,
# transforms, tree queries, pairwise predicates, repair reasons); results keep their input order.
THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="imperial-geos")
PARALLEL_VERTICES = 200_000  # below this, one thread is quicker
MAX_PIECE_VERTICES = 768  # fastest of 512/768/1024/2048 on the province bench (decisions.md)
WKB_LITTLE_ENDIAN, WKB_POLYGON, WKB_MULTIPOLYGON = 1, 3, 6
# The WKB walk turns once per ring (part) index over every WKB at once: past this many rings or
# parts in one polygon (a lake-dotted territory), GEOS is quicker.
MAX_WALKED_PARTS = 64

Part = TypeVar("Part")
Done = TypeVar("Done")
Other = TypeVar("Other")

# GEOS validity reasons (text before the location) -> translated label.
_REASONS: dict[str, Callable[[], str]] = {
    "Self-intersection": lambda: tr("Self-intersection"),
    "Ring Self-intersection": lambda: tr("Ring self-intersection"),
    "Too few points in geometry component": lambda: tr("Too few points"),
    "Interior is disconnected": lambda: tr("Interior is disconnected"),
    "Hole lies outside shell": lambda: tr("Hole outside its polygon"),
    "Nested holes": lambda: tr("Nested holes"),
    "Nested shells": lambda: tr("Nested polygons"),
    "Duplicate Rings": lambda: tr("Duplicate rings"),
    "Invalid Coordinate": lambda: tr("Invalid coordinate"),
}


def qgs_to_wkb(geometry: QgsGeometry) -> bytes | None:
    """2D linear WKB of a QGIS geometry; None when it is null or empty."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    wkb_type = geometry.wkbType()
    if (
        QgsWkbTypes.isCurvedType(wkb_type)
        or QgsWkbTypes.hasZ(wkb_type)
        or QgsWkbTypes.hasM(wkb_type)
    ):
        flat = geometry.constGet().segmentize()
        flat.dropZValue()
        flat.dropMValue()
        geometry = QgsGeometry(flat)
    return bytes(geometry.asWkb())


def to_shapely(geometry: QgsGeometry) -> BaseGeometry | None:
    """The shapely twin of a QGIS geometry (None when null or empty)."""
    wkb = qgs_to_wkb(geometry)
    return None if wkb is None else shapely.from_wkb(wkb)


def to_qgs(geom: BaseGeometry) -> QgsGeometry:
    """The QGIS twin of a shapely geometry."""
    result = QgsGeometry()
    result.fromWkb(shapely.to_wkb(geom, output_dimension=2))
    return result


def polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Only the polygons of `geom` (a collection may hold lines and points); None when none."""
    if geom is None or geom.is_empty:
        return None
    if shapely.get_type_id(geom) in POLYGONAL:
        return geom
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in POLYGONAL]
    parts = [q for p in parts for q in shapely.get_parts(p)]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.multipolygons(parts)


def polygonal_array(geoms: np.ndarray) -> np.ndarray:
    """`polygonal` over an array, touching only the elements that are not already polygons."""
    result = np.array(geoms, dtype=object, copy=True)
    type_ids = shapely.get_type_id(result)
    for i in np.flatnonzero(~np.isin(type_ids, POLYGONAL)):
        result[i] = polygonal(result[i])
    return result


def invalid_reason(geom: BaseGeometry) -> str:
    """Why GEOS finds `geom` invalid, translated (the location is left out)."""
    text = shapely.is_valid_reason(geom) or ""
    head = text.split("[", 1)[0].strip()
    return _REASONS[head]() if head in _REASONS else head


def make_valid_polygons(geom: BaseGeometry) -> BaseGeometry | None:
    """A valid polygonal version of `geom` (GEOS "structure" repair: shells minus holes)."""
    try:
        return polygonal(shapely.make_valid(geom, method="structure", keep_collapsed=False))
    except (ValueError, shapely.errors.GEOSException):
        return polygonal(shapely.make_valid(geom))


def both(first: Callable[[], Done], second: Callable[[], Other]) -> tuple[Done, Other]:
    """(first(), second()), the second on THREADS when a worker is free.

    A worker busy elsewhere (the territories' subdivision) never makes the caller wait: the
    second is taken back and done here when no worker has started it meanwhile.
    """
    future = THREADS.submit(second)
    try:
        head = first()
    except BaseException:
        future.cancel()
        raise
    if future.cancel():
        return head, second()
    return head, future.result()


def in_halves(func: Callable[[Part], Done], first: Part, second: Part) -> tuple[Done, Done]:
    """(func(first), func(second)), the second on THREADS when a worker is free (see `both`)."""
    return both(lambda: func(first), lambda: func(second))


def valid_in_threads(geoms: np.ndarray) -> np.ndarray:
    """shapely.is_valid over `geoms`, the vertices split between the cores (GEOS drops the GIL).

    Worth it for the few big polygons (territories): their validity check is O(n log n).
    """
    counts = shapely.get_num_coordinates(geoms)
    total = int(counts.sum())
    if total < PARALLEL_VERTICES or len(geoms) < 2:
        return shapely.is_valid(geoms)
    # Cut where half of the vertices lie: each thread gets about the same work.
    cut = int(np.searchsorted(np.cumsum(counts), total / 2.0)) + 1
    cut = min(max(cut, 1), len(geoms) - 1)
    return np.concatenate(in_halves(shapely.is_valid, geoms[:cut], geoms[cut:]))


def repair(geoms: np.ndarray, valid: np.ndarray | None = None) -> tuple[np.ndarray, dict[int, str]]:
    """Valid polygonal geometries and, by index, the reason of each repair (`valid`: each
    geometry's validity when the caller knows it already).

    Invalid geometries go through shapely.make_valid and keep their polygons only; an element that
    is None on return (no area left) must be listed as skipped by the caller.
    """
    result = np.array(geoms, dtype=object, copy=True)
    present = ~shapely.is_missing(result)
    if valid is None:
        valid = valid_in_threads(result)
    invalid = np.flatnonzero(present & ~valid).tolist()
    broken = [result[i] for i in invalid]
    # The reasons (GEOS asked again, holding the GIL) while the repairs run without it.
    fixed, labels = both(
        lambda: [make_valid_polygons(geom) for geom in broken],
        lambda: [invalid_reason(geom) for geom in broken],
    )
    reasons = dict(zip(invalid, labels))
    for i, geom in zip(invalid, fixed):
        result[i] = geom
    result[present] = polygonal_array(result[present])
    zero = np.flatnonzero(~shapely.is_missing(result))
    empty = zero[shapely.area(result[zero]) <= 0.0]
    result[empty] = None
    return result, reasons


def ragged_polygons(
    geoms: np.ndarray,
) -> tuple[shapely.GeometryType, np.ndarray, tuple[np.ndarray, ...]]:
    """shapely.to_ragged_array of 2D (multi)polygons: (kind, (n, 2) x/y, offsets).

    M is declined up front where shapely can (2.1+): asking GEOS whether a geometry has M
    raised a bare GEOSException under qgis_process, where shapely's calls can reach QGIS's older
    system GEOS. Only x and y are kept, whatever came back (a NaN column was seen there too).
    """
    try:
        kind, coords, offsets = shapely.to_ragged_array(geoms, include_z=False, include_m=False)
    except TypeError:  # shapely 2.0 has no include_m
        kind, coords, offsets = shapely.to_ragged_array(geoms, include_z=False)
    return kind, np.ascontiguousarray(coords[:, :2], dtype="<f8"), offsets


def subdivide(geom: BaseGeometry, max_vertices: int = MAX_PIECE_VERTICES) -> list[BaseGeometry]:
    """Interior-disjoint (multi)polygons of at most `max_vertices` vertices that tile `geom`.

    The ST_Subdivide idea: split the bounding box in two along its longer side with
    shapely.clip_by_rect until each piece is small enough.
    """
    pieces: list[BaseGeometry] = []
    stack = [(geom, 0)]
    while stack:
        part, depth = stack.pop()
        if shapely.get_num_coordinates(part) <= max_vertices or depth >= 48:
            pieces.append(part)
            continue
        xmin, ymin, xmax, ymax = part.bounds
        if xmax - xmin >= ymax - ymin:
            mid = (xmin + xmax) / 2.0
            boxes = ((xmin, ymin, mid, ymax), (mid, ymin, xmax, ymax))
        else:
            mid = (ymin + ymax) / 2.0
            boxes = ((xmin, ymin, xmax, mid), (xmin, mid, xmax, ymax))
        for box in boxes:  # a half stays one (multi)polygon: a jagged edge makes many parts
            half = polygonal(shapely.clip_by_rect(part, *box))
            if half is not None:
                stack.append((half, depth + 1))
    result = np.array(pieces, dtype=object)
    # Validity part by part: the parts of a clipped valid polygon cannot overlap one another,
    # and checking a many-part multipolygon as a whole costs far more.
    parts, owner = shapely.get_parts(result, return_index=True)
    for i in np.unique(owner[~shapely.is_valid(parts)]):
        result[i] = make_valid_polygons(result[i])
    return [p for p in result if p is not None and p.area > 0.0]


class CheckedPieces:
    """The validity of a few huge geometries (territories), then the pieces of the valid ones,
    worked out on THREADS one geometry per task, ahead of need.

    Checked one by one, the two cores share the work without waiting at a barrier between the
    check and the cut, and the caller repairs the invalid ones (rare) while the valid ones are
    cut. The geometries are kept here so that `pieces` can match them by identity.
    """

    def __init__(self, geoms: np.ndarray) -> None:
        self._geoms = geoms
        present = np.flatnonzero(~shapely.is_missing(geoms)).tolist()
        self._valid = {i: THREADS.submit(shapely.is_valid, geoms[i]) for i in present}
        big = [i for i in present if shapely.get_num_coordinates(geoms[i]) > MAX_PIECE_VERTICES]
        # Submitted after every check: a cut waits only on a check already started.
        self._cuts = {
            id(geoms[i]): THREADS.submit(_cut_valid, geoms[i], self._valid[i]) for i in big
        }

    def valid(self) -> np.ndarray:
        """Each geometry's validity (a missing one counts as valid: nothing to repair)."""
        result = np.ones(len(self._geoms), dtype=bool)
        for i, job in self._valid.items():
            result[i] = job.result()
        return result

    def cancel(self) -> None:
        """Drop the work not yet started (the run failed or was cancelled)."""
        for job in [*self._valid.values(), *self._cuts.values()]:
            job.cancel()

    def pieces(self, geoms: np.ndarray) -> dict[int, list]:
        """By index into `geoms`, the pieces of each one of more than MAX_PIECE_VERTICES
        vertices: those checked here and found valid are cut on THREADS (the same objects);
        the others (a repaired geometry is a new one) are cut first, on this thread, while
        THREADS finish theirs, so the last cut does not wait for the others."""
        found: dict[int, list] = {}
        jobs: dict[int, Future] = {}
        for k, geom in enumerate(geoms.tolist()):
            job = self._cuts.get(id(geom))
            if job is not None:
                jobs[k] = job
            elif geom is not None and shapely.get_num_coordinates(geom) > MAX_PIECE_VERTICES:
                found[k] = subdivide(geom)
        for k, job in jobs.items():
            cut = job.result()
            found[k] = cut if cut is not None else subdivide(geoms[k])
        return dict(sorted(found.items()))


def _cut_valid(geom: BaseGeometry, valid: Future[bool]) -> list[BaseGeometry] | None:
    """`geom`'s pieces, prepared for the overlay's queries; None when it is invalid."""
    if not valid.result():
        return None
    pieces = subdivide(geom)
    shapely.prepare(geom)
    shapely.prepare(np.array(pieces, dtype=object))
    return pieces


def polygon_wkb_vertices(
    buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray | None:
    """Byte offset of every vertex (16 bytes: x, y) of the 2D little-endian (multi)polygon WKBs
    laid end to end in `buffer` (WKB i spans starts[i]:ends[i]); None when any WKB is something
    else.

    Walks every WKB at once, one ring (one part) at a time, so the Python loop turns only as
    many times as the most rings in a polygon (parts in a multipolygon).
    """
    kinds = _wkb_kinds(buffer, starts, ends, (WKB_POLYGON, WKB_MULTIPOLYGON))
    if kinds is None:
        return None
    runs: list[tuple[np.ndarray, np.ndarray]] = []
    single = np.flatnonzero(kinds == WKB_POLYGON)
    after = _ring_runs(buffer, starts[single], ends[single], runs)
    if after is None or np.any(after != ends[single]):
        return None
    multi = np.flatnonzero(kinds == WKB_MULTIPOLYGON)
    after = _part_runs(buffer, starts[multi], ends[multi], runs)
    if after is None or np.any(after != ends[multi]):
        return None
    if not runs:
        return np.zeros(0, dtype=np.int64)
    first = np.concatenate([run[0] for run in runs])
    count = np.concatenate([run[1] for run in runs])
    before = np.cumsum(count) - count  # vertices in the runs before each run
    return np.repeat(first - 16 * before, count) + 16 * np.arange(int(count.sum()))


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
    buffer: np.ndarray, at: np.ndarray, ends: np.ndarray, runs: list[tuple[np.ndarray, np.ndarray]]
) -> np.ndarray | None:
    """Append (first byte, vertex count) of each ring of the polygons at `at` to `runs`; the
    offsets just after the polygons, or None when a ring runs past its WKB."""
    rings = _u32(buffer, at + 5)
    if len(rings) and rings.max() > MAX_WALKED_PARTS:
        return None
    at = at + 9
    active = np.flatnonzero(rings > 0)
    ring = 0
    while len(active):
        head = at[active]
        if np.any(head + 4 > ends[active]):
            return None
        count = _u32(buffer, head)
        tail = head + 4 + 16 * count
        if np.any(tail > ends[active]):
            return None
        runs.append((head + 4, count))
        at[active] = tail
        ring += 1
        active = active[rings[active] > ring]
    return at


def _part_runs(
    buffer: np.ndarray, at: np.ndarray, ends: np.ndarray, runs: list[tuple[np.ndarray, np.ndarray]]
) -> np.ndarray | None:
    """`_ring_runs` for the polygons of the multipolygons at `at`."""
    parts = _u32(buffer, at + 5)
    if len(parts) and parts.max() > MAX_WALKED_PARTS:
        return None
    at = at + 9
    active = np.flatnonzero(parts > 0)
    part = 0
    while len(active):
        if _wkb_kinds(buffer, at[active], ends[active], (WKB_POLYGON,)) is None:
            return None
        tail = _ring_runs(buffer, at[active], ends[active], runs)
        if tail is None:
            return None
        at[active] = tail
        part += 1
        active = active[parts[active] > part]
    return at
