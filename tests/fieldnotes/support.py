"""What QField does to a pack, done with plain OGR: add notes with photos, edit one; zip back."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

from osgeo import ogr

UUIDS = [
    "3f1c2b8e-5d4a-4c7e-9b2f-1a2b3c4d5e60",
    "7a9e4c21-0b3d-4f5e-8a6b-2c3d4e5f6a71",
    "c0ffee00-1234-4abc-8def-0123456789ab",
]
# (uuid, kind, x, y in EPSG:32198, observed (UTC), author, text, photos)
NOTES = [
    (
        UUIDS[0],
        "claim_post",
        137800.0,
        688000.0,
        (2026, 7, 14, 10, 30, 5),
        "J. Tremblay",
        "Borne nord-est trouvée, étiquette lisible",
        ["post_ne.jpg", "post_tag.jpg"],
    ),
    (
        UUIDS[1],
        "access",
        138000.0,
        687900.0,
        (2026, 7, 14, 11, 2, 0),
        "J. Tremblay",
        "Chemin forestier fermé par une barrière",
        [],
    ),
    (
        UUIDS[2],
        "cultural_site",
        137900.0,
        687950.0,
        (2026, 7, 15, 9, 15, 0),
        "M. Vollant",
        "Ancien campement; ne pas circuler",
        ["camp.jpg"],
    ),
]


def photo_bytes(name: str) -> bytes:
    return f"JPEG bytes of {name}".encode() * 50


def first_value(gpkg: Path, table: str, column: str) -> str:
    with closing(sqlite3.connect(gpkg)) as conn:
        return conn.execute(f'SELECT "{column}" FROM {table} ORDER BY fid LIMIT 1').fetchone()[0]


def add_notes(folder: Path, title: str, lot: str) -> None:
    """Record NOTES in the pack's notes layer with OGR, photos under DCIM/ as QField names them."""
    source = ogr.Open(str(folder / "field_notes.gpkg"), 1)
    layer = source.GetLayerByName("field_notes")
    (folder / "DCIM").mkdir(exist_ok=True)
    for number, (uuid, kind, x, y, when, author, text, photos) in enumerate(NOTES):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("uuid", uuid)
        feature.SetField("kind", kind)
        feature.SetField("observed", *when, 100)
        feature.SetField("author", author)
        feature.SetField("note", text)
        if number == 0:
            feature.SetField("title", title)
        if number == 2:
            feature.SetField("lot", lot)
        for index, photo in enumerate(photos, start=1):
            path = f"DCIM/note_{uuid}_{index}.jpg"
            (folder / path).write_bytes(photo_bytes(photo))
            feature.SetField(f"photo_{index}", path)
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(x, y)
        feature.SetGeometry(point)
        assert layer.CreateFeature(feature) == 0
    source = None


def edit_note(folder: Path, uuid: str, text: str, column: str = "note") -> None:
    """Change one column of one note, as QField's form does."""
    source = ogr.Open(str(folder / "field_notes.gpkg"), 1)
    layer = source.GetLayerByName("field_notes")
    layer.SetAttributeFilter(f"uuid = '{uuid}'")
    feature = layer.GetNextFeature()
    feature.SetField(column, text)
    assert layer.SetFeature(feature) == 0
    source = None


def zip_back(folder: Path, zip_path: Path, extra: dict[str, bytes] | None = None) -> Path:
    """Zip the pack folder as a pack zip (one root folder), plus `extra` raw entries."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return zip_path


def phone_copy(pack_folder: Path, where: Path) -> Path:
    """The pack as copied to the phone (same folder name)."""
    target = where / pack_folder.name
    shutil.copytree(pack_folder, target)
    return target
