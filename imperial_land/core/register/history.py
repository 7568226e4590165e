"""A claim's history: the register's `changes` rows for one title, with the date of their run.

Works on either register backend (GeoPackage or PostGIS) through RegisterBackend; a GeoPackage
is read with one query on the title. Also the layer action that opens it from the desktop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qgis.core import QgsAction, QgsProviderRegistry, QgsVectorLayer
from qgis.PyQt.QtCore import QUuid

from imperial_land.core.common import tr
from imperial_land.core.register.backend import CHANGES_TABLE, RegisterBackend

# A fixed id: adding the action again replaces it instead of stacking copies.
ACTION_ID = QUuid("{6f1d2a4e-3c1b-4e8a-9d2f-5b7c1e0a4d21}")
ACTION_CODE = (
    "from imperial_land.gui.claim_history import show_claim_history\n"
    "show_claim_history('[% @layer_id %]', [% $id %])"
)


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
    return entries


def register_file(layer: QgsVectorLayer) -> Path | None:
    """The GeoPackage file behind `layer` (None for any other source)."""
    if layer.providerType() != "ogr":
        return None
    path = QgsProviderRegistry.instance().decodeUri("ogr", layer.source()).get("path") or ""
    return Path(path) if path.lower().endswith(".gpkg") else None


def add_history_action(layer: QgsVectorLayer) -> None:
    """Give the claims layer a "Claim history" action (feature, canvas and identify panel)."""
    actions = layer.actions()
    for existing in actions.actions():
        if existing.id() == ACTION_ID:
            actions.removeAction(ACTION_ID)
    action = QgsAction(
        ACTION_ID,
        QgsAction.ActionType.GenericPython,
        tr("Claim history"),
        ACTION_CODE,
        "",
        False,
        tr("History"),
        {"Feature", "Canvas"},
        "",
    )
    actions.addAction(action)
