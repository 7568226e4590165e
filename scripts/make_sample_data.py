"""Write the SYNTHETIC sample GeoPackage resources/sample/imperial_land_sample.gpkg.

Deterministic (fixed seed): the same reference date gives the same features. Expiry dates are
offsets from the reference date (default: today) so the sample always holds titles that are
expired, expiring within 90 days, and valid for longer.

    .venv/bin/python scripts/make_sample_data.py [--date YYYY-MM-DD] [--out PATH]

Layers: claims (EPSG:4269), parcels (EPSG:32198), territories (EPSG:3857), aoi (EPSG:32198),
and the attribute table `about` that says the data are synthetic. Nothing here is a real title,
lot or boundary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
from dataclasses import dataclass
from pathlib import Path

from osgeo import gdal, ogr, osr

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "resources" / "sample" / "imperial_land_sample.gpkg"
SEED = 20241
CELL = 1.0 / 120.0  # 30 seconds of arc
SYNTHETIC = "SYNTHETIC sample data for testing and demos - not real titles, lots or boundaries."

COMPANY = "Imperial Mining Group Ltd."
HOLDERS = {
    COMPANY: "95123",
    "Société minière du Nord ltée": "88231",
    "Exploration Côte-Nord inc.": "90417",
    "Ressources Uashat inc.": "93388",
    "Minéraux Labrador-Trough inc.": "87502",
    "Prospecteur indépendant (J. Gagnon)": "71126",
}
TITLE_TYPES = {
    "CDC": ("Claim désigné sur carte", "Map-designated claim"),
    "CL": ("Claim jalonné", "Staked claim"),
    "BM": ("Bail minier", "Mining lease"),
}
STATUSES = {
    "A": ("Actif", "Active"),
    "S": ("Suspendu", "Suspended"),
    "R": ("En attente de renouvellement", "Pending renewal"),
}


@dataclass
class Cluster:
    """A patch of staked cells: centre, size in cells (lat x lon), main holder."""

    lat: float
    lon: float
    rows: int
    cols: int
    holder: str


CLUSTERS = [
    # Sept-Iles: one patch on the industrial park (Pointe-Noire), others around the town
    Cluster(50.190, -66.505, 8, 10, "Ressources Uashat inc."),
    Cluster(50.300, -66.820, 16, 18, "Société minière du Nord ltée"),
    Cluster(50.520, -66.450, 20, 20, "Exploration Côte-Nord inc."),
    Cluster(50.270, -66.120, 10, 12, COMPANY),
    # North, along the road to the Labrador Trough
    Cluster(51.300, -66.900, 16, 18, "Minéraux Labrador-Trough inc."),
    Cluster(52.200, -67.400, 14, 18, "Société minière du Nord ltée"),
    # Crater Lake: the company's property, with neighbours
    Cluster(53.000, -68.000, 30, 40, COMPANY),
    Cluster(53.130, -67.700, 10, 14, "Prospecteur indépendant (J. Gagnon)"),
    Cluster(52.900, -68.350, 9, 12, "Exploration Côte-Nord inc."),
]

NATIONS = [
    # nation, name, centre lat/lon, semi-axes km (north-south, east-west), distance_m, invalid
    (
        "Innu of Uashat mak Mani-utenam",
        "Nitassinan of Uashat mak Mani-utenam",
        51.2,
        -66.3,
        190.0,
        170.0,
        1000.0,
        False,
    ),
    (
        "Innu of Matimekush-Lac John",
        "Nitassinan of Matimekush-Lac John",
        52.6,
        -67.0,
        330.0,
        180.0,
        500.0,
        True,
    ),
    (
        "Naskapi Nation of Kawawachikamach",
        "Naskapi traditional territory",
        54.9,
        -67.6,
        250.0,
        210.0,
        0.0,
        False,
    ),
    ("Nunavik Inuit", "Nunavik", 58.0, -70.5, 420.0, 330.0, None, False),
]


def srs(epsg: int) -> osr.SpatialReference:
    ref = osr.SpatialReference()
    ref.ImportFromEPSG(epsg)
    ref.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return ref


def transformer(src: int, dst: int) -> osr.CoordinateTransformation:
    return osr.CoordinateTransformation(srs(src), srs(dst))


def polygon_layer(ds: gdal.Dataset, name: str, epsg: int, description: str) -> ogr.Layer:
    """A polygon table `name` in EPSG:`epsg` (columns geom and fid), described as synthetic."""
    options = ["GEOMETRY_NAME=geom", "FID=fid", f"DESCRIPTION={description} {SYNTHETIC}"]
    return ds.CreateLayer(name, srs(epsg), ogr.wkbPolygon, options)


def polygon(ring: list[tuple[float, float]]) -> ogr.Geometry:
    """A polygon from a ring (closed here)."""
    geom_ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in [*ring, ring[0]]:
        geom_ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(geom_ring)
    return poly


def nts_sheet(lat: float, lon: float) -> str:
    """NTS 1:50,000 sheet (e.g. '22J01') holding a point, for Quebec/Labrador longitudes."""
    west = -lon
    series = 10 * int((west - 48) // 8) + int((lat - 40) // 4)
    south = 40 + 4 * int((lat - 40) // 4)
    east = 48 + 8 * int((west - 48) // 8)
    row, col = int(lat - south), int((west - east) // 2)
    letters = ["ABCD", "HGFE", "IJKL", "PONM"]
    letter = letters[row][col]
    sub_row = int((lat - (south + row)) * 4)
    sub_col = int((west - (east + 2 * col)) / 0.5)
    numbers = [[1, 2, 3, 4], [8, 7, 6, 5], [9, 10, 11, 12], [16, 15, 14, 13]]
    return f"{series:02d}{letter}{numbers[sub_row][sub_col]:02d}"


def cell_area_ha(lat0: float) -> float:
    """Ellipsoidal (GRS80) area of a 30"x30" cell whose south edge is at lat0."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    e = math.sqrt(e2)

    def q(phi: float) -> float:
        s = math.sin(phi)
        return (1 - e2) * (s / (1 - e2 * s * s) - math.log((1 - e * s) / (1 + e * s)) / (2 * e))

    dlon = math.radians(CELL)
    area = a * a / 2 * dlon * (q(math.radians(lat0 + CELL)) - q(math.radians(lat0)))
    return round(area / 10000.0, 2)


