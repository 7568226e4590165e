"""A version-2 register (claims, runs, changes, consultation records) brought to the current
version (3: field notes, 4: overlap state) by the first field-notes import keeps every row;
opening it again changes nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.support.register_helpers import a_run, dump, reg_row


def _v2_register(path: Path, monkeypatch) -> None:
    from imperial_land.core.consultation.store import ConsultationStore
    from imperial_land.core.register import gpkg_schema
    from imperial_land.core.register.backend import RegisterDiff
    from imperial_land.core.register.gpkg import GpkgRegister

    with monkeypatch.context() as patch:
        patch.setattr(gpkg_schema, "SCHEMA_VERSION", 2)
        patch.setattr(gpkg_schema, "create_field_notes", lambda conn, srs_id: None)
        patch.setattr(gpkg_schema, "create_overlap_state", lambda conn: None)
        register = GpkgRegister(path)
        register.ensure_schema()
        register.apply(RegisterDiff(new=[reg_row("2512345-1")]), a_run(new=1), [])
        register.conn.execute("UPDATE claims SET local_notes = 'appeler' WHERE fid = 1")
        store = ConsultationStore(register)
        site = store.add_site("parcels", "4 123 456", "Innu", site_name="Lot 4 123 456")
        store.add_event(site, dt.date(2026, 5, 1), "letter", summary="Avis envoyé")
        register.close()


def test_version_2_register_upgrades_and_keeps_every_row(monkeypatch, qgis_app, tmp_path):
    from imperial_land.core.fieldnotes import NotesStore
    from imperial_land.core.register.gpkg import GpkgRegister

    path = tmp_path / "register.gpkg"
    _v2_register(path, monkeypatch)
    before = dump(path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM register_info").fetchall() == [("2",)]
    register = GpkgRegister(path)
    assert NotesStore(register).notes() == {}
    register.close()
    after = dump(path)
    for table, rows in before["data"].items():
        if table in ("register_info", "gpkg_contents", "gpkg_geometry_columns"):
            continue
        assert after["data"][table] == rows, table
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM register_info").fetchall() == [("4",)]
        assert conn.execute(
            "SELECT table_name, geometry_type_name, srs_id FROM gpkg_geometry_columns "
            "ORDER BY table_name"
        ).fetchall() == [("claims", "MULTIPOLYGON", 4269), ("field_notes", "POINT", 4269)]
        contents = [r[0] for r in conn.execute("SELECT table_name FROM gpkg_contents")]
    assert set(before["data"]["gpkg_contents"]) <= set(after["data"]["gpkg_contents"])
    assert {"field_notes", "field_note_versions", "overlap_layers", "overlap_pairs"} <= set(
        contents
    )
    GpkgRegister(path).ensure_schema()  # once only
    assert dump(path) == after
