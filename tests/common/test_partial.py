"""What a QGIS killed while building an output leaves beside it goes at the next build there."""

from __future__ import annotations

import os
import time
from pathlib import Path

from imperial_land.core.common import partial_folder, remove_stale
from imperial_land.core.common.partial import STALE_S


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _left(parent: Path, name: str, age_s: float, content_age_s: float | None = None) -> Path:
    """A hidden folder with one file, as a killed build leaves it."""
    folder = parent / name
    folder.mkdir()
    (folder / "flags.gpkg").write_bytes(b"half a layer")
    _age(folder / "flags.gpkg", age_s if content_age_s is None else content_age_s)
    _age(folder, age_s)
    return folder


def test_stale_leftovers_of_the_prefix_go_and_nothing_else(tmp_path):
    killed = _left(tmp_path, ".imperial-report-abc", STALE_S + 60)
    building = _left(tmp_path, ".imperial-report-def", 60)  # another QGIS, right now
    busy = _left(tmp_path, ".imperial-report-ghi", STALE_S + 60, content_age_s=5)
    zip_left = tmp_path / ".imperial-report-jkl.zip"
    zip_left.write_bytes(b"half a zip")
    _age(zip_left, STALE_S + 60)
    other = _left(tmp_path, ".watch-abc", STALE_S + 60)  # another job's: its own rule
    mine = tmp_path / "overlap_report.csv"
    mine.write_text("kept")
    _age(mine, STALE_S * 24)

    made = partial_folder(tmp_path, ".imperial-report-")

    assert made.is_dir() and made.parent == tmp_path and made.name.startswith(".imperial-report-")
    assert not killed.exists() and not zip_left.exists()
    assert building.exists() and busy.exists() and other.exists() and mine.exists()


def test_a_prefix_with_pattern_characters_is_taken_literally(tmp_path):
    """A pack's name is the user's: '[site]' is no glob class."""
    literal = _left(tmp_path, ".[site].partial-x", STALE_S + 60)
    lookalike = _left(tmp_path, ".s.partial-x", STALE_S + 60)
    remove_stale(tmp_path, ".[site].partial-")
    assert not literal.exists() and lookalike.exists()


def test_a_missing_folder_is_made(tmp_path):
    made = partial_folder(tmp_path / "new" / "reports", ".watch-")
    assert made.parent == tmp_path / "new" / "reports" and made.is_dir()
