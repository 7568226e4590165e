"""SHA-256 of files, read in 1 MiB blocks (downloads, GESTIM sources, pack manifests)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any


def update_sha256(path: Path, hasher: Any = None) -> Any:
    """`hasher` (a new SHA-256 when None) fed with the bytes of `path`; resumes a running digest."""
    hasher = hasher or hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return update_sha256(path).hexdigest()
