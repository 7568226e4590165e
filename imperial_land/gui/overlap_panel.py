"""Dock panel "Overlap report": pick layers, run in a task, browse the pairs, open the report."""

from __future__ import annotations

import contextlib
import traceback
from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsMapLayerProxyModel,
    QgsMessageLog,
    QgsProcessingFeedback,
    QgsProcessingUtils,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QFileDialog, QHeaderView, QWidget

from imperial_land.core.common import LOG_TAG, CoreTask, UserError, tr
from imperial_land.core.maplayers import (
    AOI,
    CLAIMS,
    PARCELS,
    TERRITORIES,
    Role,
    record_transforms,
    unprompted_options,
)
from imperial_land.core.overlap import (
    OverlapOptions,
    OverlapResult,
    check_in_database,
    check_two_layers,
    report_cache,
    run_summary,
    selected_features,
)
from imperial_land.core.overlap import results as r
from imperial_land.core.report import (
    ReportPaths,
    StagedReport,
    flag_label,
    nations,
    run_and_stage,
    style_flags_layer,
)
from imperial_land.gui.overlap_model import FID_ROLE, PAIR_ROLE, PairsModel
from imperial_land.gui.report_folder import default_report_folder, remember_report_folder
from imperial_land.gui.role_combos import RoleCombos
from imperial_land.gui.ui_loader import load_form

OverlapForm = load_form("overlap_panel")
BASE_NAME = "overlap_report"


@dataclass
class _EarlyPdf:
    """One run's PDF written while its task goes on (`OverlapPanel._write_pdf_early`)."""

    layers: dict[str, QgsVectorLayer | None] | None = None
    staged: StagedReport | None = None  # handed over: committed or discarded by `finished`
    busy: bool = False
    error: str | None = None
    waiting: tuple | None = None  # `finished`'s arguments, when it came during the PDF


