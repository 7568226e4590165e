"""Builds GESTIM-like test data: zipped shapefiles in GESTIM's layout and WFS GeoJSON answers.

build_gestim_zip(path, rows) writes what the ministry publishes: a zip holding one shapefile
(cp1252 .dbf, .prj in NAD83, dates as YYYYMMDD text, several rows per title). Rows come from
title_row() (every field filled with a sensible value, override any) or make_titles(n) (bulk).
"""

from __future__ import annotations

import datetime
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Iterable

import fiona
from shapely.geometry import box, mapping

ACTIVE_LAYER = "TITRES_ACTIFS_ACTIVE_TITLES"
CELL_DEG = 1.0 / 120.0  # 30 seconds of arc: one map-designated cell
ORIGIN = (-67.0, 50.5)  # lon, lat of cell (0, 0): north of Sept-Iles

# Field name -> fiona type, in GESTIM's order.
GESTIM_SCHEMA: dict[str, str] = {
    "TIT_NO": "str:10",
    "TT_CODE": "str:4",
    "TT_DES_FR": "str:60",
    "TT_DES_AN": "str:60",
    "STI_CODE": "str:2",
    "STI_DES_FR": "str:60",
    "STI_DES_AN": "str:60",
    "TIT_DAT_EM": "str:8",
    "TIT_DAT_EX": "str:8",
    "TIT_NB_REN": "int:4",
    "TIT_SUPRF": "float:12.4",
    "DET_NO": "int:9",
    "DET_NOM": "str:120",
    "DET_POURC": "float:6.2",
    "FEU_NO": "str:8",
    "TIT_CRE_CU": "float:12.2",
    "TIT_DR_REQ": "float:12.2",
    "TIT_TR_REQ": "float:12.2",
}
DATE_FIELDS = ("TIT_DAT_EM", "TIT_DAT_EX")
STATUSES = {
    "A": ("Actif", "Active"),
    "S": ("Suspendu", "Suspended"),
    "R": ("En attente de renouvellement", "Pending renewal"),
}
HOLDER = "Société minière du Nord ltée"
COMPANY = "Imperial Mining Group Ltd."


def cell_polygon(col: int, row: int, cells: int = 1) -> Any:
    """A shapely square of `cells` x `cells` 30" cells, its south-west corner at cell (col, row)."""
    lon = ORIGIN[0] + col * CELL_DEG
    lat = ORIGIN[1] + row * CELL_DEG
    return box(lon, lat, lon + cells * CELL_DEG, lat + cells * CELL_DEG)


def title_row(
    tit_no: str | int,
    *,
    holder: str = HOLDER,
    det_no: int = 1,
    share: float = 100.0,
    status: str = "A",
    issued: datetime.date = datetime.date(2021, 3, 15),
    expires: datetime.date = datetime.date(2027, 3, 14),
    cell: tuple[int, int] = (0, 0),
    geometry: Any = None,
    **fields: Any,
) -> dict[str, Any]:
    """One GESTIM row (field -> value, dates as datetime.date) + "geometry" (shapely or None)."""
    status_fr, status_en = STATUSES.get(status, (status, status))
    row: dict[str, Any] = {
        "TIT_NO": str(tit_no),
        "TT_CODE": "CDC",
        "TT_DES_FR": "Claim désigné sur carte",
        "TT_DES_AN": "Map-designated claim",
        "STI_CODE": status,
        "STI_DES_FR": status_fr,
        "STI_DES_AN": status_en,
        "TIT_DAT_EM": issued,
        "TIT_DAT_EX": expires,
        "TIT_NB_REN": 1,
        "TIT_SUPRF": 52.87,
        "DET_NO": det_no,
        "DET_NOM": holder,
        "DET_POURC": share,
        "FEU_NO": "22O12",
        "TIT_CRE_CU": 0.0,
        "TIT_DR_REQ": 71.5,
        "TIT_TR_REQ": 1800.0,
        "geometry": geometry if geometry is not None else cell_polygon(*cell),
    }
    row.update(fields)
    return row


def sample_rows() -> list[dict[str, Any]]:
    """Five rows, four titles: 2512346 has two holders (two rows), accents in the holders."""
    return [
        title_row(2512345, cell=(0, 0)),
        title_row(2512346, holder=COMPANY, det_no=7, share=60.0, cell=(1, 0)),
        title_row(2512346, holder="Exploration Côte-Nord inc.", det_no=8, share=40.0, cell=(1, 0)),
        title_row(
            2512347,
            holder=COMPANY,
            det_no=7,
            status="R",
            expires=datetime.date(2026, 12, 1),
            cell=(0, 1),
        ),
        title_row(2512348, holder="Ressources Bédard-Légaré", det_no=9, cell=(1, 1)),
    ]


