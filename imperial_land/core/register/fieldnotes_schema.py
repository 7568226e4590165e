"""The field-note tables of the register (schema version 3): ONE definition, turned into SQL by
register/gpkg_schema.py (GeoPackage) and register/pg_ddl.py (PostGIS).

Self-contained on purpose: the step adds two new tables and touches no existing one, so it
composes with any other schema step (each step only creates its own tables).

- ``field_notes``: one row per note recorded in QField and imported from a returned pack
  (core/fieldnotes): its UUID (unique: importing again updates, never duplicates), kind (a
  `NoteKind` code), when and by whom it was observed, its text, the claim title or parcel lot it
  concerns, its photos (paths, one per line: relative to the register's folder for a GeoPackage,
  as given for PostGIS), the pack it came from and when it was imported; a point in the
  register's CRS.
- ``field_note_versions``: the previous content of a note each time an import changed it, so an
  edit made in the field never loses what the register held before.
"""

from __future__ import annotations

from imperial_land.core.common import TextEnum, tr
from imperial_land.core.register.backend import REAL, TEXT
from imperial_land.core.register.consultation_schema import Column, Table

FIELD_NOTES_VERSION = 3
NOTES_GEOMETRY_TYPE = "POINT"


class NoteKind(TextEnum):
    """What a field note is about (stored codes; labels: `note_kind_labels`)."""

    CLAIM_POST = "claim_post"
    ACCESS = "access"
    CULTURAL_SITE = "cultural_site"
    ENVIRONMENTAL = "environmental"
    MEETING = "meeting"
    OTHER = "other"


NOTE_KINDS = tuple(kind.value for kind in NoteKind)


def note_kind_labels() -> dict[str, str]:
    """Stored note kind -> label (the one place that names them for people)."""
    return {
        NoteKind.CLAIM_POST.value: tr("Claim post"),
        NoteKind.ACCESS.value: tr("Access"),
        NoteKind.CULTURAL_SITE.value: tr("Cultural site"),
        NoteKind.ENVIRONMENTAL.value: tr("Environmental"),
        NoteKind.MEETING.value: tr("Meeting"),
        NoteKind.OTHER.value: tr("Other"),
    }


NOTES_TABLE = "field_notes"
NOTE_VERSIONS_TABLE = "field_note_versions"

# The note's content: what an edit in the field can change (and a version keeps).
_CONTENT = (
    Column("kind", TEXT, True, NOTE_KINDS),
    Column("observed", TEXT),  # ISO 8601 date-time as recorded on the phone
    Column("author", TEXT),
    Column("note", TEXT),
    Column("title", TEXT),  # the claim title (TIT_NO) it concerns
    Column("lot", TEXT),  # the parcel lot it concerns
    Column("photos", TEXT),  # one path per line
    Column("x", REAL),  # the point, in the register's CRS (the version keeps it as numbers)
    Column("y", REAL),
)
NOTES = Table(
    NOTES_TABLE,
    (
        Column("uuid", TEXT, True),
        *_CONTENT[:-2],
        Column("pack", TEXT),
        Column("imported", TEXT),  # ISO 8601 UTC of the first import
        Column("updated", TEXT),  # ISO 8601 UTC of the last import that changed it
    ),
    unique=(("uuid",),),
    description="Field notes recorded in QField, imported from returned packs",
)
NOTE_VERSIONS = Table(
    NOTE_VERSIONS_TABLE,
    (
        Column("note_uuid", TEXT, True),
        Column("replaced", TEXT, True),  # ISO 8601 UTC of the import that replaced it
        Column("pack", TEXT),
        *_CONTENT,
    ),
    description="Field notes: the previous content of each edited note",
)
CONTENT_NAMES = [c.name for c in _CONTENT[:-2]]
