"""Prepared layers kept between runs: a layer's geometries in the frame, followed, repaired and cut
into pieces (inputs.finish_layer, then pairs.Side) are stored in a cache folder and used again
while nothing that made them has changed.

This wraps the preparation; it does not change it. The key is a SHA-256 of everything the
prepared result depends on: the layer's content as read (ids, keys, WKB), its CRS, the frame
(ellipsoid and projection), the edge tolerance, the piece size, and the source of the modules
that prepare (so new preparation code never meets an old cache). An edited layer gets a new
key, so a cache is never used stale; its older files are removed when the new one is written.

Stored without pickle: the geometries and pieces as shapely's ragged arrays (coordinates and
offsets, rebuilt seven times faster than from WKB) in one NumPy .npz file; the issues as JSON.
A cache that cannot be read is prepared again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
from functools import partial
from pathlib import Path
from typing import Callable

import numpy as np
import shapely

from imperial_land.core.common import profile_dir, remove_stale, settings, tr
from imperial_land.core.maplayers import role_name
from imperial_land.core.overlap import edges, geometry, inputs, near_edges, pairs
from imperial_land.core.overlap.equal_area import EqualAreaFrame
from imperial_land.core.overlap.geometry import MAX_PIECE_VERTICES, CheckedPieces, ragged_polygons
from imperial_land.core.overlap.inputs import LayerData, RawLayer, finish_layer, into_frame
from imperial_land.core.overlap.near_edges import FramedOutlines
from imperial_land.core.overlap.pairs import Side
from imperial_land.core.overlap.results import GeometryIssue

CACHE_VERSION = "2"
PREFIX = "prepared-"
KEPT = 8  # preparations a cache folder keeps (the most recently used)
PARTIAL = "partial-"  # a preparation being written; moved into place when complete
_CODE: list[str] = []


def prepare(raw: RawLayer, framed: FramedOutlines | None = None) -> tuple[LayerData, Side]:
    """A layer's data in the frame, repaired, and its pieces (any thread): no cache. `framed`:
    its geometries already in the frame (the territories followed near the other layers,
    engine.py); by default every bending edge followed (`into_frame`).

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
    "overlap/keep_prepared" is off. A province's territories take ~75 MB there, and every
    run after the first on them skips their preparation (bench/README.md)."""
    if not settings.get("overlap/keep_prepared"):
        return None
    return profile_dir("prepared", "layers")


def prepared_layer(
    raw: RawLayer,
    frame: EqualAreaFrame,
    cache_dir: Path | None,
    defer: Callable[[Callable[[], None]], object] | None = None,
    tell: Callable[[str], None] | None = None,
) -> tuple[LayerData, Side]:
    """`prepare(raw)`, from `cache_dir` when it holds this very preparation (any thread).

    A preparation made here is stored for the next run: by `defer(job)` when given (the caller
    runs the job later, e.g. on a thread while the overlay goes on, and waits for it before
    the run ends), else before returning. `tell(message)` hears which it was (the log: a first
    run on a layer takes longer than the next).
    """
    if cache_dir is None:
        return prepare(raw)
    cache_dir = Path(cache_dir)
    source = hashlib.sha256(f"{raw.spec.role}\x1f{raw.info.source}".encode()).hexdigest()[:16]
    path = cache_dir / f"{PREFIX}{source}-{cache_key(raw, frame)}.npz"
    if path.exists():
        try:
            loaded = _load(path, raw)
            _touch(path)
            if tell is not None:
                tell(
                    tr(
                        "The {what} layer '{layer}' was read back as an earlier run prepared it."
                    ).format(what=role_name(raw.spec.role), layer=raw.info.name)
                )
            return loaded
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # unreadable or partial: prepare again and replace it
    data, side = prepare(raw)
    store = partial(_store, path, source, raw, data, side, tell)
    if defer is None:
        store()
    else:
        defer(store)
    return data, side


def _store(
    path: Path,
    source: str,
    raw: RawLayer,
    data: LayerData,
    side: Side,
    tell: Callable[[str], None] | None = None,
) -> None:
    """Save a preparation, drop the older ones of the same layer source, and keep the folder
    to the KEPT most recently used; `tell` hears where it went, or why it could not (a cache
    that cannot be written only costs time)."""
    what, layer = role_name(raw.spec.role), raw.info.name
    try:
        _save(path, raw, data, side)
        for old in path.parent.glob(f"{PREFIX}{source}-*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
        _prune(path.parent)
    except OSError as exc:
        message = tr(
            "The {what} layer '{layer}' was prepared in full but could not be kept for the next "
            "runs ({folder}: {error})."
        ).format(what=what, layer=layer, folder=str(path.parent), error=exc.strerror or exc)
    else:
        message = tr(
            "The {what} layer '{layer}' was prepared in full and is kept for the next runs "
            "({folder})."
        ).format(what=what, layer=layer, folder=str(path.parent))
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


def _ragged(name: str, geoms: np.ndarray) -> dict[str, np.ndarray]:
    """`geoms` (polygons, multipolygons, none missing) as coordinate and offset arrays keyed
    by `name`: rebuilt from them (`_unragged`) seven times faster than from WKB."""
    if len(geoms) == 0:
        return {f"{name}_count": np.zeros(1, dtype=np.int64)}
    kind, coords, offsets = ragged_polygons(geoms)
    arrays = {f"{name}_o{k}": np.asarray(o, dtype=np.int64) for k, o in enumerate(offsets)}
    arrays[f"{name}_count"] = np.array([len(geoms)], dtype=np.int64)
    arrays[f"{name}_kind"] = np.array([int(kind)], dtype=np.int64)
    arrays[f"{name}_xy"] = coords
    # The ragged form makes every geometry multi when any is: which were single polygons.
    arrays[f"{name}_single"] = shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON
    return arrays


def _unragged(name: str, parts: dict[str, np.ndarray]) -> np.ndarray:
    """The geometries `_ragged(name, ...)` stored, each of its own type again."""
    if int(parts[f"{name}_count"][0]) == 0:
        return np.zeros(0, dtype=object)
    kind = shapely.GeometryType(int(parts[f"{name}_kind"][0]))
    depth = 3 if kind == shapely.GeometryType.MULTIPOLYGON else 2
    offsets = tuple(parts[f"{name}_o{k}"] for k in range(depth))
    geoms = shapely.from_ragged_array(kind, parts[f"{name}_xy"], offsets)
    single = parts[f"{name}_single"]
    if kind == shapely.GeometryType.MULTIPOLYGON and single.any():
        geoms[single] = shapely.get_geometry(geoms[single], 0)
    return geoms


def _save(path: Path, raw: RawLayer, data: LayerData, side: Side) -> None:
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
                **_ragged("geoms", data.geoms),
                **_ragged("pieces", np.zeros(0, object) if same else side.pieces),
                areas_ha=np.asarray(data.areas_ha, dtype=np.float64),
                same=np.array([same]),
                owner=np.asarray(side.owner, dtype=np.int64),
                issues=np.frombuffer(json.dumps(issues).encode(), dtype=np.uint8),
            )
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load(path: Path, raw: RawLayer) -> tuple[LayerData, Side]:
    """The prepared layer stored at `path`, its ids and attributes taken from `raw`."""
    with np.load(path, allow_pickle=False) as stored:
        parts = {name: stored[name] for name in stored.files}
    keep, areas_ha, owner = parts["keep"], parts["areas_ha"], parts["owner"]
    geoms = _unragged("geoms", parts)
    pieces = geoms if bool(parts["same"][0]) else _unragged("pieces", parts)
    if len(geoms) != len(keep) or len(pieces) != len(owner):
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
    return data, side
