"""Read a pack that came back from the field: its read-only files checked against the manifest,
its notes layer checked against the columns the pack left with, every note and photo checked.

Nothing here writes to the register: `read_returned` either gives every note of the pack, ready
to import, or raises one UserError that names everything wrong (so an import is all or nothing).
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from osgeo import ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsPointXY,
)

from imperial_land.core.common import Tick, UserError, file_sha256, tr
from imperial_land.core.pack import (
    NOTE_COLUMNS,
    NOTES_GPKG,
    NOTES_LAYER,
    PHOTO_FIELDS,
    listed_problems,
    read_manifest,
)
from imperial_land.core.register import NOTE_KINDS


@dataclass
class FieldNote:
    """One note as recorded in the field; photos are paths inside the returned pack."""

    uuid: str
    kind: str
    observed: str | None
    author: str | None
    note: str | None
    title: str | None
    lot: str | None
    photos: list[str] = field(default_factory=list)
    x: float = 0.0  # in the register's CRS (see read_returned)
    y: float = 0.0


@dataclass
class ReturnedPack:
    """A checked returned pack: its folder, name, manifest and notes."""

    folder: Path
    name: str
    manifest: dict[str, Any]
    notes: list[FieldNote]


def _refused(pack: str, problems: str) -> UserError:
    return UserError(
        tr("The returned pack '{pack}' was refused ({problems}); no note was imported.").format(
            pack=pack, problems=problems
        )
    )


def check_read_only_files(folder: Path, manifest: dict[str, Any], tick: Tick | None) -> None:
    """UserError naming the pack's read-only files that are missing or changed in the field."""
    missing, altered = [], []
    entries = [e for e in manifest["files"] if e.get("editable") is not True]
    for number, entry in enumerate(entries):
        if tick is not None:
            tick(number / max(1, len(entries)))
        name = str(entry.get("path", ""))
        path = folder / name
        if not name or not path.is_file():
            missing.append(name)
        elif file_sha256(path) != entry.get("sha256"):
            altered.append(name)
    problems = listed_problems(
        [
            (tr("read-only files missing: {files}"), missing),
            (tr("read-only files changed: {files}"), altered),
        ]
    )
    if problems:
        raise _refused(folder.name, problems)


def _iso(feature: ogr.Feature, index: int) -> str | None:
    """A DateTime field as ISO 8601 text (with its zone when the phone recorded one)."""
    if not feature.IsFieldSetAndNotNull(index):
        return None
    year, month, day, hour, minute, second, zone = feature.GetFieldAsDateTime(index)
    text = dt.datetime(year, month, day, hour, minute, int(second)).isoformat()
    if zone == 100:
        return text + "Z"
    if zone > 1:
        offset = (zone - 100) * 15
        sign = "+" if offset >= 0 else "-"
        return f"{text}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    return text


def _text(feature: ogr.Feature, index: int) -> str | None:
    if not feature.IsFieldSetAndNotNull(index):
        return None
    text = feature.GetFieldAsString(index).strip()
    return text or None


def _schema_problems(layer: ogr.Layer) -> str:
    """What differs between the layer and the notes layer a pack leaves with ('' if nothing)."""
    definition = layer.GetLayerDefn()
    found = {
        definition.GetFieldDefn(i).GetName(): definition.GetFieldDefn(i).GetFieldTypeName(
            definition.GetFieldDefn(i).GetType()
        )
        for i in range(definition.GetFieldCount())
    }
    missing = [name for name in NOTE_COLUMNS if name not in found]
    retyped = [
        f"{name} ({found[name]})"
        for name, kind in NOTE_COLUMNS.items()
        if name in found and found[name] != kind
    ]
    geometry = ogr.GeometryTypeToName(layer.GetGeomType())
    wrong_geometry = [] if ogr.GT_Flatten(layer.GetGeomType()) == ogr.wkbPoint else [geometry]
    return listed_problems(
        [
            (tr("columns missing: {files}"), missing),
            (tr("columns of another type: {files}"), retyped),
            (tr("geometry not a point: {files}"), wrong_geometry),
        ]
    )