def claim_cells(rng: random.Random) -> list[tuple[float, float, str]]:
    """(south lat, west lon, main holder) of every staked cell, on the 30" grid."""
    seen: set[tuple[int, int]] = set()
    cells = []
    for cluster in CLUSTERS:
        i0 = round(cluster.lat / CELL) - cluster.rows // 2
        j0 = round(cluster.lon / CELL) - cluster.cols // 2
        for i in range(cluster.rows):
            for j in range(cluster.cols):
                dy = (i + 0.5) / cluster.rows - 0.5
                dx = (j + 0.5) / cluster.cols - 0.5
                radius = math.hypot(dx, dy) * 2  # 0 centre, 1 at the mid-edge
                if radius > 1.0 + rng.uniform(-0.25, 0.15) or (i0 + i, j0 + j) in seen:
                    continue
                seen.add((i0 + i, j0 + j))
                cells.append(((i0 + i) * CELL, (j0 + j) * CELL, cluster.holder))
    return cells


def write_claims(ds: gdal.Dataset, rng: random.Random, today: dt.date) -> int:
    layer = polygon_layer(ds, "claims", 4269, "Mining claims (GESTIM fields).")
    for name, kind, width in [
        ("TIT_NO", ogr.OFTString, 7),
        ("TT_CODE", ogr.OFTString, 3),
        ("TT_DES_FR", ogr.OFTString, 60),
        ("TT_DES_AN", ogr.OFTString, 60),
        ("STI_CODE", ogr.OFTString, 1),
        ("STI_DES_FR", ogr.OFTString, 60),
        ("STI_DES_AN", ogr.OFTString, 60),
        ("TIT_DAT_EM", ogr.OFTDate, 0),
        ("TIT_DAT_EX", ogr.OFTDate, 0),
        ("TIT_NB_REN", ogr.OFTInteger, 0),
        ("TIT_SUPRF", ogr.OFTReal, 0),
        ("DET_NOM", ogr.OFTString, 100),
        ("DET_POURC", ogr.OFTReal, 0),
        ("DET_NO", ogr.OFTString, 10),
        ("FEU_NO", ogr.OFTString, 6),
        ("TIT_CRE_CU", ogr.OFTReal, 0),
        ("TIT_DR_REQ", ogr.OFTReal, 0),
        ("TIT_TR_REQ", ogr.OFTReal, 0),
    ]:
        definition = ogr.FieldDefn(name, kind)
        if width:
            definition.SetWidth(width)
        layer.CreateField(definition)

    cells = claim_cells(rng)
    numbers = rng.sample(range(2300000, 2800000), len(cells))
    others = [h for h in HOLDERS if h != COMPANY]
    rows = 0
    layer.StartTransaction()
    for (lat, lon, main_holder), number in zip(cells, numbers):
        holder = main_holder if rng.random() < 0.85 else rng.choice(list(HOLDERS))
        type_code = rng.choices(["CDC", "CL", "BM"], [0.94, 0.04, 0.02])[0]
        status = rng.choices(["A", "S", "R"], [0.82, 0.06, 0.12])[0]
        band = rng.random()
        if band < 0.10:
            expiry = today - dt.timedelta(days=rng.randint(1, 400))  # expired
        elif band < 0.25:
            expiry = today + dt.timedelta(days=rng.randint(0, 89))  # expiring soon
        else:
            expiry = today + dt.timedelta(days=rng.randint(95, 730))
        renewals = rng.randint(0, 6)
        issued = expiry - dt.timedelta(days=730 * (renewals + 1))
        area = cell_area_ha(lat)
        owners = [(holder, 100.0)]
        if rng.random() < 0.02:  # a title held by two holders: two rows, 50/50
            partner = rng.choice([h for h in others if h != holder] or others)
            owners = [(holder, 50.0), (partner, 50.0)]
        geom = polygon([(lon, lat), (lon, lat + CELL), (lon + CELL, lat + CELL), (lon + CELL, lat)])
        for owner, share in owners:
            feature = ogr.Feature(layer.GetLayerDefn())
            values = {
                "TIT_NO": str(number),
                "TT_CODE": type_code,
                "TT_DES_FR": TITLE_TYPES[type_code][0],
                "TT_DES_AN": TITLE_TYPES[type_code][1],
                "STI_CODE": status,
                "STI_DES_FR": STATUSES[status][0],
                "STI_DES_AN": STATUSES[status][1],
                "TIT_NB_REN": renewals,
                "TIT_SUPRF": area,
                "DET_NOM": owner,
                "DET_POURC": share,
                "DET_NO": HOLDERS[owner],
                "FEU_NO": nts_sheet(lat + CELL / 2, lon + CELL / 2),
                "TIT_CRE_CU": float(rng.randint(0, 40) * 250),
                "TIT_DR_REQ": 140.0 if lat < 52 else 70.0,
                "TIT_TR_REQ": float(1200 + 600 * min(renewals, 3)),
            }
            for key, value in values.items():
                feature.SetField(key, value)
            feature.SetField("TIT_DAT_EM", issued.year, issued.month, issued.day, 0, 0, 0, 0)
            feature.SetField("TIT_DAT_EX", expiry.year, expiry.month, expiry.day, 0, 0, 0, 0)
            feature.SetGeometry(geom)
            layer.CreateFeature(feature)
            rows += 1
    layer.CommitTransaction()
    return rows


