"""Benchmark of issue 14: the register's overlap state and the staking watch after a 1 % sync.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_watch.py \
        [--rows 300000] [--changed-pct 1.0] [--scale 1]

In one process, on the GESTIM zips of bench_sync.py (300,000 rows, 1 % changed: status, expiry,
holder, area in turn) and the territories and parcels of the synthetic province (province.py):
  fill     first sync into a new register (no overlap state yet: nothing extra)
  state    the overlap state configured: a full run over every claim, written (the territories
           prepared and kept beside the register)
  sync     the 1 % sync: its own time, the state update (changed titles only) and the watch
           (parcels within 2 km, company claims within 2 km), as the report measures them
  full     side by side, in the same run: a full state re-run (every claim), the old manual way
           (the overlap engine on CHANGED_TITLES, no cache) and the watch computed again
Checks that the state after the sync equals the full re-run pair for pair (areas to 1e-9 ha).
Each line: wall seconds, the process's CPU seconds meanwhile (every thread) and their ratio to
the full re-run's; the load average (1 min) at the start and the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "bench" / "out" / "watch"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def plain(rows) -> list[tuple]:
    return [
        (r.kind, r.title, r.claim_fid, r.other_role, r.other_fid, r.other_key, r.relation,
         round(r.overlap_ha, 9), r.distance_m, r.flag, r.nation)
        for r in rows
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--changed-pct", type=float, default=1.0)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    from bench_sync import build_zips
    from province import make_province
    from qgis.core import QgsApplication, QgsVectorLayer

    app = QgsApplication([], False)
    app.initQgis()
    from imperial_land.core.overlap import OverlapOptions, run_overlap
    from imperial_land.core.overlapstate import configure_overlap_state, state_rows
    from imperial_land.core.register import OverlapStateStore, StateLayer, open_register
    from imperial_land.core.sync import sync_register
    from imperial_land.core.watch import WatchedLayer, watch_runs
    from tests.support.gestim_builder import COMPANY

    base, changed, count = build_zips(args.rows, args.changed_pct)
    paths = make_province(ROOT / "bench" / "out", args.scale)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    register_path = OUT / "register.gpkg"
    territories = StateLayer(
        "territories",
        f"{paths['territories']}|layername=territories",
        "ogr",
        {"nation": "NATION", "name": "NAME", "distance": "DISTANCE_M"},
    )
    parcels = StateLayer(
        "parcels", f"{paths['parcels']}|layername=parcels", "ogr", {"lot": "NO_LOT"}
    )
    parcels_layer = QgsVectorLayer(parcels.source, "parcels", "ogr")
    watched = [WatchedLayer("parcel", layer=parcels_layer, key_field="NO_LOT")]
    holders = [COMPANY]
    common = dict(holders=holders, cache_dir=OUT / "cache", alert_days=90)

    load_start = os.getloadavg()[0]
    clock, cpu = time.perf_counter(), time.process_time()
    sync_register(str(base), register_path, watched=[], **common)
    fill_s, fill_cpu = time.perf_counter() - clock, time.process_time() - cpu

    register = open_register(register_path)
    clock, cpu = time.perf_counter(), time.process_time()
    held = configure_overlap_state(register, [territories, parcels], holders)
    state_s, state_cpu = time.perf_counter() - clock, time.process_time() - cpu
    register.close()

    clock, cpu = time.perf_counter(), time.process_time()
    report = sync_register(str(changed), register_path, watched=watched, **common)
    total_s, total_cpu = time.perf_counter() - clock, time.process_time() - cpu
    update_s, update_cpu = report.overlap_state.seconds, report.overlap_state.cpu_seconds
    watch_s, watch_cpu = report.watch.seconds, report.watch.cpu_seconds

    register = open_register(register_path)
    clock, cpu = time.perf_counter(), time.process_time()
    full = state_rows(register, [territories, parcels], None, holders)
    full_s, full_cpu = time.perf_counter() - clock, time.process_time() - cpu
    kept = OverlapStateStore(register).rows()
    equal = plain(kept) == plain(full)

    uri, provider = register.layer_uri()
    claims = QgsVectorLayer(uri, "claims", provider)
    clock, cpu = time.perf_counter(), time.process_time()
    manual = run_overlap(
        claims,
        QgsVectorLayer(parcels.source, "parcels", "ogr"),
        QgsVectorLayer(territories.source, "territories", "ogr"),
        options=OverlapOptions(claim_titles=set(report.changed_titles), company_holders=holders),
    )
    manual_s, manual_cpu = time.perf_counter() - clock, time.process_time() - cpu
    clock, cpu = time.perf_counter(), time.process_time()
    again = watch_runs(register, [report.run_id], watched, holders)
    again_s, again_cpu = time.perf_counter() - clock, time.process_time() - cpu
    register.close()

    state = report.overlap_state
    print(f"rows {args.rows}, changed rows {count}, changed titles {len(report.changed_titles)}")
    print(f"{'step':<40} {'wall':>8}   {'cpu':>8}   {'vs full re-run (wall)':>21}")
    for label, seconds, cpu_s, extra in (
        ("fill (first sync)", fill_s, fill_cpu, ""),
        ("state configured (full run + write)", state_s, state_cpu, f"pairs {held}"),
        ("1 % sync, total", total_s, total_cpu, ""),
        ("  of which the overlap state update", update_s, update_cpu,
         f"titles {len(state.titles)}, pairs {state.pairs}"),
        ("  of which the staking watch", watch_s, watch_cpu, f"rows {len(report.watch.rows)}"),
        ("full state re-run (every claim)", full_s, full_cpu, f"pairs {len(full)}"),
        ("old way: engine on CHANGED_TITLES", manual_s, manual_cpu, f"pairs {len(manual.pairs)}"),
        ("watch computed again", again_s, again_cpu, f"rows {len(again.rows)}"),
    ):  # fmt: skip
        print(
            f"{label:<40} {seconds:8.2f} s {cpu_s:8.2f} s {seconds / full_s:10.3f} x full  {extra}"
        )
    print(
        f"load average (1 min): {load_start:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"
    )
    print(f"state after the sync == full re-run: {equal}  (pairs held {len(kept)})")
    print(f"peak {peak_mib():.0f} MiB", flush=True)
    os._exit(0)  # QGIS's exit in a script that ran worker threads may crash: nothing left to do


if __name__ == "__main__":
    main()
