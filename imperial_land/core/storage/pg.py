"""PostgreSQL through QGIS's saved connections, with credentials from QgsAuthManager only.

A saved connection ("PostgreSQL/connections/<name>" in the QGIS settings) gives host, port,
database and an authentication configuration id (authcfg). The user name and password are read
from QgsAuthManager when connecting and handed to psycopg only: they are never stored in the
project, the settings, a layer source or a message. Layer sources carry the authcfg id.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Iterator

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from qgis.core import (
    QgsApplication,
    QgsAuthMethodConfig,
    QgsDataSourceUri,
    QgsProviderConnectionException,
    QgsProviderRegistry,
    QgsSettings,
)

from imperial_land.core.common import UserError, tr

PROVIDER = "postgres"
SETTINGS_GROUP = "PostgreSQL/connections"
_PREFER = QgsDataSourceUri.SslMode.SslPrefer
APPLICATION_NAME = "imperial_land"
CONNECT_TIMEOUT_S = 15


@dataclass(frozen=True)
class PgConnectionInfo:
    """A saved QGIS PostgreSQL connection; holds no password, only the authcfg id."""

    name: str
    host: str
    port: str
    dbname: str
    authcfg: str
    sslmode: str = ""
    service: str = ""
    username: str = ""  # only when the connection has no authcfg (e.g. a .pgpass or trust)

    @classmethod
    def from_uri(cls, uri: QgsDataSourceUri, name: str) -> PgConnectionInfo:
        """The connection a data source URI points at (its password, if any, is not kept)."""
        return cls(
            name=name,
            host=uri.host(),
            port=uri.port(),
            dbname=uri.database(),
            authcfg=uri.authConfigId(),
            sslmode=QgsDataSourceUri.encodeSslMode(uri.sslMode()) if uri.host() else "",
            service=uri.service(),
            username=uri.username(),
        )


def _metadata():
    return QgsProviderRegistry.instance().providerMetadata(PROVIDER)


def load_connection(name: str) -> PgConnectionInfo:
    """The saved connection `name`; UserError when missing or when it keeps a plain password."""
    try:
        connection = _metadata().findConnection(name) if name else None
    except QgsProviderConnectionException:
        connection = None
    if connection is None:
        raise UserError(
            tr(
                "There is no saved PostgreSQL connection named '{name}'; "
                "create it in the Data Source Manager (PostgreSQL)."
            ).format(name=name)
        )
    uri = QgsDataSourceUri(connection.uri())
    if uri.password() or QgsSettings().value(f"{SETTINGS_GROUP}/{name}/password", ""):
        raise UserError(
            tr(
                "The PostgreSQL connection '{name}' keeps its password in the QGIS settings; "
                "edit it to store the credentials in an authentication configuration instead."
            ).format(name=name)
        )
    return PgConnectionInfo.from_uri(uri, name)


def save_connection(name: str, host: str, port: int | str, dbname: str, authcfg: str) -> None:
    """Save a PostgreSQL connection in QGIS that uses authentication configuration `authcfg`."""
    uri = QgsDataSourceUri()
    uri.setConnection(host, str(port), dbname, "", "", _PREFER, authcfg)
    metadata = _metadata()
    metadata.saveConnection(metadata.createConnection(uri.uri(False), {}), name)


def _credentials(info: PgConnectionInfo) -> tuple[str, str]:
    """(user, password) from QgsAuthManager for the connection's authcfg."""
    if not info.authcfg:
        return info.username, ""
    manager = QgsApplication.authManager()
    loaded, config = manager.loadAuthenticationConfig(info.authcfg, QgsAuthMethodConfig(), True)
    if not loaded or not config.isValid(True):
        raise UserError(
            tr(
                "The credentials of authentication configuration '{authcfg}' (connection "
                "'{name}') cannot be read; check that it exists and that the QGIS master "
                "password is set."
            ).format(authcfg=info.authcfg, name=info.name)
        )
    if config.method() != "Basic":
        raise UserError(
            tr(
                "Authentication configuration '{authcfg}' uses the method '{method}'; "
                "use a Basic (user name and password) configuration for the register."
            ).format(authcfg=info.authcfg, method=config.method())
        )
    return config.config("username"), config.config("password")


def _conninfo_kwargs(info: PgConnectionInfo) -> dict[str, str | int]:
    user, password = _credentials(info)
    params: dict[str, str | int] = {
        "application_name": APPLICATION_NAME,
        "connect_timeout": CONNECT_TIMEOUT_S,
    }
    for key, value in (
        ("service", info.service),
        ("host", info.host),
        ("port", info.port),
        ("dbname", info.dbname),
        ("user", user),
        ("password", password),
        ("sslmode", info.sslmode),
    ):
        if value:
            params[key] = value
    return params


