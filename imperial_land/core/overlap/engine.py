"""Overlap pairs at province scale: subdivided territories, STRtree, exact areas only at boundaries.

`run_overlap` reads the layers (only the fields it needs), follows their long edges
(overlap/edges.py) into an equal-area frame on the ellipsoid (overlap/equal_area.py), repairs
polygons invalid as drawn (overlap/geometry.py), overlays every pair of roles (overlap/pairs.py)
and flags the pairs (overlap/consultation.py).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from imperial_land.core.common import (
    StepProgress,
    UserError,
    check_cancelled,
    ensure_feedback,
    gc_paused,
    settings,
    tr,
)
from imperial_land.core.maplayers import (
    AOI,
    CLAIMS,
    PARCELS,
    TERRITORIES,
    ClaimFields,
    ParcelFields,
    TerritoryFields,
    check_date_field,
    check_polygon_layer,
    role_name,
)
from imperial_land.core.overlap import prepared
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.consultation import flag_pairs
from imperial_land.core.overlap.equal_area import (
    EqualAreaFrame,
    frame_over,
    layer_extent,
    moved_wkb,
)
from imperial_land.core.overlap.inputs import (
    LayerData,
    LayerSpec,
    RawLayer,
    aoi_name_field,
    finish_layer,
    frame_boxes,
    into_frame,
    read_raw,
)
from imperial_land.core.overlap.pairs import (
    REL_CONTAINS,
    REL_WITHIN,
    Nears,
    Overlaps,
    Side,
    near,
    overlay,
)
from imperial_land.core.overlap.request import check_two_layers
from imperial_land.core.overlap.results import OverlapPair, OverlapResult

# (kind, side A role, side B role), in report order.
PAIR_KINDS = (
    (r.CLAIM_TERRITORY, CLAIMS, TERRITORIES),
    (r.PARCEL_TERRITORY, PARCELS, TERRITORIES),
    (r.PARCEL_CLAIM, PARCELS, CLAIMS),
    (r.AOI_TERRITORY, AOI, TERRITORIES),
    (r.AOI_CLAIM, AOI, CLAIMS),
    (r.AOI_PARCEL, AOI, PARCELS),
)
RELATIONS = {REL_WITHIN: r.WITHIN, REL_CONTAINS: r.CONTAINS}
TERRITORY_EXTRA_FIELDS = {"source": "SOURCE", "source_date": "SOURCE_DATE"}


@dataclass
class OverlapOptions:
    """What to compare and how; every None takes its default from the settings."""

    claim_fields: ClaimFields | None = None
    parcel_fields: ParcelFields | None = None
    territory_fields: TerritoryFields | None = None
    # One consultation distance for the territory layer; a non-empty
    # TerritoryFields.distance field overrides it per territory.
    distance_m: float = 0.0
    sliver_ha: float | None = None  # default settings "overlap/sliver_ha"
    ellipsoid: str | None = None  # default settings "overlap/ellipsoid" (GRS80)
    company_holders: list[str] | None = None  # default settings "company/holders"
    output_crs: str = "EPSG:32198"
    claim_titles: set[str] | None = None  # only these titles (re-run after a sync)
    transform_context: QgsCoordinateTransformContext | None = None  # default: the project's
    # A folder keeping the prepared territories between runs (overlap/prepared.py); None: none
    prepared_cache: Path | None = None
    # Extents (rectangle, its CRS) the equal-area frame covers besides the layers': a run on a
    # filtered layer (the overlap state's changed titles) passes the whole layer's, so its frame,
    # pairs and prepared-territory cache key are a full run's.
    frame_extents: list[tuple[QgsRectangle, QgsCoordinateReferenceSystem]] = field(
        default_factory=list
    )
    # Only these kinds of pair (results.PairKind values); None: every kind the layers allow.
    # The overlap state keeps the claims' pairs only: it skips parcels x territories.
    pair_kinds: frozenset[str] | None = None


def run_overlap(
    claims: QgsVectorLayer | None,
    parcels: QgsVectorLayer | None,
    territories: QgsVectorLayer | None,
    aoi: QgsVectorLayer | None = None,
    options: OverlapOptions | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> OverlapResult:
    """Every overlap / near pair between the layers given, with consultation flags.

    Raises UserError for bad input and Cancelled when the feedback is cancelled; nothing is
    written anywhere (but a territory preparation to `options.prepared_cache`), so a cancelled
    run leaves nothing behind.
    """
    # gc paused: hundreds of thousands of acyclic pair objects, no collector passes. The saver
    # writes a territory preparation made for the cache (options.prepared_cache) while the
    # overlay goes on; the run ends once it is written (a cancelled or failed run too).
    with (
        gc_paused(),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="imperial-cache") as saver,
    ):
        return _run_overlap(claims, parcels, territories, aoi, options, feedback, saver.submit)


def _run_overlap(
    claims: QgsVectorLayer | None,
    parcels: QgsVectorLayer | None,
    territories: QgsVectorLayer | None,
    aoi: QgsVectorLayer | None,
    options: OverlapOptions | None,
    feedback: QgsProcessingFeedback | None,
    defer: Callable[[Callable[[], None]], object],
) -> OverlapResult:
    """run_overlap's work."""
    feedback = ensure_feedback(feedback)
    opts = options or OverlapOptions()
    layers = {CLAIMS: claims, PARCELS: parcels, TERRITORIES: territories, AOI: aoi}
    given = {role: layer for role, layer in layers.items() if layer is not None}
    specs = layer_specs(given, opts)
    sliver_ha, ellipsoid, holders, out_crs = checked_options(given, specs, opts)
    kinds = [
        k
        for k in PAIR_KINDS
        if k[1] in given and k[2] in given and (opts.pair_kinds is None or k[0] in opts.pair_kinds)
    ]
    progress = StepProgress(feedback, len(given) + len(kinds) + 1)

    context = opts.transform_context or QgsProject.instance().transformContext()
    extents = [(layer_extent(lyr), lyr.crs()) for lyr in given.values()]
    extents += opts.frame_extents
    frame = frame_over(ellipsoid, context, extents)
    data, sides = _read_all(
        given, specs, frame, opts.distance_m, feedback, progress, opts.prepared_cache, defer
    )
    read_territories = data.get(TERRITORIES)
    rows = read_territories.attributes if read_territories is not None else []
    limits = territory_distances_m(rows)

    pairs: list[OverlapPair] = []
    slivers = 0
    with _WkbWriter(frame, out_crs) as writer:
        for kind, role_a, role_b in kinds:
            progress.next(
                tr("Overlaying {a} with {b}...").format(a=role_name(role_a), b=role_name(role_b))
            )
            a, b = data[role_a], data[role_b]
            found = overlay(sides[role_a], sides[role_b], sliver_ha * 10_000.0, progress.within)
            writer.add(found.geoms)
            slivers += found.slivers
            close = None
            if role_b == TERRITORIES:
                close = near(sides[role_a], sides[role_b], limits, frame, found, progress.within)
                writer.add(a.geoms[close.a])  # a near pair shows A's whole feature
            order = _pair_order(a, b, found, close)
            writer.end_kind(order)
            kind_pairs = _overlap_pairs(kind, a, b, found)
            if close is not None:
                kind_pairs.extend(_near_pairs(kind, a, b, close))
            pairs.extend(kind_pairs[i] for i in order.tolist())
        progress.next(tr("Writing the overlap geometries..."))
        check_cancelled(feedback)
        flag_pairs(pairs, holders)
        for pair, wkb in zip(pairs, writer.results()):
            pair.geometry_wkb = wkb
    feedback.setProgress(100.0)
    return OverlapResult(
        pairs=pairs,
        issues=[issue for d in data.values() for issue in d.issues],
        inputs=[d.info for d in data.values() if d.info is not None],
        crs_authid=out_crs.authid(),
        slivers_dropped=slivers,
        sliver_threshold_ha=sliver_ha,
        ellipsoid=ellipsoid,
        company_holders=list(holders),
    )


