"""Dock panel "GESTIM sync": run a sync in a task, show the report and the expiry alert."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsProject,
)
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QApplication, QFileDialog, QTableWidgetItem, QWidget

from imperial_land.core.common import CoreTask, UserError, settings, tr
from imperial_land.core.maplayers import bounding_box
from imperial_land.core.register import add_register_layer, refresh_register_layers
from imperial_land.core.sync import SyncReport, write_alert_csv
from imperial_land.core.watch import WatchResult, event_label
from imperial_land.gui.ui_loader import load_form

SyncForm = load_form("sync_panel")


class RelayFeedback(QgsProcessingFeedback):
    """Feedback for the job that forwards progress text to the panel and cancel from the task."""

    text = pyqtSignal(str)

    def __init__(self, task_feedback: QgsProcessingFeedback) -> None:
        super().__init__()
        self.task_feedback = task_feedback
        task_feedback.canceled.connect(self.cancel)
        self.progressChanged.connect(task_feedback.setProgress)

    def setProgressText(self, text: str) -> None:
        self.text.emit(text)

    def pushInfo(self, info: str) -> None:
        self.text.emit(info)


class SyncPanel(QWidget, SyncForm):
    """Syncs the claim register from GESTIM and shows what changed."""

    @classmethod
    def title(cls) -> str:
        return tr("GESTIM sync")

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.task: CoreTask | None = None
        self.relay: RelayFeedback | None = None
        self.report: SyncReport | None = None
        self.source_edit.setText(settings.get("gestim/active_url"))
        self.register_edit.setText(str(settings.default_register_path()))
        self.days_spin.setValue(settings.get("alerts/expiry_days"))
        headers = [tr("Title"), tr("Holder"), tr("Status"), tr("Expiry"), tr("Days left")]
        self.alert_table.setColumnCount(len(headers))
        self.alert_table.setHorizontalHeaderLabels(headers)
        watch_headers = [
            tr("Staking event"),
            tr("Title"),
            tr("Holder"),
            tr("Status"),
            tr("Date"),
            tr("Touches"),
            tr("Distance (m)"),
            tr("Overlap (ha)"),
        ]
        self.watch_table.setColumnCount(len(watch_headers))
        self.watch_table.setHorizontalHeaderLabels(watch_headers)
        self.watch_table.cellDoubleClicked.connect(lambda row, _column: self.zoom_to_watch(row))
        self.source_button.clicked.connect(self.choose_source)
        self.register_button.clicked.connect(self.choose_register)
        self.sync_button.clicked.connect(self.start_sync)
        self.cancel_button.clicked.connect(self.cancel)
        self.add_layer_button.clicked.connect(self.add_layer)
        self.save_alert_button.clicked.connect(self.save_alert)
        self.copy_titles_button.clicked.connect(self.copy_titles)

    def choose_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("GESTIM zip"), "", tr("Zipped shapefile (*.zip);;Shapefile (*.shp)")
        )
        if path:
            self.source_edit.setText(path)

    def choose_register(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Claim register"),
            self.register_edit.text(),
            tr("GeoPackage (*.gpkg)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.register_edit.setText(path)

    def register_path(self) -> Path:
        text = self.register_edit.text().strip()
        return Path(text) if text else settings.default_register_path()

    def area(self) -> tuple[float, float, float, float] | None:
        """The canvas extent in WGS 84 when the user limits the sync to it."""
        if not self.area_check.isChecked():
            return None
        canvas = self.iface.mapCanvas()
        transform = QgsCoordinateTransform(
            canvas.mapSettings().destinationCrs(),
            QgsCoordinateReferenceSystem("EPSG:4326"),
            QgsProject.instance(),
        )
        box = bounding_box(transform, canvas.extent())
        return (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())

    def start_sync(self) -> None:
        # imported on the first sync, not at plugin start-up (requests, GDAL's reader)
        from imperial_land.core.sync import sync_register

        source = self.source_edit.text().strip() or None
        register = self.register_path()
        area, days = self.area(), self.days_spin.value()
        holders = settings.get("company/holders")
        self._request = dict(
            source=source, register=register, bbox_wgs84=area, holders=holders, alert_days=days
        )
        self.task = CoreTask(
            tr("Syncing claims from GESTIM"),
            lambda _feedback: sync_register(feedback=self.relay, **self._request),
            self.finished,
        )
        self.relay = RelayFeedback(self.task.feedback)
        self.relay.text.connect(self.status_label.setText)
        self.task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self._running(True)
        QgsApplication.taskManager().addTask(self.task)

    def finished(self, report: SyncReport | None, error: str | None) -> None:
        """Show the result (main thread), refresh the register's layers."""
        self._running(False)
        self.task = None
        if error:
            self.status_label.setText(error)
            self._message(error, Qgis.MessageLevel.Warning)
            return
        self.show_report(report)
        layers = refresh_register_layers(QgsProject.instance(), self._request["register"])
        if self.iface is not None and layers:
            self.iface.mapCanvas().refresh()
        self._message(report.summary().splitlines()[0], Qgis.MessageLevel.Success)

    def show_report(self, report: SyncReport) -> None:
        """Fill the report text and the alert table."""
        self.report = report
        self.progress_bar.setValue(100)
        self.status_label.setText("")
        self.report_text.setPlainText(report.summary())
        self.alert_table.setRowCount(len(report.expiring))
        for row, item in enumerate(report.expiring):
            values = [item.title, item.holder, item.status or "", item.expiry.isoformat()]
            for column, value in enumerate([*values, str(item.days_left)]):
                self.alert_table.setItem(row, column, QTableWidgetItem(value))
        self.save_alert_button.setEnabled(True)
        self.copy_titles_button.setEnabled(bool(report.changed_titles))
        self.show_watch(report.watch)

    def show_watch(self, watch: WatchResult | None) -> None:
        """The staking watch's rows (double-click zooms to one), or what it says instead."""
        rows = watch.rows if watch is not None else []
        self.watch_label.setText(
            watch.lines()[0] if watch is not None else tr("Staking watch: titles near company land")
        )
        self.watch_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = [
                event_label(row.event),
                row.title,
                row.holder,
                row.status,
                row.date.isoformat() if row.date else "",
                row.touches(),
                f"{row.distance_m:.0f}",
                f"{row.overlap_ha:.2f}",
            ]
            for column, value in enumerate(values):
                self.watch_table.setItem(index, column, QTableWidgetItem(value))

    def zoom_to_watch(self, index: int) -> bool:
        """Zoom the map to the title of watch row `index` (in the canvas CRS, with a margin)."""
        watch = self.report.watch if self.report is not None else None
        if watch is None or not 0 <= index < len(watch.rows) or self.iface is None:
            return False
        row = watch.rows[index]
        if not row.geometry_wkb:
            return False
        geometry = QgsGeometry()
        geometry.fromWkb(row.geometry_wkb)
        canvas = self.iface.mapCanvas()
        transform = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem(watch.crs_authid),
            canvas.mapSettings().destinationCrs(),
            QgsProject.instance(),
        )
        box = bounding_box(transform, geometry.boundingBox())
        box.scale(3.0)  # the title and what it touches around it
        canvas.setExtent(box)
        canvas.refresh()
        return True

    def save_alert(self) -> None:
        if self.report is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save the expiry alert"), "expiry_alert.csv", tr("CSV files (*.csv)")
        )
        if path:
            try:
                write_alert_csv(Path(path), self.report.expiring)
            except UserError as exc:
                self._message(str(exc), Qgis.MessageLevel.Warning)

    def copy_titles(self) -> None:
        if self.report is not None:
            QApplication.clipboard().setText(",".join(self.report.changed_titles))

    def add_layer(self) -> None:
        try:
            add_register_layer(QgsProject.instance(), self.register_path())
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _running(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress_bar.setValue(0)

    def _message(self, text: str, level) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(tr("GESTIM sync"), text, level, 8)

    def unload(self) -> None:
        """Stop a running sync (it rolls back) when the plugin goes."""
        self.cancel()