def park_origin() -> tuple[float, float]:
    """Sept-Iles industrial park (Pointe-Noire) in EPSG:32198 metres."""
    x, y, _z = transformer(4326, 32198).TransformPoint(-66.57, 50.17)
    return x, y


def write_parcels(ds: gdal.Dataset, rng: random.Random) -> int:
    layer = polygon_layer(ds, "parcels", 32198, "Industrial-park lots.")
    for name, kind in [
        ("NO_LOT", ogr.OFTString),
        ("ZONE", ogr.OFTString),
        ("AREA_HA", ogr.OFTReal),
    ]:
        layer.CreateField(ogr.FieldDefn(name, kind))
    x0, y0 = park_origin()
    lots = rng.sample(range(4500000, 6400000), 80)
    count = 0
    layer.StartTransaction()
    y = y0
    for row in range(6):
        depth = rng.choice([250.0, 300.0, 350.0])
        x = x0
        for _col in range(9):
            width = rng.choice([180.0, 220.0, 260.0, 320.0, 400.0])
            if rng.random() < 0.12:  # a vacant strip between lots (roads, rail)
                x += width
                continue
            lot = str(lots[count])
            ring = [(x, y), (x, y + depth), (x + width, y + depth), (x + width, y)]
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("NO_LOT", f"{lot[0]} {lot[1:4]} {lot[4:]}")
            feature.SetField("ZONE", ["I-1", "I-2", "Portuaire"][min(row // 2, 2)])
            feature.SetField("AREA_HA", round(width * depth / 10000.0, 2))
            feature.SetGeometry(polygon(ring))
            layer.CreateFeature(feature)
            count += 1
            x += width + 20.0
        y += depth + 25.0
    layer.CommitTransaction()
    return count


def territory_ring(
    rng: random.Random, lat: float, lon: float, ns_km: float, ew_km: float, vertices: int
) -> list[tuple[float, float]]:
    """A wobbly ellipse in lon/lat degrees with `vertices` points."""
    waves = [(k, rng.uniform(0.02, 0.08) / math.sqrt(k), rng.uniform(0, 6.3)) for k in range(2, 40)]
    ring = []
    for n in range(vertices):
        theta = 2 * math.pi * n / vertices
        scale = 1 + sum(amp * math.sin(k * theta + phase) for k, amp, phase in waves)
        scale += rng.uniform(-0.004, 0.004)  # ragged edge, like digitized boundaries
        dy = ns_km * scale * math.sin(theta) / 111.2
        dx = ew_km * scale * math.cos(theta) / (111.32 * math.cos(math.radians(lat)))
        ring.append((lon + dx, lat + dy))
    return ring


def add_bow_tie(ring: list[tuple[float, float]], at: int) -> list[tuple[float, float]]:
    """Insert a spike whose two edges cross (a self-intersection, as digitizing errors make)."""
    (x1, y1), (x2, y2) = ring[at], ring[at + 1]
    cx, cy = sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    ox, oy = x1 - cx, y1 - cy
    norm = math.hypot(ox, oy)
    ox, oy = ox / norm * 0.25, oy / norm * 0.25  # ~ 20-25 km outwards
    tx, ty = (x2 - x1) * 20, (y2 - y1) * 20
    spike = [(x1 + ox + tx, y1 + oy + ty), (x1 + ox - tx, y1 + oy - ty)]
    return ring[: at + 1] + spike + ring[at + 1 :]


def write_territories(ds: gdal.Dataset, rng: random.Random, today: dt.date) -> int:
    layer = polygon_layer(ds, "territories", 3857, "Ancestral territories (invented outlines).")
    for name, kind in [
        ("NATION", ogr.OFTString),
        ("NAME", ogr.OFTString),
        ("DISTANCE_M", ogr.OFTReal),
        ("SOURCE", ogr.OFTString),
        ("SOURCE_DATE", ogr.OFTDate),
    ]:
        layer.CreateField(ogr.FieldDefn(name, kind))
    to_mercator = transformer(4326, 3857)
    source_date = dt.date(today.year - 1, 6, 1)
    for nation, name, lat, lon, ns_km, ew_km, distance, invalid in NATIONS:
        ring = territory_ring(rng, lat, lon, ns_km, ew_km, 2400)
        if invalid:
            ring = add_bow_tie(ring, 150)
        projected = [to_mercator.TransformPoint(x, y)[:2] for x, y in ring]
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("NATION", nation)
        feature.SetField("NAME", name)
        if distance is None:
            feature.SetFieldNull("DISTANCE_M")
        else:
            feature.SetField("DISTANCE_M", distance)
        feature.SetField("SOURCE", "Synthetic outline (consultation file stand-in)")
        feature.SetField(
            "SOURCE_DATE", source_date.year, source_date.month, source_date.day, 0, 0, 0, 0
        )
        feature.SetGeometry(polygon(projected))
        layer.CreateFeature(feature)
    return len(NATIONS)


def write_aoi(ds: gdal.Dataset) -> int:
    layer = polygon_layer(ds, "aoi", 32198, "Areas of interest.")
    layer.CreateField(ogr.FieldDefn("NAME", ogr.OFTString))
    x0, y0 = park_origin()
    to_quebec = transformer(4326, 32198)
    cx, cy, _z = to_quebec.TransformPoint(-67.93, 53.04)
    areas = [
        (
            "Sept-Iles plant site",
            [(x0 + 300, y0 + 200), (x0 + 300, y0 + 1500), (x0 + 2300, y0 + 1700), (x0 + 2100, y0)],
        ),
        (
            "Crater Lake field area",
            [
                (cx - 1e4, cy - 1e4),
                (cx - 1e4, cy + 1e4),
                (cx + 1e4, cy + 1e4),
                (cx + 1e4, cy - 1e4),
            ],
        ),
    ]
    for name, ring in areas:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("NAME", name)
        feature.SetGeometry(polygon(ring))
        layer.CreateFeature(feature)
    return len(areas)


def write_about(ds: gdal.Dataset, today: dt.date, counts: dict[str, int]) -> None:
    layer = ds.CreateLayer(
        "about", None, ogr.wkbNone, [f"DESCRIPTION=What this file is. {SYNTHETIC}"]
    )
    layer.CreateField(ogr.FieldDefn("KEY", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("VALUE", ogr.OFTString))
    rows = {
        "synthetic": "yes",
        "notice": SYNTHETIC,
        "generator": "scripts/make_sample_data.py",
        "seed": str(SEED),
        "reference_date": today.isoformat(),
        **{f"count_{name}": str(value) for name, value in counts.items()},
    }
    for key, value in rows.items():
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("KEY", key)
        feature.SetField("VALUE", value)
        layer.CreateFeature(feature)


def make_sample(out: Path, today: dt.date) -> dict[str, int]:
    """Write the GeoPackage at `out` (replacing it); return the feature count per layer."""
    gdal.UseExceptions()
    ogr.UseExceptions()
    gdal.SetConfigOption("OGR_CURRENT_DATE", f"{today.isoformat()}T00:00:00Z")  # same bytes
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    rng = random.Random(SEED)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(out))
    counts = {
        "claims": write_claims(ds, rng, today),
        "parcels": write_parcels(ds, rng),
        "territories": write_territories(ds, rng, today),
        "aoi": write_aoi(ds),
    }
    write_about(ds, today, counts)
    ds = None  # close and flush
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    counts = make_sample(args.out, args.date)
    print(f"{args.out}: {counts} (reference date {args.date})")


if __name__ == "__main__":
    main()
