"""What the overlap report shows of the consultation register: per consultation flag its status,
last contact and open commitments, the flags that need attention first, and the record of
contact filled from the register's events.

`consultation_view(result, target)` reads the register (None when there is none);
`attention_first(result, view)` orders the pairs so the flags needing attention come first in
every output; the report's writers take the view as `consultation=`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from qgis.core import QgsMessageLog

from imperial_land.core.common import LOG_TAG, UserError, tr
from imperial_land.core.consultation.attention import (
    ORDER,
    FlagConsultation,
    flag_consultation,
    ordered,
    site_ident,
)
from imperial_land.core.consultation.labels import (
    attention_label,
    form_label,
    site_kind_labels,
    status_label,
    status_labels,
)
from imperial_land.core.consultation.store import ConsultationStore, Snapshot
from imperial_land.core.maplayers import CLAIMS, PARCELS
from imperial_land.core.overlap import OverlapPair, OverlapResult
from imperial_land.core.overlap import results as r

# Stable keys of the consultation cells added to each pair (CSV) and their order.
CONSULTATION_COLUMNS = ["attention", "consultation_status", "last_contact", "open_commitments"]


def consultation_headers() -> dict[str, str]:
    return {
        "attention": tr("Needs attention"),
        "consultation_status": tr("Consultation status"),
        "last_contact": tr("Last contact"),
        "open_commitments": tr("Open commitments"),
    }


# The consultation columns of the flags layer (every writer: the GeoPackage, Processing's sink in
# any format, the dock) and their kinds (core/common/compat.field). Names stay within the
# shapefile's 10 characters; codes are stored (Attention, SiteStatus), labels come from the
# layer's value maps. NULL in every column: not a consultation flag, or no register linked.
FLAG_COLUMNS = {
    "cons_attn": "string",  # why the flag needs attention (attention.Attention code)
    "cons_stat": "string",  # its site's consultation status (SiteStatus code)
    "cons_last": "date",  # date of the last contact
    "cons_open": "int",  # open commitments (count; NULL without a site record)
    "cons_due": "date",  # soonest due date of the open commitments
    "cons_todo": "string",  # open commitments as text, "what (due date)"; "; " between
}
NO_FLAG_VALUES: tuple[Any, ...] = (None,) * len(FLAG_COLUMNS)


def flag_column_headers() -> dict[str, str]:
    """Translated alias of each FLAG_COLUMNS column."""
    return {
        "cons_attn": tr("Needs attention"),
        "cons_stat": tr("Consultation status"),
        "cons_last": tr("Last contact"),
        "cons_open": tr("Open commitments (count)"),
        "cons_due": tr("Next commitment due"),
        "cons_todo": tr("Open commitments"),
    }


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


@dataclass(frozen=True)
class SiteNote:
    """A field note (imported from a returned pack) on a claim title or parcel lot that is in
    the report: the register's `field_notes`, matched by the title or lot the crew picked."""

    concerns: str  # the title or lot, as the report names it
    kind: str  # NoteKind code
    kind_label: str  # translated
    observed: str
    author: str
    text: str


