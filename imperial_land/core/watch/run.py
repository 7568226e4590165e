"""The staking watch: third-party titles that a sync made new, transferred or brought back, on or
within a watch distance of the company's parcels, areas of interest and company-held claims.

The register says what changed (its `changes` table, per sync run); the overlap engine measures
(core/overlap `proximity_pairs`: exact ellipsoidal hectares, ellipsoidal metres); the company is
recognised by the one holder rule (common/holders.py). Nothing here writes: output.py does.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from pathlib import Path

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsProcessingFeedback,
    QgsRectangle,
    QgsUnitTypes,
)

from imperial_land.core.common import (
    HolderMatcher,
    UserError,
    check_cancelled,
    ensure_feedback,
    gc_paused,
    is_live,
    settings,
    split_holders,
    tr,
)
from imperial_land.core.overlap import PolygonSet, layer_polygons, proximity_pairs
from imperial_land.core.register import BACK, HOLDER, NEW, RegisterBackend, RegisterRow, SyncRun
from imperial_land.core.watch.layers import WatchedLayer, check_watched
from imperial_land.core.watch.model import TargetKind, WatchEvent, WatchResult, WatchRow

VALUE_FIELDS = ["TIT_NO", "DET_NOM", "STI_DES_FR", "STI_CODE", "STI_DES_AN"]
HOLDER_FIELD = "DET_NOM"
TARGET_ORDER = {kind.value: i for i, kind in enumerate(TargetKind)}


def is_company_holder(matcher: HolderMatcher, holder: str | None) -> bool:
    """The holder text names the company (any of the holders a multi-holder text names)."""
    return matcher.is_company(holder) or any(map(matcher.is_company, split_holders(holder)))


def run_date(run: SyncRun) -> dt.date | None:
    """The date a watch row carries: the run's source date, else the day it ran."""
    return run.source_date or (run.started.date() if run.started else None)


def watch_events(register: RegisterBackend, run_ids: list[int]) -> dict[str, tuple[str, int]]:
    """reg_key -> (WatchEvent value, run id) over the runs, the latest run's event winning."""
    events: dict[str, tuple[str, int]] = {}
    for run_id in sorted(run_ids):
        for change in register.changes(run_id):
            if change.kind == NEW:
                events[change.key] = (WatchEvent.NEW.value, run_id)
            elif change.kind == BACK:
                events[change.key] = (WatchEvent.BACK.value, run_id)
            elif change.kind == HOLDER and change.field == HOLDER_FIELD:
                events[change.key] = (WatchEvent.TRANSFER.value, run_id)
    return events


def runs_between(
    register: RegisterBackend,
    first: int | dt.date | None = None,
    last: int | dt.date | None = None,
) -> list[int]:
    """Ids of the runs after run `first` up to run `last` (ids), or run on a day from `first` to
    `last` (dates, both included); None leaves that end open."""
    chosen = []
    for run in register.runs():
        day = run.started.date() if run.started else None
        ok = True
        for bound, after in ((first, True), (last, False)):
            if bound is None:
                continue
            if isinstance(bound, dt.date):
                ok &= day is not None and (day >= bound if after else day <= bound)
            else:
                ok &= run.id > bound if after else run.id <= bound
        if ok and run.id is not None:
            chosen.append(run.id)
    return sorted(chosen)


@gc_paused()  # the register's rows, right after a sync's: no collector walk in the middle
def watch_runs(
    register: RegisterBackend,
    run_ids: list[int],
    watched: list[WatchedLayer] | None = None,
    holders: list[str] | None = None,
    claims_distance_m: float | None = None,
    feedback: QgsProcessingFeedback | None = None,
    context: QgsCoordinateTransformContext | None = None,
) -> WatchResult:
    """The watch list of the changes of `run_ids`.

    `watched`: the parcels and AOI layers (default: the settings' "watch/layers"); `holders`:
    the company's names (default: settings "company/holders"); `claims_distance_m`: the watch
    distance around company-held claims (default: settings "watch/claims_distance_m").
    A watched layer that is gone or lost its key field gives a result with `problems` and no
    rows. Raises UserError for an unreadable setting, Cancelled on cancel.
    """
    from imperial_land.core.watch.layers import watched_from_settings

    feedback = ensure_feedback(feedback)
    clock, cpu = time.monotonic(), time.process_time()
    watched = watched_from_settings() if watched is None else watched
    holders = settings.get("company/holders") if holders is None else holders
    claims_m = (
        settings.get("watch/claims_distance_m")
        if claims_distance_m is None
        else float(claims_distance_m)
    )
    result = WatchResult(run_ids=sorted(run_ids), crs_authid=register.crs_authid())
    layers, result.problems = check_watched(watched)
    if not np.isfinite(claims_m) or claims_m < 0:
        result.problems.append(
            tr("The watch distance around company claims must be zero or more metres.")
        )
    if result.problems:
        return result
    try:
        events = watch_events(register, run_ids)
        if not events:
            return result
        matcher = HolderMatcher(holders)
        # The register is asked by holder: each distinct holder text decided once by the one rule,
        # then only the company's rows and the changed titles are read (never every claim).
        company_texts = (
            [text for text in register.holder_texts() if is_company_holder(matcher, text)]
            if matcher
            else []
        )
        changed = register.read_live(VALUE_FIELDS, keys=sorted(events))  # the rows not gone
        company_set = set(company_texts)  # every live row's text is among holder_texts()
        candidates = [
            k for k in sorted(changed) if changed[k].values[HOLDER_FIELD] not in company_set
        ]
        held = register.read_live(VALUE_FIELDS, holders=company_texts) if company_texts else {}
        company = [key for key in sorted(held) if _held(held[key].values)]
        check_cancelled(feedback)
        if candidates:
            stored = {**held, **changed}
            result.rows = _rows(
                register, events, stored, candidates, company, watched, layers, claims_m, feedback,
                context,
            )  # fmt: skip
        return result
    finally:  # the time the watch took, whichever way it ends
        result.seconds, result.cpu_seconds = time.monotonic() - clock, time.process_time() - cpu


