"""PostGIS benchmark: the overlap report in SQL vs the in-process engine, and edits during a sync.

    PYTHONPATH=. .venv/bin/python bench/bench_postgis.py [--scale 1.0] [--clients 8] [--seconds 30]

Starts a throwaway PostgreSQL/PostGIS cluster on 127.0.0.1 (tests/support/postgis_server.py),
loads the synthetic province (bench/province.py) with ogr2ogr, then, each in its own child
process (peak RSS = that child's ru_maxrss):
- sql: `core.engine_sql.run_overlap_sql` on the PostGIS layers;
- python_pg: `core.engine.run_overlap` (in-process) on the same PostGIS layers;
- python_gpkg: `core.engine.run_overlap` on the province GeoPackages (the default set-up);
- concurrency: a register in PostGIS holding every claim; `--clients` threads update local
  fields for `--seconds` while a sync changing 1 % of the claims (holder) runs; reports edits
  made, edits lost (must be 0), GESTIM changes lost (must be 0) and the sync's time.
The server is stopped at the end, also on failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ROLES = ("claims", "parcels", "territories")
SCHEMA = "province"
REGISTER = "team_register"


def peak_mib() -> float:
    """Peak resident memory of this process, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# -- parent: server, load, children --------------------------------------------------------
def load_province(server, paths: dict[str, Path]) -> float:
    """ogr2ogr every layer into SCHEMA (COPY, GIST index, integer key "fid"); seconds."""
    began = time.monotonic()
    with server.connect() as conn:
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    env = {**os.environ, "PGPASSWORD": server.password}
    target = (
        f"PG:host={server.host} port={server.port} dbname={server.dbname} user={server.superuser}"
    )
    for role, path in paths.items():
        command = ["ogr2ogr", "-f", "PostgreSQL", target, str(path), role]
        command += ["-nln", f"{SCHEMA}.{role}", "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"]
        command += ["-lco", "SPATIAL_INDEX=GIST", "-lco", "LAUNDER=NO"]
        command += ["--config", "PG_USE_COPY", "YES"]
        subprocess.run(command, env=env, check=True)
    return time.monotonic() - began


def server_cpu_s(server) -> float | None:
    """CPU seconds used so far by the server: its postmaster and the backends it has reaped
    (a run's backend ends with its connection); None where /proc cannot tell."""
    try:
        pid = (server.data_dir / "postmaster.pid").read_text().split()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def child(mode: str, server, args: argparse.Namespace, paths: dict[str, Path]) -> dict:
    """Run one measured job in a fresh process; its JSON line, with the CPU seconds the server
    spent meanwhile (`server_cpu_s`: the SQL engine's work is there)."""
    env = {
        **os.environ,
        "BENCH_PG": json.dumps({"host": server.host, "port": server.port, "db": server.dbname}),
        "BENCH_PG_PASSWORD": server.password,
        "BENCH_PATHS": json.dumps({k: str(v) for k, v in paths.items()}),
        "QT_QPA_PLATFORM": "offscreen",
    }
    command = [sys.executable, __file__, "--child", mode, "--clients", str(args.clients)]
    command += ["--seconds", str(args.seconds)]
    before = server_cpu_s(server)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    time.sleep(0.5)  # the backend's exit reaped by the postmaster
    after = server_cpu_s(server)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    result = json.loads(lines[-1])
    if before is not None and after is not None:
        result["server_cpu_s"] = round(after - before, 2)
    return result


# -- child: QGIS with a throwaway profile and a saved connection using an authcfg --------------
def qgis_with_connection():
    """A headless QGIS (temporary profile) with a saved connection "bench"; its name."""
    from qgis.core import QgsApplication

    from tests.support.postgis_server import save_basic_connection

    profile = tempfile.mkdtemp(prefix="bench_qgis_")
    app = QgsApplication([], False, profile)
    app.initQgis()
    QgsApplication.authManager().setMasterPassword("bench-master", True)
    pg = json.loads(os.environ["BENCH_PG"])
    password = os.environ["BENCH_PG_PASSWORD"]
    save_basic_connection("bench", pg["host"], pg["port"], pg["db"], "postgres", password)
    return app, "bench"


