"""An equal-area working frame on the chosen ellipsoid: planar areas there are ellipsoidal areas.

The frame is PROJ's ellipsoidal Lambert cylindrical equal-area projection. Its straight lines are
straight in (longitude, authalic latitude), the same edge model QgsDistanceArea (QGIS 3.22) uses,
so shapely's planar area in this frame equals QgsDistanceArea.measureArea for any polygon, small
or large. Coordinates move in bulk: the vertices of an array of geometries go through two
QgsCoordinateTransform calls (packed as WKB line strings, one per thread), so the datum handling
is QGIS's own. Geometries coming or going as WKB have their vertices moved inside the WKB bytes.
Distances are not kept by the projection: `geodesic_m` measures on the ellipsoid.

The frame's datum is that of a real EPSG geographic CRS (the claims' base one, see `frame_over`)
written as WKT2 with its EPSG ID, so PROJ picks the same datum operations from a layer's CRS to
the frame as from that CRS to the claims' CRS (EPSG to EPSG): a datum-less frame made PROJ 9.6+
skip the NAD83(CSRS) -> NAD83 shift that QGIS applies between the layers themselves (1 m).
"""

from __future__ import annotations

import itertools
import math
import struct
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely
from osgeo import osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsDistanceArea,
    QgsEllipsoidUtils,
    QgsGeometry,
    QgsPointXY,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QThread

from imperial_land.core.common import UserError, compat, tr
from imperial_land.core.maplayers import bounding_box
from imperial_land.core.storage import PolygonWalk, vertex_records, walk_polygons

GEOGRAPHIC = "EPSG:4269"
SAME_AXIS_M = 1e-5  # a base CRS's ellipsoid is the chosen one (GRS80 and WGS 84 differ by 1e-4)
CHUNK_POINTS = 1_000_000
PARALLEL_POINTS = 20_000  # fewer points: one thread is quicker
FRAME_NAME = "Imperial Land equal-area frame"


class EqualAreaFrame:
    """Moves geometries between a layer's CRS and the equal-area frame; measures distances."""

    def __init__(
        self,
        ellipsoid: str,
        context: QgsCoordinateTransformContext,
        lat_range: tuple[float, float] = (45.0, 62.0),
        lon_centre: float = -68.5,
        base: QgsCoordinateReferenceSystem | None = None,
    ) -> None:
        """`base`: an EPSG geographic CRS on `ellipsoid` whose datum the frame takes (see
        `datum_base`); without one the frame has no datum (a bare PROJ string)."""
        params = QgsEllipsoidUtils.ellipsoidParameters(ellipsoid)
        if not params.valid:
            raise UserError(tr("Unknown ellipsoid '{name}'.").format(name=ellipsoid))
        self.ellipsoid = ellipsoid
        self.context = context
        lat_lo, lat_hi = sorted(max(-85.0, min(85.0, v)) for v in lat_range)
        self.lat_ts = (lat_lo + lat_hi) / 2.0
        self.lon_centre = lon_centre
        self.base = base if base is not None and base.isValid() else None
        # The frame's definition, the same for every frame on the same data (cache keys, SQL).
        self.wkt = _frame_wkt(_base_wkt(self.base, params), self.lat_ts, lon_centre)
        self.proj = (
            f"+proj=cea +lon_0={lon_centre:.6f} +lat_ts={self.lat_ts:.6f} "
            f"+a={params.semiMajor!r} +b={params.semiMinor!r} +units=m +no_defs +type=crs"
        )
        self.crs = _own_crs(self.wkt)
        if not self.crs.isValid():
            raise UserError(
                tr("PROJ could not build the equal-area frame on '{name}'.").format(name=ellipsoid)
            )
        self.max_scale = _max_scale(lat_lo, lat_hi, self.lat_ts)
        self.scale_terms = _scale_terms(params.semiMajor, params.semiMinor, self.lat_ts)
        self.distance_area = QgsDistanceArea()
        self.distance_area.setSourceCrs(self.crs, context)
        self.distance_area.setEllipsoid(ellipsoid)
        self._transforms: dict[tuple[str, bool], QgsCoordinateTransform] = {}

    def transform(
        self, crs: QgsCoordinateReferenceSystem, to_frame: bool
    ) -> QgsCoordinateTransform:
        """A transform from `crs` into the frame, or out of it: a copy of a cached one, so each
        caller (each thread) has its own object (QgsCoordinateTransform is not thread-safe)."""
        key = (crs.toWkt(), to_frame)
        if key not in self._transforms:
            src, dst = (crs, self.crs) if to_frame else (self.crs, crs)
            transform = _buildable(src, dst, self.context)
            if not transform.isValid():  # QGIS would pass every point through unchanged
                raise UserError(
                    tr(
                        "QGIS cannot transform coordinates from {crs} to the equal-area frame "
                        "(PROJ could not build the operation); check the layer's CRS and the "
                        "PROJ installation."
                    ).format(crs=crs.authid() or crs.description() or crs.toProj())
                )
            self._transforms[key] = transform
        return QgsCoordinateTransform(self._transforms[key])

    def local_scale(self, y: np.ndarray) -> np.ndarray:
        """The frame's scale along the parallels at frame ordinates `y`; along the meridians it
        is the inverse (an equal-area frame). Near a point, x / k and y * k are distances on the
        ellipsoid to within the scale's change over the span: what finds the nearest points of
        two features (pairs.near), whose metres are then the geodesic between them."""
        t = self.scale_terms
        beta = np.arcsin(np.clip(np.asarray(y, dtype=float) / t["y_pole"], -1.0, 1.0))
        phi = beta + t["c2"] * np.sin(2 * beta) + t["c4"] * np.sin(4 * beta)
        phi = phi + t["c6"] * np.sin(6 * beta)
        return t["k0"] * np.sqrt(1.0 - t["es"] * np.sin(phi) ** 2) / np.cos(phi)

    def geodesic_m(self, x1: float, y1: float, x2: float, y2: float) -> float:
        """Ellipsoidal distance in metres between two points given in the frame."""
        return self.distance_area.measureLine(QgsPointXY(x1, y1), QgsPointXY(x2, y2))


