"""The SQL that makes an empty file a GeoPackage holding the claim register (sqlite3, no GDAL)."""

from __future__ import annotations

import sqlite3

from qgis.core import QgsCoordinateReferenceSystem

from imperial_land.core.register.backend import (
    BOOKKEEPING_FIELDS,
    CHANGE_FIELDS,
    CHANGES_TABLE,
    CLAIMS_TABLE,
    DATE,
    GEOMETRY_COLUMN,
    GEOMETRY_TYPE,
    GESTIM_FIELDS,
    GPKG_TYPES,
    KEY_COLUMN,
    LOCAL_FIELDS,
    RUN_FIELDS,
    RUNS_TABLE,
    SCHEMA_VERSION,
    TEXT,
    FieldSpec,
)
from imperial_land.core.register.consultation_schema import TABLES as CONSULTATION_TABLES
from imperial_land.core.register.consultation_schema import Column, Table
from imperial_land.core.register.fieldnotes_schema import (
    FIELD_NOTES_VERSION,
    NOTE_VERSIONS,
    NOTES,
    NOTES_GEOMETRY_TYPE,
)
from imperial_land.core.register.overlap_state_schema import (
    HOLDER_INDEX_COLUMN,
    OVERLAP_STATE_VERSION,
    TITLE_INDEX_COLUMN,
)
from imperial_land.core.register.overlap_state_schema import TABLES as OVERLAP_STATE_TABLES
from imperial_land.core.storage import quote, rtree_name

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10200  # GeoPackage 1.2
RTREE = rtree_name(CLAIMS_TABLE, GEOMETRY_COLUMN)
INFO_TABLE = "register_info"

CORE_TABLES = """
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic');
"""

_TRIGGER_NEW = (
    "INSERT OR REPLACE INTO {r} VALUES (NEW.fid, ST_MinX(NEW.{g}), ST_MaxX(NEW.{g}), "
    "ST_MinY(NEW.{g}), ST_MaxY(NEW.{g}))"
)
_TRIGGERS = {
    "insert": "AFTER INSERT ON {t} WHEN (NEW.{g} NOT NULL AND NOT ST_IsEmpty(NEW.{g})) "
    "BEGIN " + _TRIGGER_NEW + "; END",
    "update1": "AFTER UPDATE OF {g} ON {t} WHEN OLD.fid = NEW.fid AND "
    "(NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g})) BEGIN " + _TRIGGER_NEW + "; END",
    "update2": "AFTER UPDATE OF {g} ON {t} WHEN OLD.fid = NEW.fid AND "
    "(NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM {r} WHERE id = OLD.fid; END",
    "update3": "AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND "
    "(NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM {r} WHERE id = OLD.fid; "
    + _TRIGGER_NEW
    + "; END",
    "update4": "AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND "
    "(NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM {r} WHERE id IN (OLD.fid, NEW.fid); "
    "END",
    "delete": "AFTER DELETE ON {t} WHEN OLD.{g} NOT NULL BEGIN DELETE FROM {r} WHERE id = OLD.fid; "
    "END",
}


def column_sql(spec: FieldSpec) -> str:
    return f"{quote(spec.name)} {GPKG_TYPES[spec.kind]}"


def srs_row(crs_authid: str) -> tuple[str, int, str, int, str, str]:
    """The gpkg_spatial_ref_sys row of a CRS given as "AUTH:CODE"."""
    crs = QgsCoordinateReferenceSystem(crs_authid)
    organization, _, code = crs_authid.partition(":")
    return (crs.description(), int(code), organization.upper(), int(code), crs.toWkt(), "")


