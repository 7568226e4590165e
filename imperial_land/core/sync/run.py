"""Sync the claim register from GESTIM: read the source, diff, apply in one transaction, report."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import (
    Cancelled,
    UserError,
    check_cancelled,
    ensure_feedback,
    profile_dir,
    settings,
    tr,
)
from imperial_land.core.gestim import DownloadState
from imperial_land.core.net import HttpOptions
from imperial_land.core.overlapstate import StateUpdate, update_overlap_state
from imperial_land.core.register import (
    APPLIED,
    CHANGE_KINDS,
    NO_CHANGES,
    NOT_MODIFIED,
    RegisterBackend,
    RegisterDiff,
    SyncRun,
    open_register,
)
from imperial_land.core.sync.diff import DiffResult, compute_diff, title_of_key
from imperial_land.core.sync.report import (
    SyncReport,
    check_alert_target,
    expiring_titles,
    status_changes,
    write_alert_csv,
)
from imperial_land.core.sync.source import BBox, check_wfs_answer, read_source, wfs_fields
from imperial_land.core.watch import WatchedLayer, WatchResult, watch_runs, write_watch


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def default_cache_dir() -> Path:
    """Where downloads are kept between syncs (inside the QGIS profile)."""
    return profile_dir("gestim_cache")


def previous_state(register: RegisterBackend, source: str) -> DownloadState | None:
    """The download state of the last recorded run of `source` (None: download in full)."""
    if not register.exists():
        return None
    for run in register.runs():
        if run.source == source and (run.etag or run.last_modified or run.sha256):
            return DownloadState(source, run.etag, run.last_modified, run.sha256, run.size)
    return None


def sync_register(
    source: str | None = None,
    register: RegisterBackend | str | Path | None = None,
    bbox_wgs84: BBox | None = None,
    holders: list[str] | None = None,
    alert_days: int | None = None,
    alert_csv: str | Path | None = None,
    today: dt.date | None = None,
    cache_dir: Path | None = None,
    feedback: QgsProcessingFeedback | None = None,
    http_options: HttpOptions | None = None,
    watched: list[WatchedLayer] | None = None,
    watch_csv: str | Path | None = None,
    watch_layer: str | Path | None = None,
    claims_distance_m: float | None = None,
) -> SyncReport:
    """Bring the register up to date with GESTIM and report what changed.

    `source`: URL, zip, or folder (default: the active-titles URL; the WFS URL when `bbox_wgs84`
    is given). A failure or a cancel at any point leaves the register as it was.

    Then the staking watch (core/watch) on this run's changes: `watched` parcels / AOI layers
    (default: the settings'), company claims within `claims_distance_m`; written to `watch_csv`
    and `watch_layer` (GeoPackage) when given. A watch that cannot run (a watched layer gone or
    missing a field) leaves the applied sync as it is, says why in the report and writes nothing.
    """
    feedback = ensure_feedback(feedback)
    started = _now()
    clock = time.monotonic()
    if bbox_wgs84 is not None:
        source = source or settings.get("wfs/url")
    source = source or settings.get("gestim/active_url")
    holders = settings.get("company/holders") if holders is None else holders
    alert_days = settings.get("alerts/expiry_days") if alert_days is None else int(alert_days)
    if alert_days < 0:
        raise UserError(tr("The alert window must be 0 days or more."))
    if alert_csv:
        check_alert_target(Path(alert_csv))  # before anything is read or written
    today = today or dt.date.today()
    backend = register if isinstance(register, RegisterBackend) else open_register(register)
    try:
        previous = None if bbox_wgs84 is not None else previous_state(backend, source)
        feedback.pushInfo(tr("Reading {source}").format(source=source))
        batch, state = read_source(
            source, bbox_wgs84, previous, cache_dir or default_cache_dir(), feedback, http_options
        )
        check_cancelled(feedback)
        if bbox_wgs84 is not None and batch is not None:
            check_wfs_answer(backend, batch, bbox_wgs84)
        backend.ensure_schema(batch.crs_authid if batch is not None else None)
        backend.lock(feedback)  # the diff must see the rows the write will change
        run = SyncRun(started=started, finished=None, source=source, outcome=NOT_MODIFIED)
        if state is not None:
            run.etag, run.last_modified = state.etag, state.last_modified
            run.sha256, run.size = state.sha256, state.size
        if batch is None:
            result = DiffResult(RegisterDiff(), [])
            run.source_date = previous_run_date(backend, source)
        else:
            feedback.pushInfo(
                tr("Comparing {rows} source rows with the register").format(rows=batch.n_rows)
            )
            result = compute_diff(
                backend,
                batch.columns,
                batch.fields,
                batch.crs_authid,
                today,
                full=bbox_wgs84 is None,
                feedback=feedback,
            )
            run.source_date = batch.source_date
            run.outcome = APPLIED if result.changes or not result.diff.is_empty() else NO_CHANGES
            if result.skipped:
                feedback.pushWarning(
                    tr("{count} source rows have no title number and were left out.").format(
                        count=result.skipped
                    )
                )
        run.n_rows = result.n_rows
        run.counts = {kind: result.counts().get(kind, 0) for kind in CHANGE_KINDS}
        run.finished = _now()
        report = SyncReport(0, run.outcome, source, run.source_date, result.n_rows, run.counts)
        if bbox_wgs84 is not None and batch is not None:
            register_fields = [spec.name for spec in backend.source_fields()]
            report.wfs_updated, report.wfs_not_updated = wfs_fields(batch, register_fields)
            if report.wfs_not_updated:
                feedback.pushWarning(report.wfs_lines()[-1])
        run.message = report.summary().splitlines()[0]
        feedback.pushInfo(
            tr("Writing {rows} changed rows to the register").format(rows=result.diff.n_rows())
        )
        report.run_id = backend.apply(result.diff, run, result.changes, feedback)
        report.status_changes = status_changes(result.changes)
        report.changed_titles = sorted({title_of_key(c.key) for c in result.changes})
        report.alert_days = alert_days
        report.expiring = expiring_titles(backend, holders, alert_days, today)
        if alert_csv:
            report.alert_csv = write_alert_csv(Path(alert_csv), report.expiring)
        report.overlap_state = run_overlap_state(backend, report.run_id, holders, feedback)
        report.watch = run_watch(
            backend, report.run_id, watched, holders, claims_distance_m, watch_csv, watch_layer,
            feedback,
        )  # fmt: skip
        report.seconds = time.monotonic() - clock
        return report
    finally:
        backend.unlock()
        if backend is not register:
            backend.close()


def run_overlap_state(
    backend: RegisterBackend, run_id: int, holders: list[str], feedback: QgsProcessingFeedback
) -> StateUpdate | None:
    """Update the register's overlap state (when it keeps one) for this run's changed titles,
    in its own transaction; what stops it is reported, never raised: the sync is written."""
    try:
        update = update_overlap_state(backend, run_id, holders, feedback)
    except (UserError, Cancelled) as exc:
        update = StateUpdate(problem=str(exc))
    if update is not None:
        line = update.lines()[0]
        (feedback.pushWarning if update.problem else feedback.pushInfo)(line)
    return update


def run_watch(
    backend: RegisterBackend,
    run_id: int,
    watched: list[WatchedLayer] | None,
    holders: list[str],
    claims_distance_m: float | None,
    watch_csv: str | Path | None,
    watch_layer: str | Path | None,
    feedback: QgsProcessingFeedback,
) -> WatchResult:
    """The staking watch of an applied run; what stops it is reported, never raised: the sync is
    already written."""
    feedback.pushInfo(tr("Staking watch: third-party titles near company land"))
    if not any(run.id < run_id and run.outcome in (APPLIED, NO_CHANGES) for run in backend.runs()):
        # The first fill makes every title "new": the watch starts with the next sync.
        return WatchResult(run_ids=[run_id], first_fill=True)
    try:
        result = watch_runs(backend, [run_id], watched, holders, claims_distance_m, feedback)
        if not result.problems:
            write_watch(result, watch_csv, watch_layer)
    except (UserError, Cancelled) as exc:
        result = WatchResult(run_ids=[run_id], problems=[str(exc)])
    for line in result.lines()[:1]:
        (feedback.pushWarning if result.problems else feedback.pushInfo)(line)
    return result


def previous_run_date(register: RegisterBackend, source: str) -> dt.date | None:
    """Source date of the last run of `source` that read data."""
    for run in register.runs():
        if run.source == source and run.source_date is not None:
            return run.source_date
    return None
