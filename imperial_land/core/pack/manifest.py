"""The manifest of an offline pack: what it holds, where it came from, a SHA-256 of every file."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from imperial_land.core.common import Tick, UserError, file_sha256, tr

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


def file_entries(folder: Path) -> list[dict[str, Any]]:
    """Every file under `folder` but the manifest: relative POSIX path, size and SHA-256."""
    entries = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative == MANIFEST_NAME:
            continue
        entries.append({"path": relative, "size": path.stat().st_size, "sha256": file_sha256(path)})
    return entries


def write_manifest(folder: Path, info: dict[str, Any], editable: set[str] | None = None) -> Path:
    """Write `info` plus the file list of `folder` as manifest.json; return its path.

    Files named in `editable` (the field notes) are marked so: the field may change them, so
    their checksum is the one they left with, not one a returned pack must match."""
    files = file_entries(folder)
    for entry in files:
        if entry["path"] in (editable or set()):
            entry["editable"] = True
    manifest = {"format_version": FORMAT_VERSION, **info, "files": files}
    path = folder / MANIFEST_NAME
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the pack in `folder`; UserError when it is missing or unreadable."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise UserError(
            tr("'{folder}' is not an offline pack: it has no {manifest}.").format(
                folder=folder.name, manifest=MANIFEST_NAME
            )
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(
            tr("The pack's {manifest} cannot be read: {error}").format(
                manifest=MANIFEST_NAME, error=str(exc)
            )
        ) from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise UserError(
            tr("The pack's {manifest} has no file list.").format(manifest=MANIFEST_NAME)
        )
    outside = [str(e.get("path")) for e in manifest["files"] if not _inside(str(e.get("path")))]
    if outside:
        raise UserError(
            tr("The pack's {manifest} names files outside the pack: {files}.").format(
                manifest=MANIFEST_NAME, files=", ".join(outside)
            )
        )
    return manifest


def _inside(relative: str) -> bool:
    """True for a relative path that stays inside the pack folder."""
    path = PurePosixPath(relative.replace("\\", "/"))
    return (
        bool(relative) and not path.is_absolute() and ".." not in path.parts and ":" not in relative
    )


def listed_problems(kinds: list[tuple[str, list[str]]]) -> str:
    """'label: a, b; label: c' for every (translated label with {files}, names) that has names."""
    return "; ".join(label.format(files=", ".join(names)) for label, names in kinds if names)


def _size(entry: dict[str, Any]) -> int:
    """A manifest entry's size in bytes (0 when absent or not a number)."""
    try:
        return max(0, int(entry.get("size") or 0))
    except (TypeError, ValueError):
        return 0


def check_files(folder: Path, manifest: dict[str, Any], tick: Tick | None = None) -> None:
    """Raise UserError naming every file of the manifest that is missing or was altered.

    `tick(fraction)` is called before each file (by the sizes the manifest gives); it may raise
    (Cancelled) to stop.
    """
    missing: list[str] = []
    altered: list[str] = []
    entries = manifest["files"]
    sizes = [0 if entry.get("editable") is True else _size(entry) for entry in entries]
    total, done = max(1, sum(sizes)), 0
    for entry, size in zip(entries, sizes):
        if tick is not None:
            tick(done / total)
        done += size
        name = str(entry.get("path", ""))
        path = folder / name
        if not name or not path.is_file():
            missing.append(name)
        elif entry.get("editable") is True:  # edited in the field: checked by what reads it
            continue
        elif file_sha256(path) != entry.get("sha256"):
            altered.append(name)
    problems = listed_problems(
        [(tr("missing: {files}"), missing), (tr("altered: {files}"), altered)]
    )
    if problems:
        raise UserError(
            tr("The pack '{pack}' does not match its manifest ({problems}); copy it again.").format(
                pack=folder.name, problems=problems
            )
        )