def pg_layers(connection: str) -> dict:
    from qgis.core import QgsVectorLayer

    from imperial_land.core.storage.pg import layer_uri, load_connection

    info = load_connection(connection)
    layers = {
        role: QgsVectorLayer(layer_uri(info, SCHEMA, role, "geom", "fid"), role, "postgres")
        for role in ROLES
    }
    assert all(layer.isValid() for layer in layers.values())
    return layers


def gpkg_layers() -> dict:
    from qgis.core import QgsVectorLayer

    paths = json.loads(os.environ["BENCH_PATHS"])
    return {role: QgsVectorLayer(f"{paths[role]}|layername={role}", role, "ogr") for role in ROLES}


def overlap_options():
    from imperial_land.core.maplayers.fields import TerritoryFields
    from imperial_land.core.overlap.engine import OverlapOptions

    return OverlapOptions(territory_fields=TerritoryFields(distance="DISTANCE_M"))


def run_report(mode: str) -> dict:
    _app, connection = qgis_with_connection()
    from imperial_land.core.overlap.engine import run_overlap
    from imperial_land.core.overlap.sql.engine import run_overlap_sql

    layers = gpkg_layers() if mode == "python_gpkg" else pg_layers(connection)
    engine = run_overlap_sql if mode == "sql" else run_overlap
    began, cpu = time.monotonic(), os.times()
    result = engine(
        layers["claims"], layers["parcels"], layers["territories"], None, overlap_options()
    )
    seconds = time.monotonic() - began
    cpu_s = sum(os.times()[:2]) - sum(cpu[:2])
    areas = sorted((p.kind, p.a.key, p.b.key, round(p.overlap_ha, 4)) for p in result.pairs)
    return {
        "mode": mode,
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu_s, 2),  # this process (QGIS side), all threads
        "peak_mib": round(peak_mib(), 1),
        "pairs": len(result.pairs),
        "digest": hashlib.sha256(repr([a[:3] for a in areas]).encode()).hexdigest()[:12],
        "total_ha": round(sum(p.overlap_ha for p in result.pairs), 2),
    }


def fill_register(connection: str) -> int:
    """The register in REGISTER holding every province claim (run 1); rows."""
    from imperial_land.core.register.pg import init_pg_register
    from imperial_land.core.storage.pg import connect

    init_pg_register(connection, REGISTER, "EPSG:4269")
    with connect(connection, autocommit=True) as conn:
        conn.execute(
            f"INSERT INTO {REGISTER}.sync_runs (started, source, outcome) "
            "VALUES ('2026-11-16T06:00:00', 'bench', 'applied')"
        )
        conn.execute(
            f'INSERT INTO {REGISTER}.claims (reg_key, "TIT_NO", "TT_CODE", "STI_CODE", '
            '"STI_DES_FR", "TIT_DAT_EX", "DET_NOM", src_hash, geom, first_run_id, last_run_id) '
            'SELECT "TIT_NO" || \'-\' || row_number() OVER (PARTITION BY "TIT_NO" ORDER BY fid), '
            '"TIT_NO", "TT_CODE", "STI_CODE", "STI_DES_FR", "TIT_DAT_EX"::date, "DET_NOM", '
            f"md5(fid::text), ST_Multi(geom), 1, 1 FROM {SCHEMA}.claims"
        )
        conn.execute(f"ANALYZE {REGISTER}.claims")
        return int(conn.execute(f"SELECT count(*) FROM {REGISTER}.claims").fetchone()[0])


