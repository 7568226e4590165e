"""The territories prepared for a run, and kept between runs: their geometries in the frame,
followed, repaired and cut into pieces (inputs.finish_layer, then pairs.Side) are stored in a
cache folder and used again while nothing that made them has changed and the run needs no edge
they left unsplit.

A first run prepares the territories as a run without cache does: their edges followed only near
the other layers' features (overlap/near_edges.py), which costs a province half the vertices of
following every edge. The bending edges left as chords are kept with the preparation (their
frame boxes, `EdgeCoverage`); a later run whose features come within reach of one of them (a
claim staked near an edge no claim was near) prepares the territories again, in full, and keeps
that, which no later run can miss. Either way, a run's pairs are those of a run without cache.

The preparation itself is `prepare`'s, cache or not. The key is a SHA-256 of everything the
prepared result depends on: the layer's content as read (ids, keys, WKB), its CRS, the frame
(ellipsoid and projection), the edge tolerance, the piece size, and the source of the modules
that prepare (so new preparation code never meets an old cache). An edited layer gets a new
key, so a cache is never used stale; its older files are removed when the new one is written.

Stored without pickle: the geometries and pieces as WKB (`_packed`), the unsplit edges' boxes as
arrays, in one NumPy .npz file; the issues as JSON.
A cache that cannot be read is prepared again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import numpy as np
import shapely

from imperial_land.core.common import profile_dir, remove_stale, settings, tr
from imperial_land.core.maplayers import role_name
from imperial_land.core.overlap import edges, geometry, inputs, near_edges, pairs
from imperial_land.core.overlap.equal_area import EqualAreaFrame
from imperial_land.core.overlap.geometry import MAX_PIECE_VERTICES, CheckedPieces
from imperial_land.core.overlap.inputs import (
    LayerData,
    RawLayer,
    finish_layer,
    into_frame,
    near_frame,
)
from imperial_land.core.overlap.near_edges import (
    EdgeCoverage,
    FramedOutlines,
    MeasuredOutlines,
)
from imperial_land.core.overlap.near_edges import measure as measure_outlines
from imperial_land.core.overlap.pairs import Side
from imperial_land.core.overlap.results import GeometryIssue

CACHE_VERSION = "4"
PREFIX = "prepared-"
KEPT = 8  # preparations a cache folder keeps (the most recently used)
PARTIAL = "partial-"  # a preparation being written; moved into place when complete
_CODE: list[str] = []


def prepare(raw: RawLayer, framed: FramedOutlines | None = None) -> tuple[LayerData, Side]:
    """A layer's data in the frame, repaired, and its pieces (any thread): no cache. `framed`:
    its geometries already in the frame (the territories followed near the other layers,
    `finish`); by default every bending edge followed (`into_frame`).

    Each geometry's validity and pieces are worked out on the threads as soon as it is in the
    frame (CheckedPieces), not after every repair.
    """
    framed = framed if framed is not None else into_frame(raw)
    checked = CheckedPieces(framed.geoms)
    try:
        data = finish_layer(raw, framed, checked.valid())
        return data, Side(data.geoms, data.areas_ha * 10_000.0, ready=checked.pieces(data.geoms))
    except BaseException:
        checked.cancel()
        raise


def report_cache() -> Path | None:
    """Where the overlap report (Processing and the dock) keeps prepared territories between
    runs: the QGIS profile's imperial_land/prepared/layers/; None when the setting
    "overlap/keep_prepared" is off. A province's territories take ~60 MB there, and every
    run the kept preparation covers skips their preparation (bench/README.md)."""
    if not settings.get("overlap/keep_prepared"):
        return None
    return profile_dir("prepared", "layers")


@dataclass
class Kept:
    """A preparation read back from a cache folder, and the bending edges it left unsplit."""

    data: LayerData
    side: Side
    unsplit: EdgeCoverage
    path: Path


@dataclass
class Started:
    """What the worker did with the territories before the other layers were read: a kept
    preparation read back, or else their outlines measured (None: not plain polygons); and,
    with a cache folder, where their preparation is kept and their source's digest."""

    kept: Kept | None
    measured: MeasuredOutlines | None
    where: tuple[Path, str] | None = None


def start(raw: RawLayer, frame: EqualAreaFrame, cache_dir: Path | None) -> Started:
    """Read back the kept preparation of `raw` when `cache_dir` holds one, else measure its
    outlines for `finish` (any thread: the engine's worker while the other layers are read)."""
    where = _cache_path(raw, frame, Path(cache_dir)) if cache_dir is not None else None
    kept = _read_kept(where[0], raw) if where is not None else None
    if kept is not None:
        return Started(kept, None, where)
    measured = measure_outlines(raw.wkbs, raw.to_frame, raw.edge_tolerance_m)
    return Started(None, measured, where)


