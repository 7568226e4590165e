"""The claim register in a GeoPackage, written with Python's sqlite3 in one transaction per sync."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, tr
from imperial_land.core.register import gpkg_schema
from imperial_land.core.register.backend import (
    BOOKKEEPING_FIELDS,
    CHANGE_KINDS,
    CHANGES_TABLE,
    CLAIMS_TABLE,
    DATE,
    DEFAULT_CRS,
    GEOMETRY_COLUMN,
    GONE_COLUMN,
    HASH_COLUMN,
    HOLDER_FIELD,
    INTEGER,
    KEY_COLUMN,
    LOCAL_FIELDS,
    REAL,
    RUNS_TABLE,
    SCHEMA_VERSION,
    TEXT,
    Change,
    FieldSpec,
    RegisterBackend,
    RegisterDiff,
    RegisterRow,
    RowState,
    SyncRun,
)
from imperial_land.core.register.gpkg_schema import INFO_TABLE, RTREE
from imperial_land.core.storage import chunks, fill_rtree, gpkg_binary, quote

BATCH = 5000  # rows per executemany between cancel checks
_NOT_SOURCE = {"fid", GEOMETRY_COLUMN} | {s.name for s in LOCAL_FIELDS + BOOKKEEPING_FIELDS}


def _kind(declared: str) -> str:
    """The field kind of a column's declared SQL type (SQLite's affinity rules, plus DATE)."""
    declared = declared.upper()
    if declared == "DATE":
        return DATE
    if "INT" in declared:
        return INTEGER
    if any(word in declared for word in ("REAL", "DOUB", "FLOA")):
        return REAL
    return TEXT


def _sql_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _row_values(values: dict[str, Any], names: list[str], dates: list[int]) -> list[Any]:
    """The values in column order, dates (at `dates`) as ISO text."""
    row = [values.get(name) for name in names]
    for index in dates:
        row[index] = _sql_value(row[index])
    return row


class GpkgRegister(RegisterBackend):
    """The register in one GeoPackage file (created on `ensure_schema` when absent)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._fields: list[FieldSpec] | None = None
        self._srs_id: int | None = None

    # -- connection and schema -------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=10)
                conn.execute("PRAGMA schema_version").fetchone()
            except sqlite3.DatabaseError as exc:
                raise UserError(
                    tr("The register '{path}' is not a GeoPackage: {error}").format(
                        path=self.path, error=exc
                    )
                ) from exc
            gpkg_binary.register_functions(conn)
            self._conn = conn
        return self._conn

    def _has_table(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def exists(self) -> bool:
        """Whether the file holds a register (UserError when its 'claims' table is another
        GeoPackage's, e.g. a copy of the land layers: no job reads or writes it as one)."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return False
        if not self._has_table(CLAIMS_TABLE):
            return False
        self._check_register()
        return True

    def _check_register(self) -> None:
        """UserError unless the file's 'claims' table comes with a register's other tables."""
        missing = [t for t in (RUNS_TABLE, CHANGES_TABLE, INFO_TABLE) if not self._has_table(t)]
        if missing or not self._has_table(RTREE):
            raise UserError(
                tr(
                    "'{path}' has a 'claims' table that is not a claim register; "
                    "choose another file."
                ).format(path=self.path)
            )

    def ensure_schema(self, crs_authid: str | None = None) -> bool:
        if self._has_table(CLAIMS_TABLE):
            self._check_register()
            version = gpkg_schema.schema_version(self.conn)
            if version > SCHEMA_VERSION:
                raise UserError(
                    tr(
                        "The register '{path}' has version {found}, newer than this plugin "
                        "knows ({known}); update the plugin."
                    ).format(path=self.path, found=version, known=SCHEMA_VERSION)
                )
            if version < SCHEMA_VERSION:
                self._write(lambda: gpkg_schema.upgrade(self.conn, version))
            return False
        self._write(lambda: gpkg_schema.create(self.conn, crs_authid or DEFAULT_CRS))
        return True

    def _write(self, work) -> Any:
        """Run `work()` in one IMMEDIATE transaction: commit on success, roll back otherwise."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise UserError(
                tr(
                    "The register '{path}' is locked by another program (an editing session "
                    "in QGIS?): save or stop the edits and try again. ({error})"
                ).format(path=self.path, error=exc)
            ) from exc
        try:
            result = work()
            self.step("commit")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self._fields = None
            raise
        return result

    def crs_authid(self) -> str:
        row = self.conn.execute(
            "SELECT s.organization, s.organization_coordsys_id, s.srs_id "
            "FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id "
            "WHERE g.table_name = ?",
            (CLAIMS_TABLE,),
        ).fetchone()
        if row is None:
            raise UserError(tr("The register '{path}' has no claims layer.").format(path=self.path))
        self._srs_id = int(row[2])
        return f"{row[0]}:{row[1]}"

    @property
    def srs_id(self) -> int:
        if self._srs_id is None:
            self.crs_authid()
        return int(self._srs_id or 0)

    def source_fields(self) -> list[FieldSpec]:
        if self._fields is None:
            info = self.conn.execute(f"PRAGMA table_info({CLAIMS_TABLE})").fetchall()
            self._fields = [
                FieldSpec(name, _kind(declared))
                for _cid, name, declared, *_rest in info
                if name not in _NOT_SOURCE
            ]
        return list(self._fields)

    # -- reading ---------------------------------------------------------------------------
    def read_states(self) -> dict[str, RowState]:
        rows = self.conn.execute(
            f"SELECT {KEY_COLUMN}, {HASH_COLUMN}, {GONE_COLUMN} FROM {CLAIMS_TABLE}"
        )
        return {
            key: RowState(digest or "", dt.date.fromisoformat(gone[:10]) if gone else None)
            for key, digest, gone in rows
        }

    def read_digests(self) -> tuple[dict[str, str], dict[str, dt.date]]:
        hashes = dict(
            self.conn.execute(
                f"SELECT {KEY_COLUMN}, COALESCE({HASH_COLUMN}, '') FROM {CLAIMS_TABLE}"
            )
        )
        gone = self.conn.execute(
            f"SELECT {KEY_COLUMN}, {GONE_COLUMN} FROM {CLAIMS_TABLE} "
            f"WHERE {GONE_COLUMN} IS NOT NULL"
        )
        return hashes, {key: dt.date.fromisoformat(text[:10]) for key, text in gone if text}

    def _decode_values(self, specs: list[FieldSpec], raw: tuple) -> dict[str, Any]:
        values = {}
        for spec, value in zip(specs, raw):
            if spec.kind == DATE and isinstance(value, str) and value:
                value = dt.date.fromisoformat(value[:10])
            values[spec.name] = value
        return values

    def read_rows(self, keys: list[str]) -> dict[str, RegisterRow]:
        specs = self.source_fields()
        columns = ", ".join(quote(s.name) for s in specs)
        found: dict[str, RegisterRow] = {}
        for chunk in chunks(list(keys)):
            marks = ", ".join("?" * len(chunk))
            cursor = self.conn.execute(
                f"SELECT {KEY_COLUMN}, {HASH_COLUMN}, {GEOMETRY_COLUMN}, {columns} "
                f"FROM {CLAIMS_TABLE} WHERE {KEY_COLUMN} IN ({marks})",
                chunk,
            )
            for key, digest, blob, *raw in cursor:
                values = self._decode_values(specs, tuple(raw))
                found[key] = RegisterRow(key, values, gpkg_binary.decode(blob), digest or "")
        return found

    def read_values(self, fields: list[str]) -> dict[str, dict[str, Any]]:
        specs = [s for s in self.source_fields() if s.name in fields]
        columns = ", ".join([KEY_COLUMN, *[quote(s.name) for s in specs]])
        cursor = self.conn.execute(
            f"SELECT {columns} FROM {CLAIMS_TABLE} WHERE {GONE_COLUMN} IS NULL"
        )
        result = {}
        for key, *raw in cursor:
            values = self._decode_values(specs, tuple(raw))
            result[key] = {name: values.get(name) for name in fields}
        return result

    def holder_texts(self) -> list[str | None]:
        # DISTINCT over the holder index alone (version 4): gone rows' texts may be among
        # them (they match no live row), and no row is read into Python
        cursor = self.conn.execute(
            f"SELECT DISTINCT {quote(HOLDER_FIELD)} FROM {CLAIMS_TABLE} ORDER BY 1"
        )
        texts = [text for (text,) in cursor]
        return [t for t in texts if t is not None] + [None] * (None in texts)

    def read_live(
        self,
        fields: list[str],
        keys: list[str] | None = None,
        holders: list[str] | None = None,
    ) -> dict[str, RegisterRow]:
        specs = [s for s in self.source_fields() if s.name in fields]
        columns = ", ".join(
            [KEY_COLUMN, HASH_COLUMN, GEOMETRY_COLUMN, *(quote(s.name) for s in specs)]
        )
        column, values = (KEY_COLUMN, keys) if keys is not None else (quote(HOLDER_FIELD), holders)
        found: dict[str, RegisterRow] = {}
        for chunk in chunks(sorted(set(values or []))):
            marks = ", ".join("?" * len(chunk))
            cursor = self.conn.execute(
                f"SELECT {columns} FROM {CLAIMS_TABLE} "
                f"WHERE {column} IN ({marks}) AND {GONE_COLUMN} IS NULL",
                chunk,
            )
            for key, digest, blob, *raw in cursor:
                decoded = self._decode_values(specs, tuple(raw))
                row_values = {name: decoded.get(name) for name in fields}
                found[key] = RegisterRow(key, row_values, gpkg_binary.decode(blob), digest or "")
        return found

    def runs(self, limit: int | None = None) -> list[SyncRun]:
        sql = f"SELECT * FROM {RUNS_TABLE} ORDER BY fid DESC"
        cursor = self.conn.execute(sql + (f" LIMIT {int(limit)}" if limit else ""))
        names = [d[0] for d in cursor.description]
        result = []
        for raw in cursor:
            row = dict(zip(names, raw))
            result.append(
                SyncRun(
                    id=row["fid"],
                    started=dt.datetime.fromisoformat(row["started"]),
                    finished=dt.datetime.fromisoformat(row["finished"])
                    if row["finished"]
                    else None,
                    source=row["source"],
                    outcome=row["outcome"],
                    source_date=dt.date.fromisoformat(row["source_date"])
                    if row["source_date"]
                    else None,
                    etag=row["etag"],
                    last_modified=row["last_modified"],
                    sha256=row["sha256"],
                    size=row["size"],
                    counts={kind: int(row[f"n_{kind}"] or 0) for kind in CHANGE_KINDS},
                    n_rows=int(row["n_rows"] or 0),
                    message=row["message"] or "",
                )
            )
        return result

    def changes(self, run_id: int) -> list[Change]:
        cursor = self.conn.execute(
            f"SELECT run_id, {KEY_COLUMN}, title, field, old_value, new_value, kind "
            f"FROM {CHANGES_TABLE} WHERE run_id = ? ORDER BY fid",
            (run_id,),
        )
        return [
            Change(key, title, name, old, new, kind, run_id=run)
            for run, key, title, name, old, new, kind in cursor
        ]

    def layer_uri(self) -> tuple[str, str]:
        return f"{self.path}|layername={CLAIMS_TABLE}", "ogr"

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- writing ---------------------------------------------------------------------------
    def apply(
        self,
        diff: RegisterDiff,
        run: SyncRun,
        changes: list[Change],
        feedback: QgsProcessingFeedback | None = None,
    ) -> int:
        feedback = ensure_feedback(feedback)
        return self._write(lambda: _Writer(self, diff, run, feedback).write(changes))


