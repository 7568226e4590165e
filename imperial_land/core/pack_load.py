"""Load an offline pack (its zip or its folder): safe unzip, checks, styled layers in one group."""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from qgis.core import (
    QgsMapLayer,
    QgsProcessingFeedback,
    QgsProject,
)

from imperial_land.core.errors import UserError
from imperial_land.core.feedback import StepProgress, check_cancelled, ensure_feedback
from imperial_land.core.i18n import tr
from imperial_land.core.pack_manifest import MANIFEST_NAME, check_files, read_manifest
from imperial_land.core.pack_project import open_layers
from imperial_land.core.pack_project_refs import check_project_sources


@dataclass
class LoadedPack:
    """A checked pack and the layers added from it."""

    folder: Path
    name: str
    manifest: dict[str, Any]
    layers: list[QgsMapLayer]


def unsafe_entries(archive: zipfile.ZipFile) -> list[str]:
    """Entries that would land outside the target folder: '..', absolute paths, symlinks."""
    bad = []
    for info in archive.infolist():
        name = info.filename.replace("\\", "/")
        is_link = stat.S_ISLNK(info.external_attr >> 16)
        absolute = name.startswith("/") or re.match(r"^[A-Za-z]:", name) is not None
        if is_link or absolute or ".." in PurePosixPath(name).parts:
            bad.append(info.filename)
    return bad


def _already_unzipped(archive: zipfile.ZipFile, manifest_entry: str, folder: Path) -> bool:
    """True when `folder` holds this zip's pack already (same manifest, byte for byte)."""
    existing = folder / MANIFEST_NAME
    try:
        return existing.is_file() and archive.read(manifest_entry) == existing.read_bytes()
    except KeyError:
        return False


def extract_pack(
    zip_path: Path, target_dir: Path, feedback: QgsProcessingFeedback | None = None
) -> tuple[Path, bool]:
    """Unzip a pack into `target_dir`/<its folder>; refuse unsafe entries before writing any.

    Returns the folder and whether it was unzipped now (False: that pack was there already).
    Cancelling (`feedback`) between entries leaves nothing behind.
    """
    feedback = ensure_feedback(feedback)
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UserError(
            tr("'{file}' is not a readable zip: {error}").format(file=zip_path.name, error=str(exc))
        ) from exc
    with archive:
        bad = unsafe_entries(archive)
        if bad:
            raise UserError(
                tr(
                    "The zip '{file}' was refused: these entries would be written outside "
                    "the target folder: {entries}."
                ).format(file=zip_path.name, entries=", ".join(bad))
            )
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        roots = {PurePosixPath(name).parts[0] for name in names}
        nested = len(roots) == 1 and all(len(PurePosixPath(n).parts) > 1 for n in names)
        folder_name = next(iter(roots)) if nested else zip_path.stem
        final = target_dir / folder_name
        manifest_entry = f"{folder_name}/{MANIFEST_NAME}" if nested else MANIFEST_NAME
        if final.exists() and _already_unzipped(archive, manifest_entry, final):
            return final, False
        if final.exists():
            raise UserError(
                tr(
                    "The folder '{folder}' already exists; load that folder "
                    "or choose another target folder."
                ).format(folder=str(final))
            )
        target_dir.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{folder_name}.unzip-", dir=target_dir))
        try:
            for info in archive.infolist():
                check_cancelled(feedback)
                archive.extract(info, temp)
            (temp / folder_name if nested else temp).rename(final)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
    return final, True


def check_pack(folder: Path, feedback: QgsProcessingFeedback | None = None) -> dict[str, Any]:
    """The pack's manifest, after checking every file and the project's references."""
    manifest = read_manifest(folder)
    listed = {str(entry.get("path")) for entry in manifest["files"]}
    needed = [manifest.get("geopackage"), manifest.get("project")]
    if manifest.get("basemap"):
        needed.append(manifest["basemap"].get("file"))
    unlisted = [str(name) for name in needed if name not in listed]
    if unlisted:
        raise UserError(
            tr("The pack's manifest does not list its own files: {files}.").format(
                files=", ".join(unlisted)
            )
        )
    check_files(folder, manifest, feedback)
    check_project_sources(folder, str(manifest.get("project", "")))
    return manifest


def open_pack(
    source: Path, target_dir: Path | None = None, feedback: QgsProcessingFeedback | None = None
) -> tuple[Path, dict[str, Any]]:
    """The checked pack folder and manifest of a zip (unzipped next to it) or a folder.

    Any thread: files only, no project. A cancelled or refused zip leaves no folder behind.
    """
    feedback = ensure_feedback(feedback)
    source = Path(source)
    if source.is_dir():
        return source, check_pack(source, feedback)
    if not source.is_file():
        raise UserError(tr("The pack '{path}' does not exist.").format(path=str(source)))
    folder, fresh = extract_pack(
        source, Path(target_dir) if target_dir else source.parent, feedback
    )
    if fresh:
        feedback.pushInfo(tr("Unzipped into {folder}.").format(folder=str(folder)))
    try:
        return folder, check_pack(folder, feedback)
    except UserError:
        if fresh:  # never delete a folder that was there before
            shutil.rmtree(folder, ignore_errors=True)
        raise


def pack_layers(folder: Path, manifest: dict[str, Any]) -> list[QgsMapLayer]:
    """The pack's layers (styled from the GeoPackage's layer_styles) and its basemap."""
    basemap = manifest.get("basemap")
    return open_layers(
        folder,
        str(manifest.get("geopackage", "")),
        [(entry["table"], entry["title"]) for entry in manifest.get("layers", [])],
        basemap["file"] if basemap else None,
    )


def load_pack(
    source: Path,
    project: QgsProject,
    target_dir: Path | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> LoadedPack:
    """Check the pack and add its layers to `project` in a group named after the pack."""
    feedback = ensure_feedback(feedback)
    progress = StepProgress(feedback, 2)
    progress.next(tr("Checking the pack…"))
    folder, manifest = open_pack(source, target_dir, feedback)
    progress.next(tr("Adding the pack's layers…"))
    loaded = add_pack(folder, manifest, project)
    feedback.setProgress(100.0)
    return loaded


def add_pack(folder: Path, manifest: dict[str, Any], project: QgsProject) -> LoadedPack:
    """Add a checked pack's layers to `project` in a group named after the pack (main thread)."""
    layers = pack_layers(folder, manifest)
    name = str(manifest.get("name") or folder.name)
    group = project.layerTreeRoot().insertGroup(0, name)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    return LoadedPack(folder, name, manifest, layers)
