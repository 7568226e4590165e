"""A throwaway PostgreSQL + PostGIS cluster for the tests: one per session, on 127.0.0.1.

The cluster lives in a temporary folder, listens on a free loopback port and runs as a non-root
user (through `runuser -u postgres` when the tests run as root: postgres refuses root). It is
stopped at the end of the session even when tests fail (fixture finaliser and atexit).

Fixtures (a pytest plugin, loaded from tests/conftest.py):
- `postgis_server` (session): the running server, or a visible skip when it cannot start; with
  IMPERIAL_LAND_REQUIRE_POSTGIS=1 (CI) it fails loudly instead of skipping.
- `postgis_db` (function): a fresh database with PostGIS, dropped after the test.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

REQUIRE_ENV = "IMPERIAL_LAND_REQUIRE_POSTGIS"
BIN_ENV = "IMPERIAL_LAND_PG_BIN"
SUPERUSER = "postgres"
TEMPLATE_DB = "imperial_template_postgis"
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "60",
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
    "deadlock_timeout": "200ms",
}


class ServerUnavailable(RuntimeError):
    """The throwaway server cannot start on this machine (the message says why)."""


def find_bin_dir() -> Path:
    """The folder of PostgreSQL's server binaries (initdb, pg_ctl): env override, then Debian's."""
    chosen = os.environ.get(BIN_ENV, "")
    candidates = (
        [chosen]
        if chosen
        else sorted((str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")), reverse=True)
    )
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise ServerUnavailable(
        "PostgreSQL server binaries not found (install postgresql, or set "
        f"{BIN_ENV} to the folder holding initdb)"
    )


def has_postgis(bin_dir: Path) -> bool:
    """Whether the PostGIS extension is installed for the PostgreSQL of `bin_dir`."""
    share = subprocess.run(
        [str(bin_dir / "pg_config"), "--sharedir"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return bool(share) and (Path(share) / "extension" / "postgis.control").exists()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgisServer:
    """A running throwaway cluster and how to reach it."""

    root: Path
    port: int
    password: str
    bin_dir: Path
    run_as: str | None  # the OS user running the server when the tests run as root
    host: str = "127.0.0.1"
    superuser: str = SUPERUSER
    dbname: str = "imperial_test"
    stopped: bool = field(default=False, init=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def conninfo(
        self, dbname: str | None = None, user: str | None = None, password: str | None = None
    ) -> str:
        """A libpq connection string (psycopg) for `dbname` as `user`."""
        from psycopg.conninfo import make_conninfo

        return make_conninfo(
            host=self.host,
            port=self.port,
            dbname=dbname or self.dbname,
            user=user or self.superuser,
            password=self.password if password is None else password,
            connect_timeout=10,
        )

    def connect(self, dbname: str | None = None, autocommit: bool = True):
        """A psycopg connection as the superuser."""
        import psycopg

        return psycopg.connect(self.conninfo(dbname), autocommit=autocommit)

    def create_database(self, name: str) -> None:
        """A new database with PostGIS (a copy of the PostGIS template)."""
        from psycopg import sql

        with self.connect("postgres") as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(TEMPLATE_DB)
                )
            )

    def drop_database(self, name: str) -> None:
        """Drop `name`, closing whatever still connects to it."""
        from psycopg import sql

        with self.connect("postgres") as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def pg_ctl(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """Run pg_ctl on this cluster as the server's OS user."""
        command = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), *args]
        return _run(command, self.run_as, timeout)

    def stop(self) -> None:
        """Stop the server (fast) and delete its folder; safe to call twice."""
        if self.stopped:
            return
        self.stopped = True
        if (self.data_dir / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self.pg_ctl("stop", "-m", "immediate", "-w", "-t", "20", timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)


def _run(command: list[str], run_as: str | None, timeout: float) -> subprocess.CompletedProcess:
    if run_as:
        command = ["runuser", "-u", run_as, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def _server_user() -> str | None:
    """None when we are not root; else the non-root OS user that will own the cluster."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise ServerUnavailable("running as root and no 'postgres' user exists to run the server")


def _init_cluster(bin_dir: Path, root: Path, run_as: str | None, password: str) -> None:
    pwfile = root / "pwfile"
    pwfile.write_text(password + "\n")
    if run_as:
        entry = pwd.getpwnam(run_as)
        for path in (root, pwfile):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    command = [
        str(bin_dir / "initdb"),
        "-D",
        str(root / "data"),
        "-U",
        SUPERUSER,
        f"--pwfile={pwfile}",
        "--auth-host=scram-sha-256",
        "--auth-local=trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    ]
    done = _run(command, run_as, timeout=120)
    pwfile.unlink(missing_ok=True)
    if done.returncode != 0:
        raise ServerUnavailable("initdb failed: " + (done.stderr or done.stdout).strip()[-800:])


def _start(server: PostgisServer) -> None:
    options = {**SERVER_SETTINGS, "port": str(server.port)}
    options["unix_socket_directories"] = str(server.root)
    flags = " ".join(f"-c {key}={value}" for key, value in options.items())
    log = server.root / "server.log"
    done = server.pg_ctl("start", "-w", "-t", "30", "-l", str(log), "-o", flags, timeout=60)
    if done.returncode != 0:
        text = log.read_text(errors="replace") if log.exists() else ""
        raise ServerUnavailable(
            "pg_ctl start failed: " + (done.stderr + done.stdout + text).strip()[-800:]
        )


def _prepare_databases(server: PostgisServer) -> None:
    from psycopg import sql

    with server.connect("postgres") as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE_DB)))
    with server.connect(TEMPLATE_DB) as conn:
        conn.execute("CREATE EXTENSION postgis")
    server.create_database(server.dbname)


def start_server(attempts: int = 3) -> PostgisServer:
    """Initialise and start a throwaway PostGIS cluster; raise ServerUnavailable saying why."""
    bin_dir = find_bin_dir()
    if not has_postgis(bin_dir):
        raise ServerUnavailable(
            f"PostGIS is not installed for {bin_dir} "
            f"(install postgresql-{bin_dir.parent.name}-postgis-3)"
        )
    run_as = _server_user()
    root = Path(tempfile.mkdtemp(prefix="imperial_pg_"))
    password = secrets.token_hex(12)
    server: PostgisServer | None = None
    try:
        _init_cluster(bin_dir, root, run_as, password)
        last_error: Exception | None = None
        for _ in range(attempts):  # the free port may be taken between probe and start
            server = PostgisServer(root, free_port(), password, bin_dir, run_as)
            try:
                _start(server)
                break
            except ServerUnavailable as exc:
                last_error = exc
                server = None
        if server is None:
            raise last_error or ServerUnavailable("server did not start")
        atexit.register(server.stop)
        _prepare_databases(server)
        return server
    except BaseException:
        if server is not None:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
        raise


def _required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgis_server() -> Iterator[PostgisServer]:
    """The session's throwaway PostGIS server (skipped, or failed in CI, when it cannot start)."""
    try:
        server = start_server()
    except (ServerUnavailable, OSError, subprocess.SubprocessError) as exc:
        reason = f"throwaway PostGIS server cannot start: {exc}"
        if _required():
            pytest.fail(f"{reason} ({REQUIRE_ENV}=1: PostGIS tests must run)", pytrace=False)
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgis_db(postgis_server: PostgisServer) -> Iterator[str]:
    """A fresh database with PostGIS for one test; yields its name, drops it afterwards."""
    name = "t_" + secrets.token_hex(6)
    postgis_server.create_database(name)
    try:
        yield name
    finally:
        postgis_server.drop_database(name)


MASTER_PASSWORD = "imperial-land-tests"  # QGIS auth master password of the test profile


def _use_master_password() -> None:
    from qgis.core import QgsApplication

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet() and not manager.setMasterPassword(MASTER_PASSWORD, True):
        pytest.fail(
            "the test QGIS profile's auth database has another master password; "
            "delete .qgis-settings/profiles/default/qgis-auth.db",
            pytrace=False,
        )


def save_basic_connection(
    name: str, host: str, port: int | str, dbname: str, user: str, password: str
) -> str:
    """Store a Basic auth configuration holding `user`/`password` and save a QGIS connection
    `name` that uses it; the configuration's id."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    from imperial_land.core.storage.pg import save_connection

    config = QgsAuthMethodConfig("Basic")
    config.setName(f"imperial {name}")
    config.setConfig("username", user)
    config.setConfig("password", password)
    stored, config = QgsApplication.authManager().storeAuthenticationConfig(config)
    assert stored, "could not store the auth configuration"
    save_connection(name, host, port, dbname, config.id())
    return config.id()


@pytest.fixture
def pg_connection_factory(postgis_server: PostgisServer, qgis_app) -> Iterator:
    """make(dbname, user=None, password=None) -> the name of a saved QGIS connection using an
    authcfg (Basic) that holds the credentials; connections and configs are removed afterwards."""
    from qgis.core import QgsApplication, QgsProviderRegistry

    from imperial_land.core.storage.pg import PROVIDER

    _use_master_password()
    manager = QgsApplication.authManager()
    made: list[tuple[str, str]] = []

    def make(dbname: str, user: str | None = None, password: str | None = None) -> str:
        name = "imperial_test_" + secrets.token_hex(4)
        authcfg = save_basic_connection(
            name,
            postgis_server.host,
            postgis_server.port,
            dbname,
            user or postgis_server.superuser,
            postgis_server.password if password is None else password,
        )
        made.append((name, authcfg))
        return name

    yield make
    metadata = QgsProviderRegistry.instance().providerMetadata(PROVIDER)
    for name, authcfg in made:
        metadata.deleteConnection(name)
        manager.removeAuthenticationConfig(authcfg)


@pytest.fixture
def pg_connection(pg_connection_factory, postgis_db: str) -> str:
    """The name of a saved QGIS connection (superuser, via authcfg) to a fresh database."""
    return pg_connection_factory(postgis_db)
