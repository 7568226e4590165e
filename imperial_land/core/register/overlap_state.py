"""The register's overlap state: which layers its claims are compared with, and the current
overlap pairs of every live claim against them (issue 14), on GeoPackage and PostGIS alike.

Its two tables belong to the register's versioned schema (version 4,
register/overlap_state_schema.py: ``overlap_layers`` and ``overlap_pairs``); a register without a
row in ``overlap_layers`` keeps no overlap state.

Every write is one transaction: configuring replaces the layers and the pairs; an update
replaces the pairs of the given titles (or all) at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from imperial_land.core.common import UserError, tr
from imperial_land.core.register.backend import RegisterBackend
from imperial_land.core.register.overlap_state_schema import LAYERS, LAYERS_TABLE, PAIRS_TABLE
from imperial_land.core.storage import chunks, quote


@dataclass
class StateLayer:
    """One layer the claims are compared with."""

    role: str  # maplayers Role value: parcels, territories, aoi
    source: str
    provider: str = "ogr"
    fields: dict[str, str] = field(default_factory=dict)  # attribute role -> field name
    distance_m: float = 0.0  # territories: the consultation distance
    digest: str = ""  # of the layer's content when the state was computed ("" = not known)


@dataclass
class StateRow:
    """One current pair of a claim with a feature of a configured layer."""

    kind: str  # overlap PairKind value
    title: str
    claim_fid: int
    other_role: str
    other_fid: int
    other_key: str
    relation: str
    overlap_ha: float
    share_claim_pct: float
    share_other_pct: float
    distance_m: float | None
    flag: str
    nation: str
    run_id: int | None = None

    def sort_key(self) -> tuple:
        return (self.kind, self.claim_fid, self.other_role, self.other_fid)


ROW_COLUMNS = [f.name for f in fields(StateRow)]
_row_values = attrgetter(*ROW_COLUMNS)  # a row's values in column order (astuple copies deeply)


class OverlapStateStore:
    """The overlap state of one register (the backend's own connection and transactions)."""

    def __init__(self, register: RegisterBackend) -> None:
        from imperial_land.core.register.gpkg import GpkgRegister

        self.register = register
        self.pg = not isinstance(register, GpkgRegister)

    # -- reading ---------------------------------------------------------------------------
    def configured(self) -> bool:
        """Whether the register keeps an overlap state (its tables hold configured layers; a
        register older than schema version 4 has none until it is upgraded)."""
        if not self._has_tables():
            return False
        query = f"SELECT count(*) FROM {self._name(LAYERS_TABLE)}"
        conn = self._pg() if self.pg else self.register.conn
        return conn.execute(query).fetchone()[0] > 0

    def _has_tables(self) -> bool:
        if self.pg:
            row = (
                self._pg()
                .execute(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_schema = %s AND table_name = ANY(%s)",
                    (self.register.schema, [LAYERS_TABLE, PAIRS_TABLE]),
                )
                .fetchone()
            )
            return row[0] == 2
        found = self.register.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
            (LAYERS_TABLE, PAIRS_TABLE),
        ).fetchone()
        return found[0] == 2

    def layers(self) -> list[StateLayer]:
        """The configured layers, by role ([] when none)."""
        if not self.configured():
            return []
        rows = self._select(
            LAYERS_TABLE, ["role", "source", "provider", "fields", "distance_m", "digest"]
        )
        return [
            StateLayer(
                role, source, provider, json.loads(names or "{}"), float(distance or 0), digest
            )
            for role, source, provider, names, distance, digest in rows
        ]

    def rows(self) -> list[StateRow]:
        """Every pair held, sorted by kind, claim fid, other role and fid."""
        if not self.configured():
            return []
        found = [StateRow(*row) for row in self._select(PAIRS_TABLE, ROW_COLUMNS)]
        return sorted(found, key=StateRow.sort_key)

    # -- writing (each one transaction) ------------------------------------------------------
    def configure(self, layers: list[StateLayer], rows: list[StateRow]) -> None:
        """Keep `layers` and `rows` (a full run) as the state (a register older than version 4
        is upgraded first, every row kept)."""
        if not self._has_tables():
            self.register.ensure_schema()
        values = [
            (
                layer.role,
                layer.source,
                layer.provider,
                json.dumps(layer.fields),
                layer.distance_m,
                layer.digest,
            )
            for layer in layers
        ]

        def work(execute, insert) -> None:
            for table in (LAYERS_TABLE, PAIRS_TABLE):
                execute(f"DELETE FROM {self._name(table)}")
            insert(LAYERS_TABLE, LAYERS.names, values)
            insert(PAIRS_TABLE, ROW_COLUMNS, [_row_values(row) for row in rows])

        self._transaction(work)

    def replace(self, titles: set[str] | None, rows: list[StateRow]) -> None:
        """Replace the pairs of `titles` (None: every pair) with `rows`, all at once."""
        if not self.configured():
            raise UserError(tr("The register keeps no overlap state: configure it first."))
        chosen = sorted(titles) if titles is not None else None

        def work(execute, insert) -> None:
            table = self._name(PAIRS_TABLE)
            if chosen is None:
                execute(f"DELETE FROM {table}")
            else:
                for part in chunks(chosen):
                    mark = "%s" if self.pg else "?"
                    marks = ", ".join([mark] * len(part))
                    execute(f"DELETE FROM {table} WHERE title IN ({marks})", part)
            insert(PAIRS_TABLE, ROW_COLUMNS, [_row_values(row) for row in rows])

        self._transaction(work)

    # -- backend details -------------------------------------------------------------------
    def _pg(self):
        return self.register._db()

    def _name(self, table: str) -> str:
        if not self.pg:
            return quote(table)
        from psycopg import sql

        return sql.Identifier(self.register.schema, table).as_string(self._pg())

    def _column(self, name: str) -> str:
        if not self.pg:
            return quote(name)
        from psycopg import sql

        return sql.Identifier(name).as_string(self._pg())

    def _select(self, table: str, columns: list[str]) -> list[tuple]:
        names = ", ".join(map(self._column, columns))
        # roles are unique; rows() sorts its pairs (no fid: an earlier build's tables have none)
        query = f"SELECT {names} FROM {self._name(table)} ORDER BY 1"
        if self.pg:
            return [tuple(row) for row in self._pg().execute(query).fetchall()]
        return self.register.conn.execute(query).fetchall()

    def _transaction(self, work) -> None:
        if self.pg:
            conn = self._pg()
            with conn.transaction(), conn.cursor() as cursor:

                def insert(table: str, columns: list[str], values: list[tuple]) -> None:
                    if values:
                        names = ", ".join(map(self._column, columns))
                        marks = ", ".join(["%s"] * len(columns))
                        cursor.executemany(
                            f"INSERT INTO {self._name(table)} ({names}) VALUES ({marks})",
                            values,
                        )

                work(lambda query, params=None: cursor.execute(query, params), insert)
            return
        conn = self.register.conn

        def insert_gpkg(table: str, columns: list[str], values: list[tuple]) -> None:
            names = ", ".join(map(self._column, columns))
            marks = ", ".join("?" * len(columns))
            conn.executemany(f"INSERT INTO {self._name(table)} ({names}) VALUES ({marks})", values)

        def execute(query: str, params: Any = None) -> None:
            conn.execute(query, params or ())

        self.register._write(lambda: work(execute, insert_gpkg))