def finish(
    raw: RawLayer,
    started: Started,
    neighbours: np.ndarray,
    reach_m: np.ndarray,
    defer: Callable[[Callable[[], None]], object] | None = None,
    tell: Callable[[str], None] | None = None,
) -> tuple[LayerData, Side]:
    """The territories for this run (any thread), `neighbours` the other layers' frame boxes
    and `reach_m` each territory's reach in the frame (by WKB index).

    A kept preparation serves every run that needs none of the edges it left unsplit. Else the
    territories are prepared: near the other layers (their edges followed only where this
    run's features come within reach, overlap/near_edges.py) when nothing was kept, in full
    (every bending edge) when a kept preparation missed this run's edges, so that no later run
    misses again. With a cache folder (given to `start`), what was prepared is kept there for
    the next runs: by `defer(job)` when given (the caller runs it while the overlay goes on and
    waits for it before the run ends), else before returning. `tell(message)` hears which it
    was (the log: a run that prepares takes longer than one that reads back).
    """
    kept = started.kept
    if kept is not None:
        if not kept.unsplit.needed(reach_m, neighbours):
            _touch(kept.path)
            if tell is not None:
                tell(
                    tr(
                        "The {what} layer '{layer}' was read back as an earlier run prepared it."
                    ).format(what=role_name(raw.spec.role), layer=raw.info.name)
                )
            return kept.data, kept.side
        framed = into_frame(raw)
    else:
        framed = near_frame(raw, started.measured, neighbours, reach_m)
    data, side = prepare(raw, framed)  # `framed.unsplit` complete: repairs add to it
    if started.where is not None:
        path, source = started.where
        unsplit = EdgeCoverage.joined(framed.unsplit)
        store = partial(_store, path, source, raw, data, side, unsplit, tell)
        if defer is None:
            store()
        else:
            defer(store)
    return data, side


def _read_kept(path: Path, raw: RawLayer) -> Kept | None:
    """The preparation of `raw` kept at `path`, if any and readable (any thread)."""
    if not path.exists():
        return None
    try:
        return _load(path, raw)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # unreadable or partial: prepared again, and replaced


def _cache_path(raw: RawLayer, frame: EqualAreaFrame, cache_dir: Path) -> tuple[Path, str]:
    """Where the preparation of `raw` in `frame` is kept, and its layer source's digest (older
    preparations of the same source are dropped when a new one is kept)."""
    source = hashlib.sha256(f"{raw.spec.role}\x1f{raw.info.source}".encode()).hexdigest()[:16]
    return cache_dir / f"{PREFIX}{source}-{cache_key(raw, frame)}.npz", source


def _store(
    path: Path,
    source: str,
    raw: RawLayer,
    data: LayerData,
    side: Side,
    unsplit: EdgeCoverage,
    tell: Callable[[str], None] | None = None,
) -> None:
    """Save a preparation, drop the older ones of the same layer source, and keep the folder
    to the KEPT most recently used; `tell` hears where it went, or why it could not (a cache
    that cannot be written only costs time)."""
    what, layer = role_name(raw.spec.role), raw.info.name
    in_full = len(unsplit.boxes) == 0
    try:
        _save(path, raw, data, side, unsplit)
        for old in path.parent.glob(f"{PREFIX}{source}-*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
        _prune(path.parent)
    except OSError as exc:
        error = exc.strerror or str(exc)
        if in_full:
            message = tr(
                "The {what} layer '{layer}' was prepared in full but could not be kept for the "
                "next runs ({folder}: {error})."
            )
        else:
            message = tr(
                "The {what} layer '{layer}' was prepared near the other layers but could not be "
                "kept for the next runs ({folder}: {error})."
            )
        message = message.format(what=what, layer=layer, folder=str(path.parent), error=error)
    else:
        if in_full:
            message = tr(
                "The {what} layer '{layer}' was prepared in full and is kept for the next runs "
                "({folder})."
            )
        else:
            message = tr(
                "The {what} layer '{layer}' was prepared near the other layers and is kept for "
                "the next runs ({folder})."
            )
        message = message.format(what=what, layer=layer, folder=str(path.parent))
    if tell is not None:
        tell(message)


def _touch(path: Path) -> None:
    """Mark a cached preparation as just used (the folder keeps the most recently used)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _prune(folder: Path) -> None:
    """Remove all but the KEPT most recently used preparations in `folder`, and what a QGIS
    killed while writing one left there (common/partial.py)."""
    stored = []
    for path in folder.glob(f"{PREFIX}*.npz"):
        try:
            stored.append((path.stat().st_mtime, path))
        except OSError:
            continue  # removed meanwhile by another QGIS
    for _used, path in sorted(stored, reverse=True)[KEPT:]:
        path.unlink(missing_ok=True)
    remove_stale(folder, PARTIAL)


def cache_key(raw: RawLayer, frame: EqualAreaFrame) -> str:
    """SHA-256 (hex) of everything the prepared layer depends on."""
    digest = hashlib.sha256()
    for part in (
        CACHE_VERSION,
        _code_digest(),
        raw.spec.role,
        raw.to_frame.sourceCrs().toWkt(),
        frame.wkt,  # its datum too
        frame.ellipsoid,
        repr(raw.edge_tolerance_m),
        str(MAX_PIECE_VERTICES),
    ):
        digest.update(part.encode())
        digest.update(b"\x1f")
    digest.update(np.asarray(raw.fids, dtype=np.int64).tobytes())
    digest.update("\x1f".join(raw.keys).encode())
    for wkb in raw.wkbs:
        digest.update(len(wkb).to_bytes(8, "little") if wkb is not None else b"\xff" * 8)
        if wkb is not None:
            digest.update(wkb)
    return digest.hexdigest()


def _code_digest() -> str:
    """SHA-256 of the modules that prepare a layer (read once per session)."""
    if not _CODE:
        digest = hashlib.sha256()
        for module in (edges, near_edges, geometry, inputs, pairs):
            digest.update(Path(module.__file__).read_bytes())
        digest.update(Path(__file__).read_bytes())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


def _packed(name: str, geoms: np.ndarray) -> dict[str, np.ndarray]:
    """`geoms` (none missing) as one byte array of their WKB and where each one ends, keyed by
    `name`. WKB keeps each geometry's type; GEOS writes and reads it without the GIL (the save
    runs beside the overlay): 0.07 s each way for a province's territories and pieces, where
    shapely's ragged arrays took 0.11-0.28 s to make, holding the GIL, and 0.05 s to read."""
    blobs = shapely.to_wkb(geoms, output_dimension=2).tolist()
    sizes = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs))
    return {
        f"{name}_wkb": np.frombuffer(b"".join(blobs), dtype=np.uint8),
        f"{name}_ends": np.cumsum(sizes),
    }