def create(conn: sqlite3.Connection, crs_authid: str) -> None:
    """Create the GeoPackage tables and the register's tables (inside the caller's transaction)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    for statement in CORE_TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)
    srs = srs_row(crs_authid)
    conn.execute("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", srs)
    columns = ", ".join(column_sql(s) for s in [*GESTIM_FIELDS, *LOCAL_FIELDS, *BOOKKEEPING_FIELDS])
    conn.execute(
        f"CREATE TABLE {CLAIMS_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
        f"{GEOMETRY_COLUMN} {GEOMETRY_TYPE}, {columns})"
    )
    conn.execute(
        f"CREATE UNIQUE INDEX {CLAIMS_TABLE}_{KEY_COLUMN} ON {CLAIMS_TABLE} ({KEY_COLUMN})"
    )
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES (?, 'features', ?, ?, ?)",
        (CLAIMS_TABLE, CLAIMS_TABLE, "Mining claims (GESTIM register + local fields)", srs[1]),
    )
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
        (CLAIMS_TABLE, GEOMETRY_COLUMN, GEOMETRY_TYPE, srs[1]),
    )
    conn.execute(f"CREATE VIRTUAL TABLE {RTREE} USING rtree(id, minx, maxx, miny, maxy)")
    conn.execute(
        "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
        "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        (CLAIMS_TABLE, GEOMETRY_COLUMN),
    )
    for name, body in _TRIGGERS.items():
        sql = body.format(t=CLAIMS_TABLE, g=GEOMETRY_COLUMN, r=RTREE)
        conn.execute(f"CREATE TRIGGER {RTREE}_{name} {sql}")
    for table, fields in ((RUNS_TABLE, RUN_FIELDS), (CHANGES_TABLE, CHANGE_FIELDS)):
        columns = ", ".join(column_sql(s) for s in fields)
        conn.execute(f"CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, {columns})")
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
            "VALUES (?, 'attributes', ?)",
            (table, table),
        )
    conn.execute(f"CREATE INDEX {CHANGES_TABLE}_run ON {CHANGES_TABLE} (run_id)")
    conn.execute(f"CREATE INDEX {CHANGES_TABLE}_key ON {CHANGES_TABLE} ({KEY_COLUMN})")
    conn.execute(f"CREATE TABLE {INFO_TABLE} (name TEXT PRIMARY KEY, value TEXT)")
    conn.execute(f"INSERT INTO {INFO_TABLE} VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    create_consultation(conn)
    create_field_notes(conn, srs[1])
    create_overlap_state(conn)


_ISO_DATE = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"


def _consultation_column(column: Column) -> str:
    """The SQLite definition of a consultation column, with its checks."""
    name = quote(column.name)
    parts = [name, GPKG_TYPES[column.kind]]
    if column.required:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append(f"DEFAULT '{column.default}'")
    checks = []
    if column.codes:
        checks.append(f"{name} IN ({', '.join(repr(c) for c in column.codes)})")
    if column.kind == DATE:
        checks.append(f"{name} IS NULL OR ({name} GLOB {_ISO_DATE} AND date({name}) = {name})")
    elif column.required and column.kind == TEXT:
        checks.append(f"trim({name}) <> ''")
    parts += [f"CHECK ({check})" for check in checks]
    return " ".join(parts)


def _raise_unless(table: str, event: str, condition: str, message: str) -> str:
    return (
        f"CREATE TRIGGER {table}_{event.lower()}_check BEFORE {event} ON {table} "
        f"WHEN NOT ({condition}) BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def _consultation_triggers(table: Table) -> list[str]:
    """The references of `table`, checked by triggers (SQLite leaves foreign keys off unless
    each connection asks, and QGIS's does not)."""
    refs = [c for c in table.columns if c.references]
    if not refs:
        return []
    conditions = []
    for column in refs:
        if column.name == "event_id":  # the event must be one of the commitment's site
            conditions.append(
                f"EXISTS (SELECT 1 FROM {column.references} WHERE fid = NEW.event_id "
                "AND site_id = NEW.site_id)"
            )
        else:
            conditions.append(
                f"EXISTS (SELECT 1 FROM {column.references} WHERE fid = NEW.{column.name})"
            )
    condition = " AND ".join(conditions)
    message = f"{table.name}: the consultation site or event it names does not exist"
    return [
        _raise_unless(table.name, "INSERT", condition, message),
        _raise_unless(table.name, "UPDATE", condition, message),
    ]


def _delete_guard(parent: Table, child: Table, column: str) -> str:
    return (
        f"CREATE TRIGGER {parent.name}_delete_{child.name} BEFORE DELETE ON {parent.name} "
        f"WHEN EXISTS (SELECT 1 FROM {child.name} WHERE {column} = OLD.fid) "
        f"BEGIN SELECT RAISE(ABORT, '{parent.name}: delete its {child.name} first'); END"
    )


def create_consultation(conn: sqlite3.Connection) -> None:
    """Create the consultation tables (schema version 2) inside the caller's transaction."""
    for table in CONSULTATION_TABLES:
        columns = [_consultation_column(c) for c in table.columns]
        columns += [f"UNIQUE ({', '.join(map(quote, names))})" for names in table.unique]
        conn.execute(
            f"CREATE TABLE {table.name} (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
            f"{', '.join(columns)})"
        )
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
            "VALUES (?, 'attributes', ?, ?)",
            (table.name, table.name, table.description),
        )
        for column in table.columns:
            if column.references:
                conn.execute(
                    f"CREATE INDEX {table.name}_{column.name} ON {table.name} ({column.name})"
                )
        for statement in _consultation_triggers(table):
            conn.execute(statement)
    by_name = {t.name: t for t in CONSULTATION_TABLES}
    for child in CONSULTATION_TABLES:
        for column in child.columns:
            if column.references:
                conn.execute(_delete_guard(by_name[column.references], child, column.name))


