"""A claim's history: the register's `changes` rows for one title, with the date of their run,
then the field notes recorded on that title (a note on a title is part of its story), and the
earlier texts of the notes edited since.

Works on either register backend (GeoPackage or PostGIS) through RegisterBackend; a GeoPackage
is read with one query on the title. Also the layer action that opens it from the desktop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qgis.core import QgsProviderRegistry, QgsVectorLayer

from imperial_land.core.common import tr
from imperial_land.core.register.backend import CHANGES_TABLE, RegisterBackend
from imperial_land.core.register.fieldnotes_schema import (
    NOTE_VERSIONS_TABLE,
    NOTES_TABLE,
    note_kind_labels,
)

FIELD_NOTE = "field_note"  # HistoryEntry.kind of a field note
FIELD_NOTE_EDIT = "field_note_edit"  # ... and of a note's earlier text


@dataclass
class HistoryEntry:
    """One change of a title: when (its run's start), which field, old and new value, the run."""

    date: str
    field: str
    old_value: str | None
    new_value: str | None
    kind: str
    run_id: int | None


def title_history(backend: RegisterBackend, title: Any) -> list[HistoryEntry]:
    """Every change of `title` in the register, newest run first."""
    title = str(title).strip()
    runs = {run.id: run for run in backend.runs()}
    conn = getattr(backend, "conn", None)
    if hasattr(conn, "execute") and type(conn).__module__ == "sqlite3":
        rows = conn.execute(
            f"SELECT run_id, field, old_value, new_value, kind FROM {CHANGES_TABLE} "
            "WHERE title = ? ORDER BY run_id DESC, fid",
            (title,),
        ).fetchall()
    else:  # any backend: run by run
        rows = [
            (run_id, c.field, c.old_value, c.new_value, c.kind)
            for run_id in sorted(runs, reverse=True)
            for c in backend.changes(run_id)
            if str(c.title).strip() == title
        ]
    entries = []
    for run_id, field_name, old, new, kind in rows:
        run = runs.get(run_id)
        date = run.started.isoformat(sep=" ", timespec="minutes") if run else ""
        entries.append(HistoryEntry(date, field_name or "", old, new, kind, run_id))
    return entries + note_history(backend, title)


def _query(backend: RegisterBackend, sql: str, params: list[Any]) -> list[tuple] | None:
    """Rows of `sql` (table names as {notes} and {versions}) on either backend; None when the
    register has no field-note tables yet (an older register, read without an upgrade)."""
    schema = getattr(backend, "schema", None)
    conn = getattr(backend, "conn", None)
    if schema is None or not hasattr(backend, "_db"):
        if type(conn).__module__ != "sqlite3":
            return None  # a backend seen through runs() and changes() only
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (NOTES_TABLE,)
        ).fetchone()
        if found is None:
            return None
        text = sql.format(notes=NOTES_TABLE, versions=NOTE_VERSIONS_TABLE)
        return conn.execute(text, params).fetchall()
    from psycopg import sql as pg_sql

    conn = backend._db()  # type: ignore[attr-defined]
    notes = pg_sql.Identifier(schema, NOTES_TABLE).as_string(conn)
    row = conn.execute("SELECT to_regclass(%s)", (notes,)).fetchone()
    if row is None or row[0] is None:
        return None
    versions = pg_sql.Identifier(schema, NOTE_VERSIONS_TABLE).as_string(conn)
    text = sql.format(notes=notes, versions=versions).replace("?", "%s")
    return conn.execute(text, params).fetchall()


def _minutes(stamp: str | None) -> str:
    """'2026-07-14T10:30:05Z' -> '2026-07-14 10:30' (the history's dates)."""
    return (stamp or "").replace("T", " ")[:16]


def note_history(backend: RegisterBackend, title: str) -> list[HistoryEntry]:
    """The field notes on `title`, newest first, each followed by its earlier texts (newest
    first): the note's kind and author in `field`, its text in `new_value`."""
    notes = _query(
        backend,
        "SELECT uuid, kind, observed, author, note FROM {notes} WHERE title = ? "
        "ORDER BY observed DESC, fid DESC",
        [title],
    )
    if not notes:
        return []
    labels = note_kind_labels()
    entries = []
    for uuid, kind, observed, author, text in notes:
        label = labels.get(kind, kind)
        what = tr("Field note: {kind}").format(kind=label)
        if author:
            what = tr("Field note: {kind} ({author})").format(kind=label, author=author)
        entries.append(HistoryEntry(_minutes(observed), what, None, text, FIELD_NOTE, None))
        versions = _query(
            backend,
            "SELECT replaced, note FROM {versions} WHERE note_uuid = ? ORDER BY fid DESC",
            [uuid],
        )
        newer = text
        for replaced, old_text in versions or []:
            entries.append(
                HistoryEntry(
                    _minutes(replaced),
                    tr("Field note edited: {kind}").format(kind=label),
                    old_text,
                    newer,
                    FIELD_NOTE_EDIT,
                    None,
                )
            )
            newer = old_text
    return entries


def register_file(layer: QgsVectorLayer) -> Path | None:
    """The GeoPackage file behind `layer` (None for any other source)."""
    if layer.providerType() != "ogr":
        return None
    path = QgsProviderRegistry.instance().decodeUri("ogr", layer.source()).get("path") or ""
    return Path(path) if path.lower().endswith(".gpkg") else None