def _held(values: dict) -> bool:
    """A live title (active, suspended, renewal pending), or one without a status."""
    codes = (values.get("STI_CODE"), values.get("STI_DES_FR"), values.get("STI_DES_AN"))
    return not any(codes) or is_live(*codes)


def _rows(
    register: RegisterBackend,
    events: dict[str, tuple[str, int]],
    stored: dict[str, RegisterRow],
    candidates: list[str],
    company: list[str],
    watched: list[WatchedLayer],
    layers: list,
    claims_m: float,
    feedback: QgsProcessingFeedback,
    context: QgsCoordinateTransformContext | None,
) -> list[WatchRow]:
    """Measure the candidates against every piece of company land; one row per pair found."""
    crs = QgsCoordinateReferenceSystem(register.crs_authid())
    runs = {run.id: run for run in register.runs()}
    # B side: each watched layer's features, then the company's claims.
    targets: list[PolygonSet] = []
    target_info: list[tuple[str, str, str]] = []  # (kind, key, layer name) per B feature
    limits: list[float] = []
    for spec, layer in zip(watched, layers):
        polygons, keys = layer_polygons(layer, spec.key_field, feedback)
        targets.append(polygons)
        target_info.extend((spec.kind, key, layer.name()) for key in keys)
        limits.extend([spec.distance()] * len(keys))
    candidate_wkbs = [_wkb(stored, key) for key in candidates]
    company_wkbs = [_wkb(stored, key) for key in company]
    # Only the company claims whose box comes near a candidate's are measured; the frame still
    # covers every company claim, so the metres and hectares are those of a run over all.
    company_boxes = shapely.bounds(shapely.from_wkb(company_wkbs)).reshape(-1, 4)
    every_claim = (
        QgsRectangle(
            *np.nanmin(company_boxes[:, :2], axis=0), *np.nanmax(company_boxes[:, 2:], axis=0)
        )
        if not np.isnan(company_boxes).all()
        else QgsRectangle()
    )  # what PolygonSet.extent() gives for them all
    candidate_boxes = shapely.bounds(shapely.from_wkb(candidate_wkbs)).reshape(-1, 4)
    near = near_boxes(candidate_boxes, company_boxes, claims_m, crs)
    company = [company[i] for i in near.tolist()]
    company_titles = [str(stored[key].values.get("TIT_NO") or "") for key in company]
    targets.append(PolygonSet([company_wkbs[i] for i in near.tolist()], crs))
    target_info.extend((TargetKind.COMPANY_CLAIM.value, t, "") for t in company_titles)
    limits.extend([claims_m] * len(company))
    found = proximity_pairs(
        [PolygonSet(candidate_wkbs, crs)],
        targets,
        np.array(limits, dtype=float),
        context=context,
        feedback=feedback,
        frame_extents=[(every_claim, crs)],
    )
    rows: dict[tuple, WatchRow] = {}
    for i, j, metres, hectares in zip(
        found.a.tolist(), found.b.tolist(), found.distance_m.tolist(), found.overlap_ha.tolist()
    ):
        key = candidates[i]
        values = stored[key].values
        title = str(values.get("TIT_NO") or key.rsplit("-", 1)[0])
        kind, target, layer_name = target_info[j]
        if kind == TargetKind.COMPANY_CLAIM.value and target == title:
            continue  # a co-held title is not near itself
        event, run_id = events[key]
        run = runs.get(run_id)
        row = WatchRow(
            event=event,
            title=title,
            key=key,
            holder=str(values.get(HOLDER_FIELD) or ""),
            status=str(values.get("STI_DES_FR") or values.get("STI_CODE") or ""),
            date=run_date(run) if run is not None else None,
            target_kind=kind,
            target=target,
            target_layer=layer_name,
            distance_m=float(metres),
            overlap_ha=float(hectares),
            run_id=run_id,
            geometry_wkb=candidate_wkbs[i],
        )
        same = (key, kind, target, layer_name)  # one company title may have several rows
        if same not in rows or _closer(row, rows[same]):
            rows[same] = row
    return sorted(
        rows.values(),
        key=lambda r: (r.title, r.key, TARGET_ORDER[r.target_kind], r.target_layer, r.target),
    )