def _plain_table(conn: sqlite3.Connection, table: Table, extra: list[str]) -> None:
    """Create `table` (integer key `fid`, its columns with their checks, `extra` definitions)."""
    columns = [_consultation_column(c) for c in table.columns] + extra
    columns += [f"UNIQUE ({', '.join(map(quote, names))})" for names in table.unique]
    conn.execute(
        f"CREATE TABLE {table.name} (fid INTEGER PRIMARY KEY AUTOINCREMENT, {', '.join(columns)})"
    )


def create_field_notes(conn: sqlite3.Connection, srs_id: int) -> None:
    """Create the field-note tables (schema version 3; register/fieldnotes_schema.py) inside the
    caller's transaction: `field_notes` is a point layer in the claims' SRS."""
    _plain_table(conn, NOTES, [f"{GEOMETRY_COLUMN} {NOTES_GEOMETRY_TYPE}"])
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES (?, 'features', ?, ?, ?)",
        (NOTES.name, NOTES.name, NOTES.description, srs_id),
    )
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
        (NOTES.name, GEOMETRY_COLUMN, NOTES_GEOMETRY_TYPE, srs_id),
    )
    _plain_table(conn, NOTE_VERSIONS, [])
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
        "VALUES (?, 'attributes', ?, ?)",
        (NOTE_VERSIONS.name, NOTE_VERSIONS.name, NOTE_VERSIONS.description),
    )
    conn.execute(f"CREATE INDEX {NOTE_VERSIONS.name}_uuid ON {NOTE_VERSIONS.name} (note_uuid)")
    conn.execute(f"CREATE INDEX {NOTES.name}_title ON {NOTES.name} (title)")


def create_overlap_state(conn: sqlite3.Connection) -> None:
    """Create the overlap-state tables and the claims' holder index (schema version 4;
    register/overlap_state_schema.py) inside the caller's transaction. Tables an earlier build
    made outside the versioned schema are replaced by the new ones with every row kept."""
    legacy = {}
    for table in OVERLAP_STATE_TABLES:
        found = [r[1] for r in conn.execute(f"PRAGMA table_info({quote(table.name)})")]
        if found:
            legacy[table.name] = f"{table.name}_before_v{OVERLAP_STATE_VERSION}"
            conn.execute(f"ALTER TABLE {quote(table.name)} RENAME TO {quote(legacy[table.name])}")
    for table in OVERLAP_STATE_TABLES:
        _plain_table(conn, table, [])
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
            "VALUES (?, 'attributes', ?, ?)",
            (table.name, table.name, table.description),
        )
        if table.name in legacy:
            names = ", ".join(map(quote, table.names))
            conn.execute(
                f"INSERT INTO {quote(table.name)} ({names}) "
                f"SELECT {names} FROM {quote(legacy[table.name])} ORDER BY rowid"
            )
            conn.execute(f"DROP TABLE {quote(legacy[table.name])}")
    conn.execute("CREATE INDEX overlap_pairs_title ON overlap_pairs (title)")
    claims = [r[1] for r in conn.execute(f"PRAGMA table_info({CLAIMS_TABLE})")]
    for name, column in (("holder", HOLDER_INDEX_COLUMN), ("tit_no", TITLE_INDEX_COLUMN)):
        if column in claims:
            conn.execute(
                f"CREATE INDEX IF NOT EXISTS {CLAIMS_TABLE}_{name} "
                f"ON {CLAIMS_TABLE} ({quote(column)})"
            )


def _claims_srs_id(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (CLAIMS_TABLE,)
    ).fetchone()
    return int(row[0]) if row else 0


def schema_version(conn: sqlite3.Connection) -> int:
    """The register's schema version (register_info), 0 when not recorded."""
    row = conn.execute(f"SELECT value FROM {INFO_TABLE} WHERE name = 'schema_version'").fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else 0


def upgrade(conn: sqlite3.Connection, version: int) -> None:
    """Bring a register of schema `version` to SCHEMA_VERSION (inside the caller's transaction;
    every existing row stays as it is)."""
    if version < 2:
        create_consultation(conn)
    if version < FIELD_NOTES_VERSION:
        create_field_notes(conn, _claims_srs_id(conn))
    if version < OVERLAP_STATE_VERSION:
        create_overlap_state(conn)
    conn.execute(
        f"INSERT OR REPLACE INTO {INFO_TABLE} VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
    )


def rtree_triggers(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, SQL) of the R-tree triggers on claims, as stored (GDAL's or ours)."""
    return conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
        (RTREE + "%",),
    ).fetchall()
