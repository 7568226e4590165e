"""QGIS <-> shapely through WKB, repair of invalid polygons, subdivision of big polygons and the
shared pair of GEOS threads."""

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

Part = TypeVar("Part")
Done = TypeVar("Done")
Other = TypeVar("Other")

VALID = "Valid Geometry"  # what GEOS says of a valid geometry
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


def why_invalid(geom: BaseGeometry) -> str | None:
    """None when GEOS finds `geom` valid, else why, translated, the location left out (one
    validity check where is_valid then the reason made two: a territory's takes 0.1 s)."""
    text = shapely.is_valid_reason(geom) or ""
    if text == VALID:
        return None
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
        lambda: [why_invalid(geom) or "" for geom in broken],
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
