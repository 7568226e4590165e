"""Benchmark of the overlap engine against QGIS's own tools, on the synthetic province.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_overlap.py [--scale 1]

Every measurement runs in its own child process (so each peak memory is its own):
  province  the engine end to end on the whole province (claims x parcels x territories, the
            territories' DISTANCE_M field), then the flags layer, the summary per Nation
            and the CSV (the report modules) - the PDF is not part of it; the flags go to a
            styled GeoPackage layer (flags_layer.write_styled_flags, what core/report/staged.py
            uses);
  subset    12,000 claims x the 8 territories simplified to 2,000 vertices each:
            the engine, native:calculatevectoroverlaps and native:intersection.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
SUBSET_CLAIMS = 12_000
SUBSET_VERTICES = 2_000


def peak_mib() -> float:
    """Peak resident memory of this process, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def start_qgis(gui: bool = False):
    from qgis.core import QgsApplication

    app = QgsApplication([], gui)  # a PDF's layout needs the GUI application (offscreen)
    app.initQgis()
    return app


def layer(path: Path, name: str):
    from qgis.core import QgsVectorLayer

    result = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert result.isValid(), path
    return result


def timed_engine(paths: dict[str, str]):
    """The engine on the province's layers: (layers by role, result, seconds). With
    "prepared_cache" (a folder) in `paths`, the territories' preparation is kept there between
    runs, as the report's Processing algorithm and dock keep it (core/overlap/prepared.py)."""
    from imperial_land.core.maplayers.fields import TerritoryFields
    from imperial_land.core.overlap.engine import OverlapOptions, run_overlap

    layers = {
        role: layer(Path(paths[role]), role) if role in paths else None
        for role in ("claims", "parcels", "territories")
    }
    cache = paths.get("prepared_cache")
    options = OverlapOptions(
        territory_fields=TerritoryFields(distance="DISTANCE_M"),
        prepared_cache=Path(cache) if cache else None,
    )
    start = time.perf_counter()
    result = run_overlap(layers["claims"], layers["parcels"], layers["territories"], None, options)
    return layers, result, time.perf_counter() - start


def run_engine(paths: dict[str, str], report: bool) -> dict:
    """The engine (and, when asked, flags layer + summary + CSV); times in seconds."""
    start = time.perf_counter()
    _layers, result, engine_s = timed_engine(paths)
    out = {"engine_s": engine_s, "pairs": len(result.pairs), "slivers": result.slivers_dropped}
    if report:
        from imperial_land.core.report.csv import write_report_csv
        from imperial_land.core.report.flags_layer import write_styled_flags
        from imperial_land.core.report.model import nation_summary

        with tempfile.TemporaryDirectory() as folder:
            # The writer the report uses (core/report/staged.py): a styled GeoPackage layer.
            mark = time.perf_counter()
            flags = write_styled_flags(result, Path(folder) / "flags.gpkg", "overlap_flags")
            out["flags_s"] = time.perf_counter() - mark
            out["flags"] = flags.featureCount()
            del flags
            mark = time.perf_counter()
            summary = nation_summary(result)
            out["summary_s"] = time.perf_counter() - mark
            mark = time.perf_counter()
            write_report_csv(result, Path(folder) / "overlaps.csv")
            out["csv_s"] = time.perf_counter() - mark
            out["csv_mb"] = (Path(folder) / "overlaps.csv").stat().st_size / 1e6
        out["nations"] = len({s.nation for s in summary})
    out["total_s"] = time.perf_counter() - start
    return out


def run_native(paths: dict[str, str], algorithm: str) -> dict:
    """One QGIS algorithm on the subset (geometry checks off, as users run it on such data)."""
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing
    from qgis.core import (
        QgsApplication,
        QgsFeatureRequest,
        QgsProcessingContext,
        QgsProcessingFeedback,
    )

    Processing.initialize()
    claims = layer(Path(paths["claims"]), "claims")
    territories = layer(Path(paths["territories"]), "territories")
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
    alg = QgsApplication.processingRegistry().algorithmById(algorithm)
    params = (
        {"INPUT": claims, "LAYERS": [territories], "OUTPUT": "memory:"}
        if algorithm == "native:calculatevectoroverlaps"
        else {"INPUT": claims, "OVERLAY": territories, "OUTPUT": "memory:"}
    )
    start = time.perf_counter()
    results, ok = alg.run(params, context, QgsProcessingFeedback())
    seconds = time.perf_counter() - start
    output = context.takeResultLayer(results["OUTPUT"]) if ok else None
    return {"seconds": seconds, "ok": bool(ok), "features": output.featureCount() if output else 0}