def _base_wkt(
    base: QgsCoordinateReferenceSystem | None, params: QgsEllipsoidUtils.EllipsoidParameters
) -> str:
    """The frame's BASEGEOGCRS body: `base` with its ID (so PROJ looks its datum operations up
    in the EPSG registry), or without one a datum of the ellipsoid alone (as a PROJ string's)."""
    if base is not None:
        geographic = base.toWkt(QgsCoordinateReferenceSystem.WKT2_2019)
        # GEOGCRS["name",DATUM[...] or ENSEMBLE[...],PRIMEM[...],CS[...],...: the part before CS.
        head = geographic.split(",CS[", 1)[0].removeprefix("GEOGCRS[")
        authority, _, code = base.authid().partition(":")
        return f'{head},ID["{authority}",{code}]'
    a, b = params.semiMajor, params.semiMinor
    flattening = f"{a / (a - b)!r}" if a != b else "0"
    return (
        f'"unknown",DATUM["unknown",ELLIPSOID["unknown",{a!r},{flattening},'
        'LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]'
    )


def _frame_wkt(base_wkt: str, lat_ts: float, lon_centre: float) -> str:
    """WKT2 of the frame: its base geographic CRS and a Lambert cylindrical equal-area
    conversion (EPSG method 9835)."""
    degree = 'ANGLEUNIT["degree",0.0174532925199433]'
    metre = 'LENGTHUNIT["metre",1]'
    return (
        f'PROJCRS["{FRAME_NAME}",BASEGEOGCRS[{base_wkt}],'
        'CONVERSION["Lambert cylindrical equal-area",'
        'METHOD["Lambert Cylindrical Equal Area",ID["EPSG",9835]],'
        f'PARAMETER["Latitude of 1st standard parallel",{lat_ts:.6f},{degree},ID["EPSG",8823]],'
        f'PARAMETER["Longitude of natural origin",{lon_centre:.6f},{degree},ID["EPSG",8802]],'
        f'PARAMETER["False easting",0,{metre},ID["EPSG",8806]],'
        f'PARAMETER["False northing",0,{metre},ID["EPSG",8807]]],'
        f'CS[Cartesian,2],AXIS["easting (X)",east,ORDER[1],{metre}],'
        f'AXIS["northing (Y)",north,ORDER[2],{metre}]]'
    )


