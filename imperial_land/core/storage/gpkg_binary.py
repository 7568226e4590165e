"""GeoPackage binary geometry (GP header + WKB) and the SQL functions its R-tree triggers call."""

from __future__ import annotations

import sqlite3
import struct
from typing import Any

import numpy as np
import shapely

from imperial_land.core.storage.wkb import WKB_MULTIPOLYGON, WKB_POLYGON, polygon_wkb_envelopes

_ENVELOPE_XY = 1 << 1  # envelope indicator 1: [minx, maxx, miny, maxy]
_EMPTY = 1 << 4
_LITTLE = 1

# A GeoPackage binary's header with an XY envelope, as `encode` packs it ("<2sBBi4d").
_HEADER = np.dtype(
    [("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs_id", "<i4"), ("envelope", "<f8", 4)]
)


def wkb_type(wkb: bytes) -> int:
    """The 2D base geometry type of a WKB blob (Z/M/ISO flags dropped)."""
    fmt = "<I" if wkb[0] == 1 else ">I"
    code = struct.unpack_from(fmt, wkb, 1)[0]
    return (code & 0xFFFF) % 1000


_LE_POLYGON = b"\x01\x03\x00\x00\x00"
_LE_MULTIPOLYGON = b"\x01\x06\x00\x00\x00"
_MULTI_HEADER = struct.pack("<BII", 1, WKB_MULTIPOLYGON, 1)


def as_multipolygon(wkb: bytes) -> bytes:
    """A Polygon WKB wrapped as a one-part MultiPolygon; a MultiPolygon unchanged."""
    head = wkb[:5]
    if head == _LE_POLYGON:
        return _MULTI_HEADER + wkb
    if head == _LE_MULTIPOLYGON:
        return wkb
    if wkb_type(wkb) == WKB_POLYGON:
        return _MULTI_HEADER + wkb
    return wkb


def envelope_array(wkbs: list[bytes | None]) -> np.ndarray:
    """(n, 4) minx, maxx, miny, maxy of each WKB; a row of NaN for None or empty. Polygons'
    from their vertices' bytes, anything else through GEOS."""
    present = [i for i, wkb in enumerate(wkbs) if wkb]
    walked = polygon_wkb_envelopes([wkbs[i] for i in present]) if present else None
    if walked is not None:
        boxes = np.full((len(wkbs), 4), np.nan)
        boxes[present] = walked
        return boxes
    blobs = np.empty(len(wkbs), dtype=object)
    blobs[:] = wkbs
    return shapely.bounds(shapely.from_wkb(blobs))[:, [0, 2, 1, 3]]


def geopackage_blobs(
    wkbs: list[bytes | None], srs_id: int
) -> tuple[list[bytes | None], np.ndarray, np.ndarray]:
    """GeoPackage binaries of `wkbs` (a polygon as a one-part multipolygon, with its XY
    envelope), the (n, 4) boxes (minx, maxx, miny, maxy) and which WKB has one (not None or
    empty): what an R-tree needs."""
    multi = [as_multipolygon(wkb) if wkb else None for wkb in wkbs]
    boxes = envelope_array(multi)
    present = ~np.isnan(boxes[:, 0])
    headers = np.zeros(len(wkbs), dtype=_HEADER)  # each `encode` would write, all at once
    headers["magic"] = b"GP"
    headers["flags"] = _LITTLE | _ENVELOPE_XY
    headers["srs_id"] = srs_id
    headers["envelope"] = boxes
    packed = headers.tobytes()
    size = _HEADER.itemsize
    blobs = [
        packed[at : at + size] + wkb if ok else encode(wkb, srs_id, None)
        for at, wkb, ok in zip(range(0, len(packed), size), multi, present.tolist())
    ]
    return blobs, boxes, present


def encode(wkb: bytes | None, srs_id: int, envelope: tuple[float, ...] | None) -> bytes | None:
    """GeoPackage binary of `wkb` with an XY envelope (or the empty flag)."""
    if wkb is None:
        return None
    if envelope is None:
        return struct.pack("<2sBBi", b"GP", 0, _LITTLE | _EMPTY, srs_id) + wkb
    return struct.pack("<2sBBi4d", b"GP", 0, _LITTLE | _ENVELOPE_XY, srs_id, *envelope) + wkb


_ENVELOPE_SIZES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def header(blob: bytes) -> tuple[int, tuple[float, ...] | None, bool]:
    """(header size, XY envelope or None, empty flag) of a GeoPackage binary."""
    flags = blob[3]
    indicator = (flags >> 1) & 0x7
    size = 8 + _ENVELOPE_SIZES.get(indicator, 0)
    envelope = None
    if indicator:
        fmt = "<4d" if flags & _LITTLE else ">4d"
        envelope = struct.unpack_from(fmt, blob, 8)
    return size, envelope, bool(flags & _EMPTY)


def decode(blob: bytes | None) -> bytes | None:
    """The WKB inside a GeoPackage binary."""
    if blob is None:
        return None
    size, _envelope, _empty = header(blob)
    return bytes(blob[size:])


def _envelope_of(blob: Any) -> tuple[float, ...] | None:
    if blob is None:
        return None
    _size, envelope, empty = header(blob)
    if empty:
        return None
    if envelope is None:
        box = envelope_array([decode(blob)])[0]
        return None if np.isnan(box[0]) else tuple(box.tolist())
    return envelope


def _part(index: int):
    def function(blob: Any) -> float | None:
        envelope = _envelope_of(blob)
        return None if envelope is None else envelope[index]

    return function


def _is_empty(blob: Any) -> int | None:
    if blob is None:
        return None
    return 1 if _envelope_of(blob) is None else 0


def register_functions(conn: sqlite3.Connection) -> None:
    """Give a plain sqlite3 connection the functions of the GeoPackage R-tree triggers."""
    conn.create_function("ST_MinX", 1, _part(0), deterministic=True)
    conn.create_function("ST_MaxX", 1, _part(1), deterministic=True)
    conn.create_function("ST_MinY", 1, _part(2), deterministic=True)
    conn.create_function("ST_MaxY", 1, _part(3), deterministic=True)
    conn.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