@dataclass
class ConsultationView:
    """The register's consultation records, as the report of one result needs them."""

    items: dict[tuple[str, str, str], FlagConsultation]
    snapshot: Snapshot
    stale_days: int
    notes: list[SiteNote] = dataclasses.field(default_factory=list)

    def for_pair(self, pair: OverlapPair) -> FlagConsultation | None:
        if pair.flag != r.FLAG_CONSULTATION or not pair.nation:
            return None
        return self.items.get(site_ident(pair))

    def attention_text(self, item: FlagConsultation) -> str:
        return attention_label(item.attention, self.stale_days)

    @staticmethod
    def commitments_text(item: FlagConsultation) -> str:
        parts = []
        for commitment in item.open_commitments:
            if commitment.due_date:
                parts.append(
                    tr("{what} (due {date})").format(
                        what=commitment.what, date=commitment.due_date.isoformat()
                    )
                )
            else:
                parts.append(commitment.what)
        return "; ".join(parts)

    def pair_cells(self, pair: OverlapPair) -> list[str]:
        """The CONSULTATION_COLUMNS cells of a pair ('' for a pair that is no consultation)."""
        return self.text_cells()(pair)

    def text_cells(self) -> Callable[[OverlapPair], list[str]]:
        """`pair_cells` for one writing run: the labels translated once, each site's cells
        made once (a province has hundreds of thousands of pairs and sites)."""
        reasons = {code: attention_label(code, self.stale_days) for code in ORDER}
        statuses = status_labels()
        done: dict[int, list[str]] = {}
        empty = ["", "", "", ""]

        def cells(pair: OverlapPair) -> list[str]:
            item = self.for_pair(pair)
            if item is None:
                return empty
            found = done.get(id(item))
            if found is None:
                found = done[id(item)] = [
                    reasons.get(item.attention, ""),
                    statuses.get(item.status, item.status) if item.site else "",
                    _date(item.last_contact),
                    self.commitments_text(item),
                ]
            return found

        return cells

    def flag_values(self, item: FlagConsultation, date: Callable[[dt.date], Any]) -> tuple:
        """An item's FLAG_COLUMNS values (codes, counts; dates through `date`)."""
        if item.site is None:
            return (item.attention or None, None, None, None, None, None)
        commitments = item.open_commitments
        due = commitments[0].due_date if commitments else None  # soonest due first
        return (
            item.attention or None,
            item.status or None,
            date(item.last_contact) if item.last_contact else None,
            len(commitments),
            date(due) if due else None,
            self.commitments_text(item) or None,
        )

    def flag_cells(self, date: Callable[[dt.date], Any]) -> Callable[[OverlapPair], tuple]:
        """Per pair, its FLAG_COLUMNS values (NO_FLAG_VALUES for a pair that is no
        consultation flag); each site's values are worked out once (a province run has
        hundreds of thousands of pairs for far fewer sites). `date` converts a date for the
        writer (ISO text, QDate)."""
        done: dict[int, tuple] = {}
        # Most flags of a province run have no site record (each claim is a site): their
        # values are one shared tuple per reason.
        unrecorded = {code: (code, None, None, None, None, None) for code in ORDER}

        def cells(pair: OverlapPair) -> tuple:
            item = self.for_pair(pair)
            if item is None:
                return NO_FLAG_VALUES
            if item.site is None and item.attention in unrecorded:
                return unrecorded[item.attention]
            values = done.get(id(item))
            if values is None:
                values = done[id(item)] = self.flag_values(item, date)
            return values

        return cells

    def rows(self) -> list[list[str]]:
        """One row per site x Nation of the result, those that need attention first."""
        kinds = site_kind_labels()
        return [
            [
                self.attention_text(item),
                f"{kinds.get(item.site_role, item.site_role)} {item.site_key}",
                item.nation,
                f"{item.overlap_ha:.2f}",
                status_label(item.status) if item.site else "",
                (item.site.owner or "") if item.site else "",
                _date(item.last_contact),
                self.commitments_text(item),
            ]
            for item in ordered(self.items.values())
        ]

    @staticmethod
    def headers() -> list[str]:
        return [
            tr("Needs attention"),
            tr("Site"),
            tr("Nation"),
            tr("Overlap (ha)"),
            tr("Consultation status"),
            tr("Owner"),
            tr("Last contact"),
            tr("Open commitments"),
        ]

    def needing_attention(self) -> int:
        return sum(1 for item in self.items.values() if item.needs_attention)

    def contact_rows(self, nations: list[str]) -> list[list[str]] | None:
        """The record of contact per Nation from the register's events on the result's sites
        (dates and forms, concerns, open commitments); None when no event is recorded, so
        the page stays blank for the pen. Nations without events keep empty cells."""
        by_nation: dict[str, list[FlagConsultation]] = {}
        for item in self.items.values():
            if item.site is not None:
                by_nation.setdefault(item.nation, []).append(item)
        rows, any_event = [], False
        for nation in nations:
            dates, concerns, follow = [], [], []
            for item in by_nation.get(nation, []):
                for event in reversed(self.snapshot.events_of(item.site.fid)):  # oldest first
                    any_event = True
                    dates.append(
                        f"{event.event_date.isoformat()} {form_label(event.form)} ({item.site_key})"
                    )
                    if event.concerns:
                        concerns.append(event.concerns)
                text = self.commitments_text(item)
                if text:
                    follow.append(text)
            rows.append([nation, "\n".join(dates), "\n".join(concerns), "\n".join(follow)])
        return rows if any_event else None