def make_subset(paths: dict, folder: Path) -> dict[str, str]:
    """12,000 claims (first by fid) and the territories decimated to 2,000 vertices each."""
    import numpy as np
    import shapely
    from osgeo import ogr

    folder.mkdir(parents=True, exist_ok=True)
    claims_out, terr_out = folder / "claims.gpkg", folder / "territories.gpkg"
    if not claims_out.exists():
        ogr.UseExceptions()
        gpkg = ogr.GetDriverByName("GPKG")
        source = ogr.Open(str(paths["claims"]))
        sql = f"SELECT * FROM claims WHERE fid <= {SUBSET_CLAIMS}"
        target = gpkg.CreateDataSource(str(claims_out))
        target.CopyLayer(source.ExecuteSQL(sql), "claims")
        target = None
        source = ogr.Open(str(paths["territories"]))
        src_layer = source.GetLayer(0)
        target = gpkg.CreateDataSource(str(terr_out))
        out_layer = target.CreateLayer("territories", src_layer.GetSpatialRef(), ogr.wkbPolygon)
        definition = src_layer.GetLayerDefn()
        for i in range(definition.GetFieldCount()):
            out_layer.CreateField(definition.GetFieldDefn(i))
        for feature in src_layer:
            geom = shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToWkb()))
            ring = shapely.get_coordinates(geom.exterior)
            step = max(1, len(ring) // SUBSET_VERTICES)
            small = shapely.Polygon(np.vstack([ring[:-1:step], ring[:1]]))
            feature.SetGeometry(
                ogr.CreateGeometryFromWkb(shapely.to_wkb(small, output_dimension=2))
            )
            out_layer.CreateFeature(feature)
        target = None
    return {"claims": str(claims_out), "territories": str(terr_out)}


def run_all_four(paths: dict[str, str]) -> dict:
    """The engine, then the report's four outputs as Processing writes them
    (`core/report/staged.write_report`: flags GeoPackage, HTML, CSV and PDF, the text beside
    the PDF's export); times in seconds."""
    from imperial_land.core.report.staged import ReportPaths, write_report

    start = time.perf_counter()
    layers, result, engine_s = timed_engine(paths)
    with tempfile.TemporaryDirectory() as folder:
        out_paths = ReportPaths(
            flags_gpkg=Path(folder) / "flags.gpkg",
            csv=Path(folder) / "overlap.csv",
            html=Path(folder) / "overlap.html",
            pdf=Path(folder) / "overlap.pdf",
        )
        write_report(result, out_paths, layers)
    return {
        "engine_s": engine_s,
        "pairs": len(result.pairs),
        "total_s": time.perf_counter() - start,
    }


def child(mode: str, payload: str) -> None:
    """Run one measurement and print it as JSON (last line)."""
    app = start_qgis(gui=mode == "province-all")
    paths = json.loads(payload)
    if mode == "province":
        out = run_engine(paths, report=True)
    elif mode == "province-all":
        out = run_all_four(paths)
    elif mode == "subset-engine":
        out = run_engine(paths, report=False)
    else:
        out = run_native(paths, mode)
    out["peak_mib"] = peak_mib()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_s"] = usage.ru_utime + usage.ru_stime  # whole child, QGIS start-up included
    print(json.dumps(out))
    app.exitQgis()


def measure(mode: str, paths: dict) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            json.dumps({k: str(v) for k, v in paths.items()}),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="Overlap engine benchmark")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATHS"))
    parser.add_argument("--skip-native", action="store_true")
    parser.add_argument("--engine-only", action="store_true", help="no flags layer, summary, CSV")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from province import make_province

    start = time.perf_counter()
    paths = make_province(HERE / "out", args.scale)
    print(f"province ready in {time.perf_counter() - start:.1f} s: {paths['claims'].parent}")
    whole = measure("subset-engine" if args.engine_only else "province", paths)
    whole.update({k: whole.get(k, 0.0) for k in ("flags_s", "summary_s", "csv_s", "csv_mb")})
    print(
        f"engine, whole province (flags + summary + CSV): {whole['total_s']:.2f} s "
        f"(engine {whole['engine_s']:.2f} s, flags layer {whole['flags_s']:.2f} s, "
        f"summary {whole['summary_s']:.2f} s, CSV {whole['csv_s']:.2f} s), "
        f"peak {whole['peak_mib']:.0f} MiB, child CPU {whole['cpu_s']:.1f} s, "
        f"{whole['pairs']} pairs, {whole['slivers']} slivers, "
        f"CSV {whole['csv_mb']:.1f} MB"
    )
    subset = make_subset(paths, paths["claims"].parent / "subset")
    engine = measure("subset-engine", subset)
    print(
        f"engine, subset {SUBSET_CLAIMS} claims x territories at {SUBSET_VERTICES} vertices: "
        f"{engine['engine_s']:.2f} s, peak {engine['peak_mib']:.0f} MiB, {engine['pairs']} pairs, "
        f"child CPU {engine['cpu_s']:.1f} s"
    )
    if args.skip_native:
        return
    for algorithm in ("native:calculatevectoroverlaps", "native:intersection"):
        native = measure(algorithm, subset)
        print(
            f"{algorithm}, same subset: {native['seconds']:.2f} s, peak "
            f"{native['peak_mib']:.0f} MiB, child CPU {native['cpu_s']:.1f} s, ok={native['ok']}, "
            f"{native['features']} features; "
            f"engine is {native['seconds'] / engine['engine_s']:.0f}x faster"
        )


if __name__ == "__main__":
    main()
