"""A deterministic SYNTHETIC province for benchmarks: claims, parcels and ancestral territories.

    .venv/bin/python bench/province.py [--scale 1.0] [--out bench/out] [--force] [--long-edges]

At scale 1: 300,000 claim cells (30" x 30" on NAD83, EPSG:4269) staked in clusters like real
claim blocks, 8 territories of 100,000 vertices each in EPSG:32198 (they overlap one another;
one is self-intersecting), and 5,000 parcels (EPSG:32198) in town-like blocks. The same scale
always gives the same features. Nothing here is a real title, lot or boundary.

The long-edge variant (`--long-edges`, folder `province-long-<scale>`) has the same claims and
parcels, and territories drawn the way coarse legal outlines are: 2,000 vertices each (at scale
1) whose edges run 5 to 60 km as spikes in and out, plus a straight treaty line of about 130 km
each. They are valid in EPSG:32198, and thousands of claims cross their edges.

Importable: `make_province(out_dir, scale=1.0, force=False, long_edges=False) -> {"claims": Path,
"parcels": Path, "territories": Path}` (one GeoPackage per layer, layer named like the key).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, ogr, osr

SEED = 3_2198
CELL = 1.0 / 120.0  # 30 seconds of arc
CLAIMS, TERRITORIES, PARCELS, TERRITORY_VERTICES = 300_000, 8, 5_000, 100_000
LONG_EDGE_VERTICES = 2_000
COMPANY = "Imperial Mining Group Ltd."
HOLDERS = [
    "Société minière du Nord ltée",
    "Exploration Côte-Nord inc.",
    "Minéraux Labrador-Trough inc.",
    "Ressources Uashat inc.",
    "Prospecteur indépendant (J. Gagnon)",
    "Fer et Titane du Québec inc.",
    "Lithium Baie-James ltée",
]
NATIONS = [
    ("Innu of Uashat mak Mani-utenam", 50.8, -66.9, 260.0, 1000.0),
    ("Innu of Matimekush-Lac John", 53.6, -67.4, 280.0, 500.0),
    ("Naskapi Nation of Kawawachikamach", 54.6, -66.0, 240.0, 500.0),
    ("Nunavik Inuit", 56.2, -70.5, 320.0, 0.0),
    ("Innu of Ekuanitshit", 50.6, -63.8, 200.0, 1000.0),
    ("Innu of Pessamit", 49.9, -69.4, 220.0, 500.0),
    ("Atikamekw of Manawan", 47.6, -74.0, 230.0, 0.0),
    ("Cree Nation of Mistissini", 51.3, -73.6, 300.0, 250.0),
]
INVALID_TERRITORY = 1  # its boundary crosses itself (a reversed run of vertices)
SYNTHETIC = "SYNTHETIC benchmark data - not real titles, lots or boundaries."


def make_province(
    out_dir: Path | str, scale: float = 1.0, force: bool = False, long_edges: bool = False
) -> dict[str, Path]:
    """Write (or reuse) the province at `scale` under `out_dir`; paths of the three GeoPackages."""
    folder = Path(out_dir) / (f"province-long-{scale:g}" if long_edges else f"province-{scale:g}")
    paths = {name: folder / f"{name}.gpkg" for name in ("claims", "parcels", "territories")}
    if not force and all(path.exists() for path in paths.values()):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    lonlat = osr.SpatialReference()
    lonlat.ImportFromEPSG(4269)
    lonlat.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lambert = osr.SpatialReference()
    lambert.ImportFromEPSG(32198)
    lambert.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_lambert = osr.CoordinateTransformation(lonlat, lambert)

    cells, holders = claim_cells(rng, max(1, round(CLAIMS * scale)))
    _write_claims(paths["claims"], lonlat, cells, holders)
    if long_edges:
        vertices = max(200, round(LONG_EDGE_VERTICES * scale))
        outlines = long_edge_territories(np.random.default_rng(SEED + 1), vertices, to_lambert)
    else:
        vertices = max(500, round(TERRITORY_VERTICES * scale))
        outlines = territories(rng, vertices, to_lambert)
    _write_territories(paths["territories"], lambert, outlines)
    centres = cells[rng.choice(len(cells), size=25, replace=False)]
    _write_parcels(
        paths["parcels"], lambert, parcels(rng, max(1, round(PARCELS * scale)), centres, to_lambert)
    )
    return paths


def claim_cells(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` distinct cells (row, col of the 30" grid), in clusters; each cluster's holder."""
    taken: dict[int, int] = {}
    cluster = 0
    while len(taken) < count:
        lat = rng.uniform(46.5, 56.5)
        lon = rng.uniform(-78.0, -61.5)
        rows = int(rng.integers(4, 40))
        cols = int(rng.integers(4, 40))
        holder = 0 if rng.random() < 0.06 else int(rng.integers(1, len(HOLDERS) + 1))
        r0, c0 = int(lat / CELL), int(lon / CELL)
        grid_r, grid_c = np.mgrid[0:rows, 0:cols]
        inside = ((grid_r - rows / 2) / (rows / 2)) ** 2 + ((grid_c - cols / 2) / (cols / 2)) ** 2
        keep = (inside <= 1.0) & (rng.random(inside.shape) < 0.9)
        for r, c in zip((r0 + grid_r[keep]).tolist(), (c0 + grid_c[keep]).tolist()):
            key = r * 100_000 + (c + 50_000)
            if key not in taken and len(taken) < count:
                taken[key] = holder
        cluster += 1
    keys = np.array(list(taken.keys()), dtype=np.int64)
    cells = np.column_stack([keys // 100_000, keys % 100_000 - 50_000])
    return cells, np.array(list(taken.values()), dtype=np.int64)


def territories(
    rng: np.random.Generator, vertices: int, to_lambert: osr.CoordinateTransformation
) -> list[tuple[tuple, shapely.Polygon]]:
    """Eight star-shaped, jagged territories in EPSG:32198; one crosses itself."""
    result = []
    theta = np.linspace(0.0, 2.0 * np.pi, vertices, endpoint=False)
    for index, nation in enumerate(NATIONS):
        _name, lat, lon, radius_km, _dist = nation
        x0, y0, _z = to_lambert.TransformPoint(lon, lat)
        waves = sum(
            rng.uniform(0.03, 0.15) * np.sin(k * theta + rng.uniform(0, 2 * np.pi))
            for k in (2, 3, 5, 9, 17)
        )
        jag = 0.004 * rng.standard_normal(vertices)
        radius = radius_km * 1000.0 * (1.0 + waves + jag)
        xs, ys = x0 + radius * np.cos(theta), y0 + radius * np.sin(theta)
        if index == INVALID_TERRITORY:
            start = vertices // 3
            xs[start : start + vertices // 50] = xs[start : start + vertices // 50][::-1].copy()
            ys[start : start + vertices // 50] = ys[start : start + vertices // 50][::-1].copy()
        result.append((nation, shapely.Polygon(np.column_stack([xs, ys]))))
    return result


def long_edge_territories(
    rng: np.random.Generator, vertices: int, to_lambert: osr.CoordinateTransformation
) -> list[tuple[tuple, shapely.Polygon]]:
    """Eight valid territories in EPSG:32198 with long straight edges: every other vertex
    pulled in by 5 to 60 km (spikes), and one arc replaced by a straight line of ~130 km."""
    result = []
    theta = np.linspace(0.0, 2.0 * np.pi, vertices, endpoint=False)
    for nation in NATIONS:
        _name, lat, lon, radius_km, _dist = nation
        x0, y0, _z = to_lambert.TransformPoint(lon, lat)
        waves = sum(
            rng.uniform(0.03, 0.12) * np.sin(k * theta + rng.uniform(0, 2 * np.pi))
            for k in (2, 3, 5)
        )
        radius = radius_km * 1000.0 * (1.0 + waves)
        radius[1::2] -= rng.uniform(5_000.0, 60_000.0, size=len(radius[1::2]))
        # A treaty line: the vertices of a 30-degree arc dropped, its ends joined straight.
        start = int(rng.integers(0, vertices))
        keep = np.ones(vertices, dtype=bool)
        keep[(start + np.arange(1, vertices // 12)) % vertices] = False
        xs = x0 + radius[keep] * np.cos(theta[keep])
        ys = y0 + radius[keep] * np.sin(theta[keep])
        outline = shapely.Polygon(np.column_stack([xs, ys]))
        assert outline.is_valid, nation
        result.append((nation, outline))
    return result


def parcels(
    rng: np.random.Generator,
    count: int,
    centres: np.ndarray,
    to_lambert: osr.CoordinateTransformation,
) -> list[shapely.Polygon]:
    """`count` rectangular lots in blocks around some claim clusters, in EPSG:32198."""
    lots = []
    per_town = math.ceil(count / len(centres))
    for row, col in centres:
        x0, y0, _z = to_lambert.TransformPoint(col * CELL, row * CELL)
        side = math.ceil(math.sqrt(per_town))
        for k in range(per_town):
            if len(lots) == count:
                break
            width, height = rng.uniform(60, 400), rng.uniform(60, 400)
            x = x0 + (k % side) * 420.0 + rng.uniform(0, 10)
            y = y0 + (k // side) * 420.0 + rng.uniform(0, 10)
            lots.append(shapely.box(x, y, x + width, y + height))
    return lots


def _layer(path: Path, name: str, srs: osr.SpatialReference, fields: list[tuple]) -> tuple:
    if path.exists():
        path.unlink()
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer(name, srs, ogr.wkbPolygon, ["SPATIAL_INDEX=YES"])
    for field_name, kind in fields:
        layer.CreateField(ogr.FieldDefn(field_name, kind))
    return source, layer


def _write(source, layer, geoms: np.ndarray, rows: list[dict]) -> None:
    definition = layer.GetLayerDefn()
    source.StartTransaction()
    for wkb, row in zip(shapely.to_wkb(geoms, output_dimension=2), rows):
        feature = ogr.Feature(definition)
        for key, value in row.items():
            feature.SetField(key, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(wkb))
        layer.CreateFeature(feature)
    source.CommitTransaction()
    layer.SetMetadataItem("DESCRIPTION", SYNTHETIC)


def _write_claims(path: Path, srs, cells: np.ndarray, holders: np.ndarray) -> None:
    fields = [
        ("TIT_NO", ogr.OFTString),
        ("TT_CODE", ogr.OFTString),
        ("STI_CODE", ogr.OFTString),
        ("STI_DES_FR", ogr.OFTString),
        ("TIT_DAT_EX", ogr.OFTString),
        ("DET_NOM", ogr.OFTString),
    ]
    source, layer = _layer(path, "claims", srs, fields)
    lat, lon = cells[:, 0] * CELL, cells[:, 1] * CELL
    geoms = shapely.box(lon, lat, lon + CELL, lat + CELL)
    base = dt.date(2027, 1, 1)
    names = [COMPANY, *HOLDERS]
    rows = [
        {
            "TIT_NO": str(2_000_000 + i),
            "TT_CODE": "CDC",
            "STI_CODE": "A",
            "STI_DES_FR": "Actif",
            "TIT_DAT_EX": (base + dt.timedelta(days=(i * 37) % 1000)).strftime("%Y%m%d"),
            "DET_NOM": names[holder],
        }
        for i, holder in enumerate(holders.tolist())
    ]
    _write(source, layer, geoms, rows)


def _write_territories(path: Path, srs, items: list) -> None:
    fields = [
        ("NATION", ogr.OFTString),
        ("NAME", ogr.OFTString),
        ("DISTANCE_M", ogr.OFTReal),
        ("SOURCE", ogr.OFTString),
    ]
    source, layer = _layer(path, "territories", srs, fields)
    rows = [
        {"NATION": n[0], "NAME": f"Territory {i + 1}", "DISTANCE_M": n[4], "SOURCE": SYNTHETIC}
        for i, (n, _g) in enumerate(items)
    ]
    _write(source, layer, np.array([g for _n, g in items], dtype=object), rows)


def _write_parcels(path: Path, srs, lots: list) -> None:
    source, layer = _layer(path, "parcels", srs, [("NO_LOT", ogr.OFTString)])
    rows = [{"NO_LOT": f"{4_500_000 + i * 7:,}".replace(",", " ")} for i in range(len(lots))]
    _write(source, layer, np.array(lots, dtype=object), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "out"))
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--long-edges", action="store_true", help="the long-edge territories")
    args = parser.parse_args()
    gdal.UseExceptions()
    for name, path in make_province(args.out, args.scale, args.force, args.long_edges).items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