def run_concurrency(clients: int, seconds: float) -> dict:
    _app, connection = qgis_with_connection()
    from imperial_land.core.register.backend import APPLIED, RegisterDiff, SyncRun
    from imperial_land.core.register.pg import PgRegister
    from imperial_land.core.storage.pg import connect, load_connection

    rows = fill_register(connection)
    with connect(connection, autocommit=True) as conn:
        keys = [r[0] for r in conn.execute(f"SELECT reg_key FROM {REGISTER}.claims")]
    rng = random.Random(6)
    changed = rng.sample(keys, max(1, len(keys) // 100))
    changed_set = set(changed)
    stop = threading.Event()
    last: list[dict[str, str]] = [{} for _ in range(clients)]
    counts = [0] * clients

    def editor(index: int) -> None:
        mine = [k for i, k in enumerate(keys) if i % clients == index]
        hot = [k for k in mine if k in changed_set]  # rows the sync rewrites
        local = random.Random(index)
        with connect(connection, autocommit=True) as conn:
            while not stop.is_set():
                key = local.choice(hot if hot and counts[index] % 2 == 0 else mine)
                note = f"client {index} edit {counts[index]}"
                conn.execute(
                    f"UPDATE {REGISTER}.claims SET local_notes = %s, local_priority = %s "
                    "WHERE reg_key = %s",
                    (note, counts[index] % 5, key),
                )
                last[index][key] = note
                counts[index] += 1

    threads = [threading.Thread(target=editor, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(min(5.0, seconds / 4))
    register = PgRegister(load_connection(connection), REGISTER)
    began = time.monotonic()
    register.read_states()
    old = register.read_rows(changed)
    for row in old.values():
        row.values["DET_NOM"] = "Transferred Holder ltée"
        row.src_hash = "changed-" + row.src_hash
    run = SyncRun(
        started=dt.datetime.now(dt.timezone.utc),
        finished=None,
        source="bench",
        outcome=APPLIED,
        counts={"holder": len(old)},
        n_rows=rows,
    )
    register.apply(RegisterDiff(changed=list(old.values())), run, [])
    sync_s = time.monotonic() - began
    register.close()
    remaining = seconds - (time.monotonic() - began) - min(5.0, seconds / 4)
    time.sleep(max(0.0, remaining))
    stop.set()
    for thread in threads:
        thread.join()
    with connect(connection, autocommit=True) as conn:
        final = dict(conn.execute(f"SELECT reg_key, local_notes FROM {REGISTER}.claims").fetchall())
        holders = dict(
            conn.execute(
                f'SELECT reg_key, "DET_NOM" FROM {REGISTER}.claims WHERE reg_key = ANY(%s)',
                (changed,),
            ).fetchall()
        )
    lost = sum(1 for edits in last for key, note in edits.items() if final.get(key) != note)
    gestim_lost = sum(1 for key in changed if holders.get(key) != "Transferred Holder ltée")
    return {
        "mode": "concurrency",
        "rows": rows,
        "sync_changed_rows": len(old),
        "sync_seconds": round(sync_s, 2),
        "clients": clients,
        "edit_seconds": seconds,
        "edits_made": sum(counts),
        "edits_lost": lost,
        "gestim_changes_lost": gestim_lost,
        "peak_mib": round(peak_mib(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--skip", default="", help="comma-separated modes to skip")
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    if args.child:
        job = run_concurrency(args.clients, args.seconds) if args.child == "concurrency" else None
        print(json.dumps(job or run_report(args.child)), flush=True)
        os._exit(0)  # skip QGIS teardown
    from tests.support.postgis_server import start_server

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server when killed
    print(f"load before: {os.getloadavg()[0]:.2f}", flush=True)
    from bench.province import make_province

    paths = make_province(ROOT / "bench" / "out", args.scale)
    server = start_server()
    try:
        print(f"server on 127.0.0.1:{server.port}; loading province scale {args.scale:g}...")
        print(f"load (ogr2ogr, COPY): {load_province(server, paths):.1f} s", flush=True)
        skip = set(filter(None, args.skip.split(",")))
        results = {}
        for mode in ("sql", "python_pg", "python_gpkg", "concurrency"):
            if mode not in skip:
                results[mode] = child(mode, server, args, paths)
                print(json.dumps(results[mode]), flush=True)
        if "sql" in results and "python_pg" in results:
            ratio = results["sql"]["seconds"] / results["python_pg"]["seconds"]
            print(f"sql / in-process (same PostGIS layers): {ratio:.2f}")
            sql_cpu, pg_cpu = (
                results[m]["cpu_s"] + results[m].get("server_cpu_s", 0.0)
                for m in ("sql", "python_pg")
            )
            share = sql_cpu / pg_cpu
            print(f"CPU, QGIS side + server: {sql_cpu:.1f} / {pg_cpu:.1f} s = {share:.2f}")
        if "sql" in results and "python_gpkg" in results:
            ratio = results["sql"]["seconds"] / results["python_gpkg"]["seconds"]
            print(f"sql / in-process (GeoPackages): {ratio:.2f}")
    finally:
        server.stop()
        print(f"load after: {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
