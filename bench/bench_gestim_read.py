"""Benchmark: reading a province-size GESTIM zip into records (core.gestim.read_gestim_zip).

    .venv/bin/python bench/bench_gestim_read.py [--rows 300000]

Builds a GESTIM-layout zip once (tests/support/gestim_builder.make_titles, cached under
bench/out/gestim_read/), then runs each phase in its own child process (its own peak RSS):
  plugin  read_gestim_zip: fiona opens and checks the zip (/vsizip/, .prj, TIT_NO), the rows come
          column by column from GDAL's Arrow stream (cp1252, dates, WKB) -> GestimBatch columns
  fiona   fiona's bare iteration over the same zip (what a feature-by-feature reader costs)
  qgis    the QGIS-native way: QgsVectorLayer on /vsizip/, every feature's attributes + WKB
  arrow   GDAL's Arrow stream as numpy batches (GDAL >= 3.6), for reference
Prints wall time, rows and peak RSS per phase, and ratios against the QGIS-native way.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "gestim_read"
LAYER = "TITRES_ACTIFS_ACTIVE_TITLES"


def phase_plugin(path: Path) -> int:
    from imperial_land.core.gestim.reader import read_gestim_zip

    return read_gestim_zip(path).n_rows


def phase_fiona(path: Path) -> int:
    import fiona

    with fiona.open(f"/vsizip/{path}/{LAYER}.shp", encoding="cp1252") as source:
        return sum(1 for _ in source)


def phase_qgis(path: Path) -> int:
    from qgis.core import QgsApplication, QgsVectorLayer

    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(f"/vsizip/{path}/{LAYER}.shp", "titles", "ogr")
    rows = [(f.attributes(), f.geometry().asWkb()) for f in layer.getFeatures()]
    return len(rows)


def phase_arrow(path: Path) -> int:
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    gdal.SetConfigOption("SHAPE_ENCODING", "CP1252")
    dataset = ogr.Open(f"/vsizip/{path}/{LAYER}.shp")
    count = 0
    for batch in dataset.GetLayer(0).GetArrowStreamAsNumPy(["USE_MASKED_ARRAYS=NO"]):
        count += len(batch["TIT_NO"])
    return count


PHASES = {"plugin": phase_plugin, "fiona": phase_fiona, "qgis": phase_qgis, "arrow": phase_arrow}


def child(name: str, path: Path) -> None:
    start = time.perf_counter()
    rows = PHASES[name](path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"phase": name, "seconds": seconds, "rows": rows, "peak_mib": peak}))


def build(rows: int) -> Path:
    from tests.support.gestim_builder import build_gestim_zip, make_titles

    path = OUT / f"province_{rows}.zip"
    if not path.exists():
        start = time.perf_counter()
        build_gestim_zip(path, make_titles(rows))
        print(f"built {path.name} in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--child", choices=sorted(PHASES))
    parser.add_argument("--zip", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.zip)
        return
    path = build(args.rows)
    print(f"zip: {path} ({path.stat().st_size / 1e6:.1f} MB, {args.rows} rows)")
    results = {}
    for name in PHASES:
        command = [sys.executable, __file__, "--child", name, "--zip", str(path)]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        output = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        result = json.loads(output.stdout.strip().splitlines()[-1])
        results[name] = result
        print(
            f"{name:7s} {result['seconds']:7.2f} s  {result['rows']:>8d} rows  "
            f"peak {result['peak_mib']:7.1f} MiB",
            flush=True,
        )
    native = results["qgis"]["seconds"]
    for name in ("plugin", "fiona", "arrow"):
        print(f"{name} / qgis-native time: {results[name]['seconds'] / native:.2f}")


if __name__ == "__main__":
    main()