class _Writer:
    """The steps of one `apply`, inside the transaction `GpkgRegister._write` opened."""

    def __init__(
        self,
        register: GpkgRegister,
        diff: RegisterDiff,
        run: SyncRun,
        feedback: QgsProcessingFeedback,
    ) -> None:
        self.register = register
        self.conn = register.conn
        self.diff = diff
        self.run = run
        self.feedback = feedback
        self.total = max(1, diff.n_rows())
        self.done = 0

    def progress(self, rows: int) -> None:
        check_cancelled(self.feedback)
        self.done += rows
        self.feedback.setProgress(100.0 * self.done / self.total)
        self.feedback.setProgressText(
            tr("Written {done} of {total} rows").format(done=self.done, total=self.total)
        )

    def write(self, changes: list[Change]) -> int:
        register, diff = self.register, self.diff
        register.step("run")
        run_id = self.insert_run()
        register.step("columns")
        for spec in diff.new_fields:
            self.conn.execute(
                f"ALTER TABLE {CLAIMS_TABLE} ADD COLUMN {gpkg_schema.column_sql(spec)}"
            )
        register._fields = None
        specs = register.source_fields()
        triggers = gpkg_schema.rtree_triggers(self.conn)
        for name, _sql in triggers:  # the R-tree is kept below, without per-row SQL functions
            self.conn.execute(f"DROP TRIGGER {quote(name)}")
        register.step("insert")
        self.insert(specs, run_id)
        register.step("update")
        self.update(specs, diff.changed, run_id, back=False)
        register.step("gone")
        self.mark_gone(run_id)
        register.step("back")
        self.update(specs, diff.back, run_id, back=True)
        for _name, sql in triggers:
            self.conn.execute(sql)
        self.update_contents()
        register.step("changes")
        self.conn.executemany(
            f"INSERT INTO {CHANGES_TABLE} (run_id, {KEY_COLUMN}, title, field, old_value, "
            "new_value, kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(run_id, c.key, c.title, c.field, c.old_value, c.new_value, c.kind) for c in changes],
        )
        check_cancelled(self.feedback)
        return run_id

    def insert_run(self) -> int:
        run = self.run
        names = [
            "started",
            "finished",
            "source",
            "source_date",
            "etag",
            "last_modified",
            "sha256",
            "size",
            *[f"n_{kind}" for kind in CHANGE_KINDS],
            "n_rows",
            "outcome",
            "message",
        ]
        values = [
            _sql_value(run.started),
            _sql_value(run.finished),
            run.source,
            _sql_value(run.source_date),
            run.etag,
            run.last_modified,
            run.sha256,
            run.size,
            *[int(run.counts.get(kind, 0)) for kind in CHANGE_KINDS],
            run.n_rows,
            run.outcome,
            run.message,
        ]
        cursor = self.conn.execute(
            f"INSERT INTO {RUNS_TABLE} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            values,
        )
        return int(cursor.lastrowid)

    def _geometry(self, rows: list[RegisterRow]) -> tuple[list, np.ndarray, np.ndarray]:
        """The rows' GeoPackage blobs, their (n, 4) boxes and which rows have a box."""
        return gpkg_binary.geopackage_blobs(
            [row.geometry_wkb for row in rows], self.register.srs_id
        )

    def insert(self, specs: list[FieldSpec], run_id: int) -> None:
        names = [s.name for s in specs]
        dates = [i for i, s in enumerate(specs) if s.kind == DATE]
        columns = ", ".join(
            ["fid", GEOMETRY_COLUMN, KEY_COLUMN, HASH_COLUMN, "first_run_id", "last_run_id"]
            + [quote(n) for n in names]
        )
        marks = ", ".join("?" * (6 + len(names)))
        sql = f"INSERT INTO {CLAIMS_TABLE} ({columns}) VALUES ({marks})"
        next_fid = self.conn.execute(f"SELECT COALESCE(MAX(fid), 0) FROM {CLAIMS_TABLE}")
        fid = int(next_fid.fetchone()[0])
        seq = self.conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (CLAIMS_TABLE,)
        ).fetchone()
        fid = max(fid, int(seq[0]) if seq else 0)
        # Into an empty R-tree (a first sync) the boxes go in one packed pass at the end.
        pack = self.conn.execute(f"SELECT 1 FROM {quote(RTREE + '_rowid')} LIMIT 1").fetchone()
        packed: list[tuple[np.ndarray, np.ndarray]] | None = [] if pack is None else None
        for chunk in chunks(self.diff.new, BATCH):
            blobs, boxes, present = self._geometry(chunk)
            fids = np.arange(fid + 1, fid + 1 + len(chunk))
            fid += len(chunk)
            self.conn.executemany(
                sql,
                [
                    (
                        f,
                        blob,
                        row.key,
                        row.src_hash,
                        run_id,
                        run_id,
                        *_row_values(row.values, names, dates),
                    )
                    for f, blob, row in zip(fids.tolist(), blobs, chunk)
                ],
            )
            if packed is None:
                self.conn.executemany(
                    f"INSERT OR REPLACE INTO {RTREE} VALUES (?, ?, ?, ?, ?)",
                    [(f, *box) for f, box in zip(fids[present].tolist(), boxes[present].tolist())],
                )
            else:  # kept as arrays until packed: 40 bytes a box
                packed.append((fids[present], boxes[present]))
            self.progress(len(chunk))
        if packed:
            ids, boxes = zip(*packed)
            fill_rtree(self.conn, RTREE, np.concatenate(ids), np.concatenate(boxes))

    def update(self, specs: list[FieldSpec], rows: list[RegisterRow], run_id: int, back: bool):
        names = [s.name for s in specs]
        dates = [i for i, s in enumerate(specs) if s.kind == DATE]
        sets = ", ".join(
            [f"{GEOMETRY_COLUMN} = ?", f"{HASH_COLUMN} = ?", "last_run_id = ?"]
            + ([f"{GONE_COLUMN} = NULL"] if back else [])
            + [f"{quote(n)} = ?" for n in names]
        )
        sql = f"UPDATE {CLAIMS_TABLE} SET {sets} WHERE {KEY_COLUMN} = ?"
        for chunk in chunks(rows, BATCH):
            blobs, boxes, present = self._geometry(chunk)
            self.conn.executemany(
                sql,
                [
                    (
                        blob,
                        row.src_hash,
                        run_id,
                        *_row_values(row.values, names, dates),
                        row.key,
                    )
                    for blob, row in zip(blobs, chunk)
                ],
            )
            fids = self._fids([row.key for row in chunk])
            self.conn.executemany(
                f"DELETE FROM {RTREE} WHERE id = ?", [(fids[row.key],) for row in chunk]
            )
            self.conn.executemany(
                f"INSERT INTO {RTREE} VALUES (?, ?, ?, ?, ?)",
                [
                    (fids[row.key], *box)
                    for row, box, ok in zip(chunk, boxes.tolist(), present.tolist())
                    if ok
                ],
            )
            self.progress(len(chunk))

    def _fids(self, keys: list[str]) -> dict[str, int]:
        found = {}
        for chunk in chunks(keys):
            marks = ", ".join("?" * len(chunk))
            found.update(
                self.conn.execute(
                    f"SELECT {KEY_COLUMN}, fid FROM {CLAIMS_TABLE} WHERE {KEY_COLUMN} IN ({marks})",
                    chunk,
                ).fetchall()
            )
        return found

    def mark_gone(self, run_id: int) -> None:
        gone_date = _sql_value(self.diff.gone_date or dt.date.today())
        for chunk in chunks(self.diff.gone, BATCH):
            self.conn.executemany(
                f"UPDATE {CLAIMS_TABLE} SET {GONE_COLUMN} = ?, last_run_id = ? "
                f"WHERE {KEY_COLUMN} = ?",
                [(gone_date, run_id, key) for key in chunk],
            )
            self.progress(len(chunk))

    def update_contents(self) -> None:
        box = self.conn.execute(
            f"SELECT MIN(minx), MIN(miny), MAX(maxx), MAX(maxy) FROM {RTREE}"
        ).fetchone()
        self.conn.execute(
            "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, "
            "last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE table_name = ?",
            (*box, CLAIMS_TABLE),
        )


def open_register(target: str | Path | None = None) -> RegisterBackend:
    """The register at `target`: a GeoPackage path (default: the profile's), or "pg:..." PostGIS."""
    if target is None or str(target).strip() == "":
        from imperial_land.core.common import default_register_path

        target = default_register_path()
    text = str(target)
    if text.startswith("pg:"):
        from imperial_land.core.register.pg import open_pg_register  # PostGIS engineer's module

        return open_pg_register(text)
    return GpkgRegister(Path(text))
