"""The claim register: the backend interface (backend.py), the GeoPackage (gpkg.py) and
PostGIS (pg*.py) backends, the lock, and the project's register layers.
Entry points: gpkg.open_register, backend.RegisterBackend.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.register import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "RegisterTables": "tables",
    "APPLIED": "backend",
    "BACK": "backend",
    "CHANGE_KINDS": "backend",
    "CLAIMS_TABLE": "backend",
    "COMMITMENTS": "consultation_schema",
    "COMMITMENTS_TABLE": "consultation_schema",
    "Change": "backend",
    "ContactForm": "consultation_schema",
    "DATE": "backend",
    "DEFAULT_CRS": "backend",
    "EVENTS": "consultation_schema",
    "EVENTS_TABLE": "consultation_schema",
    "FIELD_CHANGE_KINDS": "backend",
    "FieldSpec": "backend",
    "GEOMETRY": "backend",
    "GESTIM_KINDS": "backend",
    "GONE": "backend",
    "GONE_COLUMN": "backend",
    "GpkgRegister": "gpkg",
    "HOLDER": "backend",
    "HistoryEntry": "history",
    "INTEGER": "backend",
    "NEW": "backend",
    "NOTES": "fieldnotes_schema",
    "NOTES_TABLE": "fieldnotes_schema",
    "NOTE_KINDS": "fieldnotes_schema",
    "NOTE_VERSIONS": "fieldnotes_schema",
    "NOTE_VERSIONS_TABLE": "fieldnotes_schema",
    "NoteKind": "fieldnotes_schema",
    "NOT_MODIFIED": "backend",
    "NO_CHANGES": "backend",
    "OverlapStateStore": "overlap_state",
    "OTHER": "backend",
    "REAL": "backend",
    "RUNS_TABLE": "backend",
    "RegisterBackend": "backend",
    "RegisterDiff": "backend",
    "RegisterRow": "backend",
    "SITES": "consultation_schema",
    "StateLayer": "overlap_state",
    "StateRow": "overlap_state",
    "SITES_TABLE": "consultation_schema",
    "STATUS": "backend",
    "SiteKind": "consultation_schema",
    "SiteStatus": "consultation_schema",
    "SyncRun": "backend",
    "TEXT": "backend",
    "Table": "consultation_schema",
    "add_notes_layer": "layers",
    "add_register_layer": "layers",
    "coerce": "backend",
    "init_pg_register": "pg",
    "kind_of": "backend",
    "note_kind_labels": "fieldnotes_schema",
    "open_register": "gpkg",
    "parse_pg_target": "pg_target",
    "refresh_register_layers": "layers",
    "register_file": "history",
    "title_history": "history",
    "to_text": "backend",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.register.backend import APPLIED as APPLIED
    from imperial_land.core.register.backend import BACK as BACK
    from imperial_land.core.register.backend import CHANGE_KINDS as CHANGE_KINDS
    from imperial_land.core.register.backend import CLAIMS_TABLE as CLAIMS_TABLE
    from imperial_land.core.register.backend import DATE as DATE
    from imperial_land.core.register.backend import DEFAULT_CRS as DEFAULT_CRS
    from imperial_land.core.register.backend import FIELD_CHANGE_KINDS as FIELD_CHANGE_KINDS
    from imperial_land.core.register.backend import GEOMETRY as GEOMETRY
    from imperial_land.core.register.backend import GESTIM_KINDS as GESTIM_KINDS
    from imperial_land.core.register.backend import GONE as GONE
    from imperial_land.core.register.backend import GONE_COLUMN as GONE_COLUMN
    from imperial_land.core.register.backend import HOLDER as HOLDER
    from imperial_land.core.register.backend import INTEGER as INTEGER
    from imperial_land.core.register.backend import NEW as NEW
    from imperial_land.core.register.backend import NO_CHANGES as NO_CHANGES
    from imperial_land.core.register.backend import NOT_MODIFIED as NOT_MODIFIED
    from imperial_land.core.register.backend import OTHER as OTHER
    from imperial_land.core.register.backend import REAL as REAL
    from imperial_land.core.register.backend import RUNS_TABLE as RUNS_TABLE
    from imperial_land.core.register.backend import STATUS as STATUS
    from imperial_land.core.register.backend import TEXT as TEXT
    from imperial_land.core.register.backend import Change as Change
    from imperial_land.core.register.backend import FieldSpec as FieldSpec
    from imperial_land.core.register.backend import RegisterBackend as RegisterBackend
    from imperial_land.core.register.backend import RegisterDiff as RegisterDiff
    from imperial_land.core.register.backend import RegisterRow as RegisterRow
    from imperial_land.core.register.backend import SyncRun as SyncRun
    from imperial_land.core.register.backend import coerce as coerce
    from imperial_land.core.register.backend import kind_of as kind_of
    from imperial_land.core.register.backend import to_text as to_text
    from imperial_land.core.register.consultation_schema import COMMITMENTS as COMMITMENTS
    from imperial_land.core.register.consultation_schema import (
        COMMITMENTS_TABLE as COMMITMENTS_TABLE,
    )
    from imperial_land.core.register.consultation_schema import EVENTS as EVENTS
    from imperial_land.core.register.consultation_schema import EVENTS_TABLE as EVENTS_TABLE
    from imperial_land.core.register.consultation_schema import SITES as SITES
    from imperial_land.core.register.consultation_schema import SITES_TABLE as SITES_TABLE
    from imperial_land.core.register.consultation_schema import ContactForm as ContactForm
    from imperial_land.core.register.consultation_schema import SiteKind as SiteKind
    from imperial_land.core.register.consultation_schema import SiteStatus as SiteStatus
    from imperial_land.core.register.consultation_schema import Table as Table
    from imperial_land.core.register.fieldnotes_schema import NOTE_KINDS as NOTE_KINDS
    from imperial_land.core.register.fieldnotes_schema import NOTE_VERSIONS as NOTE_VERSIONS
    from imperial_land.core.register.fieldnotes_schema import (
        NOTE_VERSIONS_TABLE as NOTE_VERSIONS_TABLE,
    )
    from imperial_land.core.register.fieldnotes_schema import NOTES as NOTES
    from imperial_land.core.register.fieldnotes_schema import NOTES_TABLE as NOTES_TABLE
    from imperial_land.core.register.fieldnotes_schema import NoteKind as NoteKind
    from imperial_land.core.register.fieldnotes_schema import (
        note_kind_labels as note_kind_labels,
    )
    from imperial_land.core.register.gpkg import GpkgRegister as GpkgRegister
    from imperial_land.core.register.gpkg import open_register as open_register
    from imperial_land.core.register.history import HistoryEntry as HistoryEntry
    from imperial_land.core.register.history import register_file as register_file
    from imperial_land.core.register.history import title_history as title_history
    from imperial_land.core.register.layers import add_notes_layer as add_notes_layer
    from imperial_land.core.register.layers import add_register_layer as add_register_layer
    from imperial_land.core.register.layers import (
        refresh_register_layers as refresh_register_layers,
    )
    from imperial_land.core.register.overlap_state import OverlapStateStore as OverlapStateStore
    from imperial_land.core.register.overlap_state import StateLayer as StateLayer
    from imperial_land.core.register.overlap_state import StateRow as StateRow
    from imperial_land.core.register.pg import init_pg_register as init_pg_register
    from imperial_land.core.register.pg_target import parse_pg_target as parse_pg_target


__getattr__ = lazy_exports(__name__, _EXPORTS)
