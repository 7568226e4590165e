"""What the staking watch finds: events, what they touch, the rows, and the result of one watch.

A row is one register row (a title's cell and holder, `reg_key`) that a sync made new, moved to
a third party or brought back from gone, against one piece of company land it lies on or near.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from imperial_land.core.common import TextEnum, tr


class WatchEvent(TextEnum):
    """Why a title is on the watch list (stored text: common/enums.py)."""

    NEW = "new"  # a new third-party title (or holder row)
    TRANSFER = "transfer"  # its holder changed to a third party
    BACK = "back"  # back from gone, held by a third party


class TargetKind(TextEnum):
    """What company land a watched title touches."""

    PARCEL = "parcel"
    AOI = "aoi"
    COMPANY_CLAIM = "company_claim"


EVENT_LABELS = {
    WatchEvent.NEW.value: lambda: tr("new title"),
    WatchEvent.TRANSFER.value: lambda: tr("transfer to a third party"),
    WatchEvent.BACK.value: lambda: tr("back from gone"),
}
TARGET_LABELS = {
    TargetKind.PARCEL.value: lambda: tr("parcel"),
    TargetKind.AOI.value: lambda: tr("area of interest"),
    TargetKind.COMPANY_CLAIM.value: lambda: tr("company claim"),
}


def event_label(event: str) -> str:
    return EVENT_LABELS[event]()


def target_label(kind: str) -> str:
    return TARGET_LABELS[kind]()


@dataclass
class WatchRow:
    """A third-party title on or near one piece of company land."""

    event: str  # a WatchEvent value
    title: str
    key: str  # the register row (reg_key)
    holder: str
    status: str
    date: dt.date | None  # the date of the sync that saw it (its source date, else its day)
    target_kind: str  # a TargetKind value
    target: str  # lot number, AOI name, company title number (the feature's key)
    target_layer: str  # the watched layer's name ("" for the register's company claims)
    distance_m: float  # ellipsoidal metres, 0 when on or touching
    overlap_ha: float  # exact ellipsoidal hectares (the overlap engine's)
    run_id: int | None = None
    geometry_wkb: bytes | None = None  # the title's geometry in `WatchResult.crs_authid`

    def touches(self) -> str:
        """What it touches, for people: "parcel 4 516 943"."""
        return f"{target_label(self.target_kind)} {self.target}"


@dataclass
class WatchResult:
    """One watch: the rows, or what stopped it (then nothing was written)."""

    rows: list[WatchRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    run_ids: list[int] = field(default_factory=list)
    crs_authid: str = ""
    csv_path: str = ""
    layer_path: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the process's CPU time meanwhile (every thread), for benchmarks
    first_fill: bool = False  # the register's first sync: every title is new, nothing watched

    def titles(self) -> list[str]:
        return sorted({row.title for row in self.rows})

    def lines(self) -> list[str]:
        """The watch for the run report, translated."""
        if self.problems:
            return [
                tr("Staking watch not done (the sync itself was applied): {problems}").format(
                    problems=" ".join(self.problems)
                )
            ]
        if self.first_fill:
            return [
                tr(
                    "Staking watch: this first sync filled the register; the watch starts "
                    "with the next sync."
                )
            ]
        if not self.rows:
            return [tr("Staking watch: no new titles near company land.")]
        lines = [
            tr("Staking watch: {titles} titles near company land ({rows} rows).").format(
                titles=len(self.titles()), rows=len(self.rows)
            )
        ]
        for row in self.rows:
            lines.append(
                tr("Title {title} ({holder}, {event}): {touches}, {distance} m, {ha} ha").format(
                    title=row.title,
                    holder=row.holder,
                    event=event_label(row.event),
                    touches=row.touches(),
                    distance=f"{row.distance_m:.0f}",
                    ha=f"{row.overlap_ha:.2f}",
                )
            )
        return lines
