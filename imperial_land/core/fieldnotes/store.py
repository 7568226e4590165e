"""The register's field notes (tables in register/fieldnotes_schema.py), on a GeoPackage or a
PostGIS register: read the notes already there, write an import in one transaction.

A note already in the register (same UUID) with the same content is left alone, so importing a
pack twice adds nothing; one whose content changed in the field is updated, and its previous
content goes to `field_note_versions` first.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass
from typing import Any

from imperial_land.core.register import NOTE_VERSIONS, NOTES, RegisterTables
from imperial_land.core.storage import gpkg_binary

CONTENT = ("kind", "observed", "author", "note", "title", "lot", "photos")


@dataclass(frozen=True)
class NoteRow:
    """A note's content as the register holds it (photos: one stored path per line)."""

    uuid: str
    kind: str
    observed: str | None
    author: str | None
    note: str | None
    title: str | None
    lot: str | None
    photos: str | None
    x: float
    y: float

    def content(self) -> tuple:
        """What an edit can change (the point to the millimetre of a metre-based CRS and to
        1e-9 degree)."""
        return (
            *(getattr(self, name) for name in CONTENT),
            round(self.x, 9),
            round(self.y, 9),
        )


def _point_blob(x: float, y: float, srs_id: int) -> bytes:
    """A GeoPackage binary point (no envelope: a point is its own)."""
    return struct.pack("<2sBBi", b"GP", 0, 1, srs_id) + struct.pack("<BIdd", 1, 1, x, y)


def _point_of(blob: bytes | None) -> tuple[float, float]:
    wkb = gpkg_binary.decode(blob)
    if not wkb:
        return 0.0, 0.0
    fmt = "<dd" if wkb[0] == 1 else ">dd"
    return struct.unpack_from(fmt, wkb, 5)


class NotesStore(RegisterTables):
    """The field-note tables of one open register (GpkgRegister or PgRegister)."""

    def notes(self) -> dict[str, NoteRow]:
        """uuid -> the note as the register holds it."""
        names = ", ".join(CONTENT)
        if self.is_pg:
            query = f"SELECT uuid, {names}, ST_X(geom), ST_Y(geom) FROM {self._name(NOTES.name)}"
            return {row[0]: NoteRow(*row) for row in self._rows(query)}
        query = f"SELECT uuid, {names}, geom FROM {NOTES.name}"
        found = {}
        for *values, blob in self._rows(query):
            found[values[0]] = NoteRow(*values, *_point_of(blob))
        return found

    def _geometry(self, row: NoteRow) -> tuple[str, list[Any]]:
        if self.is_pg:
            srid = int(self.register.crs_authid().split(":")[1])
            return "ST_SetSRID(ST_MakePoint(?, ?), ?)", [row.x, row.y, srid]
        return "?", [_point_blob(row.x, row.y, self.register.srs_id)]  # type: ignore[attr-defined]

    def insert(self, row: NoteRow, pack: str, now: dt.datetime) -> None:
        stamp = now.isoformat(timespec="seconds")
        sql, geometry = self._geometry(row)
        names = ["uuid", *CONTENT, "pack", "imported", "updated"]
        values = [row.uuid, *(getattr(row, n) for n in CONTENT), pack, stamp, stamp]
        self._rows(
            f"INSERT INTO {self._name(NOTES.name)} ({', '.join(names)}, geom) "
            f"VALUES ({', '.join('?' for _ in names)}, {sql})",
            [*values, *geometry],
        )

    def update(self, old: NoteRow, row: NoteRow, pack: str, now: dt.datetime) -> None:
        """Keep `old` in the versions table, then write `row` over it."""
        stamp = now.isoformat(timespec="seconds")
        names = ["note_uuid", "replaced", "pack", *CONTENT, "x", "y"]
        previous = self._rows(
            f"SELECT pack FROM {self._name(NOTES.name)} WHERE uuid = ?", [old.uuid]
        )
        values = [
            old.uuid,
            stamp,
            previous[0][0],
            *(getattr(old, n) for n in CONTENT),
            old.x,
            old.y,
        ]
        self._rows(
            f"INSERT INTO {self._name(NOTE_VERSIONS.name)} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in names)})",
            values,
        )
        sql, geometry = self._geometry(row)
        sets = ", ".join(f"{name} = ?" for name in [*CONTENT, "pack", "updated"])
        self._rows(
            f"UPDATE {self._name(NOTES.name)} SET {sets}, geom = {sql} WHERE uuid = ?",
            [*(getattr(row, n) for n in CONTENT), pack, stamp, *geometry, row.uuid],
        )

    def versions(self, uuid: str) -> list[tuple]:
        """(replaced, pack, kind, observed, author, note, title, lot, photos) of a note's
        previous contents, oldest first."""
        return self._rows(
            f"SELECT replaced, pack, {', '.join(CONTENT)} FROM {self._name(NOTE_VERSIONS.name)} "
            "WHERE note_uuid = ? ORDER BY fid",
            [uuid],
        )
