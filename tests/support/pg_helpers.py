"""Small builders for the PostGIS register tests: rows, runs, diffs, and reading rows back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from psycopg import sql
from qgis.core import QgsGeometry

from imperial_land.core.register.backend import (
    APPLIED,
    RegisterDiff,
    RegisterRow,
    SyncRun,
)

RUN_DAY = dt.datetime(2026, 11, 23, 6, 0, 0)


def square_wkb(x: float, y: float, size: float = 0.01) -> bytes:
    """A MultiPolygon square (degrees) as WKB."""
    geometry = QgsGeometry.fromWkt(
        f"MULTIPOLYGON((({x} {y}, {x + size} {y}, {x + size} {y + size}, {x} {y + size}, {x} {y})))"
    )
    return bytes(geometry.asWkb())


def claim(key: str, holder: str, status: str = "Actif", x: float = -66.4) -> RegisterRow:
    """A register row for title `key` (key "T-1" -> TIT_NO "T")."""
    values = {
        "TIT_NO": key.rsplit("-", 1)[0],
        "DET_NOM": holder,
        "STI_DES_FR": status,
        "TIT_DAT_EX": dt.date(2028, 5, 1),
        "TIT_SUPRF": 52.5,
    }
    return RegisterRow(key, values, square_wkb(x, 50.2), f"h-{key}-{holder}-{status}-{x}")


def run(counts: dict[str, int] | None = None, day: dt.datetime = RUN_DAY) -> SyncRun:
    """A sync run record."""
    return SyncRun(
        started=day,
        finished=day + dt.timedelta(seconds=5),
        source="test",
        outcome=APPLIED,
        counts=counts or {},
        n_rows=3,
    )


def diff(**kwargs: Any) -> RegisterDiff:
    """A RegisterDiff with the run date set."""
    made = RegisterDiff(**kwargs)
    made.gone_date = RUN_DAY.date()
    return made


def rows(conninfo: str, schema: str, columns: list[str]) -> list[tuple]:
    """reg_key plus `columns` of every claim, ordered by reg_key."""
    with psycopg.connect(conninfo) as conn:
        query = sql.SQL("SELECT {} FROM {} ORDER BY reg_key").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in ["reg_key", *columns]),
            sql.Identifier(schema, "claims"),
        )
        return [tuple(r) for r in conn.execute(query).fetchall()]


def count(conninfo: str, schema: str, table: str) -> int:
    """Rows in `schema.table`."""
    with psycopg.connect(conninfo) as conn:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
        return int(conn.execute(query).fetchone()[0])