def _unpacked(name: str, parts: dict[str, np.ndarray]) -> np.ndarray:
    """The geometries `_packed(name, ...)` stored."""
    data, ends = parts[f"{name}_wkb"].tobytes(), parts[f"{name}_ends"].tolist()
    starts = [0, *ends[:-1]]
    blobs = np.array([data[a:b] for a, b in zip(starts, ends)], dtype=object)
    return shapely.from_wkb(blobs) if len(blobs) else np.zeros(0, dtype=object)


def _save(path: Path, raw: RawLayer, data: LayerData, side: Side, unsplit: EdgeCoverage) -> None:
    """Write the prepared layer beside `path` and move it into place (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    index = {fid: i for i, fid in enumerate(raw.fids)}
    keep = np.array([index[fid] for fid in data.fids.tolist()], dtype=np.int64)
    same = side.pieces is side.geoms
    issues = [[i.role, i.fid, i.key, i.action, i.reason] for i in data.issues]
    handle, temporary = tempfile.mkstemp(prefix=PARTIAL, suffix=".npz", dir=str(path.parent))
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(
                out,
                keep=keep,
                **_packed("geoms", data.geoms),
                **_packed("pieces", np.zeros(0, object) if same else side.pieces),
                areas_ha=np.asarray(data.areas_ha, dtype=np.float64),
                same=np.array([same]),
                owner=np.asarray(side.owner, dtype=np.int64),
                issues=np.frombuffer(json.dumps(issues).encode(), dtype=np.uint8),
                unsplit_boxes=np.asarray(unsplit.boxes, dtype=np.float64),
                unsplit_pad=np.asarray(unsplit.pad_m, dtype=np.float64),
                unsplit_owner=np.asarray(unsplit.owner, dtype=np.int64),
            )
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load(path: Path, raw: RawLayer) -> Kept:
    """The prepared layer stored at `path`, its ids and attributes taken from `raw`."""
    with np.load(path, allow_pickle=False) as stored:
        parts = {name: stored[name] for name in stored.files}
    keep, areas_ha, owner = parts["keep"], parts["areas_ha"], parts["owner"]
    geoms = _unpacked("geoms", parts)
    pieces = geoms if bool(parts["same"][0]) else _unpacked("pieces", parts)
    unsplit = EdgeCoverage(
        parts["unsplit_boxes"].reshape(-1, 4), parts["unsplit_pad"], parts["unsplit_owner"]
    )
    if (
        len(geoms) != len(keep)
        or len(pieces) != len(owner)
        or not len(unsplit.boxes) == len(unsplit.pad_m) == len(unsplit.owner)
        or np.any(unsplit.owner >= len(raw.wkbs))
    ):
        raise ValueError("inconsistent cache")
    issues = json.loads(parts["issues"].tobytes().decode())
    data = LayerData(
        role=raw.spec.role,
        fids=np.array(raw.fids, dtype=np.int64)[keep],
        keys=[raw.keys[i] for i in keep.tolist()],
        attributes=[raw.rows[i] for i in keep.tolist()],
        geoms=geoms,
        areas_ha=areas_ha,
        issues=[GeometryIssue(*item) for item in issues],
        info=raw.info,
    )
    side = object.__new__(Side)  # its pieces as stored: no second subdivision
    side.geoms, side.areas_m2 = geoms, areas_ha * 10_000.0
    side.pieces, side.owner, side._tree = pieces, owner, None
    side.piece_count = np.bincount(owner, minlength=len(geoms))
    big = np.flatnonzero(side.piece_count > 1)
    if len(big):  # as Side prepares them: the big features and their pieces
        shapely.prepare(geoms[big])
        shapely.prepare(pieces[np.isin(owner, big)])
    return Kept(data, side, unsplit, path)
