"""Outputs built beside their targets under a hidden name, moved into place when complete.

A QGIS killed while building (or a machine switched off) leaves the hidden files behind: a
province's report is ~270 MB of them. Each job removes its own prefix's leftovers when it next
builds in that folder; only those untouched for an hour, since another QGIS may be building
there now.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
import time
from pathlib import Path

from imperial_land.core.common.errors import UserError
from imperial_land.core.common.i18n import tr

STALE_S = 3600.0  # untouched this long: left by a QGIS that did not finish


def refuse_folder(target: Path) -> None:
    """UserError when an output file's `target` is a folder (every job's outputs: the one
    message)."""
    if Path(target).is_dir():
        raise UserError(tr("'{path}' is a folder; choose a file name.").format(path=str(target)))


def partial_folder(parent: Path, prefix: str) -> Path:
    """A new folder named `prefix` + random text in `parent` (made if missing), after the stale
    leftovers of `prefix` there are removed."""
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale(parent, prefix)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=str(parent)))


def remove_stale(parent: Path, prefix: str) -> None:
    """Remove the files and folders of `parent` named `prefix`... whose newest content is
    over STALE_S old; any that cannot be removed (in use, gone meanwhile) are left."""
    now = time.time()
    for path in parent.glob(glob.escape(prefix) + "*"):
        with contextlib.suppress(OSError):
            if now - _newest_change(path) > STALE_S:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()


def _newest_change(path: Path) -> float:
    """The latest modification time of `path` and, for a folder, of everything in it."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for folder, _dirs, files in os.walk(path):
            for name in files:
                with contextlib.suppress(OSError):
                    newest = max(newest, os.lstat(os.path.join(folder, name)).st_mtime)
            with contextlib.suppress(OSError):
                newest = max(newest, os.lstat(folder).st_mtime)
    return newest