def near_boxes(
    near_to: np.ndarray, boxes: np.ndarray, metres: float, crs: QgsCoordinateReferenceSystem
) -> np.ndarray:
    """Indices of `boxes` (bounds: xmin, ymin, xmax, ymax; NaN for no geometry) lying within
    twice `metres` of one of `near_to` (bounds), both in `crs`: a superset of the features within
    `metres`, so the exact measure that follows finds the same pairs. Degrees are widened for the
    latitude (a degree of longitude is at least 111,319 m x cos(latitude) on GRS80, one of
    latitude at least 110,574 m); a CRS in neither degrees nor metres keeps every feature."""
    present = np.flatnonzero(~np.isnan(boxes).any(axis=1)) if len(boxes) else np.zeros(0, int)
    probes = near_to[~np.isnan(near_to).any(axis=1)] if len(near_to) else near_to
    if not len(present) or not len(probes):
        return np.zeros(0, dtype=np.int64)
    kept = boxes[present]
    reach = 2.0 * float(metres) + 1.0
    if crs.isGeographic():
        dy = reach / 110_574.0
        latitudes = np.abs(np.concatenate([kept[:, 1::2].ravel(), probes[:, 1::2].ravel()]))
        top = min(89.0, float(latitudes.max()) + dy)
        dx = reach / (111_319.0 * math.cos(math.radians(top)))
    elif crs.mapUnits() == QgsUnitTypes.DistanceUnit.DistanceMeters:
        dx = dy = reach
    else:
        return present.astype(np.int64)
    grown = shapely.box(probes[:, 0] - dx, probes[:, 1] - dy, probes[:, 2] + dx, probes[:, 3] + dy)
    tree = shapely.STRtree(shapely.box(kept[:, 0], kept[:, 1], kept[:, 2], kept[:, 3]))
    return present[np.unique(tree.query(grown)[1])].astype(np.int64)


def _closer(row: WatchRow, other: WatchRow) -> bool:
    return (row.distance_m, -row.overlap_ha) < (other.distance_m, -other.overlap_ha)


def _wkb(stored: dict, key: str) -> bytes | None:
    row = stored.get(key)
    if row is None:
        raise UserError(tr("The register row {key} could not be read.").format(key=key))
    return row.geometry_wkb


def watch_register(
    register: RegisterBackend | str | Path | None,
    first: int | dt.date | None = None,
    last: int | dt.date | None = None,
    watched: list[WatchedLayer] | None = None,
    holders: list[str] | None = None,
    claims_distance_m: float | None = None,
    csv_path: str | Path | None = None,
    layer_path: str | Path | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> WatchResult:
    """The watch list of the register's runs after run `first` up to run `last` (or from date
    `first` to date `last`), written to `csv_path` / `layer_path` when given (all or nothing).

    Raises UserError for a register that is not one, a range without runs, or a watched layer
    that is gone or lost its key field (nothing written)."""
    from imperial_land.core.register import open_register
    from imperial_land.core.watch.output import write_watch

    if isinstance(first, int) != isinstance(last, int) and None not in (first, last):
        raise UserError(tr("Give two sync runs or two dates, not one of each."))
    if isinstance(first, int) and isinstance(last, int) and first >= last:
        raise UserError(
            tr("The first run ({first}) must come before the last one ({last}).").format(
                first=first, last=last
            )
        )
    if isinstance(first, dt.date) and isinstance(last, dt.date) and first > last:
        raise UserError(
            tr("The first date ({first}) must not be after the last one ({last}).").format(
                first=first.isoformat(), last=last.isoformat()
            )
        )
    backend = register if isinstance(register, RegisterBackend) else open_register(register)
    try:
        if not backend.exists():
            raise UserError(tr("The register has no claims yet: run a sync first."))
        run_ids = runs_between(backend, first, last)
        if not run_ids:
            raise UserError(tr("No sync run of the register falls in that range."))
        result = watch_runs(backend, run_ids, watched, holders, claims_distance_m, feedback)
        if result.problems:
            raise UserError(" ".join(result.problems))
        return write_watch(result, csv_path, layer_path)
    finally:
        if backend is not register:
            backend.close()
