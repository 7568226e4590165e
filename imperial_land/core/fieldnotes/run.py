"""Import the field notes of a returned pack (folder or zip) into the register.

The whole import is one step that either happens or does not: the pack is checked completely
first (core/fieldnotes/returned.py), the photos are copied under names of their own, then the
notes are written in one transaction; when that fails, the photos this import copied go again.

Photos go beside a GeoPackage register (`<register>_photos/<note uuid>/<file>`, stored relative
to the register's folder, so the register and its photos move together) or, for a PostGIS
register, into a folder the team can reach (stored as absolute paths).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import (
    StepProgress,
    UserError,
    check_cancelled,
    ensure_feedback,
    file_sha256,
    tr,
)
from imperial_land.core.fieldnotes.returned import FieldNote, read_returned
from imperial_land.core.fieldnotes.store import NoteRow, NotesStore
from imperial_land.core.pack import extract_pack, given_folder
from imperial_land.core.register import open_register


@dataclass
class NotesImport:
    """What an import did: notes added, updated (previous text kept), left as they were; the
    photo files it copied."""

    pack: str
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    photos: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return tr(
            "Field notes of '{pack}': {new} new, {updated} updated, {unchanged} already in the "
            "register; {photos} photos copied."
        ).format(
            pack=self.pack,
            new=len(self.new),
            updated=len(self.updated),
            unchanged=len(self.unchanged),
            photos=len(self.photos),
        )


def photo_root(register_target: str, photo_dir: Path | None) -> tuple[Path, Path | None]:
    """(folder the photos go to, folder their stored paths are relative to; None: absolute)."""
    if register_target.startswith("pg:"):
        if photo_dir is None:
            raise UserError(
                tr(
                    "A PostGIS register keeps the photos' paths only: choose a photo folder "
                    "the team can reach."
                )
            )
        return Path(photo_dir), None
    register = Path(register_target)
    if photo_dir is not None:
        return Path(photo_dir), register.parent
    return register.parent / f"{register.stem}_photos", register.parent


def _stored(path: Path, relative_to: Path | None) -> str:
    if relative_to is None:
        return str(path)
    try:
        return path.relative_to(relative_to).as_posix()
    except ValueError:
        return str(path)


def _copy_photos(
    note: FieldNote, folder: Path, root: Path, relative_to: Path | None, copied: list[Path]
) -> str | None:
    """Copy a note's photos under `root`/<uuid>/ (a file already there with the same bytes is
    reused, a different one gets its checksum in its name); the stored paths, one per line."""
    stored = []
    for photo in note.photos:
        source = folder / photo
        digest = file_sha256(source)
        name = PurePosixPath(photo).name
        target = root / note.uuid / name
        if target.exists() and file_sha256(target) != digest:
            target = target.with_name(f"{target.stem}-{digest[:8]}{target.suffix}")
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied.append(target)
        stored.append(_stored(target, relative_to))
    return "\n".join(stored) or None


def _row(note: FieldNote, photos: str | None) -> NoteRow:
    return NoteRow(
        note.uuid,
        note.kind,
        note.observed,
        note.author,
        note.note,
        note.title,
        note.lot,
        photos,
        note.x,
        note.y,
    )


def _open_folder(source: Path, temp: Path, feedback, progress: StepProgress) -> Path:
    """The returned pack's folder: the folder given (or the one of its manifest.json), or the
    zip unzipped into `temp` (unsafe entries refused before anything is written)."""
    folder = given_folder(source)
    if folder is not None:
        return folder
    if not source.is_file():
        raise UserError(tr("The pack '{path}' does not exist.").format(path=str(source)))
    progress.next(tr("Unzipping the pack…"))
    folder, _fresh = extract_pack(source, temp, progress.within)
    return folder


def import_field_notes(
    source: Path,
    register_target: str,
    photo_dir: Path | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> NotesImport:
    """Append the notes of the returned pack `source` (folder, its manifest.json, or zip) to the
    register at
    `register_target` (a GeoPackage path or "pg:..."); all or nothing."""
    feedback = ensure_feedback(feedback)
    source = Path(source)
    progress = StepProgress(feedback, 4)
    root, relative_to = photo_root(str(register_target), photo_dir)
    register = open_register(str(register_target))
    with tempfile.TemporaryDirectory(prefix=".returned-") as temp_name:
        try:
            if not register.exists():
                raise UserError(
                    tr("'{target}' holds no claim register; run a sync first.").format(
                        target=register_target
                    )
                )
            store = NotesStore(register)
            folder = _open_folder(source, Path(temp_name), feedback, progress)
            progress.next(tr("Checking the returned pack…"))
            returned = read_returned(folder, register.crs_authid(), progress.within)
            check_cancelled(feedback)
            progress.next(tr("Copying the photos…"))
            return _write(store, returned.name, folder, returned.notes, root, relative_to)
        finally:
            register.close()


def _write(
    store: NotesStore,
    pack: str,
    folder: Path,
    notes: list[FieldNote],
    root: Path,
    relative_to: Path | None,
) -> NotesImport:
    result = NotesImport(pack)
    existing = store.notes()
    copied: list[Path] = []
    now = dt.datetime.now(dt.timezone.utc)
    try:
        rows = [_row(n, _copy_photos(n, folder, root, relative_to, copied)) for n in notes]

        def work() -> None:
            for row in rows:
                old = existing.get(row.uuid)
                if old is None:
                    store.insert(row, pack, now)
                    result.new.append(row.uuid)
                elif old.content() != row.content():
                    store.update(old, row, pack, now)
                    result.updated.append(row.uuid)
                else:
                    result.unchanged.append(row.uuid)

        store.transaction(work)
    except BaseException:
        for path in copied:
            path.unlink(missing_ok=True)
        raise
    result.photos = copied
    return result