class OverlapPanel(QWidget, OverlapForm):
    """Runs the overlap report on the chosen layers and shows its pairs."""

    @classmethod
    def title(cls) -> str:
        return tr("Overlap report")

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.task: CoreTask | None = None
        self.early_pdf = _EarlyPdf()
        self.result: OverlapResult | None = None
        self.flags_layer: QgsVectorLayer | None = None
        self.written: ReportPaths = ReportPaths()
        self.combos = {
            CLAIMS: self.claims_layer,
            PARCELS: self.parcels_layer,
            TERRITORIES: self.territories_layer,
            AOI: self.aoi_layer,
        }
        for combo in self.combos.values():
            combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
            combo.setAllowEmptyLayer(True)
            combo.setLayer(None)
        self.role_combos = RoleCombos(
            "overlap", {Role(role): combo for role, combo in self.combos.items()}, self
        )
        self.folder_edit.setText(str(default_report_folder(QgsProject.instance())))
        QgsProject.instance().readProject.connect(self._project_read)
        self.model = PairsModel(self)
        self.pairs_view.setModel(self.model)
        # The run's order (flags needing attention first) until a header is clicked.
        self.pairs_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.pairs_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self._fill_filters()
        self.folder_button.clicked.connect(self.choose_folder)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.nation_filter.currentIndexChanged.connect(self.apply_filter)
        self.flag_filter.currentIndexChanged.connect(self.apply_filter)
        self.zoom_button.clicked.connect(self.zoom_to_selected)
        self.pairs_view.doubleClicked.connect(lambda _index: self.zoom_to_selected())
        self.open_html_button.clicked.connect(lambda: self.open_output(self.written.html))
        self.open_csv_button.clicked.connect(lambda: self.open_output(self.written.csv))
        self.open_pdf_button.clicked.connect(lambda: self.open_output(self.written.pdf))
        self._running(False)

    # Inputs and run
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr("Report folder"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def _project_read(self, *_args) -> None:
        """A project was opened: its folder becomes the report folder."""
        self.folder_edit.setText(str(default_report_folder(QgsProject.instance())))

    def _layers(self) -> dict[str, QgsVectorLayer | None]:
        """Independent copies of the chosen layers (the task reads them off the main thread)."""
        layers: dict[str, QgsVectorLayer | None] = {}
        for role, combo in self.combos.items():
            layer = combo.currentLayer()
            if not isinstance(layer, QgsVectorLayer):
                layers[role] = None
            elif role == AOI and self.aoi_selected_check.isChecked():
                layers[role] = selected_features(layer)
            else:
                layers[role] = layer.clone()
        check_two_layers(layers)
        return layers

    def _paths(self) -> ReportPaths:
        text = self.folder_edit.text().strip()
        if not text:
            raise UserError(tr("Choose a folder for the report files."))
        folder = Path(text)
        remember_report_folder(folder)
        # Without a GeoPackage asked for, the flags layer still lives in one (fast at any size).
        scratch = Path(QgsProcessingUtils.generateTempFilename("overlap_flags.gpkg"))
        return ReportPaths(
            html=folder / f"{BASE_NAME}.html" if self.html_check.isChecked() else None,
            csv=folder / f"{BASE_NAME}.csv" if self.csv_check.isChecked() else None,
            pdf=folder / f"{BASE_NAME}.pdf" if self.pdf_check.isChecked() else None,
            flags_gpkg=folder / "overlap_flags.gpkg" if self.gpkg_check.isChecked() else scratch,
        )

    def options(self) -> OverlapOptions:
        """The run's options, with the project's transform context read here (main thread):
        the engine then never asks QgsProject.instance() from the task's thread. The
        territories' preparation is kept between runs in the profile (`report_cache`)."""
        return OverlapOptions(
            distance_m=self.distance_spin.value(),
            transform_context=QgsProject.instance().transformContext(),
            prepared_cache=report_cache(),
        )

    def start(self) -> None:
        """Start the run in a task on the layers and folder chosen (`run`)."""
        in_database = self.in_database_check.isChecked()
        try:
            layers, paths = self._layers(), self._paths()
            if in_database:
                check_in_database(layers)
        except UserError as exc:
            self.status_label.setText(str(exc))
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return
        self.run(layers, paths, in_database, self.options())

    def run(
        self,
        layers: dict[str, QgsVectorLayer | None],
        paths: ReportPaths,
        in_database: bool,
        options: OverlapOptions,
    ) -> None:
        """Run the report in a task. With a PDF asked for, the task hands the PDF over to this
        thread as soon as its tables are built (`_write_pdf_early`) and writes the flags layer,
        HTML and CSV meanwhile; `finished` then moves every output into place."""
        self.early_pdf = _EarlyPdf(layers=layers)

        def job(feedback: QgsProcessingFeedback) -> tuple[OverlapResult, StagedReport]:
            return run_and_stage(
                layers, options, in_database, paths, feedback=feedback, hand_over=hand_over
            )

        def done(value: tuple[OverlapResult, StagedReport] | None, error: str | None) -> None:
            self.finished(value, error, layers)

        self.task = task = CoreTask(tr("Overlap report"), job, done)
        hand_over = task.handed_over.emit
        task.handed_over.connect(self._write_pdf_early, Qt.ConnectionType.QueuedConnection)
        task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self.status_label.setText(tr("Running the overlap report…"))
        self._running(True)
        QgsApplication.taskManager().addTask(task)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _write_pdf_early(self, value: tuple[OverlapResult, StagedReport]) -> None:
        """Write the PDF while the task writes the other outputs (main thread: print layout).
        A failure cancels the task; `finished` reports it and discards every output."""
        early = self.early_pdf
        result, early.staged = value
        if self.task is None or self.task.isCanceled():
            return
        early.busy = True
        try:
            early.staged.write_pdf(result, early.layers or {}, with_text=False)
        except UserError as exc:
            early.error = str(exc)
        except Exception:  # a bug: keep the trace for the log, show a plain message
            QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Critical)
            early.error = tr("Unexpected error; details are in the log panel.")
        finally:
            early.busy = False
        if early.error and self.task is not None:
            self.task.cancel()
        if early.waiting is not None:  # the task ended while the PDF was being written
            self.finished(*early.waiting)

    def finished(
        self,
        value: tuple[OverlapResult, StagedReport] | None,
        error: str | None,
        layers: dict[str, QgsVectorLayer | None] | None = None,
    ) -> None:
        """Write the PDF unless written already (print layouts belong to the main thread), move
        every output into place, then show the pairs, the flags layer and the open buttons."""
        early = self.early_pdf
        if early.busy:  # called while the PDF is written (an event loop run inside it)
            early.waiting = (value, error, layers)
            return
        self.task = None
        self.early_pdf = _EarlyPdf()
        if early.error:
            error, value = early.error, None
        if value is None and early.staged is not None:
            early.staged.discard()
        if value is not None and error is None:
            result, staged = value
            try:
                staged.write_pdf(result, layers or {})
                staged.commit()
            except UserError as exc:
                error = str(exc)
            except Exception:  # a bug: keep the trace for the log, show a plain message
                QgsMessageLog.logMessage(
                    traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Critical
                )
                error = tr("Unexpected error; details are in the log panel.")
            finally:
                staged.discard()
        if error or value is None:
            self._running(False)
            self.status_label.setText(error or "")
            self._message(error or "", Qgis.MessageLevel.Warning)
            return
        self.result, self.written = result, staged.paths
        self.model.set_pairs(self.result.pairs, staged.consultation)
        if self.model.sorted_by is None:  # its column went with the register's columns
            self.pairs_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._fill_filters()
        self._show_flags_layer(self.written)
        self.progress_bar.setValue(100)
        summary = run_summary(self.result)
        self.status_label.setText(summary)
        self._message(summary, Qgis.MessageLevel.Success)
        self._running(False)

    def _show_flags_layer(self, paths: ReportPaths) -> None:
        """Add the run's flags layer (styled from its GeoPackage) in place of the previous one."""
        project = QgsProject.instance()
        if self.flags_layer is not None and project.mapLayer(self.flags_layer.id()) is not None:
            project.removeMapLayer(self.flags_layer.id())
        source = f"{paths.flags_gpkg}|layername={paths.flags_layer_name}"
        options = unprompted_options(QgsCoordinateReferenceSystem(self.result.crs_authid))
        self.flags_layer = QgsVectorLayer(source, tr("Overlap flags"), "ogr", options)
        style_flags_layer(self.flags_layer)
        record_transforms(project, [self.flags_layer])  # no "Select Transformation" on add
        project.addMapLayer(self.flags_layer)

    # Results
    def _fill_filters(self) -> None:
        self.nation_filter.blockSignals(True)
        self.flag_filter.blockSignals(True)
        self.nation_filter.clear()
        self.nation_filter.addItem(tr("All Nations"), "")
        for nation in nations(self.result) if self.result else []:
            self.nation_filter.addItem(nation, nation)
        self.flag_filter.clear()
        self.flag_filter.addItem(tr("All flags"), None)
        for flag in (r.FLAG_CONSULTATION, r.FLAG_THIRD_PARTY_TITLE, r.FLAG_COMPANY_TITLE):
            self.flag_filter.addItem(flag_label(flag), flag)
        self.flag_filter.addItem(tr("No flag"), "")
        self.nation_filter.blockSignals(False)
        self.flag_filter.blockSignals(False)
        self.apply_filter()

    def apply_filter(self) -> None:
        """Show the chosen Nation's and flag's pairs; the selected pair stays selected when the
        filter keeps it (the model is reset, so it is selected again by its feature id)."""
        rows = self.pairs_view.selectionModel().selectedRows()
        kept = self.model.data(rows[0], FID_ROLE) if rows else None
        self.model.set_filter(
            self.nation_filter.currentData() or "", self.flag_filter.currentData()
        )
        row = self.model.row_of(kept) if kept is not None else None
        if row is not None:
            self.pairs_view.selectRow(row)
            self.pairs_view.scrollTo(self.model.index(row, 0))

    def zoom_to_selected(self) -> None:
        """Zoom the map to the selected pair's geometry and select its flag feature."""
        rows = self.pairs_view.selectionModel().selectedRows() if self.result else []
        if not rows:
            return
        pair = self.model.data(rows[0], PAIR_ROLE)
        if pair is None or not pair.geometry_wkb:
            return
        geometry = QgsGeometry()
        geometry.fromWkb(pair.geometry_wkb)
        canvas = self.iface.mapCanvas()
        transform = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem(self.result.crs_authid),
            canvas.mapSettings().destinationCrs(),
            QgsProject.instance(),
        )
        geometry.transform(transform)
        box = geometry.boundingBox()
        canvas.setExtent(box.buffered(max(box.width(), box.height()) * 0.2 + 1.0))
        canvas.refresh()
        if self.flags_layer is not None:
            self.flags_layer.selectByIds([self.model.data(rows[0], FID_ROLE)])

    def open_output(self, path: Path | None) -> None:
        if path is not None and Path(path).exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # State
    def _running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        for button, path in (
            (self.open_html_button, self.written.html),
            (self.open_csv_button, self.written.csv),
            (self.open_pdf_button, self.written.pdf),
        ):
            button.setEnabled(not running and path is not None and Path(path).exists())
        self.zoom_button.setEnabled(not running and self.result is not None)

    def _message(self, text: str, level) -> None:
        if self.iface is not None and text:
            self.iface.messageBar().pushMessage(tr("Overlap report"), text, level, 8)

    def unload(self) -> None:
        """Stop a running report and stop following the project (the plugin is going)."""
        self.cancel()
        self.role_combos.disconnect_project()
        with contextlib.suppress(TypeError, RuntimeError):
            QgsProject.instance().readProject.disconnect(self._project_read)
