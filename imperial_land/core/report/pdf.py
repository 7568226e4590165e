"""The overlap report as a PDF built with a QgsLayout: the map page (core/report/map.py), then
the tables over pages."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Callable

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsLayout,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemManualTable,
    QgsLayoutItemPage,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTableColumn,
    QgsProcessingFeedback,
    QgsProject,
    QgsTableCell,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont, QFontMetricsF

from imperial_land.core.common import UserError, check_cancelled, compat, ensure_feedback, tr
from imperial_land.core.maplayers import record_transforms
from imperial_land.core.overlap import OverlapResult
from imperial_land.core.report.map import add_map_page
from imperial_land.core.report.model import ReportTable, report_tables

PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape, mm
MARGIN = 12.0
USABLE_W = PAGE_W - 2 * MARGIN
TITLE_H = 8.0
FONT_FAMILY = "DejaVu Sans"
HEADER_PT, CONTENT_PT = 8.0, 8.0
CELL_MARGIN = 1.0  # mm around each cell's text
GRID = 0.5  # mm, grid line width
LINE_FACTOR = 1.45  # line height over font size, on the generous side
PDF_MAX_ROWS = 250  # per table: a PDF of thousands of pages helps nobody
CONTACT_ROW_H = 16.0  # mm, room to write by hand
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _text_format(size: float, bold: bool = False) -> QgsTextFormat:
    text_format = QgsTextFormat()
    text_format.setFont(_font(size, bold))
    text_format.setSize(size)
    return text_format


class _PdfBuilder:
    """Lays out the pages one after the other; `y` is the cursor on the current page."""

    def __init__(self, project: QgsProject) -> None:
        self.layout = QgsLayout(project)
        self.layout.initializeDefaults()  # one A4 page
        self.layout.pageCollection().page(0).setPageSize(
            "A4", QgsLayoutItemPage.Orientation.Landscape
        )
        self.page = 0
        self.y = MARGIN
        self.keep: list = []  # objects the layout points to but does not own

    def new_page(self) -> None:
        page = QgsLayoutItemPage(self.layout)
        page.setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)
        self.layout.pageCollection().addPage(page)
        self.page = self.layout.pageCollection().pageCount() - 1
        self.y = MARGIN

    def label(self, text: str, size: float, height: float, bold: bool = False) -> None:
        item = QgsLayoutItemLabel(self.layout)
        item.setText(text)
        compat.set_label_font(item, _font(size, bold))
        item.setVAlign(Qt.AlignmentFlag.AlignTop)
        self.layout.addLayoutItem(item)
        item.attemptMove(QgsLayoutPoint(MARGIN, self.y, MM), page=self.page)
        item.attemptResize(QgsLayoutSize(USABLE_W, height, MM))
        self.y += height

    def room(self) -> float:
        return PAGE_H - MARGIN - self.y

    def table(self, table: ReportTable) -> None:
        """Title, then the table: here when it fits, else from a new page over as many as needed."""
        widths = _column_widths(table)
        height = _estimated_height(table, widths) if table.rows else 0.0
        if self.room() < height + TITLE_H + 8 and self.y > MARGIN:
            self.new_page()  # a table that does not fit starts at the top of a page
        self.y += 2
        self.label(table.title, 12, TITLE_H, bold=True)
        if table.note:
            self.label(table.note, 8, 5)
        if not table.rows:
            self.label(table.empty_text, 9, 7)
            return
        item = QgsLayoutItemManualTable.create(self.layout)
        item.setHeaderTextFormat(_text_format(HEADER_PT, bold=True))
        item.setContentTextFormat(_text_format(CONTENT_PT))
        item.setCellMargin(CELL_MARGIN)
        item.setHeaderMode(QgsLayoutItemManualTable.HeaderMode.AllFrames)
        item.setWrapBehavior(QgsLayoutItemManualTable.WrapBehavior.WrapText)
        item.setIncludeTableHeader(True)
        item.setHeaders(_headers(table, widths))
        item.setColumnWidths(widths)
        item.setTableContents(_contents(table))
        if table.key == "contact":
            item.setRowHeights([CONTACT_ROW_H] * len(table.rows))
        # Repeat the frame on the next pages should the estimate fall short: nothing is cut off.
        item.setResizeMode(QgsLayoutItemManualTable.ResizeMode.RepeatUntilFinished)
        self.layout.addMultiFrame(item)
        fits = height <= self.room()
        frame = QgsLayoutFrame(self.layout, item)
        frame.attemptMove(QgsLayoutPoint(MARGIN, self.y, MM), page=self.page)
        frame.attemptResize(QgsLayoutSize(USABLE_W, height if fits else self.room(), MM))
        item.addFrame(frame)
        self.page = self.layout.pageCollection().pageCount() - 1
        if fits and item.frameCount() == 1:
            self.y += height + 3
        else:
            self.y = PAGE_H  # the table ran over pages: the next one starts on a new page


def _capped(table: ReportTable) -> ReportTable:
    """The table with at most PDF_MAX_ROWS rows, saying so (the HTML and CSV hold them all)."""
    if len(table.rows) <= PDF_MAX_ROWS:
        return table
    note = tr(
        "The first {shown} of {total} rows; every row is in the HTML and CSV reports "
        "and in the flags layer."
    ).format(shown=PDF_MAX_ROWS, total=len(table.rows))
    return replace(table, rows=table.rows[:PDF_MAX_ROWS], note=note)


def _headers(table: ReportTable, widths: list[float]) -> list[QgsLayoutTableColumn]:
    columns = []
    for heading, width in zip(table.headers, widths):
        column = QgsLayoutTableColumn(heading)
        column.setWidth(width)
        columns.append(column)
    return columns


def _contents(table: ReportTable) -> list:
    rows = []
    for row in table.rows:
        cells = []
        for index, value in enumerate(row):
            cell = QgsTableCell(value)
            if index in table.numeric:
                cell.setHorizontalAlignment(Qt.AlignmentFlag.AlignRight)
            cells.append(cell)
        rows.append(cells)
    return rows


def _text_mm(text: str, metrics: QFontMetricsF, point_size: float) -> float:
    """Width of `text` in mm at `point_size` (metrics of a 100 px font)."""
    return metrics.horizontalAdvance(text) / 100.0 * point_size * 25.4 / 72.0


def _lines(text: str, width: float, metrics: QFontMetricsF, point_size: float) -> int:
    """Lines `text` takes once wrapped at word breaks into `width` mm."""
    count, line = 1, ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and _text_mm(candidate, metrics, point_size) > width:
            count, line = count + 1, word
        else:
            line = candidate
    return count + text.count("\n")


def _estimated_height(table: ReportTable, widths: list[float]) -> float:
    """A generous estimate of the table's height in mm (header and every row)."""
    font = QFont(FONT_FAMILY)
    font.setPixelSize(100)
    plain = QFontMetricsF(font)
    font.setBold(True)
    bold = QFontMetricsF(font)
    line_h = CONTENT_PT * 25.4 / 72.0 * LINE_FACTOR
    header_lines = max(_lines(h, w, bold, HEADER_PT) for h, w in zip(table.headers, widths))
    total = header_lines * HEADER_PT * 25.4 / 72.0 * LINE_FACTOR + 2 * CELL_MARGIN
    for row in table.rows:
        if table.key == "contact":
            total += CONTACT_ROW_H + 2 * CELL_MARGIN
            continue
        lines = max(_lines(c, w, plain, CONTENT_PT) for c, w in zip(row, widths))
        total += lines * line_h + 2 * CELL_MARGIN + GRID
    return total + 2.0


