"""SQL on a register's own tables, the same way on a GeoPackage and on PostGIS.

The jobs that keep tables in the register beside the claims (consultation, field notes) write
one query text with `?` markers; this turns it into each backend's dialect, names the table in
the register's schema, and runs a piece of work in one transaction of the register.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from imperial_land.core.register.backend import RegisterBackend


class RegisterTables:
    """Queries and transactions on the tables of one open register (GpkgRegister or PgRegister)."""

    def __init__(self, register: RegisterBackend) -> None:
        self.register = register
        register.ensure_schema()  # brings an older register to the current version
        self.is_pg = hasattr(register, "schema")

    def _name(self, table: str) -> str:
        """`table` as the query names it (schema-qualified and quoted on PostGIS)."""
        if self.is_pg:
            from psycopg import sql

            conn = self.register._db()  # type: ignore[attr-defined]
            return sql.Identifier(self.register.schema, table).as_string(conn)  # type: ignore
        return table

    def _rows(self, query: str, params: Iterable[Any] = ()) -> list[tuple]:
        """The rows `query` (with `?` markers) gives; [] for a statement that gives none."""
        if self.is_pg:
            conn = self.register._db()  # type: ignore[attr-defined]
            cursor = conn.execute(query.replace("?", "%s"), tuple(params))
            return cursor.fetchall() if cursor.description else []
        return self.register.conn.execute(query, tuple(params)).fetchall()  # type: ignore

    def transaction(self, work: Callable[[], Any]) -> Any:
        """Run `work()` in one transaction of the register (all or nothing)."""
        if self.is_pg:
            from psycopg import errors as pg_errors

            from imperial_land.core.storage import privilege_error

            conn = self.register._db()  # type: ignore[attr-defined]
            try:
                with conn.transaction():
                    return work()
            except pg_errors.InsufficientPrivilege as exc:  # rolled back: nothing written
                raise privilege_error(exc) from None
        return self.register._write(work)  # type: ignore[attr-defined]
