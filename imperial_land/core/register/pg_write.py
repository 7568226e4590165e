"""One sync's writes into the PostGIS register, inside the caller's transaction.

Rows go through a temporary staging table filled with COPY, then one INSERT ... SELECT or
UPDATE ... FROM per step. UPDATEs set only GESTIM columns, geometry and bookkeeping columns:
local fields are never written, so edits made by land managers during a sync are kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable

import psycopg
from psycopg import sql
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import check_cancelled, tr
from imperial_land.core.register.backend import (
    CHANGE_FIELDS,
    CHANGES_TABLE,
    CLAIMS_TABLE,
    GEOMETRY_COLUMN,
    GONE_COLUMN,
    HASH_COLUMN,
    KEY_COLUMN,
    RUN_FIELDS,
    RUNS_TABLE,
    Change,
    FieldSpec,
    RegisterDiff,
    RegisterRow,
    SyncRun,
)
from imperial_land.core.register.pg_ddl import (
    add_columns,
    claims_srid,
    column_sql,
    source_columns,
)
from imperial_land.core.storage import needs_right

BATCH = 5000


class PgWriter:
    """Writes a diff, its run and its changes; `step_hook(name)` before each WRITE_STEPS step."""

    def __init__(
        self,
        conn: psycopg.Connection,
        schema: str,
        step_hook: Callable[[str], None],
        feedback: QgsProcessingFeedback,
    ) -> None:
        self.conn = conn
        self.schema = schema
        self.step_hook = step_hook
        self.feedback = feedback

    def _table(self, name: str) -> sql.Identifier:
        return sql.Identifier(self.schema, name)

    def _qualified(self, name: str) -> str:
        return f"{self.schema}.{name}"

    def write(self, diff: RegisterDiff, run: SyncRun, changes: list[Change]) -> int:
        """Every write step in order (the caller holds the transaction); the run id."""
        conn = self.conn
        self.step_hook("run")
        run_id = self._insert_run(run)
        self.step_hook("columns")
        if diff.new_fields:
            with needs_right(self._qualified(CLAIMS_TABLE), tr("owner (new GESTIM columns)")):
                add_columns(conn, self.schema, diff.new_fields)
        fields = source_columns(conn, self.schema)
        srid = claims_srid(conn, self.schema)
        self.step_hook("insert")
        if diff.new:
            self._stage(fields, diff.new)
            self._insert_staged(fields, srid, run_id)
        self.step_hook("update")
        if diff.changed:
            self._stage(fields, diff.changed)
            self._update_staged(fields, srid, run_id, back=False)
        self.step_hook("gone")
        if diff.gone:
            conn.execute(
                sql.SQL("UPDATE {} SET {} = %s, last_run_id = %s WHERE {} = ANY(%s)").format(
                    self._table(CLAIMS_TABLE),
                    sql.Identifier(GONE_COLUMN),
                    sql.Identifier(KEY_COLUMN),
                ),
                (diff.gone_date or run.started.date(), run_id, diff.gone),
            )
        self.step_hook("back")
        if diff.back:
            self._stage(fields, diff.back)
            self._update_staged(fields, srid, run_id, back=True)
        self.step_hook("changes")
        self._insert_changes(run_id, changes)
        self.step_hook("commit")
        return run_id

    def _insert_run(self, run: SyncRun) -> int:
        conn = self.conn
        values = _run_values(run)
        names = [spec.name for spec in RUN_FIELDS]
        row = conn.execute(
            sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING id").format(
                self._table(RUNS_TABLE),
                sql.SQL(", ").join(map(sql.Identifier, names)),
                sql.SQL(", ").join(sql.Placeholder() * len(names)),
            ),
            [values[name] for name in names],
        ).fetchone()
        return int(row[0])

    def _stage(self, fields: list[FieldSpec], rows: list[RegisterRow]) -> None:
        """Copy rows into the temporary table `stage` (dropped at commit)."""
        conn, feedback = self.conn, self.feedback
        specs = [FieldSpec(KEY_COLUMN, "text"), FieldSpec(HASH_COLUMN, "text"), *fields]
        columns = [column_sql(s) for s in specs]
        conn.execute("DROP TABLE IF EXISTS pg_temp.stage")
        conn.execute(
            sql.SQL("CREATE TEMP TABLE stage (wkb bytea, {}) ON COMMIT DROP").format(
                sql.SQL(", ").join(columns)
            )
        )
        names = sql.SQL(", ").join(sql.Identifier(s.name) for s in specs)
        copy_sql = sql.SQL("COPY pg_temp.stage (wkb, {}) FROM STDIN").format(names)
        with conn.cursor().copy(copy_sql) as copy:
            for i, row in enumerate(rows):
                if i % BATCH == 0:
                    check_cancelled(feedback)
                copy.write_row(
                    [
                        row.geometry_wkb,
                        row.key,
                        row.src_hash,
                        *(row.values.get(f.name) for f in fields),
                    ]
                )

    def _geom_expr(self, srid: int) -> sql.Composed:
        return sql.SQL("ST_Multi(ST_Force2D(ST_GeomFromWKB(s.wkb, {})))").format(sql.Literal(srid))

    def _insert_staged(self, fields: list[FieldSpec], srid: int, run_id: int) -> None:
        conn = self.conn
        names = [KEY_COLUMN, HASH_COLUMN, *(f.name for f in fields)]
        conn.execute(
            sql.SQL(
                "INSERT INTO {} ({}, {}, first_run_id, last_run_id) "
                "SELECT {}, {}, %s, %s FROM pg_temp.stage s ORDER BY s.{}"
            ).format(
                self._table(CLAIMS_TABLE),
                sql.SQL(", ").join(map(sql.Identifier, names)),
                sql.Identifier(GEOMETRY_COLUMN),
                sql.SQL(", ").join(sql.Identifier("s", n) for n in names),
                self._geom_expr(srid),
                sql.Identifier(KEY_COLUMN),
            ),
            (run_id, run_id),
        )

    def _update_staged(self, fields: list[FieldSpec], srid: int, run_id: int, back: bool) -> None:
        """UPDATE only GESTIM columns, geometry and bookkeeping: local fields are never set."""
        conn = self.conn
        sets = [
            sql.SQL("{} = s.{}").format(sql.Identifier(n), sql.Identifier(n))
            for n in [HASH_COLUMN, *(f.name for f in fields)]
        ]
        sets.append(
            sql.SQL("{} = {}").format(sql.Identifier(GEOMETRY_COLUMN), self._geom_expr(srid))
        )
        sets.append(sql.SQL("last_run_id = {}").format(sql.Literal(run_id)))
        if back:
            sets.append(sql.SQL("{} = NULL").format(sql.Identifier(GONE_COLUMN)))
        conn.execute(
            sql.SQL("UPDATE {} c SET {} FROM pg_temp.stage s WHERE c.{} = s.{}").format(
                self._table(CLAIMS_TABLE),
                sql.SQL(", ").join(sets),
                sql.Identifier(KEY_COLUMN),
                sql.Identifier(KEY_COLUMN),
            )
        )

    def _insert_changes(self, run_id: int, changes: list[Change]) -> None:
        conn, feedback = self.conn, self.feedback
        names = sql.SQL(", ").join(sql.Identifier(s.name) for s in CHANGE_FIELDS)
        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(self._table(CHANGES_TABLE), names)
        with conn.cursor().copy(copy_sql) as copy:
            for i, change in enumerate(changes):
                if i % BATCH == 0:
                    check_cancelled(feedback)
                copy.write_row(_change_values(change, run_id))


def _run_values(run: SyncRun) -> dict[str, Any]:
    values: dict[str, Any] = {
        "started": _iso(run.started),
        "finished": _iso(run.finished),
        "source": run.source,
        "source_date": run.source_date,
        "etag": run.etag,
        "last_modified": run.last_modified,
        "sha256": run.sha256,
        "size": run.size,
        "n_rows": run.n_rows,
        "outcome": run.outcome,
        "message": run.message,
    }
    for spec in RUN_FIELDS:
        if spec.name.startswith("n_") and spec.name != "n_rows":
            values[spec.name] = int(run.counts.get(spec.name[2:], 0))
    return values


def _change_values(change: Change, run_id: int) -> Iterable[Any]:
    return [
        run_id,
        change.key,
        change.title,
        change.field,
        change.old_value,
        change.new_value,
        change.kind,
    ]


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
