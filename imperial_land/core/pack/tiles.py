"""Basemap of an offline pack: map layers rendered to XYZ tiles in one MBTiles file.

Only the tiles over the AOI's extent are made, zoom by zoom; each block of tiles is rendered in
one image (so labels and symbols run across tile edges) and cut into 256 px PNG tiles.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsLabelingEngineSettings,
    QgsMapClippingRegion,
    QgsMapLayer,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsProcessingFeedback,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, settings, tr
from imperial_land.core.pack.clip import aoi_in_crs

HALF_WORLD = 20037508.342789244  # EPSG:3857 half-width, m
TILE_PX = 256
BLOCK = 8  # tiles per side rendered in one image
MERCATOR = "EPSG:3857"


@dataclass
class TileRange:
    """Tiles x0..x1, y0..y1 (XYZ scheme, y down from the north) of one zoom level."""

    zoom: int
    x0: int
    x1: int
    y0: int
    y1: int

    def count(self) -> int:
        return (self.x1 - self.x0 + 1) * (self.y1 - self.y0 + 1)


def tile_size_m(zoom: int) -> float:
    """Width of one tile at `zoom`, in EPSG:3857 metres."""
    return 2 * HALF_WORLD / (1 << zoom)


def tile_range(extent: QgsRectangle, zoom: int) -> TileRange:
    """The tiles of `zoom` that cover `extent` (EPSG:3857)."""
    size = tile_size_m(zoom)
    last = (1 << zoom) - 1

    def index(value: float) -> int:
        return min(max(math.floor(value / size), 0), last)

    return TileRange(
        zoom,
        index(extent.xMinimum() + HALF_WORLD),
        index(extent.xMaximum() + HALF_WORLD - 1e-6),
        index(HALF_WORLD - extent.yMaximum()),
        index(HALF_WORLD - extent.yMinimum() - 1e-6),
    )


def _create_mbtiles(
    path: Path, name: str, bounds: QgsRectangle, zoom_min: int, zoom_max: int
) -> sqlite3.Connection:
    connection = sqlite3.connect(str(path))
    connection.executescript(
        "CREATE TABLE metadata (name TEXT, value TEXT);"
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
        " tile_data BLOB);"
        "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"
    )
    box = ",".join(
        f"{value:.6f}"
        for value in (bounds.xMinimum(), bounds.yMinimum(), bounds.xMaximum(), bounds.yMaximum())
    )
    metadata = {
        "name": name,
        "type": "baselayer",
        "version": "1.1",
        "format": "png",
        "bounds": box,
        "minzoom": str(zoom_min),
        "maxzoom": str(zoom_max),
    }
    connection.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
    return connection


def _map_settings(layers: list[QgsMapLayer], clip: QgsRectangle) -> QgsMapSettings:
    map_settings = QgsMapSettings()
    map_settings.addClippingRegion(QgsMapClippingRegion(QgsGeometry.fromRect(clip)))
    map_settings.setDestinationCrs(QgsCoordinateReferenceSystem(MERCATOR))
    map_settings.setLayers(layers)
    map_settings.setOutputDpi(96)
    map_settings.setBackgroundColor(QColor(0, 0, 0, 0))
    map_settings.setOutputImageFormat(QImage.Format.Format_ARGB32_Premultiplied)
    labeling = map_settings.labelingEngineSettings()
    labeling.setFlag(QgsLabelingEngineSettings.Flag.UsePartialCandidates, False)
    map_settings.setLabelingEngineSettings(labeling)
    return map_settings


def _render_block(
    map_settings: QgsMapSettings, zoom: int, x0: int, y0: int, nx: int, ny: int
) -> QImage:
    size = tile_size_m(zoom)
    extent = QgsRectangle(
        -HALF_WORLD + x0 * size,
        HALF_WORLD - (y0 + ny) * size,
        -HALF_WORLD + (x0 + nx) * size,
        HALF_WORLD - y0 * size,
    )
    map_settings.setExtent(extent)
    map_settings.setOutputSize(QSize(nx * TILE_PX, ny * TILE_PX))
    image = QImage(nx * TILE_PX, ny * TILE_PX, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(map_settings, painter)
    job.renderSynchronously()
    painter.end()
    return image


def _is_blank(image: QImage) -> bool:
    """True when every pixel is fully transparent (premultiplied ARGB: all bytes 0)."""
    bits = image.constBits()
    bits.setsize(image.sizeInBytes())
    return not np.frombuffer(bits, dtype=np.uint8).any()


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def render_mbtiles(
    layers: list[QgsMapLayer],
    aoi: QgsGeometry,
    aoi_crs: QgsCoordinateReferenceSystem,
    zoom_min: int,
    zoom_max: int,
    path: Path,
    name: str,
    feedback: QgsProcessingFeedback | None = None,
    on_fraction: Callable[[float], None] | None = None,
) -> int:
    """Render `layers` over the AOI's extent into the MBTiles file `path`; return the tile count."""
    feedback = ensure_feedback(feedback)
    extent = aoi_in_crs(aoi, aoi_crs, QgsCoordinateReferenceSystem(MERCATOR)).boundingBox()
    ranges = [tile_range(extent, zoom) for zoom in range(zoom_min, zoom_max + 1)]
    total = sum(r.count() for r in ranges)
    limit = settings.get("pack/max_tiles")
    if total > limit:
        raise UserError(
            tr(
                "The basemap would need {count} tiles (at most {limit}); "
                "lower the maximum zoom or choose a smaller area."
            ).format(count=total, limit=limit)
        )
    bounds = aoi_in_crs(aoi, aoi_crs, QgsCoordinateReferenceSystem("EPSG:4326")).boundingBox()
    connection = _create_mbtiles(path, name, bounds, zoom_min, zoom_max)
    map_settings = _map_settings(layers, extent)
    blank = QImage(TILE_PX, TILE_PX, QImage.Format.Format_ARGB32_Premultiplied)
    blank.fill(QColor(0, 0, 0, 0))
    blank_png = _png(blank)
    done = 0
    try:
        for tiles in ranges:
            for bx in range(tiles.x0, tiles.x1 + 1, BLOCK):
                for by in range(tiles.y0, tiles.y1 + 1, BLOCK):
                    check_cancelled(feedback)
                    nx = min(BLOCK, tiles.x1 + 1 - bx)
                    ny = min(BLOCK, tiles.y1 + 1 - by)
                    image = _render_block(map_settings, tiles.zoom, bx, by, nx, ny)
                    rows = []
                    for i in range(nx):
                        for j in range(ny):
                            tile = image.copy(i * TILE_PX, j * TILE_PX, TILE_PX, TILE_PX)
                            tms_row = (1 << tiles.zoom) - 1 - (by + j)
                            data = blank_png if _is_blank(tile) else _png(tile)
                            rows.append((tiles.zoom, bx + i, tms_row, data))
                    connection.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", rows)
                    done += nx * ny
                    if on_fraction is not None:
                        on_fraction(done / total)
        connection.commit()
    finally:
        connection.close()
    return done
