"""Read and write the register's consultation tables, on a GeoPackage or a PostGIS register.

Every write checks its input first (translated `UserError`, nothing written) and runs in one
transaction. Opening a store brings an older register to the current schema (the upgrade keeps
every row).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from imperial_land.core.common import UserError, tr
from imperial_land.core.consultation.labels import form_labels, site_kind_labels, status_labels
from imperial_land.core.register import (
    COMMITMENTS,
    DATE,
    EVENTS,
    NOTES_TABLE,
    SITES,
    RegisterTables,
    SiteStatus,
    Table,
    coerce,
)


@dataclass
class SiteRecord:
    fid: int
    site_role: str
    site_key: str
    nation: str
    status: str = SiteStatus.NOT_STARTED.value
    site_name: str | None = None
    owner: str | None = None
    stage: str | None = None
    overlap_ha: float | None = None
    notes: str | None = None


@dataclass
class EventRecord:
    fid: int
    site_id: int
    event_date: dt.date
    form: str
    participants: str | None = None
    summary: str | None = None
    concerns: str | None = None
    answers: str | None = None
    documents: str | None = None
    overlap_ha: float | None = None


@dataclass
class CommitmentRecord:
    fid: int
    site_id: int
    event_id: int
    what: str
    by_whom: str | None = None
    due_date: dt.date | None = None
    done_date: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return self.done_date is None


@dataclass
class Snapshot:
    """Every consultation row of a register, read in one go.

    Looked up once per site of a report (a province run has ~100,000 sites x Nations): the
    first look-up indexes the rows, later ones are dictionary reads. Read-only once made."""

    sites: list[SiteRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    commitments: list[CommitmentRecord] = field(default_factory=list)
    _index: dict[str, dict] | None = field(default=None, init=False, repr=False, compare=False)

    def _indexed(self) -> dict[str, dict]:
        if self._index is None:
            sites = {}
            for site in self.sites:
                sites.setdefault((site.site_role, site.site_key, site.nation), site)
            events: dict[int, list[EventRecord]] = {}
            for event in self.events:
                events.setdefault(event.site_id, []).append(event)
            for found in events.values():
                found.sort(key=lambda e: (e.event_date, e.fid), reverse=True)
            commitments: dict[int, list[CommitmentRecord]] = {}
            for commitment in self.commitments:
                if commitment.is_open:
                    commitments.setdefault(commitment.site_id, []).append(commitment)
            for found in commitments.values():
                found.sort(key=lambda c: (c.due_date or dt.date.max, c.fid))
            self._index = {"sites": sites, "events": events, "commitments": commitments}
        return self._index

    def site(self, role: str, key: str, nation: str) -> SiteRecord | None:
        return self._indexed()["sites"].get((role, key, nation))

    def events_of(self, site_id: int) -> list[EventRecord]:
        """The site's events, latest first."""
        return list(self._indexed()["events"].get(site_id, ()))

    def open_commitments_of(self, site_id: int) -> list[CommitmentRecord]:
        """The site's commitments not done yet, soonest due first (no due date last)."""
        return list(self._indexed()["commitments"].get(site_id, ()))


_RECORDS: dict[str, Callable[..., Any]] = {
    SITES.name: SiteRecord,
    EVENTS.name: EventRecord,
    COMMITMENTS.name: CommitmentRecord,
}


def _date(value: Any, what: str) -> dt.date | None:
    try:
        return coerce(value, DATE)
    except (TypeError, ValueError):
        raise UserError(
            tr("'{value}' is not a date ({what}); write it as YYYY-MM-DD.").format(
                value=value, what=what
            )
        ) from None


