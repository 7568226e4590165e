"""A PNG picture of a loaded pack, rendered headless (for checks and the demo)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsMapLayer,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from imperial_land.core.errors import UserError
from imperial_land.core.i18n import tr


def render_png(
    layers: list[QgsMapLayer],
    extent: QgsRectangle,
    crs: QgsCoordinateReferenceSystem,
    path: Path,
    width: int = 800,
    height: int = 600,
) -> Path:
    """Render `layers` (first on top) over `extent` in `crs` to the PNG `path`."""
    map_settings = QgsMapSettings()
    map_settings.setLayers(layers)
    map_settings.setDestinationCrs(crs)
    map_settings.setExtent(extent)
    map_settings.setOutputSize(QSize(width, height))
    map_settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(map_settings)
    job.start()
    job.waitForFinished()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not job.renderedImage().save(str(path), "PNG"):
        raise UserError(tr("Cannot write the picture {path}.").format(path=str(path)))
    return path