def _read_all(
    given: dict[str, QgsVectorLayer],
    specs: dict[str, LayerSpec],
    frame: EqualAreaFrame,
    distance_m: float,
    feedback: QgsProcessingFeedback,
    progress: StepProgress,
    prepared_cache: Path | None = None,
    defer: Callable[[Callable[[], None]], object] | None = None,
) -> tuple[dict[str, LayerData], dict[str, Side]]:
    """Every layer read (on this thread), moved into the frame, repaired and cut into pieces,
    in `given`'s order.

    The territories are read first: a worker reads back their kept preparation
    (`prepared_cache`), or else moves their vertices and measures their edges, while the other
    layers are read (GEOS and PROJ run without the GIL). As soon as the other layers' boxes are
    known in the frame, the worker checks that the kept preparation serves them, or follows
    the territories' edges near them (overlap/near_edges.py), repairs and cuts them, while this
    thread moves and repairs the other layers (overlap/prepared.py: `start`, `finish`). A
    preparation made for `prepared_cache` is saved by `defer(job)` when given (on a thread
    while the overlay goes on), else before the territories are used.
    """
    done: dict[str, tuple[LayerData, Side]] = {}
    read: dict[str, tuple[RawLayer, np.ndarray | None]] = {}
    territories: tuple[RawLayer, Future[prepared.Started]] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="imperial-pieces") as worker:
        for role in sorted(given, key=lambda name: name != TERRITORIES):
            layer = given[role]
            progress.next(
                tr("Reading the {what} layer '{layer}'...").format(
                    what=role_name(role), layer=layer.name()
                )
            )
            raw = read_raw(layer, specs[role], frame, feedback)
            if role == TERRITORIES:
                territory_limits(raw.rows, raw.keys, distance_m)
                territories = (raw, worker.submit(prepared.start, raw, frame, prepared_cache))
            else:
                read[role] = (raw, frame_boxes(raw))
        finish = partial(_finish_territories, frame=frame, defer=defer, feedback=feedback)
        finishing = None
        boxes = [b for _raw, b in read.values()]
        if territories is not None and all(b is not None for b in boxes):
            finishing = worker.submit(finish, *territories, boxes)
        framed = {role: (raw, into_frame(raw)) for role, (raw, _boxes) in read.items()}
        if territories is not None and finishing is None:  # boxes from the moved geometries
            boxes = [_bounds(outlines.geoms) for _raw, outlines in framed.values()]
            finishing = worker.submit(finish, *territories, boxes)
        for role, (raw, outlines) in framed.items():
            data = finish_layer(raw, outlines)
            done[role] = (data, Side(data.geoms, data.areas_ha * 10_000.0))
        if finishing is not None:
            for _data, side in done.values():
                side.tree  # noqa: B018 - built now, while the worker cuts the territories
            done[TERRITORIES] = finishing.result()
    return (
        {role: done[role][0] for role in given},
        {role: done[role][1] for role in given},
    )


