"""QGIS <-> shapely through WKB, repair of invalid polygons, and subdivision of big polygons."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np
import shapely
from qgis.core import QgsGeometry, QgsWkbTypes
from shapely.geometry.base import BaseGeometry

from imperial_land.core.i18n import tr

POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
# Shared by the big-polygon steps (validity, subdivision); results keep their input order.
THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="imperial-geos")
PARALLEL_VERTICES = 200_000  # below this, one thread is quicker
MAX_PIECE_VERTICES = 512  # fastest of 256/512/1024/2048 on the province bench

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
    halves = THREADS.map(shapely.is_valid, (geoms[:cut], geoms[cut:]))
    return np.concatenate(list(halves))


def repair(geoms: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """Valid polygonal geometries and, by index, the reason of each repair.

    Invalid geometries go through shapely.make_valid and keep their polygons only; an element that
    is None on return (no area left) must be listed as skipped by the caller.
    """
    result = np.array(geoms, dtype=object, copy=True)
    reasons: dict[int, str] = {}
    present = ~shapely.is_missing(result)
    invalid = present & ~valid_in_threads(result)
    for i in np.flatnonzero(invalid):
        reasons[int(i)] = invalid_reason(result[i])
        result[i] = make_valid_polygons(result[i])
    result[present] = polygonal_array(result[present])
    zero = np.flatnonzero(~shapely.is_missing(result))
    empty = zero[shapely.area(result[zero]) <= 0.0]
    result[empty] = None
    return result, reasons


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