def consultation_view(
    result: OverlapResult,
    target: str | Path | None = None,
    today: dt.date | None = None,
    stale_days: int | None = None,
) -> ConsultationView | None:
    """The consultation records of the register at `target` (None: the default register) for
    `result`; None when there is no register there or it cannot be read (then logged)."""
    from imperial_land.core.common import settings
    from imperial_land.core.register import open_register

    days = int(settings.get("consultation/stale_days")) if stale_days is None else stale_days
    try:
        register = open_register(target)
    except UserError:
        return None
    try:
        if not register.exists():
            return None
        store = ConsultationStore(register)
        snapshot = store.snapshot()
        notes = store.field_notes()
    except UserError as exc:
        QgsMessageLog.logMessage(
            tr("The consultation records could not be read: {error}").format(error=exc), LOG_TAG
        )
        return None
    finally:
        register.close()
    view = view_of(result, snapshot, today, days)
    view.notes = site_notes(result, notes)
    return view


def site_notes(result: OverlapResult, notes: list[tuple]) -> list[SiteNote]:
    """The field notes (title, lot, kind, observed, author, text rows) on a claim title or a
    parcel lot of `result`'s pairs, in the order given."""
    if not notes:  # the usual case: no walk over a province's pairs
        return []
    titles: set[str] = set()
    lots: set[str] = set()
    for pair in result.pairs:
        for ref in (pair.a, pair.b):
            if ref.role == CLAIMS:
                titles.add(ref.key)
            elif ref.role == PARCELS:
                lots.add(ref.key)
    from imperial_land.core.register import note_kind_labels

    labels = note_kind_labels()
    found = []
    for title, lot, kind, observed, author, text in notes:
        title, lot = str(title or "").strip(), str(lot or "").strip()
        concerns = title if title in titles else lot if lot in lots else ""
        if concerns:
            label = labels.get(kind, kind)
            found.append(SiteNote(concerns, kind, label, observed or "", author or "", text or ""))
    return found


def record_sites(result: OverlapResult, target: str | Path | None = None) -> list[int]:
    """Record a site (not started) for each consultation flag of `result` without one in the
    register at `target`, and refresh the recorded overlaps; the fids created."""
    from imperial_land.core.consultation.attention import flag_sites
    from imperial_land.core.register import open_register

    register = open_register(target)
    try:
        if not register.exists():
            raise UserError(
                tr("'{target}' holds no claim register with consultation records.").format(
                    target=target or tr("the default register")
                )
            )
        return ConsultationStore(register).sites_from_flags(flag_sites(result))
    finally:
        register.close()


def linked_register() -> str | None:
    """The register the user set up (Settings register/path, or the profile's register when it
    exists), or None: the dock links reports and packs to it."""
    from imperial_land.core.common import settings

    chosen = str(settings.get("register/path") or "").strip()
    if chosen.startswith("pg:"):
        return chosen
    path = settings.default_register_path()
    return str(path) if path.exists() else None


def linked_consultation(result: OverlapResult) -> ConsultationView | None:
    """The consultation view of `linked_register()` for `result`; None when there is none."""
    target = linked_register()
    return consultation_view(result, target) if target else None


def view_of(
    result: OverlapResult, snapshot: Snapshot, today: dt.date | None, stale_days: int
) -> ConsultationView:
    items = flag_consultation(result, snapshot, today, stale_days)
    return ConsultationView(items, snapshot, stale_days)


def attention_first(result: OverlapResult, view: ConsultationView | None) -> OverlapResult:
    """The result with its pairs reordered: flags that need attention first (most urgent
    reason first), then every other pair in its order. The result itself is left as it is."""
    if view is None:
        return result

    def key(indexed: tuple[int, OverlapPair]) -> tuple[int, int]:
        index, pair = indexed
        item = view.for_pair(pair)
        if item is None or not item.attention:
            return (len(ORDER), index)
        return (ORDER.get(item.attention, len(ORDER)), index)

    pairs = [pair for _index, pair in sorted(enumerate(result.pairs), key=key)]
    return dataclasses.replace(result, pairs=pairs)
