"""The report of a sync run: counts, status changes, changed titles, and the expiry alert (+CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from imperial_land.core.common import HolderMatcher, UserError, is_live, tr
from imperial_land.core.overlapstate import StateUpdate
from imperial_land.core.register import (
    CHANGE_KINDS,
    NO_CHANGES,
    NOT_MODIFIED,
    STATUS,
    Change,
    RegisterBackend,
)
from imperial_land.core.sync.diff import title_of_key
from imperial_land.core.watch import WatchResult

STATUS_FIELDS = ["STI_DES_FR", "STI_CODE", "STI_DES_AN"]  # first present names the status
ALERT_FIELDS = ["TIT_NO", "DET_NOM", "STI_DES_FR", "STI_CODE", "TIT_DAT_EX"]

KIND_LABELS = {
    "new": lambda: tr("new"),
    "status": lambda: tr("status changed"),
    "holder": lambda: tr("holder changed"),
    "expiry": lambda: tr("expiry changed"),
    "area": lambda: tr("area changed"),
    "geometry": lambda: tr("geometry changed"),
    "other": lambda: tr("other field changed"),
    "gone": lambda: tr("gone"),
    "back": lambda: tr("back again"),
}


@dataclass
class StatusChange:
    """A row whose status changed."""

    title: str
    key: str
    old_status: str | None
    new_status: str | None


@dataclass
class ExpiringTitle:
    """A company row expiring within the alert window."""

    title: str
    key: str
    holder: str
    status: str | None
    expiry: dt.date
    days_left: int


@dataclass
class SyncReport:
    """What one sync did (also what the dock and the Processing log show)."""

    run_id: int
    outcome: str
    source: str
    source_date: dt.date | None
    n_rows: int
    counts: dict[str, int]
    status_changes: list[StatusChange] = field(default_factory=list)
    changed_titles: list[str] = field(default_factory=list)
    expiring: list[ExpiringTitle] = field(default_factory=list)
    alert_days: int = 90
    alert_csv: Path | None = None
    seconds: float = 0.0
    wfs_updated: list[str] = field(default_factory=list)  # WFS sync: register fields it wrote
    wfs_not_updated: list[str] = field(default_factory=list)  # ... and those it cannot write
    watch: WatchResult | None = None  # the staking watch of this run (core/watch)
    overlap_state: StateUpdate | None = None  # the register's overlap state, when it keeps one

    def wfs_lines(self) -> list[str]:
        """What a WFS area sync updated in the register, and what it cannot (empty otherwise)."""
        if not self.wfs_updated:
            return []
        lines = [
            tr("Register fields this WFS sync updated: {fields}").format(
                fields=", ".join(self.wfs_updated)
            )
        ]
        if self.wfs_not_updated:
            lines.append(
                tr(
                    "Register fields this WFS sync cannot update (the WFS does not publish "
                    "them; the province download does): {fields}"
                ).format(fields=", ".join(self.wfs_not_updated))
            )
        return lines

    def summary(self) -> str:
        """Plain text, translated, one fact per line."""
        lines = []
        if self.outcome == NOT_MODIFIED:
            lines.append(tr("The source is unchanged since the last sync: nothing downloaded."))
        elif self.outcome == NO_CHANGES:
            lines.append(
                tr("No changes: the register already matches the source ({rows} rows).").format(
                    rows=self.n_rows
                )
            )
        else:
            lines.append(
                tr("Sync applied: {rows} source rows, {titles} titles changed.").format(
                    rows=self.n_rows, titles=len(self.changed_titles)
                )
            )
            for kind in CHANGE_KINDS:
                if self.counts.get(kind):
                    lines.append(f"  {KIND_LABELS[kind]()}: {self.counts[kind]}")
        lines.extend(self.wfs_lines())
        for item in self.status_changes:
            lines.append(
                tr("Title {title}: status {old} -> {new}").format(
                    title=item.title, old=item.old_status or "-", new=item.new_status or "-"
                )
            )
        lines.append(
            tr("{count} company titles expire within {days} days.").format(
                count=len(self.expiring), days=self.alert_days
            )
        )
        for item in self.expiring:
            lines.append(
                tr("Title {title} ({holder}) expires on {date} ({days} days)").format(
                    title=item.title, holder=item.holder, date=item.expiry, days=item.days_left
                )
            )
        if self.overlap_state is not None:
            lines.extend(self.overlap_state.lines())
        if self.watch is not None:
            lines.extend(self.watch.lines())
        return "\n".join(lines)


def status_changes(changes: list[Change]) -> list[StatusChange]:
    """One entry per row whose status changed, named by the first status field present."""
    by_key: dict[str, dict[str, Change]] = {}
    for change in changes:
        if change.kind == STATUS:
            by_key.setdefault(change.key, {})[change.field] = change
    result = []
    for key, fields in by_key.items():
        name = next(n for n in [*STATUS_FIELDS, *fields] if n in fields)
        change = fields[name]
        result.append(StatusChange(change.title, key, change.old_value, change.new_value))
    return sorted(result, key=lambda s: (s.title, s.key))


def expiring_titles(
    register: RegisterBackend, holders: list[str], days: int, today: dt.date
) -> list[ExpiringTitle]:
    """Rows held by one of `holders` (the company's names, compared as the overlap report compares
    them: common/holders.py), not gone, live (active, suspended or renewal pending:
    common/status.py; a row without status too), expiring in [today, today + days], soonest
    first."""
    company = HolderMatcher(holders)
    if not company:
        return []
    limit = today + dt.timedelta(days=days)
    found = []
    for key, values in register.read_values(ALERT_FIELDS).items():
        holder = values.get("DET_NOM") or ""
        expiry = values.get("TIT_DAT_EX")
        if not company.is_company(holder) or expiry is None:
            continue
        codes = (values.get("STI_CODE"), values.get("STI_DES_FR"))
        if any(codes) and not is_live(*codes):
            continue  # expired, annulled...: no longer held (suspended and pending still are)
        if today <= expiry <= limit:
            status = values.get("STI_DES_FR") or values.get("STI_CODE")
            title = str(values.get("TIT_NO") or title_of_key(key))
            found.append(
                ExpiringTitle(title, key, str(holder), status, expiry, (expiry - today).days)
            )
    return sorted(found, key=lambda e: (e.expiry, e.title, e.key))


def check_alert_target(path: Path) -> None:
    """Raise UserError unless the alert CSV can be written at `path` (checked before a sync)."""
    path = Path(path)
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if path.is_dir() or folder is None or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise UserError(
            tr("The expiry alert cannot be written to '{path}': {error}").format(
                path=path, error=tr("not a writable file path")
            )
        )


def write_alert_csv(path: Path, expiring: list[ExpiringTitle]) -> Path:
    """The expiry alert as a UTF-8 CSV (with BOM, for spreadsheets)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    tr("Title"),
                    tr("Row key"),
                    tr("Holder"),
                    tr("Status"),
                    tr("Expiry"),
                    tr("Days left"),
                ]
            )
            for item in expiring:
                writer.writerow(
                    [
                        item.title,
                        item.key,
                        item.holder,
                        item.status or "",
                        item.expiry.isoformat(),
                        item.days_left,
                    ]
                )
    except OSError as exc:
        raise UserError(
            tr("The expiry alert cannot be written to '{path}': {error}").format(
                path=path, error=exc
            )
        ) from exc
    return path