_RENAMED = itertools.count(1)
# Frame CRSs made on the application's main thread, by WKT: that thread never ends, so what it
# made stays alive; making one costs ~45 ms (PROJ parses the WKT), once per run otherwise.
# The last few frames only (a session moves between a handful of datasets).
_MAIN_THREAD_CRS: dict[str, QgsCoordinateReferenceSystem] = {}
MAIN_THREAD_CRS_KEPT = 8


def _own_crs(wkt: str) -> QgsCoordinateReferenceSystem:
    """The CRS of `wkt` under a name no other CRS has, so QGIS makes it anew; `wkt` itself
    when it names nothing. On the main thread, the one made there before for `wkt`.

    QGIS 3.22 caches CRSs by their WKT and keeps each one's PROJ object in the context of the
    thread that first made it; once that thread ended (a QgsTask's, 30 s idle), the cached
    CRS still says valid but has no WKT and no operation to any CRS. A later run over the same
    data (same frame) on another thread then failed with "QGIS cannot transform coordinates
    from ... to the equal-area frame" (tests/overlap/test_frame_threads.py).
    """
    application = QCoreApplication.instance()
    on_main = application is not None and QThread.currentThread() is application.thread()
    if on_main and wkt in _MAIN_THREAD_CRS:
        return QgsCoordinateReferenceSystem(_MAIN_THREAD_CRS[wkt])
    keyword, quote, rest = wkt.partition('"')  # KEYWORD["name",...]
    name, _, tail = rest.partition('"')
    renamed = f'{keyword}"{name} ({next(_RENAMED)})"{tail}' if quote and tail else wkt
    crs = QgsCoordinateReferenceSystem.fromWkt(renamed)
    if on_main and crs.isValid():
        _MAIN_THREAD_CRS[wkt] = crs
        while len(_MAIN_THREAD_CRS) > MAIN_THREAD_CRS_KEPT:
            del _MAIN_THREAD_CRS[next(iter(_MAIN_THREAD_CRS))]  # the oldest
    return crs


def datum_base(
    crss: list[QgsCoordinateReferenceSystem], ellipsoid: str
) -> QgsCoordinateReferenceSystem | None:
    """The frame's datum: the base geographic CRS of the first of `crss` (the claims come
    first) that is an EPSG one on `ellipsoid`; None when none is (the frame then has no datum).

    Each layer then reaches the frame as it reaches the claims' CRS: through the EPSG datum
    operations QGIS would use between the two layers themselves.
    """
    params = QgsEllipsoidUtils.ellipsoidParameters(ellipsoid)
    for crs in crss:
        authid = crs.geographicCrsAuthId() if crs.isValid() else ""
        if not authid.startswith("EPSG:"):
            continue
        base = QgsCoordinateReferenceSystem(authid)
        axes = QgsEllipsoidUtils.ellipsoidParameters(base.ellipsoidAcronym())
        if (
            base.isValid()
            and base.isGeographic()
            and base.toWkt(QgsCoordinateReferenceSystem.WKT2_2019).startswith("GEOGCRS[")
            and axes.valid
            and abs(axes.semiMajor - params.semiMajor) < SAME_AXIS_M
            and abs(axes.semiMinor - params.semiMinor) < SAME_AXIS_M
        ):
            return base
    return None


def _buildable(
    src: QgsCoordinateReferenceSystem,
    dst: QgsCoordinateReferenceSystem,
    context: QgsCoordinateTransformContext,
) -> QgsCoordinateTransform:
    """QgsCoordinateTransform(src, dst, context); when QGIS reports it unbuildable, once more
    with both CRSs made anew under names no cached CRS has (same datum, same EPSG IDs, so the
    same operations; bare PROJ strings would drop the frame's datum).

    QGIS 3.22 drops a CRS's PROJ object when the thread that made it ends; a CRS that QGIS
    cached then (a layer opened on a QgsTask's thread, 30 s idle) still says valid but has no
    WKT and no operation, and so does every CRS QGIS later makes from that authority code
    (tests/overlap/test_frame_threads.py). The caller still refuses an invalid transform.
    """
    transform = QgsCoordinateTransform(src, dst, context)
    if not transform.isValid():
        transform = QgsCoordinateTransform(_fresh(src), _fresh(dst), context)
    return transform


