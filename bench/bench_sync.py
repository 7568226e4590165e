"""Benchmark: GESTIM sync of a synthetic province (300,000 titles) served on loopback.

    .venv/bin/python bench/bench_sync.py [--rows 300000] [--changed-pct 1.0]

Builds two GESTIM-layout zips once (cached under bench/out/gestim/): the province, and the same
with `changed-pct` % of rows changed (status, expiry, holder, area in turn). Serves them with
http.server in a thread on 127.0.0.1 and runs, each in its own child process (its own peak RSS):
  first   core.sync.sync_register into a new register: download + read + diff + write
  change  the same register against the changed zip: only the changed rows are written
  same    the unchanged source again (conditional GET: nothing downloaded)
  native  QGIS's way of getting the zip into a GeoPackage: native:package of the shapefile
Prints wall time, rows written and peak RSS per phase, and ratios against native:package.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append("/usr/share/qgis/python/plugins")
OUT = ROOT / "bench" / "out" / "gestim"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def build_zips(rows: int, changed_pct: float) -> tuple[Path, Path, int]:
    """The province zip and its changed copy (cached); the number of changed rows."""
    import datetime as dt

    from tests.support.gestim_builder import build_gestim_zip, make_titles

    folder = OUT / f"{rows}"
    base, changed = folder / "province.zip", folder / f"changed_{changed_pct}.zip"
    step = max(1, round(100.0 / changed_pct)) if changed_pct > 0 else 0
    count = len(range(0, rows, step)) if step else 0
    if base.exists() and changed.exists():
        return base, changed, count
    titles = make_titles(rows)
    if not base.exists():
        build_gestim_zip(base, titles)
    for n, index in enumerate(range(0, rows, step) if step else []):
        row = titles[index]
        kind = n % 4
        if kind == 0:
            row.update(STI_CODE="S", STI_DES_FR="Suspendu", STI_DES_AN="Suspended")
        elif kind == 1:
            row["TIT_DAT_EX"] = row["TIT_DAT_EX"] + dt.timedelta(days=730)
        elif kind == 2:
            row["DET_NOM"] = "Nouveau détenteur inc."
        else:
            row["TIT_SUPRF"] = round(row["TIT_SUPRF"] - 1.5, 2)
    build_gestim_zip(changed, titles)
    return base, changed, count


class Server:
    """http.server on 127.0.0.1 serving one folder (Last-Modified / If-Modified-Since: 304)."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{name}"

    def stop(self) -> None:
        self.httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def child(args: argparse.Namespace) -> None:
    """One phase in this process; prints one JSON line."""
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    start = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_start = usage.ru_utime + usage.ru_stime
    result: dict = {"phase": args.phase}
    if args.phase == "native":
        from processing.core.Processing import Processing
        from qgis import processing

        Processing.initialize()
        from qgis.core import QgsVectorLayer

        path = f"/vsizip/{args.source}/TITRES_ACTIFS_ACTIVE_TITLES.shp"
        layer = QgsVectorLayer(path, "TITRES_ACTIFS_ACTIVE_TITLES", "ogr")
        processing.run("native:package", {"LAYERS": [layer], "OUTPUT": args.register})
        result["rows_written"] = args.rows
    else:
        from imperial_land.core.sync.run import sync_register

        report = sync_register(args.source, args.register, holders=[], cache_dir=Path(args.cache))
        result["outcome"] = report.outcome
        result["counts"] = {k: v for k, v in report.counts.items() if v}
        result["rows_written"] = sum(result["counts"].values())
        result["n_rows"] = report.n_rows
    result["seconds"] = round(time.perf_counter() - start, 2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime - cpu_start, 2)
    result["peak_mib"] = round(peak_mib(), 1)
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip QGIS's teardown (it can crash after Processing in a script)


def run_phase(phase: str, source: str, register: Path, cache: Path, rows: int) -> dict:
    command = [sys.executable, __file__, "--child", phase, "--source", source,
               "--register", str(register), "--cache", str(cache), "--rows", str(rows)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"phase {phase} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--changed-pct", type=float, default=1.0)
    parser.add_argument("--child")
    parser.add_argument("--source")
    parser.add_argument("--register")
    parser.add_argument("--cache")
    args = parser.parse_args()
    if args.child:
        args.phase = args.child
        child(args)
        return
    started = time.perf_counter()
    base, changed, n_changed = build_zips(args.rows, args.changed_pct)
    size = base.stat().st_size / 1e6
    print(f"zips ready in {time.perf_counter() - started:.1f} s: {base} ({size:.1f} MB), "
          f"{changed.name} ({n_changed} rows changed)")  # fmt: skip
    work = OUT / "run"
    shutil.rmtree(work, ignore_errors=True)
    (work / "served").mkdir(parents=True)
    served = work / "served" / "TITRES_ACTIFS_ACTIVE_TITLES.zip"
    shutil.copy2(base, served)
    server = Server(work / "served")
    register, cache = work / "register.gpkg", work / "cache"
    try:
        results = [run_phase("first", server.url(served.name), register, cache, args.rows)]
        shutil.copy(changed, served)  # a new weekly file: newer mtime
        os.utime(served, (time.time() + 60, time.time() + 60))
        results.append(run_phase("change", server.url(served.name), register, cache, args.rows))
        results.append(run_phase("same", server.url(served.name), register, cache, args.rows))
        results.append(run_phase("native", str(base), work / "native.gpkg", cache, args.rows))
    finally:
        server.stop()
    native = results[-1]["seconds"]
    native_cpu = results[-1]["cpu_seconds"]
    print(f"{'phase':8} {'wall s':>7} {'CPU s':>7} {'rows written':>13} {'peak MiB':>9} "
          f"{'wall/native':>11} {'CPU/native':>10}")  # fmt: skip
    for r in results:
        ratio = r["seconds"] / native if native else float("nan")
        cpu_ratio = r["cpu_seconds"] / native_cpu if native_cpu else float("nan")
        print(f"{r['phase']:8} {r['seconds']:7.2f} {r['cpu_seconds']:7.2f} {r['rows_written']:13d} "
              f"{r['peak_mib']:9.1f} {ratio:11.2f} {cpu_ratio:10.2f}  {r.get('outcome', '')} "
              f"{r.get('counts', '')}")  # fmt: skip


if __name__ == "__main__":
    main()
