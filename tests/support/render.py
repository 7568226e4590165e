"""Render layers to a PNG (headless-safe): a project's map with legend and inset, or bare layers."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsMapLayer,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from imperial_land.core.common import compat
from imperial_land.core.common.errors import UserError
from imperial_land.core.common.i18n import tr

QUEBEC_LAMBERT = "EPSG:32198"


def layers_extent(
    layers: list[QgsMapLayer], crs: QgsCoordinateReferenceSystem, project: QgsProject
) -> QgsRectangle:
    """The combined extent of `layers` in `crs`."""
    extent = compat.null_rectangle()
    for layer in layers:
        transform = QgsCoordinateTransform(layer.crs(), crs, project.transformContext())
        extent.combineExtentWith(transform.transformBoundingBox(layer.extent()))
    return extent


def _settings(
    layers: list[QgsMapLayer],
    crs: QgsCoordinateReferenceSystem,
    extent: QgsRectangle,
    size: QSize,
    transform_context: QgsCoordinateTransformContext,
) -> QgsMapSettings:
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(crs)
    settings.setTransformContext(transform_context)
    settings.setOutputSize(size)
    settings.setBackgroundColor(QColor("white"))
    settings.setExtent(extent)
    settings.setFlag(QgsMapSettings.Flag.Antialiasing, True)
    return settings


def _paint(painter: QPainter, settings: QgsMapSettings) -> None:
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()


def _white_image(size: QSize) -> QImage:
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    return image


def _save(image: QImage, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise UserError(tr("Could not write the image {path}.").format(path=str(path)))
    return path


def render_layers_png(
    layers: list[QgsMapLayer],
    extent: QgsRectangle,
    crs: QgsCoordinateReferenceSystem,
    path: Path,
    size: tuple[int, int] = (800, 600),
) -> Path:
    """Render `layers` (first on top) over `extent` in `crs` to the PNG `path`, no legend."""
    image = _white_image(QSize(*size))
    painter = QPainter(image)
    _paint(painter, _settings(layers, crs, extent, image.size(), QgsCoordinateTransformContext()))
    painter.end()
    return _save(image, path)


def render_png(
    project: QgsProject,
    path: Path,
    focus: list[QgsMapLayer] | None = None,
    inset: list[QgsMapLayer] | None = None,
    size: tuple[int, int] = (1600, 1200),
    title: str = "",
) -> Path:
    """Draw the checked layers of `project` over the extent of `focus` (default: all of them).

    `inset`: layers whose extent is drawn enlarged in the lower-right corner (small features,
    such as industrial-park lots, that vanish at the scale of the whole map). A legend of the
    layers' symbols, headed by `title`, sits in the upper-left corner.
    """
    layers = project.layerTreeRoot().checkedLayers()
    if not layers:
        raise UserError(tr("The project has no visible layer to draw."))
    crs = project.crs() if project.crs().isValid() else QgsCoordinateReferenceSystem(QUEBEC_LAMBERT)
    extent = layers_extent(focus or layers, crs, project)
    extent.scale(1.1)
    image = _white_image(QSize(*size))
    painter = QPainter(image)
    main = _settings(layers, crs, extent, image.size(), project.transformContext())
    _paint(painter, main)
    if inset:
        _draw_inset(painter, project, layers, inset, main, crs)
    _draw_legend(painter, layers, title)
    painter.end()
    return _save(image, path)


def _draw_inset(
    painter: QPainter,
    project: QgsProject,
    layers: list[QgsMapLayer],
    inset: list[QgsMapLayer],
    main: QgsMapSettings,
    crs: QgsCoordinateReferenceSystem,
) -> None:
    """The inset map in the lower-right corner, framed, and its footprint marked on the map."""
    detail = layers_extent(inset, crs, project)
    detail.scale(1.6)
    width, height = main.outputSize().width() // 3, main.outputSize().height() // 3
    left, top = 12, main.outputSize().height() - height - 12
    inset_image = _white_image(QSize(width, height))
    inset_painter = QPainter(inset_image)
    inset_settings = _settings(layers, crs, detail, inset_image.size(), project.transformContext())
    _paint(inset_painter, inset_settings)
    inset_painter.end()
    painter.drawImage(left, top, inset_image)
    painter.setPen(QPen(QColor("black"), 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(left, top, width, height))
    to_pixels = main.mapToPixel()
    corner = to_pixels.transform(detail.xMinimum(), detail.yMaximum())
    painter.setPen(QPen(QColor("black"), 3))
    painter.drawRect(QRectF(corner.x() - 7, corner.y() - 7, 14, 14))
    painter.drawLine(int(corner.x()), int(corner.y()), left + width, top)


def _draw_legend(painter: QPainter, layers: list[QgsMapLayer], title: str) -> None:
    """Title, then each vector layer's name and symbols, in a white box at the top left."""
    lines: list[tuple[str, QImage | None, bool]] = [(title, None, True)] if title else []
    for layer in layers:
        renderer = layer.renderer() if isinstance(layer, QgsVectorLayer) else None
        if renderer is None:
            continue
        lines.append((layer.name(), None, True))
        for item in renderer.legendSymbolItems():
            symbol = item.symbol()
            icon = symbol.asImage(QSize(22, 14)) if symbol is not None else None
            lines.append((item.label(), icon, False))
    if not lines:
        return
    row, left, top = 24, 12, 12
    font = QFont(painter.font())
    font.setPixelSize(15)
    font.setBold(True)  # measure as the widest (bold) text
    box_width = 40 + max(QFontMetrics(font).horizontalAdvance(text) for text, _i, _b in lines)
    painter.setPen(QPen(QColor("black"), 1))
    painter.setBrush(QColor(255, 255, 255, 230))
    painter.drawRect(QRectF(left, top, box_width + 16, row * len(lines) + 12))
    for n, (text, icon, bold) in enumerate(lines):
        font.setBold(bold)
        painter.setFont(font)
        y = top + 8 + n * row
        x = left + 8
        if icon is not None:
            painter.drawImage(x, y + 4, icon)
            x += 30
        painter.drawText(QRectF(x, y, box_width, row), Qt.AlignmentFlag.AlignVCenter, text)