def _fresh(crs: QgsCoordinateReferenceSystem) -> QgsCoordinateReferenceSystem:
    """`crs` made anew from its WKT2 (`_own_crs`); a CRS that lost its WKT with its PROJ
    object is made from its authority code through GDAL."""
    wkt = crs.toWkt(QgsCoordinateReferenceSystem.WKT2_2019) or _registry_wkt(crs.authid())
    return _own_crs(wkt) if wkt else crs


def _registry_wkt(authid: str) -> str:
    """WKT2 of an authority code from GDAL's own PROJ (none of QGIS's cached objects); ''."""
    if not authid:
        return ""
    reference = osr.SpatialReference()
    try:
        if reference.SetFromUserInput(authid) != 0:
            return ""
        return reference.ExportToWkt(["FORMAT=WKT2_2019"]) or ""
    except RuntimeError:  # GDAL raising (exceptions on): no such code
        return ""


def _scale_terms(a: float, b: float, lat_ts: float) -> dict[str, float]:
    """What `EqualAreaFrame.local_scale` (and its SQL twin, overlap/sql/frame.py) needs: PROJ's
    cylindrical equal-area on the ellipsoid (k0 from lat_ts, y = a q(phi) / 2 k0), the frame
    ordinate of the pole, and the series from authalic to geodetic latitude (PROJ's authlat)."""
    es = 1.0 - (b * b) / (a * a)
    e = math.sqrt(es)
    sin_ts = math.sin(math.radians(lat_ts))
    k0 = math.cos(math.radians(lat_ts)) / math.sqrt(1.0 - es * sin_ts * sin_ts)
    qp = 1.0 - (1.0 - es) / (2.0 * e) * math.log((1.0 - e) / (1.0 + e)) if e else 2.0
    return {
        "k0": k0,
        "es": es,
        "y_pole": a * qp / (2.0 * k0),
        "c2": es / 3.0 + es**2 * 31.0 / 180.0 + es**3 * 517.0 / 5040.0,
        "c4": es**2 * 23.0 / 360.0 + es**3 * 251.0 / 3780.0,
        "c6": es**3 * 761.0 / 45360.0,
    }


def _max_scale(lat_lo: float, lat_hi: float, lat_ts: float) -> float:
    """Upper bound of the frame's linear scale (any direction) over the latitude band, +1 %."""
    far = math.radians(min(89.0, max(abs(lat_lo), abs(lat_hi))))
    near = 0.0 if lat_lo <= 0.0 <= lat_hi else math.radians(min(abs(lat_lo), abs(lat_hi)))
    ts = math.radians(lat_ts)
    return 1.01 * max(math.cos(ts) / math.cos(far), math.cos(near) / math.cos(ts), 1.0)


def move(geoms: np.ndarray, transform: QgsCoordinateTransform) -> np.ndarray:
    """Every vertex of `geoms` through `transform`, in bulk; returns a new array."""
    result = np.array(geoms, dtype=object, copy=True)
    if transform.isShortCircuited() or len(result) == 0:
        return result
    present = ~shapely.is_missing(result)
    coords = shapely.get_coordinates(result[present])
    if len(coords) == 0:
        return result
    result[present] = shapely.set_coordinates(result[present].copy(), move_xy(coords, transform))
    return result


def frame_geometries(
    wkbs: list[bytes | None], transform: QgsCoordinateTransform, walk: PolygonWalk | None = None
) -> np.ndarray:
    """The geometries of `wkbs` (None for none), every vertex moved through `transform`
    (`walk`: see `move_wkbs`)."""
    moved = move_wkbs(wkbs, transform, walk)
    if moved is None:
        return move(shapely.from_wkb(np.array(wkbs, dtype=object)), transform)
    return shapely.from_wkb(np.array(moved, dtype=object))


