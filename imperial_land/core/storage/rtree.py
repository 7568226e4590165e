"""A GeoPackage R-tree filled in one pass: the tree is packed in numpy and its SQLite nodes written.

SQLite's R*tree inserts one box at a time (about 7 us each: 3 s for a province report's
400,000 flags). Here the boxes are sorted tile by tile (Sort-Tile-Recursive), cut into full
nodes level by level, and the node blobs, rowid and parent maps written straight into the
R-tree's shadow tables, in the layout SQLite's rtree module reads:

- a node is `node size` bytes: 2 bytes of tree depth (root only), 2 bytes of cell count, then
  cells of an 8-byte id and minx, maxx, miny, maxy as 4-byte floats, all big-endian;
- boxes are stored as float32 rounded outwards (a minimum down, a maximum up), as SQLite does;
- node 1 is the root; `<rtree>_rowid` maps each id to its leaf, `<rtree>_parent` each other
  node to its parent.

SQLite's own `rtreecheck()` accepts the result, and the tree stays an ordinary R*tree: GDAL's
triggers keep it up to date when features are edited later.
"""

from __future__ import annotations

import math
import sqlite3

import numpy as np

from imperial_land.core.storage.sqlite import quote

CELL = np.dtype([("id", ">i8"), ("minx", ">f4"), ("maxx", ">f4"), ("miny", ">f4"), ("maxy", ">f4")])
HEADER_BYTES = 4


def rtree_name(table: str, geometry_column: str) -> str:
    """The GeoPackage name of a table's R-tree (its virtual table)."""
    return f"rtree_{table}_{geometry_column}"


def outward_float32(boxes: np.ndarray) -> np.ndarray:
    """(n, 4) minx, maxx, miny, maxy as float32 that still hold each box (SQLite's rounding)."""
    stored = boxes.astype(np.float32)
    low, high = stored[:, 0::2], stored[:, 1::2]
    low[:] = np.where(low > boxes[:, 0::2], np.nextafter(low, np.float32(-np.inf)), low)
    high[:] = np.where(high < boxes[:, 1::2], np.nextafter(high, np.float32(np.inf)), high)
    return stored


def str_order(boxes: np.ndarray, fanout: int) -> np.ndarray:
    """Sort-Tile-Recursive order: vertical slabs by box centre x, each slab by centre y."""
    count = len(boxes)
    slabs = math.ceil(math.sqrt(math.ceil(count / fanout)))
    centre_x = boxes[:, 0].astype(np.float64) + boxes[:, 1]
    centre_y = boxes[:, 2].astype(np.float64) + boxes[:, 3]
    slab = np.empty(count, dtype=np.int64)
    slab[np.argsort(centre_x, kind="stable")] = np.arange(count) // (slabs * fanout)
    return np.lexsort((centre_y, slab))


def _node_boxes(boxes: np.ndarray, fanout: int) -> np.ndarray:
    """The box of each run of `fanout` consecutive boxes (the last run may be shorter)."""
    starts = np.arange(0, len(boxes), fanout)
    out = np.empty((len(starts), 4), dtype=np.float32)
    out[:, 0::2] = np.minimum.reduceat(boxes[:, 0::2], starts, axis=0)
    out[:, 1::2] = np.maximum.reduceat(boxes[:, 1::2], starts, axis=0)
    return out


def _levels(boxes: np.ndarray, fanout: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per level from the leaves up: (order of the level's entries, their boxes in that order).

    The entries of level 0 are the input boxes; those of level k + 1 the nodes of level k.
    The last level holds one node, the root.
    """
    levels = []
    while True:
        order = str_order(boxes, fanout)
        ordered = boxes[order]
        levels.append((order, ordered))
        if len(ordered) <= fanout:
            return levels
        boxes = _node_boxes(ordered, fanout)


def _blobs(cells: np.ndarray, node_size: int, fanout: int) -> np.ndarray:
    """(nodes, node_size) bytes: runs of `fanout` cells behind a header with their count."""
    nodes = math.ceil(len(cells) / fanout)
    padded = np.zeros(nodes * fanout, dtype=CELL)
    padded[: len(cells)] = cells
    out = np.zeros((nodes, node_size), dtype=np.uint8)
    out[:, HEADER_BYTES : HEADER_BYTES + fanout * CELL.itemsize] = padded.view(np.uint8).reshape(
        nodes, -1
    )
    counts = np.full(nodes, fanout, dtype=">u2")
    counts[-1] = len(cells) - (nodes - 1) * fanout
    out[:, 2:4] = counts.view(np.uint8).reshape(nodes, 2)
    return out


def fill_rtree(db: sqlite3.Connection, rtree: str, ids: np.ndarray, boxes: np.ndarray) -> None:
    """Write the R-tree `rtree` (whatever it held is dropped) holding `ids` with (n, 4) `boxes`
    (minx, maxx, miny, maxy, float64), through its shadow tables. The caller commits."""
    node_table, rowid_table, parent_table = (
        quote(f"{rtree}_{s}") for s in ("node", "rowid", "parent")
    )
    node_size = db.execute(f"SELECT length(data) FROM {node_table} WHERE nodeno = 1").fetchone()[0]
    fanout = (node_size - HEADER_BYTES) // CELL.itemsize
    db.execute(f"DELETE FROM {rowid_table}")
    db.execute(f"DELETE FROM {parent_table}")
    db.execute(f"DELETE FROM {node_table} WHERE nodeno <> 1")
    if len(ids) == 0:
        db.execute(f"UPDATE {node_table} SET data = zeroblob({node_size}) WHERE nodeno = 1")
        return
    levels = _levels(outward_float32(np.asarray(boxes, dtype=np.float64)), fanout)
    node_counts = [math.ceil(len(order) / fanout) for order, _boxes in levels]
    # Node numbers: the root is 1, then each level from the top down.
    first_number = [0] * len(levels)
    number = 1
    for level in reversed(range(len(levels))):
        first_number[level] = number
        number += node_counts[level]
    rows = []
    for level, (order, ordered) in enumerate(levels):
        cells = np.empty(len(order), dtype=CELL)
        if level == 0:
            cells["id"] = np.asarray(ids, dtype=np.int64)[order]
        else:
            cells["id"] = first_number[level - 1] + order
        for column, name in enumerate(("minx", "maxx", "miny", "maxy")):
            cells[name] = ordered[:, column]
        blobs = _blobs(cells, node_size, fanout)
        if level == len(levels) - 1:
            blobs[0, 0:2] = np.array([level], dtype=">u2").view(np.uint8)  # the tree's depth
        numbers = range(first_number[level], first_number[level] + node_counts[level])
        data = blobs.tobytes()
        rows.extend(zip(numbers, (data[i : i + node_size] for i in range(0, len(data), node_size))))
        holder = first_number[level] + np.arange(len(order)) // fanout  # node of each cell
        by_id = np.argsort(cells["id"], kind="stable")  # rows appended in key order: 2x faster
        table, columns = (
            (rowid_table, "rowid, nodeno") if level == 0 else (parent_table, "nodeno, parentnode")
        )
        db.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (?, ?)",
            zip(cells["id"][by_id].tolist(), holder[by_id].tolist()),
        )
    db.executemany(f"INSERT OR REPLACE INTO {node_table} (nodeno, data) VALUES (?, ?)", rows)
