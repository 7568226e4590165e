"""Bulk writer of the flags as a GeoPackage layer: OGR makes the table, sqlite3 fills it.

Going through QgsFeature costs ~20 us a pair; a province run has hundreds of thousands of
pairs, so the rows go in by `executemany`, several rows to a statement, and the spatial index is
packed from the boxes already known (core/storage/rtree.py) instead of being inserted box by
box.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from osgeo import ogr, osr
from qgis.core import QgsProcessingFeedback, QgsVectorLayer
from qgis.PyQt.QtXml import QDomDocument

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, gc_paused, tr
from imperial_land.core.overlap import OverlapResult
from imperial_land.core.report.model import PAIR_COLUMNS, flags_columns, pair_rows
from imperial_land.core.storage import fill_rtree, geopackage_blobs, quote, rtree_name

GEOMETRY_COLUMN = "geom"
OGR_TYPES = {  # kind of a flags column (model.flags_columns) -> OGR field type
    "string": ogr.OFTString,
    "int": ogr.OFTInteger,
    "longlong": ogr.OFTInteger64,
    "double": ogr.OFTReal,
    "date": ogr.OFTDate,
}
CHUNK = 50_000
ROWS_PER_INSERT = 32
MAX_VARIABLES = 999  # the parameters one statement takes in any SQLite build


def _create_table(path: Path, layer_name: str, crs_authid: str) -> None:
    """An empty flags table (any layer of that name replaced) with its empty R-tree."""
    driver = ogr.GetDriverByName("GPKG")
    dataset = ogr.Open(str(path), 1) if path.exists() else driver.CreateDataSource(str(path))
    if dataset is None:
        raise UserError(tr("Could not open '{path}' as a GeoPackage.").format(path=str(path)))
    layer = None
    try:
        for index in range(dataset.GetLayerCount()):
            if dataset.GetLayer(index).GetName() == layer_name:
                dataset.DeleteLayer(index)
                break
        srs = osr.SpatialReference()
        srs.SetFromUserInput(crs_authid)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        options = ["SPATIAL_INDEX=YES", f"GEOMETRY_NAME={GEOMETRY_COLUMN}", "FID=fid"]
        layer = dataset.CreateLayer(layer_name, srs, ogr.wkbMultiPolygon, options)
        if layer is None:
            raise UserError(
                tr("Could not create the layer '{layer}' in '{path}'.").format(
                    layer=layer_name, path=str(path)
                )
            )
        for name, kind in flags_columns().items():
            layer.CreateField(ogr.FieldDefn(name, OGR_TYPES[kind]))
    finally:
        # Closed (and flushed) here, on an error too: a dataset kept alive by a traceback is
        # closed by the garbage collector, possibly after QGIS has exited (a crash at exit).
        layer = dataset = None


def _iso(date: Any) -> str:
    """An expiry date as the GeoPackage stores it: ISO text."""
    return date.isoformat()[:10]


def _rows(result: OverlapResult, srs_id: int, feedback: QgsProcessingFeedback, consultation=None):
    """Per chunk: rows (fid, geometry blob, values...), and the fids and (n, 4) boxes of the
    rows with a geometry. With the consultation register's view, each row ends with the
    pair's FLAG_COLUMNS values (each site's worked out once)."""
    values_of = pair_rows(result.pairs, _iso)
    cells = consultation.flag_cells(_iso) if consultation is not None else None
    for start in range(0, len(result.pairs), CHUNK):
        check_cancelled(feedback)
        chunk = result.pairs[start : start + CHUNK]
        blobs, boxes, present = geopackage_blobs([p.geometry_wkb for p in chunk], srs_id)
        fids = np.arange(start + 1, start + 1 + len(chunk))
        if cells is None:
            rows = [
                (fid, blob, *values) for fid, blob, values in zip(fids.tolist(), blobs, values_of)
            ]
        else:
            rows = [
                (fid, blob, *values, *cells(pair))
                for fid, blob, values, pair in zip(fids.tolist(), blobs, values_of, chunk)
            ]
        yield rows, fids[present], boxes[present]


def _insert(db: sqlite3.Connection, insert: str, width: int, rows: list[tuple]) -> None:
    """`rows` (each `width` values) by `insert` ("INSERT INTO t (...) VALUES "), several rows to
    a statement: SQLite then updates the AUTOINCREMENT counter GDAL's fid has once per statement,
    not once per row (~0.15 s less over a province's 400,000 flags)."""
    per = max(1, min(ROWS_PER_INSERT, MAX_VARIABLES // width))
    one = "(" + ", ".join("?" * width) + ")"
    whole = len(rows) - len(rows) % per
    if whole:
        values = list(chain.from_iterable(rows[:whole]))
        step = per * width
        statement = insert + ", ".join([one] * per)
        db.executemany(statement, (values[at : at + step] for at in range(0, len(values), step)))
    if whole < len(rows):
        db.executemany(insert + one, rows[whole:])


def _insert_triggers(db: sqlite3.Connection, layer_name: str) -> list[tuple[str, str]]:
    """GDAL's triggers that fire on each insert into the table: the R-tree and feature count
    (they call GDAL's SQL functions, and both are filled in bulk here)."""
    return db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
        "AND (name LIKE 'trigger_insert_feature_count%' OR name = ?)",
        (layer_name, f"{rtree_name(layer_name, GEOMETRY_COLUMN)}_insert"),
    ).fetchall()


def write_flags_table(
    result: OverlapResult,
    path: Path,
    layer_name: str,
    feedback: QgsProcessingFeedback | None = None,
    consultation=None,
) -> None:
    """Write every pair as a feature of `layer_name` in GeoPackage `path` (fids 1..n in order).

    GDAL creates the table and its empty R-tree; the rows go in by `executemany` with GDAL's
    insert triggers set aside, then the feature count, extent and R-tree are written once.
    `consultation`: the register's view (core/consultation/report_link.py) that fills the
    consultation columns; without one they are left out of the INSERT and stay NULL.
    """
    feedback = ensure_feedback(feedback)
    _create_table(path, layer_name, result.crs_authid)
    table = quote(layer_name)
    names = list(flags_columns()) if consultation is not None else PAIR_COLUMNS
    insert = f"INSERT INTO {table} ({', '.join(['fid', GEOMETRY_COLUMN, *names])}) VALUES "
    indexed_fids: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    indexed_boxes: list[np.ndarray] = [np.zeros((0, 4))]
    with closing(sqlite3.connect(str(path))) as db:
        # `path` is a file being built (callers move it into place when complete): no journal.
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA cache_size = -65536")
        srs_id = db.execute(
            "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (layer_name,)
        ).fetchone()[0]
        triggers = _insert_triggers(db, layer_name)
        for name, _sql in triggers:
            db.execute(f"DROP TRIGGER {quote(name)}")
        with gc_paused():
            for rows, fids, boxes in _rows(result, srs_id, feedback, consultation):
                _insert(db, insert, len(names) + 2, rows)
                indexed_fids.append(fids)
                indexed_boxes.append(boxes)
        boxes = np.concatenate(indexed_boxes)
        fill_rtree(db, rtree_name(layer_name, GEOMETRY_COLUMN), np.concatenate(indexed_fids), boxes)
        for _name, sql in triggers:
            db.execute(sql)
        has_counts = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'"
        ).fetchone()
        if has_counts:
            db.execute(
                "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)",
                (len(result.pairs), layer_name),
            )
        if len(boxes):
            db.execute(
                "UPDATE gpkg_contents SET min_x = ?, max_x = ?, min_y = ?, max_y = ? "
                "WHERE table_name = ?",
                (
                    float(boxes[:, 0].min()),
                    float(boxes[:, 1].max()),
                    float(boxes[:, 2].min()),
                    float(boxes[:, 3].max()),
                    layer_name,
                ),
            )
        db.commit()


STYLES_DDL = (
    "CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256), "
    "f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, "
    "useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), "
    "update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)


def copy_gpkg(source: Path, target: Path) -> None:
    """A consistent copy of a GeoPackage, even one open elsewhere in WAL mode."""
    with closing(sqlite3.connect(str(source))) as src, closing(sqlite3.connect(str(target))) as dst:
        src.backup(dst)


def save_default_style(path: Path, layer: QgsVectorLayer, layer_name: str) -> None:
    """Store `layer`'s style as the default of `layer_name` in GeoPackage `path` (no dialogs)."""
    document = QDomDocument()
    layer.exportNamedStyle(document)
    with closing(sqlite3.connect(str(path))) as db:
        db.execute(STYLES_DDL)
        db.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles')"
        )
        db.execute("DELETE FROM layer_styles WHERE f_table_name = ?", (layer_name,))
        geometry_column = db.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer_name,)
        ).fetchone()
        db.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
            "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description) "
            "VALUES ('', '', ?, ?, ?, ?, '', 1, ?)",
            (
                layer_name,
                geometry_column[0] if geometry_column else "geom",
                layer_name,
                document.toString(),
                tr("Styled by flag"),
            ),
        )
        db.commit()
