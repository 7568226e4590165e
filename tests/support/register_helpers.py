"""Test helpers for the claim register: a dump of every table, hand-made register rows, and a
sync from a local GESTIM server."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import shapely

from imperial_land.core.register.backend import APPLIED, RegisterRow, SyncRun
from imperial_land.core.sync.run import sync_register
from tests.support.gestim_builder import COMPANY, cell_polygon, gestim_zip_bytes


def dump(path: Path) -> dict[str, Any]:
    """Every table's rows (in rowid order) and the schema SQL: equal dumps = same register."""
    conn = sqlite3.connect(str(path))
    try:
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        tables = [
            name
            for kind, name, sql in schema
            if kind == "table" and not (sql or "").upper().startswith("CREATE VIRTUAL")
        ]
        rtrees = [n for k, n, s in schema if k == "table" and (s or "").startswith("CREATE VIRT")]
        data = {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
        for name in rtrees:
            data[name] = conn.execute(f'SELECT * FROM "{name}" ORDER BY id').fetchall()
        return {"schema": schema, "data": data}
    finally:
        conn.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cell_wkb(col: int, row: int) -> bytes:
    """A 30" cell as MultiPolygon WKB."""
    return shapely.to_wkb(shapely.MultiPolygon([cell_polygon(col, row)]))


def reg_row(key: str, holder: str = "Société minière du Nord ltée", **values: Any) -> RegisterRow:
    """A register row for title `key` minus its ordinal, in cell (0, 0) unless `cell` given."""
    cell = values.pop("cell", (0, 0))
    base = {
        "TIT_NO": key.rsplit("-", 1)[0],
        "DET_NOM": holder,
        "STI_CODE": "A",
        "STI_DES_FR": "Actif",
        "TIT_DAT_EX": dt.date(2027, 3, 14),
        "TIT_SUPRF": 52.87,
    }
    base.update(values)
    return RegisterRow(key, base, cell_wkb(*cell), "hash-" + key)


def a_run(source: str = "test.zip", **counts: int) -> SyncRun:
    """A run record with fixed times."""
    return SyncRun(
        started=dt.datetime(2026, 11, 23, 6, 0, 0),
        finished=dt.datetime(2026, 11, 23, 6, 0, 5),
        source=source,
        outcome=APPLIED,
        counts=dict(counts),
    )


def gestim_syncer(gestim_server, fast_http, target: Path, cache_dir: Path):
    """`sync(rows, etag)`: publish `rows` as GESTIM's zip on `gestim_server` and sync register
    `target` from it, on 2026-10-01, the company's holder known, no watched layers."""

    def sync(rows: list[dict], etag: str):
        gestim_server.publish(gestim_zip_bytes(rows), etag=etag)
        return sync_register(
            gestim_server.url,
            target,
            today=dt.date(2026, 10, 1),
            cache_dir=cache_dir,
            http_options=fast_http,
            holders=[COMPANY],
            watched=[],
        )

    return sync