def _finish_territories(
    raw: RawLayer,
    started: Future[prepared.Started],
    boxes: list[np.ndarray],
    frame: EqualAreaFrame,
    defer: Callable[[Callable[[], None]], object] | None,
    feedback: QgsProcessingFeedback,
) -> tuple[LayerData, Side]:
    """The territories for this run, the other layers' frame boxes known (`boxes`,
    `frame_boxes`): read back, or followed where a feature of them comes within a territory's
    consultation distance (the worker's thread; overlap/prepared.py)."""
    neighbours = np.concatenate(boxes) if boxes else np.zeros((0, 4))
    reach = territory_reach(raw.rows, frame)
    return prepared.finish(raw, started.result(), neighbours, reach, defer, feedback.pushInfo)


def _bounds(geoms: np.ndarray) -> np.ndarray:
    """The boxes (n, 4) of the geometries present in `geoms`."""
    return shapely.bounds(geoms[~shapely.is_missing(geoms)])


class _WkbWriter:
    """Output WKB of the pairs' geometries, made on a worker thread while the pairs are built.

    Moving and writing geometries is GEOS / QGIS work that mostly runs without the GIL; building
    the pair objects is pure Python: the two overlap. Leaving the block cancels what has not
    started (a cancelled run) and waits for the rest.
    """

    def __init__(self, frame: EqualAreaFrame, crs: QgsCoordinateReferenceSystem) -> None:
        self.transform = frame.transform(crs, False)  # its own copy, used by the writer thread
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imperial-wkb")
        self.jobs: list[Future[list[bytes | None]]] = []
        self.kinds: list[tuple[list[Future[list[bytes | None]]], np.ndarray]] = []

    def __enter__(self) -> _WkbWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.worker.shutdown(wait=True, cancel_futures=True)

    def add(self, geoms: np.ndarray) -> None:
        """Queue the WKB of more geometries (in the frame) of the current kind of pair."""
        self.jobs.append(self.worker.submit(_output_wkb, geoms, self.transform))

    def end_kind(self, order: np.ndarray) -> None:
        """Close the current kind: its pairs take the geometries added, in `order`."""
        self.kinds.append((self.jobs, order))
        self.jobs = []

    def results(self) -> Iterator[bytes | None]:
        """The WKB of every pair, kind after kind."""
        for jobs, order in self.kinds:
            wkbs = [wkb for job in jobs for wkb in job.result()]
            yield from (wkbs[i] for i in order.tolist())