def moved_wkb(geoms: np.ndarray, transform: QgsCoordinateTransform) -> list[bytes | None]:
    """2D WKB of `geoms`, every vertex moved through `transform`."""
    # 2D, said explicitly: under qgis_process QGIS's older GEOS rejects the default (4).
    moved = move_wkbs(shapely.to_wkb(geoms, output_dimension=2).tolist(), transform)
    if moved is None:
        return shapely.to_wkb(move(geoms, transform), output_dimension=2).tolist()
    return moved


def move_wkbs(
    wkbs: list[bytes | None], transform: QgsCoordinateTransform, walk: PolygonWalk | None = None
) -> list[bytes | None] | None:
    """`wkbs` with every vertex moved through `transform`, their bytes otherwise unchanged;
    None unless all are 2D little-endian (multi)polygons (the caller then goes through GEOS).
    `walk`: `walk_polygons(wkbs)` when the caller has it; its bytes are moved in place (it
    serves nothing after).

    Same coordinates, same structure: the bytes equal those of the moved geometries' WKB, for
    a fraction of the cost (no geometry is built or rebuilt).
    """
    if transform.isShortCircuited():
        return list(wkbs)
    walk = walk if walk is not None else walk_polygons(wkbs)
    vertices = walk.vertices
    if vertices is None:
        return None
    if len(vertices):
        records = vertex_records(walk.buffer)
        coords = records[vertices].view("<f8")
        records[vertices] = move_xy(coords, transform).view(np.uint8)
    view = memoryview(walk.joined)  # each WKB copied out once, no copy of the whole
    result: list[bytes | None] = [None] * len(wkbs)
    for i, start, end in zip(walk.present, walk.starts.tolist(), walk.ends.tolist()):
        result[i] = bytes(view[start:end])
    return result


def move_xy(coords: np.ndarray, transform: QgsCoordinateTransform) -> np.ndarray:
    """An (n, 2) array of points through `transform` (the caller's own object): from
    PARALLEL_POINTS on, two halves at once (QGIS drops the GIL), the second through a copy;
    in chunks of CHUNK_POINTS. Little-endian float64, C order.

    The second half runs on a thread of its own that ends with the call, never on the plugin's
    long-lived workers (geometry.THREADS): QGIS keeps PROJ objects per thread, and once a
    long-lived thread held some of a CRS first used on a QgsTask thread that QGIS has since
    ended (30 s idle), every later transform with that CRS came back invalid (QGIS 3.22,
    tests/overlap/test_frame_threads.py; the intermittent "QGIS cannot transform coordinates
    from EPSG:3857 to the equal-area frame" of long sessions).
    """
    if len(coords) < PARALLEL_POINTS:
        return _move_chunks(coords, transform)
    half = (len(coords) + 1) // 2
    # A pool of one thread, ended on leaving the block (shutdown joins it).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="imperial-proj") as worker:
        second = worker.submit(_move_chunks, coords[half:], QgsCoordinateTransform(transform))
        first = _move_chunks(coords[:half], transform)
    return np.ascontiguousarray(np.concatenate([first, second.result()]), dtype="<f8")


def _move_chunks(coords: np.ndarray, transform: QgsCoordinateTransform) -> np.ndarray:
    """`transform_xy` over `coords`, CHUNK_POINTS at a time."""
    moved = np.empty((len(coords), 2), dtype="<f8")
    for start in range(0, len(coords), CHUNK_POINTS):
        moved[start : start + CHUNK_POINTS] = transform_xy(
            coords[start : start + CHUNK_POINTS], transform
        )
    return moved


def transform_xy(coords: np.ndarray, transform: QgsCoordinateTransform) -> np.ndarray:
    """An (n, 2) array of points through `transform` in one call (as a WKB line string)."""
    count = len(coords)
    padded = coords if count >= 2 else np.vstack([coords, coords])
    wkb = struct.pack("<BII", 1, 2, len(padded)) + np.ascontiguousarray(padded, "<f8").tobytes()
    line = QgsGeometry()
    line.fromWkb(wkb)
    try:
        line.transform(transform)
    except QgsCsException as exc:
        raise UserError(
            tr("Coordinates could not be transformed from {src} to {dst}: {error}").format(
                src=transform.sourceCrs().authid() or transform.sourceCrs().description(),
                dst=transform.destinationCrs().authid() or tr("the working frame"),
                error=str(exc),
            )
        ) from exc
    out = np.frombuffer(bytes(line.asWkb()), dtype="<f8", offset=9).reshape(-1, 2)[:count]
    if not np.isfinite(out).all():
        raise UserError(
            tr("Some coordinates in {src} fall outside the area that CRS covers.").format(
                src=transform.sourceCrs().authid() or transform.sourceCrs().description()
            )
        )
    return out


