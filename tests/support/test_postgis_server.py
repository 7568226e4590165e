"""The throwaway PostGIS server: loopback, non-root, fresh databases, always stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest

from tests.support.postgis_server import BIN_ENV, REQUIRE_ENV, TEMPLATE_DB, PostgisServer

pytestmark = pytest.mark.postgis
ROOT = Path(__file__).resolve().parents[2]


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _run_inner_pytest(tmp_path: Path, test_body: str, env_extra: dict[str, str]) -> str:
    """Run a tiny test file using the fixtures in a child pytest; return its whole output."""
    (tmp_path / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "pytest_plugins = ['tests.support.postgis_server']\n"
    )
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(test_body))
    env = {**os.environ, **env_extra}
    if REQUIRE_ENV not in env_extra:
        env.pop(REQUIRE_ENV, None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:pytest_qgis", "-rs", "-q", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return f"rc={done.returncode}\n{done.stdout}\n{done.stderr}"


def test_server_runs_postgis_on_loopback_as_non_root(postgis_server: PostgisServer):
    with postgis_server.connect() as conn:
        version = conn.execute("SELECT postgis_lib_version()").fetchone()[0]
        server_version = conn.execute("SHOW server_version_num").fetchone()[0]
        addr, port = conn.execute("SELECT host(inet_server_addr()), inet_server_port()").fetchone()
        data_dir = conn.execute("SHOW data_directory").fetchone()[0]
    assert version.startswith("3.")
    # the distribution's PostgreSQL: 15 on Debian 12, 17 on 13, 18 on sid
    assert int(server_version) // 10000 == int(postgis_server.bin_dir.parent.name)
    assert (addr, port) == ("127.0.0.1", postgis_server.port)
    assert Path(data_dir) == postgis_server.data_dir
    assert postgis_server.data_dir.stat().st_uid != 0
    assert str(postgis_server.root).startswith(os.path.realpath(os.environ.get("TMPDIR", "/tmp")))


def test_password_is_required_over_tcp(postgis_server: PostgisServer):
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(postgis_server.conninfo(password="wrong")).close()


def test_fresh_database_has_postgis_and_is_dropped(postgis_server: PostgisServer):
    postgis_server.create_database("t_fresh_check")
    with postgis_server.connect("t_fresh_check") as conn:
        area = conn.execute("SELECT ST_Area(ST_MakeEnvelope(0, 0, 3, 2, 3857))").fetchone()[0]
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    assert area == 6.0
    assert tables == 1  # spatial_ref_sys only
    postgis_server.drop_database("t_fresh_check")
    with postgis_server.connect("postgres") as conn:
        names = [r[0] for r in conn.execute("SELECT datname FROM pg_database ORDER BY 1")]
    assert "t_fresh_check" not in names
    assert TEMPLATE_DB in names and postgis_server.dbname in names


def test_postgis_db_fixture_is_a_private_database(postgis_server: PostgisServer, postgis_db: str):
    with postgis_server.connect(postgis_db) as conn:
        conn.execute("CREATE TABLE probe (id int)")
        conn.execute("INSERT INTO probe VALUES (1), (2)")
        assert conn.execute("SELECT sum(id) FROM probe").fetchone()[0] == 3
    with postgis_server.connect() as conn:
        assert conn.execute("SELECT to_regclass('public.probe')").fetchone()[0] is None


def test_server_stopped_and_removed_even_when_tests_fail(tmp_path: Path):
    output = _run_inner_pytest(
        tmp_path,
        """
        def test_fails(postgis_server):
            print("SERVER", postgis_server.port, postgis_server.root)
            with postgis_server.connect() as conn:
                assert conn.execute("SELECT 1").fetchone()[0] == 1
            assert False, "deliberate failure"
        """,
        {},
    )
    assert "rc=1" in output and "deliberate failure" in output
    line = next(s for s in output.splitlines() if s.startswith("SERVER "))
    _tag, port, root = line.split(" ", 2)
    assert not Path(root).exists()
    assert not _port_open(int(port))


def test_atexit_stops_a_server_nobody_stopped(tmp_path: Path):
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.support import postgis_server as p\n"
        "s = p.start_server()\n"
        "print(s.port, s.root)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    port, root = done.stdout.split()
    assert not Path(root).exists()
    assert not _port_open(int(port))


def test_missing_server_skips_with_a_visible_reason(tmp_path: Path):
    output = _run_inner_pytest(
        tmp_path,
        """
        def test_needs_server(postgis_server):
            raise AssertionError("must not run")
        """,
        {BIN_ENV: str(tmp_path / "no-such-postgres")},
    )
    assert "rc=0" in output
    assert "1 skipped" in output
    assert "throwaway PostGIS server cannot start" in output
    assert "PostgreSQL server binaries not found" in output


def test_missing_server_fails_loudly_when_required(tmp_path: Path):
    output = _run_inner_pytest(
        tmp_path,
        """
        def test_needs_server(postgis_server):
            raise AssertionError("must not run")
        """,
        {BIN_ENV: str(tmp_path / "no-such-postgres"), REQUIRE_ENV: "1"},
    )
    assert "rc=1" in output
    assert "1 error" in output
    assert "PostGIS tests must run" in output
    assert "skipped" not in output