def _output_wkb(geoms: np.ndarray, transform: QgsCoordinateTransform) -> list[bytes | None]:
    """WKB of each pair geometry moved out of the frame; a feature in several pairs of this
    batch moves once (a feature in pairs of two batches, e.g. overlap and near, moves twice)."""
    if not len(geoms):
        return []
    ids = np.fromiter((id(g) for g in geoms), dtype=np.int64, count=len(geoms))
    _unique, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    wkbs = moved_wkb(geoms[first], transform)
    return [wkbs[i] for i in inverse.tolist()]


def layer_specs(given: dict[str, QgsVectorLayer], opts: OverlapOptions) -> dict[str, LayerSpec]:
    """What to read from each layer given."""
    specs: dict[str, LayerSpec] = {}
    if CLAIMS in given:
        cf = opts.claim_fields or ClaimFields()
        titles = {str(t).strip() for t in opts.claim_titles} if opts.claim_titles else None
        specs[CLAIMS] = LayerSpec(
            CLAIMS,
            {
                "title": cf.title,
                "holder": cf.holder,
                "status": cf.status,
                "status_code": cf.status_code,
                "expiry": cf.expiry,
                "title_type": cf.title_type,
            },
            "title",
            (lambda row: str(row.get("title") or "").strip() in titles) if titles else None,
        )
        # Only the title is needed to find overlaps; a layer without the register's other
        # fields (not a GESTIM layer) still runs, and those columns stay empty.
        _drop_absent(
            specs[CLAIMS],
            given[CLAIMS],
            ("status", "status_code", "expiry", "holder", "title_type"),
        )
    if PARCELS in given:
        pf = opts.parcel_fields or ParcelFields()
        specs[PARCELS] = LayerSpec(PARCELS, {"lot": pf.lot}, "lot")
    if TERRITORIES in given:
        tf = opts.territory_fields or TerritoryFields()
        names = set(given[TERRITORIES].fields().names())
        fields = {"nation": tf.nation, "name": tf.name, "distance_m": tf.distance}
        fields.update({k: v for k, v in TERRITORY_EXTRA_FIELDS.items() if v in names})
        specs[TERRITORIES] = LayerSpec(TERRITORIES, fields, "name")
        _drop_absent(specs[TERRITORIES], given[TERRITORIES], ("name",))
        if not specs[TERRITORIES].fields["name"]:
            specs[TERRITORIES].key = "nation"
    if AOI in given:
        name_field = aoi_name_field(given[AOI])
        specs[AOI] = LayerSpec(AOI, {"name": name_field}, "name" if name_field else "")
    return specs


def _drop_absent(spec: LayerSpec, layer: QgsVectorLayer, optional: tuple[str, ...]) -> None:
    """Forget the optional fields the layer does not have (their attribute stays empty)."""
    names = set(layer.fields().names())
    for role in optional:
        if spec.fields.get(role) and spec.fields[role] not in names:
            spec.fields[role] = ""


def checked_options(
    given: dict[str, QgsVectorLayer], specs: dict[str, LayerSpec], opts: OverlapOptions
) -> tuple[float, str, list[str], QgsCoordinateReferenceSystem]:
    """Check the layers and options; the resolved sliver, ellipsoid, holders and output CRS."""
    check_two_layers(given)
    for role, layer in given.items():
        required = [name for key, name in specs[role].fields.items() if key != "title_type"]
        if role == CLAIMS:
            required = [(opts.claim_fields or ClaimFields()).title]
        elif role == TERRITORIES:
            tf = opts.territory_fields or TerritoryFields()
            required = [tf.nation] + [n for n in (tf.distance,) if n]
        check_polygon_layer(layer, role, required)
        if role == CLAIMS:
            check_date_field(layer, role, specs[role].fields.get("expiry") or "")
    if opts.distance_m is None or not np.isfinite(opts.distance_m) or opts.distance_m < 0:
        raise UserError(
            tr("The consultation distance must be zero or more metres (got {value}).").format(
                value=opts.distance_m
            )
        )
    sliver_ha = settings.get("overlap/sliver_ha") if opts.sliver_ha is None else opts.sliver_ha
    if not np.isfinite(sliver_ha) or sliver_ha < 0:
        raise UserError(
            tr("The sliver threshold must be zero or more hectares (got {value}).").format(
                value=sliver_ha
            )
        )
    ellipsoid = opts.ellipsoid or settings.get("overlap/ellipsoid")
    holders = (
        settings.get("company/holders") if opts.company_holders is None else opts.company_holders
    )
    out_crs = QgsCoordinateReferenceSystem(opts.output_crs or "")
    if not out_crs.isValid():
        raise UserError(
            tr("The output CRS '{crs}' is not a valid coordinate reference system.").format(
                crs=opts.output_crs
            )
        )
    return float(sliver_ha), ellipsoid, list(holders), out_crs


