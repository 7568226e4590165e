"""SQLite rules the GeoPackage writers share: identifier quoting, bound-variable chunks."""

from __future__ import annotations

from typing import Iterator, Sequence, TypeVar

T = TypeVar("T")

# Bound variables per statement ("IN (?, ?, ...)"): under SQLite's old default limit of 999,
# which builds older than 3.32 (some QGIS installs) still have.
MAX_VARIABLES = 900


def quote(name: str) -> str:
    """An SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def chunks(items: Sequence[T], size: int = MAX_VARIABLES) -> Iterator[Sequence[T]]:
    """`items` in slices of at most `size` (by default: as many as one statement may bind)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
