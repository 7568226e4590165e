"""The consultation summary per Nation: sites, counts per status, open commitments and their
due dates; as rows, as an HTML page and as CSV (UTF-8 with a BOM, for spreadsheets)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from imperial_land.core.common import current_language, tr
from imperial_land.core.consultation.labels import site_kind_labels, status_labels
from imperial_land.core.consultation.store import CommitmentRecord, SiteRecord, Snapshot
from imperial_land.core.register import SiteStatus

STATUSES = [s.value for s in SiteStatus]


@dataclass
class OpenCommitment:
    site: SiteRecord
    commitment: CommitmentRecord


@dataclass
class NationConsultation:
    """One Nation's consultations."""

    nation: str
    sites: list[SiteRecord] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)  # every status code
    last_contact: dt.date | None = None
    open_commitments: list[OpenCommitment] = field(default_factory=list)  # soonest due first

    @property
    def next_due(self) -> dt.date | None:
        dues = [o.commitment.due_date for o in self.open_commitments if o.commitment.due_date]
        return min(dues) if dues else None

    def overdue(self, today: dt.date) -> int:
        return sum(
            1
            for o in self.open_commitments
            if o.commitment.due_date is not None and o.commitment.due_date < today
        )


def consultation_summary(snapshot: Snapshot) -> list[NationConsultation]:
    """Per Nation (sorted by name): its sites, counts per status, last contact, open
    commitments (soonest due first, none due last)."""
    nations: dict[str, NationConsultation] = {}
    for site in snapshot.sites:
        item = nations.setdefault(
            site.nation, NationConsultation(site.nation, status_counts=dict.fromkeys(STATUSES, 0))
        )
        item.sites.append(site)
        item.status_counts[site.status] = item.status_counts.get(site.status, 0) + 1
        events = snapshot.events_of(site.fid)
        if events and (item.last_contact is None or events[0].event_date > item.last_contact):
            item.last_contact = events[0].event_date
        item.open_commitments += [
            OpenCommitment(site, c) for c in snapshot.open_commitments_of(site.fid)
        ]
    for item in nations.values():
        item.sites.sort(key=lambda s: (s.site_role, s.site_key))
        item.open_commitments.sort(
            key=lambda o: (o.commitment.due_date or dt.date.max, o.commitment.fid)
        )
    return [nations[name] for name in sorted(nations, key=str.casefold)]


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _site_name(site: SiteRecord) -> str:
    kind = site_kind_labels().get(site.site_role, site.site_role)
    return f"{kind} {site.site_key}"


def summary_headers() -> list[str]:
    labels = status_labels()
    return [
        tr("Nation"),
        tr("Sites"),
        *[labels[s] for s in STATUSES],
        tr("Last contact"),
        tr("Open commitments"),
        tr("Overdue commitments"),
        tr("Next due date"),
    ]


def summary_rows(items: list[NationConsultation], today: dt.date) -> list[list[str]]:
    return [
        [
            item.nation,
            str(len(item.sites)),
            *[str(item.status_counts.get(s, 0)) for s in STATUSES],
            _date(item.last_contact),
            str(len(item.open_commitments)),
            str(item.overdue(today)),
            _date(item.next_due),
        ]
        for item in items
    ]


def commitment_headers() -> list[str]:
    return [
        tr("Nation"),
        tr("Site"),
        tr("What was agreed"),
        tr("By whom"),
        tr("Due date"),
    ]


def commitment_rows(items: list[NationConsultation]) -> list[list[str]]:
    return [
        [
            item.nation,
            _site_name(o.site),
            o.commitment.what,
            o.commitment.by_whom or "",
            _date(o.commitment.due_date),
        ]
        for item in items
        for o in item.open_commitments
    ]


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p class="empty">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def summary_html(items: list[NationConsultation], today: dt.date | None = None) -> str:
    """The summary as one HTML page (every value escaped)."""
    today = today or dt.date.today()
    heading = tr("Consultation summary")
    intro = tr("Consultations recorded in the register, per Nation, on {date}.").format(
        date=today.isoformat()
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(current_language())}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading)}</title>\n<style>"
        "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt}"
        "table{border-collapse:collapse}th,td{border:1px solid #aaa;padding:2px 5px}"
        "th{background:#e8e8e8}</style>\n</head>\n<body>\n"
        f"<h1>{escape(heading)}</h1>\n<p>{escape(intro)}</p>\n"
        f"<h2>{escape(tr('Per Nation'))}</h2>\n"
        + _table(summary_headers(), summary_rows(items, today), tr("No consultation recorded."))
        + f"\n<h2>{escape(tr('Open commitments'))}</h2>\n"
        + _table(commitment_headers(), commitment_rows(items), tr("No open commitment."))
        + "\n</body>\n</html>\n"
    )


def summary_csv(items: list[NationConsultation], today: dt.date | None = None) -> str:
    """One row per Nation (the HTML's first table), as CSV text."""
    today = today or dt.date.today()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(summary_headers())
    writer.writerows(summary_rows(items, today))
    return out.getvalue()


def write_summary(
    items: list[NationConsultation],
    html: Path | None = None,
    csv_path: Path | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Write the HTML and/or CSV (each whole: built beside, then renamed); the files written."""
    written = []
    for path, content, encoding in (
        (html, summary_html(items, today) if html else "", "utf-8"),
        (csv_path, summary_csv(items, today) if csv_path else "", "utf-8-sig"),
    ):
        if path is None:
            continue
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{path.name}.part")
        with open(part, "w", encoding=encoding, newline="") as stream:
            stream.write(content)
        part.replace(path)
        written.append(path)
    return written


def register_summary(target: str | Path | None = None) -> list[NationConsultation]:
    """The summary of the register at `target` (GeoPackage path or "pg:..."; None: default)."""
    from imperial_land.core.consultation.store import ConsultationStore
    from imperial_land.core.register import open_register

    register = open_register(target)
    try:
        if not register.exists():
            from imperial_land.core.common import UserError

            raise UserError(
                tr("'{target}' holds no claim register yet: run a sync first.").format(
                    target=target or tr("the default register")
                )
            )
        return consultation_summary(ConsultationStore(register).snapshot())
    finally:
        register.close()
