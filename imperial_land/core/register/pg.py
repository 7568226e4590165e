"""The team claim register in PostGIS: the RegisterBackend of core/register/backend.py.

Target string: "pg:<connection>/<schema>" (both parts URL-quoted), see `pg_target`. A sync
holds an advisory lock on the schema from its first read to the end of `apply`, and writes in
ONE transaction; it updates only GESTIM columns, so land managers editing local fields at the
same time lose nothing (PostgreSQL re-reads each row it updates).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import UserError, ensure_feedback, settings, tr
from imperial_land.core.register.backend import (
    CHANGE_FIELDS,
    CHANGES_TABLE,
    CLAIMS_TABLE,
    DEFAULT_CRS,
    GEOMETRY_COLUMN,
    GONE_COLUMN,
    HASH_COLUMN,
    HOLDER_FIELD,
    KEY_COLUMN,
    RUN_FIELDS,
    RUNS_TABLE,
    Change,
    FieldSpec,
    RegisterBackend,
    RegisterDiff,
    RegisterRow,
    RowState,
    SyncRun,
)
from imperial_land.core.register.pg_ddl import (
    check_version,
    claims_srid,
    create_register,
    existing_tables,
    no_register,
    source_columns,
    srid_of,
)
from imperial_land.core.register.pg_lock import unlock, wait_for_lock
from imperial_land.core.register.pg_target import parse_pg_target, pg_target
from imperial_land.core.register.pg_write import PgWriter
from imperial_land.core.storage import (
    PgConnectionInfo,
    check_rights,
    connect,
    layer_uri,
    load_connection,
    privilege_error,
)

BATCH = 5000


def open_pg_register(target: str) -> PgRegister:
    """The PostGIS register named by a "pg:<connection>/<schema>" target."""
    connection, schema = parse_pg_target(target)
    return PgRegister(load_connection(connection), schema)


def init_pg_register(
    connection: str,
    schema: str,
    crs_authid: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> tuple[str, bool]:
    """Create the register in `schema` when absent; (its target, whether it was created)."""
    feedback = ensure_feedback(feedback)
    register = PgRegister(load_connection(connection), schema)
    try:
        created = register.ensure_schema(crs_authid)
        if created:
            feedback.pushInfo(
                tr("Register created in schema '{schema}' ({crs}).").format(
                    schema=schema, crs=register.crs_authid()
                )
            )
        else:
            feedback.pushInfo(
                tr("Schema '{schema}' already holds a register; it was left as it was.").format(
                    schema=schema
                )
            )
        return pg_target(connection, schema), created
    finally:
        register.close()


class PgRegister(RegisterBackend):
    """A claim register in schema `schema` of a saved PostgreSQL connection."""

    def __init__(self, info: PgConnectionInfo, schema: str) -> None:
        if not schema.strip():
            raise UserError(tr("Name the PostgreSQL schema that holds the register."))
        self.info = info
        self.schema = schema
        self.conn: psycopg.Connection | None = connect(info, autocommit=True)
        self.locked = False
        self.lock_timeout_s = float(settings.get("register/pg_lock_timeout_s"))

    # -- helpers -------------------------------------------------------------------------
    def _db(self) -> psycopg.Connection:
        if self.conn is None or self.conn.closed:
            raise UserError(tr("The register connection is closed."))
        return self.conn

    def _table(self, name: str) -> sql.Identifier:
        return sql.Identifier(self.schema, name)

    def _qualified(self, name: str) -> str:
        return f"{self.schema}.{name}"

    def _read(self, query: sql.Composable, params: Any = None, table: str = CLAIMS_TABLE):
        try:
            return self._db().execute(query, params).fetchall()
        except pg_errors.InsufficientPrivilege as exc:
            raise privilege_error(exc, self._qualified(table), "SELECT") from None
        except pg_errors.UndefinedTable:
            raise no_register(self.schema) from None

    def _read_dicts(
        self, table: str, names: list[str], tail: str, params: Any
    ) -> list[dict[str, Any]]:
        """Columns `names` of `table` (then `tail`: WHERE/ORDER BY/LIMIT) as one dict a row."""
        query = sql.SQL("SELECT {} FROM {} " + tail).format(
            sql.SQL(", ").join(map(sql.Identifier, names)), self._table(table)
        )
        return [dict(zip(names, row)) for row in self._read(query, params, table=table)]

    def lock(self, feedback: QgsProcessingFeedback | None = None) -> None:
        """Take the schema's sync lock (waits up to the configured timeout)."""
        if not self.locked:
            wait_for_lock(self._db(), self.schema, self.lock_timeout_s, feedback)
            self.locked = True

    def unlock(self) -> None:
        """Release the sync lock if held."""
        if self.locked and self.conn is not None and not self.conn.closed:
            unlock(self.conn, self.schema)
        self.locked = False

    # -- RegisterBackend -----------------------------------------------------------------
    def exists(self) -> bool:
        """Whether `schema` already holds a register."""
        return CLAIMS_TABLE in existing_tables(self._db(), self.schema)

    def ensure_schema(self, crs_authid: str | None = None) -> bool:
        """Create the register when absent; True when it did."""
        return create_register(self._db(), self.schema, srid_of(crs_authid or DEFAULT_CRS))

    def crs_authid(self) -> str:
        return f"EPSG:{claims_srid(self._db(), self.schema)}"

    def source_fields(self) -> list[FieldSpec]:
        return source_columns(self._db(), self.schema)

    def read_states(self) -> dict[str, RowState]:
        self.lock()  # a sync starts here: hold the lock until apply() ends
        check_version(self._db(), self.schema)
        rows = self._read(
            sql.SQL("SELECT {}, {}, {} FROM {}").format(
                sql.Identifier(KEY_COLUMN),
                sql.Identifier(HASH_COLUMN),
                sql.Identifier(GONE_COLUMN),
                self._table(CLAIMS_TABLE),
            )
        )
        return {key: RowState(src_hash or "", gone) for key, src_hash, gone in rows}

    def read_rows(self, keys: list[str]) -> dict[str, RegisterRow]:
        fields = self.source_fields()
        query = sql.SQL("SELECT {}, {}, ST_AsBinary({}), {} FROM {} WHERE {} = ANY(%s)").format(
            sql.Identifier(KEY_COLUMN),
            sql.Identifier(HASH_COLUMN),
            sql.Identifier(GEOMETRY_COLUMN),
            sql.SQL(", ").join(sql.Identifier(f.name) for f in fields) if fields else sql.NULL,
            self._table(CLAIMS_TABLE),
            sql.Identifier(KEY_COLUMN),
        )
        found: dict[str, RegisterRow] = {}
        for start in range(0, len(keys), BATCH):
            for row in self._read(query, (keys[start : start + BATCH],)):
                values = {f.name: row[3 + i] for i, f in enumerate(fields)}
                wkb = bytes(row[2]) if row[2] is not None else None
                found[row[0]] = RegisterRow(row[0], values, wkb, row[1] or "")
        return found

    def read_values(self, fields: list[str]) -> dict[str, dict[str, Any]]:
        """reg_key -> {field: value} for the named GESTIM fields of rows still in the source."""
        specs = [s for s in self.source_fields() if s.name in fields]
        query = sql.SQL("SELECT {} FROM {} WHERE {} IS NULL").format(
            sql.SQL(", ").join(sql.Identifier(n) for n in [KEY_COLUMN, *(s.name for s in specs)]),
            self._table(CLAIMS_TABLE),
            sql.Identifier(GONE_COLUMN),
        )
        values: dict[str, dict[str, Any]] = {}
        for key, *raw in self._read(query):
            found = {s.name: value for s, value in zip(specs, raw)}
            values[key] = {name: found.get(name) for name in fields}
        return values

    def holder_texts(self) -> list[str | None]:
        # gone rows' texts may be among them (they match no live row): the holder index alone
        query = sql.SQL("SELECT DISTINCT {} FROM {}").format(
            sql.Identifier(HOLDER_FIELD), self._table(CLAIMS_TABLE)
        )
        texts = [text for (text,) in self._read(query)]
        return sorted(t for t in texts if t is not None) + [None] * (None in texts)

    def read_live(
        self,
        fields: list[str],
        keys: list[str] | None = None,
        holders: list[str] | None = None,
    ) -> dict[str, RegisterRow]:
        names = [s.name for s in self.source_fields() if s.name in fields]
        column, values = (KEY_COLUMN, keys) if keys is not None else (HOLDER_FIELD, holders)
        query = sql.SQL(
            "SELECT {}, {}, ST_AsBinary({}), {} FROM {} WHERE {} = ANY(%s) AND {} IS NULL"
        ).format(
            sql.Identifier(KEY_COLUMN),
            sql.Identifier(HASH_COLUMN),
            sql.Identifier(GEOMETRY_COLUMN),
            sql.SQL(", ").join(map(sql.Identifier, names)) if names else sql.NULL,
            self._table(CLAIMS_TABLE),
            sql.Identifier(column),
            sql.Identifier(GONE_COLUMN),
        )
        chosen = sorted(set(values or []))
        found: dict[str, RegisterRow] = {}
        for start in range(0, len(chosen), BATCH):
            for row in self._read(query, (chosen[start : start + BATCH],)):
                by_name = dict(zip(names, row[3:]))
                wkb = bytes(row[2]) if row[2] is not None else None
                values_of = {name: by_name.get(name) for name in fields}
                found[row[0]] = RegisterRow(row[0], values_of, wkb, row[1] or "")
        return found

    def apply(
        self,
        diff: RegisterDiff,
        run: SyncRun,
        changes: list[Change],
        feedback: QgsProcessingFeedback | None = None,
    ) -> int:
        feedback = ensure_feedback(feedback)
        conn = self._db()
        self.lock(feedback)
        try:
            check_rights(
                conn,
                self.schema,
                {
                    CLAIMS_TABLE: ["SELECT", "INSERT", "UPDATE"],
                    RUNS_TABLE: ["INSERT"],
                    CHANGES_TABLE: ["INSERT"],
                },
            )
            writer = PgWriter(conn, self.schema, self.step, feedback)
            with conn.transaction():
                conn.execute(
                    "SELECT set_config(%s, %s, true)",
                    ("lock_timeout", f"{int(self.lock_timeout_s * 1000)}ms"),
                )
                run_id = writer.write(diff, run, changes)
            return run_id
        except pg_errors.InsufficientPrivilege as exc:
            raise privilege_error(exc) from None
        except pg_errors.LockNotAvailable:
            raise UserError(
                tr(
                    "Rows of register '{schema}' stayed locked by another session; try again."
                ).format(schema=self.schema)
            ) from None
        finally:
            self.unlock()

    def runs(self, limit: int | None = None) -> list[SyncRun]:
        names = ["id", *(spec.name for spec in RUN_FIELDS)]
        rows = self._read_dicts(RUNS_TABLE, names, "ORDER BY id DESC LIMIT %s", (limit,))
        return [_run_from(row) for row in rows]

    def changes(self, run_id: int) -> list[Change]:
        names = [spec.name for spec in CHANGE_FIELDS]
        rows = self._read_dicts(CHANGES_TABLE, names, "WHERE run_id = %s ORDER BY id", (run_id,))
        return [
            Change(
                key=r["reg_key"],
                title=r["title"] or "",
                field=r["field"] or "",
                old_value=r["old_value"],
                new_value=r["new_value"],
                kind=r["kind"],
                run_id=r["run_id"],
            )
            for r in rows
        ]

    def layer_uri(self) -> tuple[str, str]:
        return layer_uri(self.info, self.schema, CLAIMS_TABLE, GEOMETRY_COLUMN, "fid"), "postgres"

    def close(self) -> None:
        if self.conn is not None and not self.conn.closed:
            self.unlock()
            self.conn.close()
        self.conn = None
        self.locked = False


def _run_from(row: dict[str, Any]) -> SyncRun:
    counts = {
        name[2:]: int(value or 0)
        for name, value in row.items()
        if name.startswith("n_") and name != "n_rows"
    }
    return SyncRun(
        started=dt.datetime.fromisoformat(row["started"]),
        finished=dt.datetime.fromisoformat(row["finished"]) if row["finished"] else None,
        source=row["source"] or "",
        outcome=row["outcome"] or "",
        source_date=row["source_date"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        sha256=row["sha256"],
        size=row["size"],
        counts=counts,
        n_rows=int(row["n_rows"] or 0),
        message=row["message"] or "",
        id=int(row["id"]),
    )