def _text(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _choice(value: Any, labels: dict[str, str], what: str) -> str:
    code = _text(value)
    if code in labels:
        return code  # type: ignore[return-value]
    by_label = {label.casefold(): c for c, label in labels.items()}
    if code and code.casefold() in by_label:
        return by_label[code.casefold()]
    raise UserError(
        tr("'{value}' is not a {what}; use one of: {choices}.").format(
            value=value or "", what=what, choices=", ".join(labels.values())
        )
    )


class ConsultationStore(RegisterTables):
    """The consultation tables of one open register (GpkgRegister or PgRegister)."""

    # -- SQL on either backend: register/tables.py ---------------------------------------------
    def field_notes(self) -> list[tuple]:
        """Every field note as (title, lot, kind, observed, author, text), oldest first."""
        query = (
            "SELECT title, lot, kind, observed, author, note "
            f"FROM {self._name(NOTES_TABLE)} ORDER BY observed, uuid"
        )
        return self._rows(query)

    def _insert(self, table: Table, values: dict[str, Any]) -> int:
        names = [n for n in table.names if n in values]
        params = [
            v.isoformat() if isinstance(v, dt.date) and not self.is_pg else v
            for v in (values[n] for n in names)
        ]
        query = (
            f"INSERT INTO {self._name(table.name)} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        if self.is_pg:
            return int(self._rows(query + " RETURNING fid", params)[0][0])
        cursor = self.register.conn.execute(query, params)  # type: ignore[attr-defined]
        return int(cursor.lastrowid)

    def _read(self, table: Table, where: str = "", params: Iterable[Any] = ()) -> list[Any]:
        names = ["fid", *table.names]
        rows = self._rows(
            f"SELECT {', '.join(names)} FROM {self._name(table.name)} {where} ORDER BY fid",
            params,
        )
        make = _RECORDS[table.name]
        dates = [i for i, n in enumerate(names) if n != "fid" and table.column(n).kind == DATE]
        records = []
        for row in rows:
            values = list(row)
            for index in dates:
                values[index] = coerce(values[index], DATE)
            records.append(make(**dict(zip(names, values))))
        return records

    # -- reading ----------------------------------------------------------------------------
    def sites(self) -> list[SiteRecord]:
        return self._read(SITES)

    def events(self) -> list[EventRecord]:
        return self._read(EVENTS)

    def commitments(self) -> list[CommitmentRecord]:
        return self._read(COMMITMENTS)

    def snapshot(self) -> Snapshot:
        return Snapshot(self.sites(), self.events(), self.commitments())

    def _site_exists(self, fid: Any) -> bool:
        return bool(self._rows(f"SELECT 1 FROM {self._name(SITES.name)} WHERE fid = ?", [fid]))

    # -- writing ----------------------------------------------------------------------------
    def add_site(
        self,
        site_role: str,
        site_key: str,
        nation: str,
        status: str = SiteStatus.NOT_STARTED.value,
        **optional: Any,
    ) -> int:
        """Record a site x Nation; returns its fid."""
        values = self._site_values(site_role, site_key, nation, status, optional)
        return self.transaction(lambda: self._add_site(values))

    def _site_values(self, role, key, nation, status, optional) -> dict[str, Any]:
        values = {
            "site_role": _choice(role, site_kind_labels(), tr("kind of site")),
            "site_key": _text(key),
            "nation": _text(nation),
            "status": _choice(status, status_labels(), tr("consultation status")),
            **{name: optional.get(name) for name in ("site_name", "owner", "stage", "notes")},
            "overlap_ha": optional.get("overlap_ha"),
        }
        if not values["site_key"] or not values["nation"]:
            raise UserError(tr("A consultation site needs its key and its Nation."))
        return values

    def _add_site(self, values: dict[str, Any]) -> int:
        existing = self._rows(
            f"SELECT fid FROM {self._name(SITES.name)} "
            "WHERE site_role = ? AND site_key = ? AND nation = ?",
            [values["site_role"], values["site_key"], values["nation"]],
        )
        if existing:
            raise UserError(
                tr("{key} already has a consultation site with {nation}.").format(
                    key=values["site_key"], nation=values["nation"]
                )
            )
        return self._insert(SITES, values)

    def add_event(self, site_id: Any, event_date: Any, form: Any, **optional: Any) -> int:
        """Record a contact with a site's Nation; returns its fid. Refused (nothing written)
        without a date, a known form, or an existing site."""
        when = _date(event_date, tr("date of the contact"))
        if when is None:
            raise UserError(tr("A consultation event needs the date of the contact."))
        code = _choice(form, form_labels(), tr("form of contact"))
        values = {
            "site_id": site_id,
            "event_date": when,
            "form": code,
            **{
                name: _text(optional.get(name))
                for name in ("participants", "summary", "concerns", "answers", "documents")
            },
            "overlap_ha": optional.get("overlap_ha"),
        }

        def work() -> int:
            if site_id is None or not self._site_exists(site_id):
                raise UserError(
                    tr("There is no consultation site {site}; record the site first.").format(
                        site=site_id
                    )
                )
            if values["overlap_ha"] is None:  # the overlap known at this contact
                row = self._rows(
                    f"SELECT overlap_ha FROM {self._name(SITES.name)} WHERE fid = ?", [site_id]
                )
                values["overlap_ha"] = row[0][0]
            return self._insert(EVENTS, values)

        return self.transaction(work)

    def add_commitment(self, event_id: Any, what: Any, **optional: Any) -> int:
        """Record a commitment agreed at an event (its site is the event's)."""
        text = _text(what)
        if not text:
            raise UserError(tr("A commitment needs what was agreed."))
        due = _date(optional.get("due_date"), tr("due date"))
        done = _date(optional.get("done_date"), tr("done date"))

        def work() -> int:
            row = self._rows(
                f"SELECT site_id FROM {self._name(EVENTS.name)} WHERE fid = ?", [event_id]
            )
            if not row:
                raise UserError(
                    tr("There is no consultation event {event}.").format(event=event_id)
                )
            values = {
                "site_id": row[0][0],
                "event_id": event_id,
                "what": text,
                "by_whom": _text(optional.get("by_whom")),
                "due_date": due,
                "done_date": done,
            }
            return self._insert(COMMITMENTS, values)

        return self.transaction(work)

    def sites_from_flags(self, flags: Iterable[tuple[str, str, str, str, float]]) -> list[int]:
        """Record a site for every (role, key, name, nation, overlap_ha) not recorded yet, and
        bring the recorded ones' overlap up to date; returns the fids created (one transaction)."""
        wanted: dict[tuple[str, str, str], tuple[str, float]] = {}
        for role, key, name, nation, overlap in flags:
            if role not in site_kind_labels() or not _text(key) or not _text(nation):
                continue
            ident = (role, str(key).strip(), str(nation).strip())
            previous = wanted.get(ident, (name, 0.0))
            wanted[ident] = (previous[0] or name, previous[1] + (overlap or 0.0))

        def work() -> list[int]:
            made = []
            known = {(s.site_role, s.site_key, s.nation): s for s in self.sites()}
            for ident, (name, overlap) in wanted.items():
                site = known.get(ident)
                if site is None:
                    values = {
                        "site_role": ident[0],
                        "site_key": ident[1],
                        "nation": ident[2],
                        "site_name": _text(name),
                        "status": SiteStatus.NOT_STARTED.value,
                        "overlap_ha": round(overlap, 4),
                    }
                    made.append(self._insert(SITES, values))
                else:
                    self._rows(
                        f"UPDATE {self._name(SITES.name)} SET overlap_ha = ? WHERE fid = ?"
                        + (" RETURNING fid" if self.is_pg else ""),
                        [round(overlap, 4), site.fid],
                    )
            return made

        return self.transaction(work)
