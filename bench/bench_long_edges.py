"""Exactness and speed where long edges cross claims: the long-edge province against the standard.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_long_edges.py [--sample 500]

In one run:
  1. the province report (engine + flags GeoPackage + summary + CSV, bench_overlap's "province"
     child) on the standard province and on the long-edge one (bench/province.py --long-edges);
  2. on the long-edge province, `--sample` claim x territory pairs that cross a boundary, each
     against a reference computed apart from the engine: the cell densified to 5 m in EPSG:4269,
     moved to EPSG:32198 by QGIS, intersected there with the territory (its edges straight in
     EPSG:32198, densified to 5 m), measured with QgsDistanceArea on GRS80;
  3. the same sample through QGIS's own way, native:intersection then the ellipsoidal $area of
     each part (QgsDistanceArea, GRS80), timed and compared with the same reference;
  4. every claim x territory pair whose interiors meet, counted in EPSG:32198 (cells densified
     to a quarter of their edge), against the engine's pairs: missed and invented pairs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.append("/usr/share/qgis/python/plugins")  # QGIS's Processing

import bench_overlap  # noqa: E402
from province import make_province  # noqa: E402

LAMBERT = "EPSG:32198"
DENSE_M = 5.0
TOLERANCE_PCT = 0.01
SMALL_HA = 0.001


def _qgs(geom):
    from qgis.core import QgsGeometry

    return QgsGeometry.fromWkt(geom.wkt)


def _read(path: Path, name: str) -> tuple[list[dict], np.ndarray]:
    """(attributes, shapely geometries) of a GeoPackage layer, through GDAL."""
    from osgeo import ogr

    source = ogr.Open(str(path))
    layer = source.GetLayerByName(name)
    rows, wkbs = [], []
    for feature in layer:
        rows.append(feature.items())
        wkbs.append(bytes(feature.GetGeometryRef().ExportToWkb()))
    return rows, shapely.from_wkb(np.array(wkbs, dtype=object))


def _to_lambert(cells: np.ndarray, parts: int) -> np.ndarray:
    """Claim cells (EPSG:4269) densified to `parts` parts an edge and moved to EPSG:32198."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCoordinateTransformContext,
    )

    from imperial_land.core.overlap.equal_area import move

    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4269"),
        QgsCoordinateReferenceSystem(LAMBERT),
        QgsCoordinateTransformContext(),
    )
    edge = float(np.max(shapely.bounds(cells[:1])[0, 2:] - shapely.bounds(cells[:1])[0, :2]))
    return move(shapely.segmentize(cells, edge / parts), transform)


def _measure():
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransformContext,
        QgsDistanceArea,
    )

    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem(LAMBERT), QgsCoordinateTransformContext())
    measure.setEllipsoid("GRS80")
    return measure


def _reference_ha(cell_lambert, territory) -> float:
    """Area of the densified intersection (territory cut near the cell first), GRS80, ha."""
    near = shapely.clip_by_rect(territory, *shapely.buffer(cell_lambert, 50.0).bounds)
    part = shapely.intersection(cell_lambert, shapely.segmentize(near, DENSE_M))
    return 0.0 if part.is_empty else _measure().measureArea(_qgs(part)) / 10_000.0


def _error(got: float, want: float) -> float:
    """How many times over the tolerance (0.01 %, or 0.001 ha for small overlaps)."""
    return abs(got - want) / max(want * TOLERANCE_PCT / 100.0, SMALL_HA)