def territory_reach(rows: list[dict], frame: EqualAreaFrame) -> np.ndarray:
    """How far from each territory (frame metres) a feature of another layer must have its
    edges followed, in both engines: its consultation distance at the frame's greatest scale."""
    return territory_distances_m(rows) * frame.max_scale


def territory_distances_m(rows: list[dict]) -> np.ndarray:
    """Consultation distance of each territory row, metres (`territory_limits` has set them)."""
    return np.array([row["distance_m"] for row in rows], dtype=float)


def territory_limits(rows: list[dict], keys: list[str], default_m: float) -> None:
    """Set each territory row's "distance_m" to its consultation distance in metres: its
    field value, else the default. Raises UserError for a value that is not zero or more."""
    for key, row in zip(keys, rows):
        value = row.get("distance_m")
        if value is None or str(value).strip() == "":
            row["distance_m"] = float(default_m)
            continue
        try:
            metres = float(value)
        except (TypeError, ValueError):
            metres = -1.0
        if not np.isfinite(metres) or metres < 0:
            raise UserError(
                tr(
                    "Territory '{name}' has a consultation distance of '{value}'; "
                    "give zero or more metres."
                ).format(name=key, value=value)
            )
        row["distance_m"] = metres


def _overlap_pairs(kind: str, a: LayerData, b: LayerData, found: Overlaps) -> list[OverlapPair]:
    """OverlapPair objects (flag and geometry not yet set) for the overlaps found."""
    overlap_ha, share_a, share_b = overlap_figures(
        found.overlap_m2 / 10_000.0,
        a.areas_ha[found.a],
        b.areas_ha[found.b],
        found.relation == REL_WITHIN,
        found.relation == REL_CONTAINS,
    )
    relations = [RELATIONS.get(code, r.OVERLAPS) for code in found.relation.tolist()]
    pairs = [
        OverlapPair(kind, ref_a, ref_b, rel, ha, sa, sb)
        for ref_a, ref_b, rel, ha, sa, sb in zip(
            a.refs(found.a),
            b.refs(found.b),
            relations,
            overlap_ha.tolist(),
            share_a.tolist(),
            share_b.tolist(),
        )
    ]
    return pairs


def _pair_order(a: LayerData, b: LayerData, found: Overlaps, close: Nears | None) -> np.ndarray:
    """Report order of a kind's pairs (its overlaps, then its nears): by A's fid, then B's."""
    a_index = found.a if close is None else np.concatenate([found.a, close.a])
    b_index = found.b if close is None else np.concatenate([found.b, close.b])
    return np.lexsort((b.fids[b_index], a.fids[a_index]))


def _near_pairs(kind: str, a: LayerData, b: LayerData, close: Nears) -> list[OverlapPair]:
    """NEAR pairs (no overlap, within the territory's distance)."""
    return [
        OverlapPair(kind, ref_a, ref_b, r.NEAR, 0.0, 0.0, 0.0, distance_m=metres)
        for ref_a, ref_b, metres in zip(a.refs(close.a), b.refs(close.b), close.distance_m.tolist())
    ]


def overlap_figures(
    overlap_ha: np.ndarray,
    area_a_ha: np.ndarray,
    area_b_ha: np.ndarray,
    within: np.ndarray,
    contains: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hectares and shares (% of A, % of B) of overlapping pairs, for both engines.

    A feature inside the other overlaps it by its own hectares (as the layer measured it, not
    a sum of its pieces' intersections or a round trip through m2), and a share is part / whole
    before the percentage, so such a pair shows exactly 100 %, not 99.99999999999999."""
    hectares = np.where(within, area_a_ha, np.where(contains, area_b_ha, overlap_ha))
    return hectares, _shares(hectares, area_a_ha), _shares(hectares, area_b_ha)


def _shares(part_ha: np.ndarray, whole_ha: np.ndarray) -> np.ndarray:
    """Percent of each whole, capped at 100 (0 for a whole of no area)."""
    safe = np.where(whole_ha > 0, whole_ha, 1.0)
    return np.where(whole_ha > 0, np.minimum(100.0, 100.0 * (part_ha / safe)), 0.0)