def _column_widths(table: ReportTable) -> list[float]:
    """Column widths in mm filling the page: natural widths, wrapping the wordy columns first."""
    font = QFont(FONT_FAMILY)
    font.setPixelSize(100)
    plain = QFontMetricsF(font)
    font.setBold(True)
    bold = QFontMetricsF(font)
    natural, minimum = [], []
    for index, header in enumerate(table.headers):
        cells = [row[index] for row in table.rows]
        words = [w for text in cells for w in text.split()] or [""]
        head = max(_text_mm(w, bold, HEADER_PT) for w in header.split() or [""])
        widest = max([_text_mm(c, plain, CONTENT_PT) for c in cells] + [0.0])
        longest_word = max(_text_mm(w, plain, CONTENT_PT) for w in words)
        keep_whole = index in table.numeric or all(len(c) <= 12 for c in cells)
        low = max(head, widest if keep_whole else min(longest_word, 40.0)) + 0.5
        natural.append(max(low, min(widest, 90.0) + 0.5))
        minimum.append(low)
    reserved = 2 * CELL_MARGIN * len(natural) + GRID * (len(natural) + 1) + 1.0
    available = USABLE_W - reserved
    if sum(natural) <= available:
        return [w * available / sum(natural) for w in natural]
    slack = sum(natural) - sum(minimum)
    excess = sum(natural) - available
    if slack >= excess:
        return [n - (n - m) * excess / slack for n, m in zip(natural, minimum)]
    return [m * available / sum(minimum) for m in minimum]


def write_report_pdf(
    result: OverlapResult,
    path: Path,
    flags: QgsVectorLayer,
    layers: dict[str, QgsVectorLayer | None],
    title: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
    consultation=None,
    tables: list[ReportTable] | None = None,
    alongside: Callable[[], None] | None = None,
) -> int:
    """Write the PDF (map of the area examined, then every table); return its page count.
    `tables`: the report's tables when already built for this result and view (the HTML's).
    `alongside`: Python work (the flags layer, HTML and CSV) run on a thread while the layout
    exports: QGIS renders it in C++ without holding the GIL, so the two share the machine's
    cores; its error is raised after the export's.

    `layers` maps roles ("claims", "parcels", "territories", "aoi") to the layers drawn
    under the flags (clones in the plugin's styles; the user's layers are untouched).
    Run this on the main thread (layout rendering).
    """
    feedback = ensure_feedback(feedback)
    project = QgsProject()
    # The layout's own project in the map's CRS, with an operation chosen for every pair of
    # the CRSs drawn: a desktop QGIS then warns of no missing grid while the map renders.
    project.setCrs(QgsCoordinateReferenceSystem(result.crs_authid))
    record_transforms(project, [flags, *(layer for layer in layers.values() if layer is not None)])
    builder = _PdfBuilder(project)
    heading = title or tr("Overlap report")
    add_map_page(
        builder.layout, 0, result, flags, layers, heading, project.transformContext(), builder.keep
    )
    builder.new_page()
    for table in tables if tables is not None else report_tables(result, consultation):
        check_cancelled(feedback)
        builder.table(_capped(table))
    check_cancelled(feedback)
    exporter = QgsLayoutExporter(builder.layout)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = 150
    settings.rasterizeWholeImage = False
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    side_job = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="imperial-text") as worker:
        if alongside is not None:
            side_job = worker.submit(alongside)
        outcome = exporter.exportToPdf(str(path), settings)
    if outcome != QgsLayoutExporter.ExportResult.Success:
        raise UserError(
            tr("Could not write the PDF report '{path}': {error}").format(
                path=str(path), error=exporter.errorMessage()
            )
        )
    if side_job is not None:
        side_job.result()
    return builder.layout.pageCollection().pageCount()