def make_titles(count: int, start: int = 2_500_000, holders_every: int = 10) -> list[dict]:
    """`count` rows on a grid of cells; every `holders_every`-th title gets a second holder row."""
    rows: list[dict[str, Any]] = []
    width = 1000
    number = start
    while len(rows) < count:
        index = number - start
        cell = (index % width, index // width)
        issued = datetime.date(2015, 1, 1) + datetime.timedelta(days=index % 2500)
        expires = issued + datetime.timedelta(days=730 * (1 + index % 3))
        if index % holders_every == 0 and len(rows) + 1 < count:
            rows.append(
                title_row(number, det_no=1, share=50.0, cell=cell, issued=issued, expires=expires)
            )
            rows.append(
                title_row(
                    number, holder=COMPANY, det_no=7, share=50.0, cell=cell,
                    issued=issued, expires=expires,
                )
            )  # fmt: skip
        else:
            rows.append(title_row(number, cell=cell, issued=issued, expires=expires))
        number += 1
    return rows[:count]


def _dbf_value(value: Any, kind: str, date_type: str) -> Any:
    if isinstance(value, datetime.date) and kind.startswith("str"):
        return value.strftime("%Y%m%d")
    if isinstance(value, datetime.date) and date_type == "date":
        return value.isoformat()
    return value


def write_gestim_shapefile(
    folder: Path,
    rows: Iterable[dict[str, Any]],
    *,
    layer: str = ACTIVE_LAYER,
    prj: bool = True,
    drop_fields: Iterable[str] = (),
    extra_fields: dict[str, str] | None = None,
    date_type: str = "str",
    cpg: bool = False,
    crs: str = "EPSG:4269",
    encoding: str = "cp1252",
    cpg_text: str | None = None,
    ldid: int | None = None,
) -> Path:
    """Write `layer`.shp/.dbf/.shx(/.prj) into `folder`; return the .shp path.

    The .dbf's texts are written in `encoding`; `cpg` keeps the .cpg GDAL writes, `cpg_text`
    writes one holding that text (a wrong one, say), `ldid` sets the dBASE language byte.

    date_type "str" writes dates as YYYYMMDD text (C fields), "date" as dBASE D fields.
    extra_fields adds fields unknown to the plugin (name -> fiona type); crs goes to the .prj.
    """
    folder.mkdir(parents=True, exist_ok=True)
    dropped = set(drop_fields)
    schema = {k: v for k, v in GESTIM_SCHEMA.items() if k not in dropped}
    if date_type == "date":
        schema.update({k: "date" for k in DATE_FIELDS if k in schema})
    schema.update(extra_fields or {})
    shp = folder / (layer + ".shp")
    with fiona.open(
        shp,
        "w",
        driver="ESRI Shapefile",
        crs=crs,
        encoding=encoding,
        schema={"geometry": "Polygon", "properties": schema},
    ) as sink:
        for row in rows:
            props = {k: _dbf_value(row.get(k), kind, date_type) for k, kind in schema.items()}
            geometry = row.get("geometry")
            sink.write(
                {
                    "geometry": mapping(geometry) if geometry is not None else None,
                    "properties": props,
                }
            )
    if not prj:
        shp.with_suffix(".prj").unlink()
    if not cpg and shp.with_suffix(".cpg").exists():
        shp.with_suffix(".cpg").unlink()
    if cpg_text is not None:
        shp.with_suffix(".cpg").write_text(cpg_text, encoding="ascii")
    if ldid is not None:
        with shp.with_suffix(".dbf").open("r+b") as dbf:
            dbf.seek(29)
            dbf.write(bytes([ldid]))
    return shp


def gestim_zip_bytes(rows: Iterable[dict[str, Any]], **options: Any) -> bytes:
    """The bytes of a GESTIM zip (same options as write_gestim_shapefile, plus `folder_in_zip`)."""
    folder_in_zip = options.pop("folder_in_zip", "")
    with tempfile.TemporaryDirectory() as tmp:
        shp = write_gestim_shapefile(Path(tmp), rows, **options)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(tmp).glob(shp.stem + ".*")):
                archive.write(part, (folder_in_zip + "/" if folder_in_zip else "") + part.name)
        return buffer.getvalue()


def build_gestim_zip(path: Path, rows: Iterable[dict[str, Any]], **options: Any) -> Path:
    """Write a GESTIM zip at `path` (see gestim_zip_bytes for the options); return `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gestim_zip_bytes(rows, **options))
    return path


def corrupt_zip(path: Path, keep_fraction: float = 0.5) -> Path:
    """Cut a zip file to `keep_fraction` of its size (what a broken download leaves)."""
    data = Path(path).read_bytes()
    Path(path).write_bytes(data[: int(len(data) * keep_fraction)])
    return Path(path)


def damage_zip_member(path: Path, suffix: str = ".dbf") -> Path:
    """Flip bytes inside the compressed data of the member ending in `suffix` (CRC fails)."""
    data = bytearray(Path(path).read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(suffix))
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    for index in range(middle, min(middle + 16, start + info.compress_size)):
        data[index] ^= 0x5A
    Path(path).write_bytes(bytes(data))
    return Path(path)


# --- WFS (SGM:Actifs) -------------------------------------------------------------------------


def wfs_feature(
    no_titre: str | int,
    titulaire: str,
    geometry: Any,
    fid: str | None = None,
    **properties: Any,
) -> dict[str, Any]:
    """One GeoJSON feature as the SIGEOM WFS gives it (NO_TITRE, TITULAIRE, ...; EPSG:4326)."""
    props = {"NO_TITRE": str(no_titre), "TITULAIRE": titulaire}
    props.update(properties)
    feature: dict[str, Any] = {
        "type": "Feature",
        "geometry": mapping(geometry),
        "properties": props,
    }
    if fid is not None:
        feature["id"] = fid
    return feature


def features_in_bbox(features: list[dict], bbox: tuple[float, float, float, float]) -> list[dict]:
    """The features whose geometry intersects `bbox` (lon/lat), as a WFS does for a BBOX filter."""
    from shapely.geometry import shape

    area = box(*bbox)
    return [f for f in features if shape(f["geometry"]).intersects(area)]