def _scrub(text: str, secret: str) -> str:
    """`text` with `secret` masked (messages from the driver must never show a password)."""
    return text.replace(secret, "********") if secret else text


def connect(info: PgConnectionInfo | str, autocommit: bool = False) -> psycopg.Connection:
    """A psycopg connection for a saved connection (or its name); UserError when it fails."""
    if isinstance(info, str):
        info = load_connection(info)
    return _open(_conninfo_kwargs(info), info.name, autocommit)


def _open(params: dict[str, str | int], name: str, autocommit: bool) -> psycopg.Connection:
    """psycopg.connect(**params); UserError naming connection `name`, password masked."""
    try:
        return psycopg.connect(autocommit=autocommit, **params)
    except psycopg.Error as exc:
        reason = _scrub(str(exc).strip(), str(params.get("password", "")))
        raise UserError(
            tr("Cannot connect to the PostgreSQL connection '{name}': {reason}").format(
                name=name, reason=reason
            )
        ) from None


def layer_uri(
    info: PgConnectionInfo, schema: str, table: str, geometry: str | None, key: str | None
) -> str:
    """A QGIS "postgres" data source for `schema.table`, with the authcfg and no password."""
    mode = QgsDataSourceUri.decodeSslMode(info.sslmode) if info.sslmode else _PREFER
    user = "" if info.authcfg else info.username
    uri = QgsDataSourceUri()
    if info.service:
        uri.setConnection(info.service, info.dbname, user, "", mode, info.authcfg)
    else:
        uri.setConnection(info.host, info.port, info.dbname, user, "", mode, info.authcfg)
    uri.setDataSource(schema, table, geometry, "", key or "")
    return uri.uri(False)


_DENIED = re.compile(r"permission denied for (?:\w+ )?(\S+)")


def lacks_right(right: str, table: str) -> UserError:
    """The translated message for a role that lacks `right` on `table`."""
    return UserError(
        tr(
            "Your database role lacks the {right} right on '{table}'; ask the database "
            "administrator to grant it (see the PostGIS set-up in the documentation)."
        ).format(right=right, table=table)
    )


def privilege_error(
    exc: pg_errors.InsufficientPrivilege, table: str | None = None, right: str | None = None
) -> UserError:
    """A translated UserError naming the object and the right a role lacks."""
    if table is None:
        found = _DENIED.search(exc.diag.message_primary or str(exc))
        table = found.group(1) if found else "?"
    return lacks_right(right or tr("required"), table)


@contextlib.contextmanager
def needs_right(table: str, right: str) -> Iterator[None]:
    """Turn a permission error inside the block into a UserError naming `table` and `right`."""
    try:
        yield
    except pg_errors.InsufficientPrivilege as exc:
        raise privilege_error(exc, table, right) from None


def check_rights(conn: psycopg.Connection, schema: str, wanted: dict[str, list[str]]) -> None:
    """Raise a UserError for the first right the role lacks: {table: [rights]} in `schema`
    (one query for them all: one round trip to a distant server)."""
    asked = [(table, right) for table, rights in wanted.items() for right in rights]
    if not asked:
        return
    rows = conn.execute(
        "SELECT has_table_privilege(current_user, t::regclass, r) "
        "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS w(t, r, n) ORDER BY n",
        (
            [sql.Identifier(schema, table).as_string(conn) for table, _right in asked],
            [right for _table, right in asked],
        ),
    ).fetchall()
    for (allowed,), (table, right) in zip(rows, asked):
        if not allowed:
            raise lacks_right(right, f"{schema}.{table}")


def connect_uri(uri: QgsDataSourceUri, name: str, autocommit: bool = True) -> psycopg.Connection:
    """A psycopg connection to the database of a layer source (`name` is for messages)."""
    info = PgConnectionInfo.from_uri(uri, name)
    params = _conninfo_kwargs(info)
    if uri.password() and not info.authcfg:
        params["password"] = uri.password()  # the layer's own; used here, never kept or shown
    return _open(params, name, autocommit)


def same_database(uris: list[QgsDataSourceUri]) -> bool:
    """Whether every source points at one database (same service or host, port and name)."""
    keys = {(u.service(), u.host(), u.port() or "5432", u.database()) for u in uris}
    return len(keys) == 1
