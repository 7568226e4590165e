"""The "Overlap report" dock panel: a run in a QgsTask, the pairs table, filters, zoom, cancel."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDatumTransform,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QThread

from imperial_land.core.common.errors import UserError
from imperial_land.core.overlap import results as r
from imperial_land.core.report import staged as report_staged
from imperial_land.core.report.model import pair_values
from imperial_land.core.report.pdf import write_report_pdf
from imperial_land.gui.overlap_model import FID_ROLE, PAIR_ROLE
from imperial_land.gui.overlap_panel import OverlapPanel
from tests.support.panel_tasks import hold_job, wait_for_panel
from tests.support.report_reading import csv_rows, pdf_pages, pdf_text

ROLES = ("claims", "parcels", "territories", "aoi")


@pytest.fixture
def panel(qgis_iface, qgis_new_project, sample_gpkg, tmp_path):
    layers = {}
    for role in ROLES:
        layers[role] = QgsVectorLayer(f"{sample_gpkg}|layername={role}", role, "ogr")
        QgsProject.instance().addMapLayer(layers[role])
    widget = OverlapPanel(qgis_iface)
    for role in ("parcels", "territories", "aoi"):
        widget.combos[role].setLayer(layers[role])
    widget.folder_edit.setText(str(tmp_path))
    widget.pdf_check.setChecked(False)
    yield widget
    widget.unload()


def test_panel_runs_and_filters(panel, tmp_path, qgis_iface):
    panel.start()
    wait_for_panel(panel)
    result = panel.result
    assert result is not None, panel.status_label.text()
    kinds = {p.kind for p in result.pairs}
    assert kinds <= {r.PARCEL_TERRITORY, r.AOI_TERRITORY, r.AOI_PARCEL}
    assert panel.model.rowCount() == len(result.pairs) > 0
    assert panel.pairs_view.horizontalHeader().sortIndicatorSection() == -1  # the run's order
    assert [
        panel.model.data(panel.model.index(row, 0), PAIR_ROLE)
        for row in range(panel.model.rowCount())
    ] == result.pairs
    assert len(csv_rows(tmp_path / "overlap_report.csv")) == len(result.pairs) + 1
    assert (tmp_path / "overlap_report.html").exists()
    assert not (tmp_path / "overlap_report.pdf").exists()
    assert panel.open_html_button.isEnabled() and not panel.open_pdf_button.isEnabled()
    flags = QgsProject.instance().mapLayersByName("Overlap flags")
    assert len(flags) == 1 and flags[0].featureCount() == len(result.pairs)

    nation = panel.nation_filter.itemText(1)
    panel.nation_filter.setCurrentIndex(1)
    assert panel.model.rowCount() == sum(p.nation == nation for p in result.pairs)
    panel.nation_filter.setCurrentIndex(0)
    panel.flag_filter.setCurrentIndex(panel.flag_filter.findData(""))
    assert panel.model.rowCount() == sum(p.flag == "" for p in result.pairs)  # AOI x parcel

    panel.pairs_view.selectRow(0)
    panel.zoom_to_selected()
    pair = panel.model.data(panel.model.index(0, 0), PAIR_ROLE)
    assert pair.kind == r.AOI_PARCEL
    assert flags[0].selectedFeatureIds() == [result.pairs.index(pair) + 1]
    canvas_extent = qgis_iface.mapCanvas().extent()
    assert canvas_extent.width() > 0


def test_panel_needs_two_layers(panel):
    panel.combos["parcels"].setLayer(None)
    panel.combos["aoi"].setLayer(None)
    panel.start()
    assert panel.task is None
    assert panel.status_label.text().startswith("Choose at least two layers")


def test_panel_refuses_the_database_option_for_file_layers(panel, tmp_path):
    panel.in_database_check.setChecked(True)
    panel.start()
    assert panel.task is None
    assert panel.status_label.text() == (
        "Computing the overlaps in the database needs every layer in one PostGIS database; "
        "not in PostGIS: parcels, territories, aoi. Untick the option to compute them here."
    )
    assert list(tmp_path.iterdir()) == []


def test_cancelled_panel_run_writes_nothing(panel, tmp_path, monkeypatch):
    release = hold_job(monkeypatch, "imperial_land.core.report.staged", "run_overlap_where")
    panel.start()
    panel.cancel()
    release()
    wait_for_panel(panel)
    assert panel.result is None
    assert "Cancelled" in panel.status_label.text()
    assert list(tmp_path.iterdir()) == []
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_panel_writes_the_pdf_on_the_main_thread(panel, tmp_path, monkeypatch):
    threads = []

    def write_pdf_here(*args, **kwargs):
        threads.append(QThread.currentThread())
        return write_report_pdf(*args, **kwargs)

    monkeypatch.setattr(report_staged, "write_report_pdf", write_pdf_here)
    panel.pdf_check.setChecked(True)
    panel.start()
    wait_for_panel(panel)
    assert panel.result is not None, panel.status_label.text()
    assert threads == [QgsApplication.instance().thread()]
    assert pdf_pages(tmp_path / "overlap_report.pdf") >= 2
    lot = next(p.a.key for p in panel.result.pairs if p.kind == r.PARCEL_TERRITORY)
    assert lot in pdf_text(tmp_path / "overlap_report.pdf")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "overlap_report.csv",
        "overlap_report.html",
        "overlap_report.pdf",
    ]
    assert panel.open_pdf_button.isEnabled()


def _pdf_before_csv(monkeypatch, after_pdf=None):
    """The task's CSV waits (10 s at most) for the PDF; returns the list of the waits' outcomes
    (True: the PDF was written while the task was still running)."""
    import threading

    written = threading.Event()
    waits = []
    real_pdf, real_csv = report_staged.write_report_pdf, report_staged.write_report_csv

    def pdf(*args, **kwargs):
        pages = real_pdf(*args, **kwargs)
        if after_pdf is not None:
            after_pdf()
        written.set()
        return pages

    def csv(*args, **kwargs):
        waits.append(written.wait(10))
        return real_csv(*args, **kwargs)

    monkeypatch.setattr(report_staged, "write_report_pdf", pdf)
    monkeypatch.setattr(report_staged, "write_report_csv", csv)
    return waits


def test_the_pdf_is_written_while_the_task_writes_the_other_outputs(panel, tmp_path, monkeypatch):
    waits = _pdf_before_csv(monkeypatch)
    panel.pdf_check.setChecked(True)
    panel.gpkg_check.setChecked(True)
    panel.start()
    wait_for_panel(panel)
    assert panel.result is not None, panel.status_label.text()
    assert waits == [True]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "overlap_flags.gpkg",
        "overlap_report.csv",
        "overlap_report.html",
        "overlap_report.pdf",
    ]
    assert len(csv_rows(tmp_path / "overlap_report.csv")) == len(panel.result.pairs) + 1
    flags = QgsProject.instance().mapLayersByName("Overlap flags")
    assert len(flags) == 1 and flags[0].featureCount() == len(panel.result.pairs)


def test_a_cancel_while_the_pdf_is_written_leaves_every_report(panel, tmp_path, monkeypatch):
    (tmp_path / "overlap_report.csv").write_text("previous run\n", encoding="utf-8")
    waits = _pdf_before_csv(monkeypatch, after_pdf=panel.cancel)
    panel.pdf_check.setChecked(True)
    panel.start()
    wait_for_panel(panel)
    assert waits == [True]
    assert panel.result is None
    assert panel.status_label.text() == "Cancelled by the user; nothing was written."
    assert [path.name for path in tmp_path.iterdir()] == ["overlap_report.csv"]
    assert (tmp_path / "overlap_report.csv").read_text(encoding="utf-8") == "previous run\n"
    assert panel.run_button.isEnabled() and not panel.open_pdf_button.isEnabled()


@pytest.mark.parametrize("failing", ["the PDF", "the task after the PDF"])
def test_a_failure_leaves_every_report_as_it_was(panel, tmp_path, monkeypatch, failing):
    (tmp_path / "overlap_report.csv").write_text("previous run\n", encoding="utf-8")
    if failing == "the PDF":
        message = "The PDF could not be written."

        def failing_pdf(*args, **kwargs):
            raise UserError(message)

        monkeypatch.setattr(report_staged, "write_report_pdf", failing_pdf)
    else:
        message = "No space left on the device."
        _pdf_before_csv(monkeypatch)
        real_csv = report_staged.write_report_csv

        def full_disk(*args, **kwargs):
            real_csv(*args, **kwargs)  # waits for the PDF
            raise UserError(message)

        monkeypatch.setattr(report_staged, "write_report_csv", full_disk)
    panel.pdf_check.setChecked(True)
    panel.start()
    wait_for_panel(panel)
    assert panel.result is None
    assert panel.status_label.text() == message
    assert [path.name for path in tmp_path.iterdir()] == ["overlap_report.csv"]
    assert (tmp_path / "overlap_report.csv").read_text(encoding="utf-8") == "previous run\n"
    assert not QgsProject.instance().mapLayersByName("Overlap flags")
    assert panel.run_button.isEnabled() and not panel.open_pdf_button.isEnabled()


def test_panel_passes_the_project_transform_context(panel):
    source = QgsCoordinateReferenceSystem("EPSG:4269")
    target = QgsCoordinateReferenceSystem("EPSG:32198")
    chosen = QgsDatumTransform.operations(source, target)[-1].proj
    assert chosen.startswith("+proj=pipeline")
    context = QgsCoordinateTransformContext()
    assert context.addCoordinateOperation(source, target, chosen)
    QgsProject.instance().setTransformContext(context)
    try:
        options = panel.options()
        assert options.transform_context is not None
        assert options.transform_context.calculateCoordinateOperation(source, target) == chosen
        assert options.distance_m == panel.distance_spin.value()
    finally:
        QgsProject.instance().setTransformContext(QgsCoordinateTransformContext())


def test_the_panel_keeps_prepared_territories_for_its_next_run(panel, kept_prepared, prepare_calls):
    """The dock's runs share the report's prepared-territory cache (the profile's folder): a
    second run on the same territories reads them back, with the same pairs."""
    assert panel.options().prepared_cache == kept_prepared
    # Chosen in code, not by the user: the boxes forget them when the flags layer is added.
    chosen = {role: combo.currentLayer() for role, combo in panel.combos.items()}
    runs = []
    for _run in range(2):
        for role, layer in chosen.items():
            panel.combos[role].setLayer(layer)
        panel.start()
        wait_for_panel(panel)
        assert panel.status_label.text() == "118 pairs, 88 flagged; 0 sliver overlaps dropped."
        runs.append(panel.result)
    assert runs[1] is not runs[0]
    assert prepare_calls == ["territories"]  # the second run read it back
    assert [pair_values(p) for p in runs[1].pairs] == [pair_values(p) for p in runs[0].pairs]
    kept = list(kept_prepared.iterdir())
    assert len(kept) == 1 and kept[0].name.startswith("prepared-")


def test_the_selected_pair_stays_selected_through_a_filter_that_keeps_it(panel):
    panel.start()
    wait_for_panel(panel)
    pairs = panel.result.pairs
    nations = [panel.nation_filter.itemData(i) for i in range(1, panel.nation_filter.count())]
    assert len(nations) >= 2
    chosen = max(i for i, p in enumerate(pairs) if p.nation == nations[0])  # a late row
    panel.pairs_view.selectRow(chosen)

    panel.nation_filter.setCurrentIndex(1)  # its Nation: still selected, by its feature id
    selected = panel.pairs_view.selectionModel().selectedRows()
    assert [panel.model.data(index, FID_ROLE) for index in selected] == [chosen + 1]
    assert selected[0].row() == sum(p.nation == nations[0] for p in pairs[:chosen])

    panel.nation_filter.setCurrentIndex(2)  # another Nation: the pair is gone, nothing selected
    assert panel.pairs_view.selectionModel().selectedRows() == []
    panel.nation_filter.setCurrentIndex(0)
    assert panel.pairs_view.selectionModel().selectedRows() == []
