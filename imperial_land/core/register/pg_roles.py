"""The GRANTs for the register's database roles: reader (reports), editor (local fields, the
consultation records, the field notes and the overlap state's layers), sync (which also keeps
the overlap state current after each sync).

The same statements are printed in docs/postgis.md and run by the tests, so the documented SQL
is the tested SQL. Roles themselves are created by the database administrator.
"""

from __future__ import annotations

from psycopg import sql

from imperial_land.core.register.backend import (
    CHANGES_TABLE,
    CLAIMS_TABLE,
    LOCAL_FIELDS,
    RUNS_TABLE,
)
from imperial_land.core.register.consultation_schema import TABLE_NAMES as CONSULTATION_TABLES
from imperial_land.core.register.fieldnotes_schema import NOTE_VERSIONS_TABLE, NOTES_TABLE
from imperial_land.core.register.overlap_state_schema import TABLE_NAMES as STATE_TABLES

# The tables an editor writes: the consultation records, the imported field notes and the
# overlap state (configured from the dock: its layers and a full run's pairs).
EDITOR_TABLES = [*CONSULTATION_TABLES, NOTES_TABLE, NOTE_VERSIONS_TABLE, *STATE_TABLES]

READER, EDITOR, SYNC = "reader", "editor", "sync"
LEVELS = [READER, EDITOR, SYNC]


def grant_statements(schema: str, role: str, level: str) -> list[sql.Composed]:
    """GRANTs giving `role` the `level` rights on the register in `schema` (cumulative)."""
    if level not in LEVELS:
        raise ValueError(level)
    target = sql.Identifier(role)
    schema_id = sql.Identifier(schema)
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_id, target),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema_id, target),
    ]
    if level in (EDITOR, SYNC):
        local = sql.SQL(", ").join(sql.Identifier(f.name) for f in LOCAL_FIELDS)
        statements.append(
            sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(
                local, sql.Identifier(schema, CLAIMS_TABLE), target
            )
        )
    if level == EDITOR:  # the consultation records and the field notes
        tables = sql.SQL(", ").join(sql.Identifier(schema, t) for t in EDITOR_TABLES)
        statements += [
            sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(tables, target),
            sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema_id, target),
        ]
    if level == SYNC:
        statements += [
            sql.SQL("GRANT INSERT, UPDATE ON {} TO {}").format(
                sql.Identifier(schema, CLAIMS_TABLE), target
            ),
            sql.SQL("GRANT INSERT ON {}, {} TO {}").format(
                sql.Identifier(schema, RUNS_TABLE), sql.Identifier(schema, CHANGES_TABLE), target
            ),
            # the overlap state after each sync: the changed titles' pairs replaced, or all of
            # them and the layers' digests when a compared layer changed
            sql.SQL("GRANT INSERT, DELETE ON {} TO {}").format(
                sql.SQL(", ").join(sql.Identifier(schema, t) for t in STATE_TABLES), target
            ),
            sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema_id, target),
        ]
    return statements