def _inside(relative: str) -> bool:
    path = PurePosixPath(relative.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and ":" not in relative


def _transform(layer: ogr.Layer, crs_authid: str) -> QgsCoordinateTransform:
    reference = layer.GetSpatialRef() or osr.SpatialReference()
    source = QgsCoordinateReferenceSystem.fromWkt(reference.ExportToWkt())
    return QgsCoordinateTransform(
        source, QgsCoordinateReferenceSystem(crs_authid), QgsCoordinateTransformContext()
    )


def _read_notes(folder: Path, layer: ogr.Layer, crs_authid: str) -> list[FieldNote]:
    """Every note of the layer; UserError naming each note that cannot be imported."""
    transform = _transform(layer, crs_authid)
    definition = layer.GetLayerDefn()
    index = {name: definition.GetFieldIndex(name) for name in NOTE_COLUMNS}
    notes: list[FieldNote] = []
    problems: list[str] = []
    seen: set[str] = set()
    layer.ResetReading()
    for feature in layer:
        label = tr("note {fid}").format(fid=feature.GetFID())
        raw_uuid = _text(feature, index["uuid"]) or ""
        try:
            note_uuid = str(uuid_module.UUID(raw_uuid))
        except ValueError:
            problems.append(tr("{note}: no valid identifier").format(note=label))
            continue
        label = tr("note {uuid}").format(uuid=note_uuid)
        if note_uuid in seen:
            problems.append(tr("{note}: recorded twice").format(note=label))
            continue
        seen.add(note_uuid)
        kind = _text(feature, index["kind"])
        if kind not in NOTE_KINDS:
            problems.append(tr("{note}: unknown kind '{kind}'").format(note=label, kind=kind or ""))
        geometry = feature.GetGeometryRef()
        if geometry is None or geometry.IsEmpty():
            problems.append(tr("{note}: no location").format(note=label))
            continue
        photos = [p for p in (_text(feature, index[n]) for n in PHOTO_FIELDS) if p]
        for photo in photos:
            if not _inside(photo):
                problems.append(
                    tr("{note}: photo outside the pack: {photo}").format(note=label, photo=photo)
                )
            elif not (folder / photo).is_file():
                problems.append(
                    tr("{note}: photo missing: {photo}").format(note=label, photo=photo)
                )
        point = transform.transform(QgsPointXY(geometry.GetX(), geometry.GetY()))
        notes.append(
            FieldNote(
                note_uuid,
                kind or "",
                _iso(feature, index["observed"]),
                _text(feature, index["author"]),
                _text(feature, index["note"]),
                _text(feature, index["title"]),
                _text(feature, index["lot"]),
                [PurePosixPath(p.replace("\\", "/")).as_posix() for p in photos],
                point.x(),
                point.y(),
            )
        )
    if problems:
        raise _refused(folder.name, "; ".join(problems))
    return notes


def read_returned(folder: Path, crs_authid: str, tick: Tick | None = None) -> ReturnedPack:
    """The notes of the returned pack in `folder` (points in `crs_authid`), after every check."""
    manifest = read_manifest(folder)
    name = str(manifest.get("name") or folder.name)
    entry = manifest.get("field_notes")
    if not isinstance(entry, dict):
        raise UserError(
            tr(
                "The pack '{pack}' was built without a field-notes layer; there is nothing "
                "to import."
            ).format(pack=name)
        )
    check_read_only_files(folder, manifest, tick)
    gpkg = folder / str(entry.get("geopackage") or NOTES_GPKG)
    if not gpkg.is_file():
        raise _refused(folder.name, tr("the notes file {file} is missing").format(file=gpkg.name))
    try:
        source = ogr.Open(str(gpkg), 0)
    except RuntimeError:  # when some code switched OGR to exceptions
        source = None
    if source is None:
        raise _refused(
            folder.name, tr("the notes file {file} cannot be read").format(file=gpkg.name)
        )
    try:
        layer = source.GetLayerByName(str(entry.get("table") or NOTES_LAYER))
        if layer is None:
            raise _refused(
                folder.name,
                tr("the notes file {file} has no layer {layer}").format(
                    file=gpkg.name, layer=NOTES_LAYER
                ),
            )
        problems = _schema_problems(layer)
        if problems:
            raise _refused(
                folder.name,
                tr("the notes layer is not the one the pack left with: {problems}").format(
                    problems=problems
                ),
            )
        notes = _read_notes(folder, layer, crs_authid)
    finally:
        source = None  # closes the file (OGR closes on release)
    return ReturnedPack(folder, name, manifest, notes)
