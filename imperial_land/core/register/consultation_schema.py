"""The consultation tables of the register (schema version 2): ONE definition of each table,
turned into SQL by register/gpkg_schema.py (GeoPackage) and register/pg_ddl.py (PostGIS).

- ``consultation_sites``: one row per site (parcel, AOI, claim or claim group) and Nation; the
  site is named as the overlap flags name it (``site_role`` = the flag's side-A role, ``site_key``
  = its key), with a status and who owns it. (site_role, site_key, nation) is unique.
- ``consultation_events``: one contact (date, form, participants, summary, concerns, answers,
  documents) with a site; ``overlap_ha`` is the site's overlap with the Nation's territory as
  known at that contact (it lets the report see an overlap that grew since).
- ``commitments``: what was agreed, by whom, due and done dates, with a site and the event where
  it was agreed (the event must be one of that site's).

Statuses and forms are stored as the codes of `SiteStatus` and `ContactForm` (their translated
labels live in core/consultation/labels.py); dates are dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from imperial_land.core.common import TextEnum
from imperial_land.core.register.backend import DATE, INTEGER, REAL, TEXT


class SiteStatus(TextEnum):
    """Where the consultation with one Nation about one site stands (stored codes)."""

    NOT_STARTED = "not_started"
    NOTIFIED = "notified"
    IN_DISCUSSION = "in_discussion"
    COMMITMENTS_AGREED = "commitments_agreed"
    CLOSED = "closed"


class ContactForm(TextEnum):
    """How a contact was made (stored codes)."""

    LETTER = "letter"
    EMAIL = "email"
    MEETING = "meeting"
    CALL = "call"
    SITE_VISIT = "site_visit"


class SiteKind(TextEnum):
    """What a site is: the role of the flags' side A (same text as maplayers/roles.Role)."""

    PARCEL = "parcels"
    AOI = "aoi"
    CLAIMS = "claims"


@dataclass(frozen=True)
class Column:
    """One column of a consultation table."""

    name: str
    kind: str  # TEXT, INTEGER, REAL, DATE
    required: bool = False
    codes: tuple[str, ...] = ()  # the allowed stored codes (a fixed list), () for any
    references: str | None = None  # table whose fid this column holds
    default: str | None = None  # a stored code used when none is given


@dataclass(frozen=True)
class Table:
    """A consultation table: its columns (besides the integer key ``fid``) and unique sets."""

    name: str
    columns: tuple[Column, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    description: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


SITES_TABLE = "consultation_sites"
EVENTS_TABLE = "consultation_events"
COMMITMENTS_TABLE = "commitments"

SITES = Table(
    SITES_TABLE,
    (
        Column("site_role", TEXT, True, tuple(k.value for k in SiteKind)),
        Column("site_key", TEXT, True),
        Column("site_name", TEXT),
        Column("nation", TEXT, True),
        Column(
            "status",
            TEXT,
            True,
            tuple(s.value for s in SiteStatus),
            default=SiteStatus.NOT_STARTED.value,
        ),
        Column("owner", TEXT),
        Column("stage", TEXT),
        Column("overlap_ha", REAL),
        Column("notes", TEXT),
    ),
    unique=(("site_role", "site_key", "nation"),),
    description="Consultation: one row per site and Nation",
)
EVENTS = Table(
    EVENTS_TABLE,
    (
        Column("site_id", INTEGER, True, references=SITES_TABLE),
        Column("event_date", DATE, True),
        Column("form", TEXT, True, tuple(f.value for f in ContactForm)),
        Column("participants", TEXT),
        Column("summary", TEXT),
        Column("concerns", TEXT),
        Column("answers", TEXT),
        Column("documents", TEXT),
        Column("overlap_ha", REAL),
    ),
    description="Consultation: contacts with a Nation about a site",
)
COMMITMENTS = Table(
    COMMITMENTS_TABLE,
    (
        Column("event_id", INTEGER, True, references=EVENTS_TABLE),
        Column("site_id", INTEGER, True, references=SITES_TABLE),  # the event's: after it
        Column("what", TEXT, True),
        Column("by_whom", TEXT),
        Column("due_date", DATE),
        Column("done_date", DATE),
    ),
    description="Consultation: commitments agreed at an event",
)
TABLES: tuple[Table, ...] = (SITES, EVENTS, COMMITMENTS)
TABLE_NAMES = [t.name for t in TABLES]
