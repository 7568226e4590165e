"""Benchmark: an offline pack for a 50 km x 50 km AOI of the synthetic province, basemap to zoom 14.

    .venv/bin/python bench/bench_pack.py [--scale 1.0] [--km 50] [--zoom-min 8] [--zoom-max 14]

Runs, each in its own child process (so each peak memory is its own), in the same run:
  ours    core.pack_build.build_pack: polygon clip + styles + MBTiles basemap + project + zip
  native  QGIS's way: native:clip of each layer + native:package (styles saved) +
          "Generate XYZ tiles (MBTiles)" (looked up by name) over the same extent and zooms
and prints wall time, peak RSS and the ratio. Record the figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.append("/usr/share/qgis/python/plugins")

OUT = ROOT / "bench" / "out" / "pack"


def start_qgis():
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    return app


def open_layers(scale: float) -> list:
    """The province's claims, parcels and territories, simply styled (the basemap too)."""
    from province import make_province
    from qgis.core import QgsVectorLayer

    from imperial_land.core.maplayers.styles import style_claims, style_parcels, style_territories

    paths = make_province(ROOT / "bench" / "out", scale)
    layers = [QgsVectorLayer(str(paths[n]), n, "ogr") for n in ("claims", "parcels", "territories")]
    style_claims(layers[0])
    style_parcels(layers[1])
    style_territories(layers[2])
    return layers


def aoi_square(parcels, km: float):
    """A km x km square (EPSG:32198) centred on the first parcel: a town among claims."""
    from qgis.core import QgsGeometry, QgsRectangle

    centre = next(parcels.getFeatures()).geometry().centroid().asPoint()
    half = km * 500.0
    rect = QgsRectangle(centre.x() - half, centre.y() - half, centre.x() + half, centre.y() + half)
    return QgsGeometry.fromRect(rect)


def run_ours(args, layers, aoi, crs) -> dict:
    from imperial_land.core.pack.build import build_pack
    from imperial_land.core.pack.request import PackRequest

    request = PackRequest(
        "bench-pack", aoi, crs, layers, OUT / "ours", layers, args.zoom_min, args.zoom_max, True
    )
    result = build_pack(request)
    return {"features": result.feature_counts, "tiles": result.tile_count}


def run_native(args, layers, aoi, crs) -> dict:
    import processing
    from qgis.core import QgsApplication, QgsFeature, QgsProject, QgsVectorLayer

    target = OUT / "native"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    mask = QgsVectorLayer(f"Polygon?crs={crs.authid()}", "aoi", "memory")
    feature = QgsFeature()
    feature.setGeometry(aoi)
    mask.dataProvider().addFeatures([feature])
    clipped = []
    for layer in layers:
        source = layer
        if layer.name() == "territories":  # one is self-intersecting: native:clip refuses it
            source = processing.run(
                "native:fixgeometries", {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT"}
            )["OUTPUT"]
        out = processing.run(
            "native:clip", {"INPUT": source, "OVERLAY": mask, "OUTPUT": "TEMPORARY_OUTPUT"}
        )["OUTPUT"]
        out.setName(layer.name())
        out.setRenderer(layer.renderer().clone())
        clipped.append(out)
    processing.run(
        "native:package",
        {"LAYERS": clipped, "OUTPUT": str(target / "pack.gpkg"), "SAVE_STYLES": True},
    )
    tiles_id = next(
        a.id()
        for a in QgsApplication.processingRegistry().algorithms()
        if a.displayName() == "Generate XYZ tiles (MBTiles)"
    )
    QgsProject.instance().addMapLayers(layers)
    box = aoi.boundingBox()
    extent = f"{box.xMinimum()},{box.xMaximum()},{box.yMinimum()},{box.yMaximum()} [{crs.authid()}]"
    QgsProject.instance().setCrs(crs)
    processing.run(
        tiles_id,
        {
            "EXTENT": extent,
            "ZOOM_MIN": args.zoom_min,
            "ZOOM_MAX": args.zoom_max,
            "OUTPUT_FILE": str(target / "basemap.mbtiles"),
        },
    )
    import sqlite3

    connection = sqlite3.connect(target / "basemap.mbtiles")
    tiles = connection.execute("SELECT COUNT(*) FROM tiles").fetchone()[0]
    connection.close()
    return {
        "features": {c.name(): c.featureCount() for c in clipped},
        "tiles": tiles,
        "id": tiles_id,
    }


def child(args) -> None:
    """One measured run; prints a JSON line."""
    app = start_qgis()
    from qgis.core import QgsCoordinateReferenceSystem

    layers = open_layers(args.scale)
    aoi = aoi_square(layers[1], args.km)
    crs = QgsCoordinateReferenceSystem("EPSG:32198")
    started = time.perf_counter()
    job = run_ours if args.child == "ours" else run_native
    info = job(args, layers, aoi, crs)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **info}), flush=True)
    del app
    os._exit(0)  # skip teardown: layers outliving exitQgis() crash at interpreter exit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--km", type=float, default=50.0)
    parser.add_argument("--zoom-min", type=int, default=8)
    parser.add_argument("--zoom-max", type=int, default=14)
    parser.add_argument("--child", choices=["ours", "native"])
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in ("ours", "native"):
        command = [sys.executable, __file__, "--child", name, "--scale", str(args.scale)]
        command += ["--km", str(args.km), "--zoom-min", str(args.zoom_min)]
        command += ["--zoom-max", str(args.zoom_max)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        results[name] = json.loads(output.strip().splitlines()[-1])
        print(f"{name:7s} {json.dumps(results[name])}", flush=True)
    ours, native = results["ours"], results["native"]
    print(
        f"ours {ours['seconds']:.1f} s, {ours['peak_mb']:.0f} MB peak | native "
        f"{native['seconds']:.1f} s, {native['peak_mb']:.0f} MB peak | time ratio "
        f"ours/native {ours['seconds'] / native['seconds']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