def frame_over(
    ellipsoid: str,
    context: QgsCoordinateTransformContext,
    extents: list[tuple[QgsRectangle, QgsCoordinateReferenceSystem]],
) -> EqualAreaFrame:
    """The frame for data over `extents` (layer extent, its CRS): true scale along the middle
    of their latitude band, centred on their longitudes, both taken out to whole degrees; the
    default frame when none is known. Its datum: `datum_base` of the extents' CRSs, in order.
    The one rule both engines and the proximity job use, so they measure alike.

    Whole degrees keep the frame, and the territories' preparation kept under its definition
    (overlap/prepared.py), the same when a sync stakes or drops a claim at the edge of the
    claims' extent, or an AOI is added inside it. Areas are the same in any equal-area frame;
    the band only bounds the distortion the near test allows for (`max_scale`).
    """
    band = lat_lon_band(extents, context)
    base = datum_base([crs for _rect, crs in extents], ellipsoid)
    if band:
        return EqualAreaFrame(ellipsoid, context, *_whole_degrees(*band), base=base)
    return EqualAreaFrame(ellipsoid, context, base=base)


def _whole_degrees(
    lat_range: tuple[float, float], lon_centre: float
) -> tuple[tuple[float, float], float]:
    """A latitude band widened to whole degrees, and a central longitude on a whole degree."""
    lat_lo, lat_hi = lat_range
    return (float(math.floor(lat_lo)), float(math.ceil(lat_hi))), float(round(lon_centre))


def layer_extent(layer: QgsVectorLayer) -> QgsRectangle:
    """The extent of `layer`'s features: its data source's, with the unsaved features and
    geometries of an edit session.

    Not `QgsVectorLayer.extent()`: that also works out the layer's WGS 84 extent, through the
    best operation to WGS 84; for a layer in Quebec Lambert whose best one needs a grid this
    machine lacks, qgis_process then printed "Using non-preferred coordinate operation between
    EPSG:32198 and EPSG:4326", about an operation no part of the report uses. (It also leaves
    out the unsaved features the first time it is asked: its extent is lazy.)
    """
    extent = compat.null_rectangle()
    source = layer.dataProvider().extent()
    if not source.isNull():
        extent.combineExtentWith(source)
    edits = layer.editBuffer()
    if edits is not None:
        added = [f.geometry() for f in edits.addedFeatures().values() if f.hasGeometry()]
        for geometry in [*added, *edits.changedGeometries().values()]:
            if not geometry.isEmpty():
                extent.combineExtentWith(geometry.boundingBox())
    return extent


def lat_lon_band(
    extents: list[tuple[QgsRectangle, QgsCoordinateReferenceSystem]],
    context: QgsCoordinateTransformContext,
) -> tuple[tuple[float, float], float] | None:
    """Latitude band and central longitude covering the given layer extents (None if none)."""
    geographic = QgsCoordinateReferenceSystem(GEOGRAPHIC)
    boxes = []
    for rect, crs in extents:
        if rect.isNull():
            continue
        try:
            transform = QgsCoordinateTransform(crs, geographic, context)
            boxes.append(bounding_box(transform, rect))
        except QgsCsException:
            continue
    boxes = [b for b in boxes if all(map(math.isfinite, (b.xMinimum(), b.yMaximum())))]
    if not boxes:
        return None
    lat_lo = min(b.yMinimum() for b in boxes)
    lat_hi = max(b.yMaximum() for b in boxes)
    lon_lo = min(b.xMinimum() for b in boxes)
    lon_hi = max(b.xMaximum() for b in boxes)
    return (lat_lo, lat_hi), (lon_lo + lon_hi) / 2.0
