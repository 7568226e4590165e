"""Load an offline pack (its zip or its folder): safe unzip, checks, styled layers in one group."""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from qgis.core import (
    QgsMapLayer,
    QgsProcessingFeedback,
    QgsProcessingMultiStepFeedback,
    QgsProject,
)

from imperial_land.core.common import (
    StepProgress,
    Tick,
    UserError,
    ensure_feedback,
    partial_folder,
    tr,
)
from imperial_land.core.maplayers import Role, record_transforms, set_role
from imperial_land.core.pack.manifest import MANIFEST_NAME, check_files, read_manifest
from imperial_land.core.pack.project import open_layers
from imperial_land.core.pack.project_refs import check_project_sources


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


def extract_pack(zip_path: Path, target_dir: Path, tick: Tick | None = None) -> tuple[Path, bool]:
    """Unzip a pack into `target_dir`/<its folder>; refuse unsafe entries before writing any.

    Returns the folder and whether it was unzipped now (False: that pack was there already).
    `tick(fraction)` is called before each entry (by bytes); when it raises (Cancelled), nothing
    unzipped is left behind.
    """
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
        temp = partial_folder(target_dir, f".{folder_name}.unzip-")
        try:
            entries = archive.infolist()
            total = max(1, sum(info.file_size for info in entries))
            done = 0
            for info in entries:
                if tick is not None:
                    tick(done / total)
                try:
                    archive.extract(info, temp)
                except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                    raise UserError(
                        tr("The zip '{file}' is damaged ({entry}: {error}); copy it again.").format(
                            file=zip_path.name, entry=info.filename, error=str(exc)
                        )
                    ) from exc
                done += info.file_size
            (temp / folder_name if nested else temp).rename(final)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
    return final, True


def check_pack(folder: Path, tick: Tick | None = None) -> dict[str, Any]:
    """The pack's manifest, after checking every file (`tick`: see check_files) and the
    project's references."""
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
    check_files(folder, manifest, tick)
    check_project_sources(folder, str(manifest.get("project", "")))
    return manifest


@dataclass
class OpenedPack:
    """A checked pack: its folder, its manifest, and whether this load unzipped the folder (then
    it is removed again if the load fails)."""

    folder: Path
    manifest: dict[str, Any]
    unzipped: bool = False


def given_folder(source: Path) -> Path | None:
    """The pack folder a user gave: the folder itself, or the one of its manifest.json (what
    Processing's file parameter can take); None for anything else (a zip)."""
    if source.name == MANIFEST_NAME and source.is_file():
        return source.parent
    return source if source.is_dir() else None


def open_pack(
    source: Path, target_dir: Path | None = None, feedback: QgsProcessingFeedback | None = None
) -> OpenedPack:
    """The checked pack of a zip (unzipped next to it, or into `target_dir`) or a folder.

    Any thread: files only, no project. Progress: the unzip, then the checksums, by bytes. A
    cancelled, refused or failed zip leaves no folder behind.
    """
    feedback = ensure_feedback(feedback)
    source = Path(source)
    progress = StepProgress(feedback, 2)
    folder = given_folder(source)
    if folder is not None:
        progress.next()
        progress.next(tr("Checking the pack's files…"))
        return OpenedPack(folder, check_pack(folder, progress.within))
    if not source.is_file():
        raise UserError(tr("The pack '{path}' does not exist.").format(path=str(source)))
    progress.next(tr("Unzipping the pack…"))
    folder, fresh = extract_pack(
        source, Path(target_dir) if target_dir else source.parent, progress.within
    )
    if fresh:
        feedback.pushInfo(tr("Unzipped into {folder}.").format(folder=str(folder)))
    try:
        progress.next(tr("Checking the pack's files…"))
        return OpenedPack(folder, check_pack(folder, progress.within), fresh)
    except BaseException:
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
    checking = QgsProcessingMultiStepFeedback(2, feedback)
    opened = open_pack(source, target_dir, checking)
    checking.setCurrentStep(1)
    feedback.pushInfo(tr("Adding the pack's layers…"))
    loaded = add_opened(opened, project)
    feedback.setProgress(100.0)
    return loaded


def add_opened(opened: OpenedPack, project: QgsProject) -> LoadedPack:
    """`add_pack` of an opened pack; a folder this load unzipped goes again when it fails."""
    try:
        return add_pack(opened.folder, opened.manifest, project)
    except BaseException:
        if opened.unzipped:
            shutil.rmtree(opened.folder, ignore_errors=True)
        raise


def add_pack(folder: Path, manifest: dict[str, Any], project: QgsProject) -> LoadedPack:
    """Add a checked pack's layers to `project` in a group named after the pack (main thread)."""
    layers = pack_layers(folder, manifest)
    name = str(manifest.get("name") or folder.name)
    for layer, entry in zip(layers, manifest.get("layers", [])):
        role = Role.parse(entry.get("role"))
        if role is not None:
            set_role(layer, role)
    record_transforms(project, layers)  # before the add: the desktop asks on add
    group = project.layerTreeRoot().insertGroup(0, name)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    return LoadedPack(folder, name, manifest, layers)
