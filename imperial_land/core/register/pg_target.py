"""The PostGIS register's target string, "pg:<connection>/<schema>" (both parts URL-quoted):
made and read here, without the PostgreSQL driver, so what only names a register (Processing's
inputs, loaded at QGIS start) does not load it."""

from __future__ import annotations

from urllib.parse import quote, unquote

from imperial_land.core.common import UserError, tr

PREFIX = "pg:"


def pg_target(connection: str, schema: str) -> str:
    """The register target for a saved connection and a schema."""
    return f"{PREFIX}{quote(connection, safe='')}/{quote(schema, safe='')}"


def parse_pg_target(target: str) -> tuple[str, str]:
    """(connection name, schema) of a "pg:" target; UserError when malformed."""
    body = target[len(PREFIX) :] if target.startswith(PREFIX) else ""
    connection, _, schema = body.rpartition("/")
    if not connection or not schema:
        raise UserError(
            tr("'{target}' is not a PostGIS register; expected pg:<connection>/<schema>.").format(
                target=target
            )
        )
    return unquote(connection), unquote(schema)