def _native(cells: np.ndarray, titles: list[str], territories_path: Path):
    """native:intersection of the sample cells with the territories, then $area (GRS80)."""
    import processing
    from qgis.core import QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    claims = QgsVectorLayer("Polygon?crs=EPSG:4269", "sample", "memory")
    claims.dataProvider().addAttributes([QgsField("TIT_NO", QVariant.String)])
    claims.updateFields()
    features = []
    for cell, title in zip(cells, titles):
        feature = QgsFeature(claims.fields())
        feature.setGeometry(_qgs(cell))
        feature.setAttributes([title])
        features.append(feature)
    claims.dataProvider().addFeatures(features)
    territories = QgsVectorLayer(f"{territories_path}|layername=territories", "t", "ogr")
    start = time.perf_counter()
    out = processing.run(
        "native:intersection",
        {
            "INPUT": claims,
            "OVERLAY": territories,
            "INPUT_FIELDS": ["TIT_NO"],
            "OVERLAY_FIELDS": ["NAME"],
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    from qgis.core import QgsCoordinateTransformContext, QgsDistanceArea

    measure = QgsDistanceArea()
    measure.setSourceCrs(out.crs(), QgsCoordinateTransformContext())
    measure.setEllipsoid("GRS80")
    areas: dict[tuple[str, str], float] = {}
    for feature in out.getFeatures():
        key = (str(feature["TIT_NO"]), str(feature["NAME"]))
        areas[key] = areas.get(key, 0.0) + measure.measureArea(feature.geometry()) / 10_000.0
    return areas, time.perf_counter() - start


def accuracy(long_paths: dict[str, Path], sample: int) -> None:
    """Steps 2 to 4 (this process)."""
    from processing.core.Processing import Processing

    from imperial_land.core.overlap import results as r
    from imperial_land.core.overlap.engine import OverlapOptions, run_overlap

    Processing.initialize()
    claims_layer = bench_overlap.layer(long_paths["claims"], "claims")
    territories_layer = bench_overlap.layer(long_paths["territories"], "territories")
    start = time.perf_counter()
    result = run_overlap(
        claims_layer, None, territories_layer, options=OverlapOptions(company_holders=[])
    )
    engine_s = time.perf_counter() - start
    rows, cells = _read(long_paths["claims"], "claims")
    titles = [str(row["TIT_NO"]) for row in rows]
    index = {title: i for i, title in enumerate(titles)}
    terr_rows, terr_geoms = _read(long_paths["territories"], "territories")
    terr_index = {row["NAME"]: i for i, row in enumerate(terr_rows)}
    crossing = [p for p in result.pairs if p.kind == r.CLAIM_TERRITORY and p.relation == r.OVERLAPS]
    print(
        f"long-edge province, claims x territories alone: {engine_s:.2f} s, "
        f"{len(result.pairs)} pairs, {len(crossing)} crossing a boundary, "
        f"repaired listed: {sum(1 for i in result.issues if i.action == 'repaired')}"
    )
    rng = np.random.default_rng(10)
    chosen = [crossing[i] for i in sorted(rng.choice(len(crossing), sample, replace=False))]
    sample_cells = cells[[index[p.a.key] for p in chosen]]
    lambert = _to_lambert(sample_cells, int(max(1, 900 // DENSE_M)))
    reference = [
        _reference_ha(cell, terr_geoms[terr_index[p.b.key]]) for cell, p in zip(lambert, chosen)
    ]
    ours = np.array([_error(p.overlap_ha, ref) for p, ref in zip(chosen, reference)])
    rel = np.array([abs(p.overlap_ha - ref) / ref for p, ref in zip(chosen, reference) if ref > 0])
    native_areas, native_s = _native(
        sample_cells, [p.a.key for p in chosen], long_paths["territories"]
    )
    native = np.array(
        [
            _error(native_areas.get((p.a.key, p.b.key), 0.0), ref)
            for p, ref in zip(chosen, reference)
        ]
    )
    native_rel = np.array(
        [
            abs(native_areas.get((p.a.key, p.b.key), 0.0) - ref) / ref
            for p, ref in zip(chosen, reference)
            if ref > 0
        ]
    )
    print(
        f"sample of {sample} boundary pairs vs the densified reference: ours "
        f"{int(np.sum(ours > 1.0))} over the tolerance, median error {np.median(rel):.2e}, "
        f"worst {np.max(rel):.2e}; native:intersection + $area {native_s:.2f} s: "
        f"{int(np.sum(native > 1.0))} over, median {np.median(native_rel):.2e}, "
        f"worst {np.max(native_rel):.2e}"
    )
    # Step 4: every pair whose interiors meet, counted in EPSG:32198.
    start = time.perf_counter()
    all_lambert = _to_lambert(cells, 4)
    tree = shapely.STRtree(all_lambert)
    meets: set[tuple[str, str]] = set()
    for j, territory in enumerate(terr_geoms):
        shapely.prepare(territory)
        hits = tree.query(territory, predicate="intersects")
        inside = shapely.contains_properly(territory, all_lambert[hits])
        edge = hits[~inside]
        areas = shapely.area(shapely.intersection(all_lambert[edge], territory))
        for i in np.concatenate([hits[inside], edge[areas > 1e-4]]).tolist():
            meets.add((titles[i], terr_rows[j]["NAME"]))
    count_s = time.perf_counter() - start
    ours_meet = {
        (p.a.key, p.b.key)
        for p in result.pairs
        if p.kind == r.CLAIM_TERRITORY and (p.relation != r.NEAR or p.distance_m == 0.0)
    }
    ours_area = {
        (p.a.key, p.b.key)
        for p in result.pairs
        if p.kind == r.CLAIM_TERRITORY and p.relation != r.NEAR
    }
    print(
        f"exact count in EPSG:32198 ({count_s:.1f} s): {len(meets)} pairs meet; "
        f"missed by the engine {len(meets - ours_meet)}, invented {len(ours_area - meets)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Long-edge exactness benchmark")
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--skip-times", action="store_true")
    args = parser.parse_args()
    out = HERE / "out"
    standard = make_province(out, 1.0)
    long_edges = make_province(out, 1.0, long_edges=True)
    if not args.skip_times:
        for name, paths in (("standard", standard), ("long-edge", long_edges)):
            figures = bench_overlap.measure("province", {k: str(v) for k, v in paths.items()})
            print(f"{name} province report: {figures}")
    app = bench_overlap.start_qgis()
    try:
        accuracy(long_edges, args.sample)
    finally:
        app.exitQgis()


if __name__ == "__main__":
    main()
