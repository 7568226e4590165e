"""The "GESTIM sync" dock panel: a sync in a QgsTask, the report, the alert, layers refreshed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsProject,
    QgsRectangle,
)
from qgis.PyQt.QtWidgets import QApplication

from imperial_land.core.common import settings
from imperial_land.core.maplayers.transform_context import runnable_operation
from imperial_land.core.register.layers import add_register_layer, register_layers
from imperial_land.gui.sync_panel import SyncPanel
from tests.support.gestim_builder import COMPANY, gestim_zip_bytes, sample_rows, title_row
from tests.support.panel_tasks import wait_for_panel

ROOT = Path(__file__).resolve().parents[2]


def test_panel_syncs_shows_the_alert_and_refreshes_the_layer(
    qgis_iface, qgis_new_project, gestim_server, fast_http_settings, tmp_path
):
    rows = sample_rows()
    rows[3]["TIT_DAT_EX"] = dt.date.today() + dt.timedelta(days=400)
    expiry = dt.date.today() + dt.timedelta(days=5)
    rows.append(title_row(2512360, holder=COMPANY, det_no=7, cell=(5, 5), expires=expiry))
    gestim_server.publish(gestim_zip_bytes(rows))
    register = tmp_path / "register.gpkg"
    settings.set_value("company/holders", [COMPANY])
    panel = SyncPanel(qgis_iface)
    try:
        panel.source_edit.setText(gestim_server.url)
        panel.register_edit.setText(str(register))
        panel.days_spin.setValue(30)
        panel.start_sync()
        wait_for_panel(panel, 30)
        assert panel.report is not None and panel.report.outcome == "applied"
        assert panel.report_text.toPlainText().startswith("Sync applied: 6 source rows")
        assert panel.alert_table.rowCount() == 1
        cells = [panel.alert_table.item(0, c).text() for c in range(5)]
        assert cells == ["2512360", COMPANY, "Actif", expiry.isoformat(), "5"]
        layer = add_register_layer(QgsProject.instance(), register)
        assert layer.featureCount() == 6
        gestim_server.publish(gestim_zip_bytes(rows[:3]), etag='"w2"')
        panel.start_sync()
        wait_for_panel(panel, 30)
        assert panel.report.counts["gone"] == 3
        assert register_layers(QgsProject.instance(), register) == [layer]
        gone = [f["reg_key"] for f in layer.getFeatures() if f["gone_date"]]
        assert sorted(gone) == ["2512347-1", "2512348-1", "2512360-1"]
        panel.copy_titles()
        assert QApplication.clipboard().text() == "2512347,2512348,2512360"
    finally:
        panel.unload()
        settings.reset("company/holders")


def test_panel_shows_a_failed_sync_and_stays_usable(
    qgis_iface, gestim_server, fast_http_settings, tmp_path
):
    gestim_server.then(status=404)
    panel = SyncPanel(qgis_iface)
    panel.source_edit.setText(gestim_server.url)
    panel.register_edit.setText(str(tmp_path / "register.gpkg"))
    panel.start_sync()
    wait_for_panel(panel, 30)
    assert "404" in panel.status_label.text()
    assert panel.status_label.text() == (
        f"The file was not found on the server (HTTP 404): {gestim_server.url}. "
        "GESTIM may have moved its province files: the current address is linked from "
        "GESTIM's document site, https://documents-gestim.mines.gouv.qc.ca/cartes. "
        "Set it as the source address in the plugin settings."
    )
    assert panel.sync_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert panel.report is None
    assert not (tmp_path / "register.gpkg").exists()


def test_the_panel_loads_the_gestim_reader_only_when_a_sync_starts():
    code = (
        "import sys, imperial_land.gui.sync_panel; "
        "print(sorted({'fiona', 'requests', 'imperial_land.core.sync.run'} & set(sys.modules)))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_map_extent_limits_the_sync_whatever_operation_the_project_chose(
    qgis_iface, qgis_new_project
):
    """The map in Quebec Lambert, the project's operation chosen from WGS 84 to it (QGIS's
    "Select Transformation" records one way): the area in WGS 84 is the map's. On QGIS 3.40.6
    the box through the reversed entry raised "Invalid coordinate" out of the panel."""
    quebec = QgsCoordinateReferenceSystem("EPSG:32198")
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    context = QgsCoordinateTransformContext()
    assert context.addCoordinateOperation(wgs84, quebec, runnable_operation(wgs84, quebec))
    QgsProject.instance().setTransformContext(context)
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(quebec)
    canvas.setExtent(QgsRectangle(-500_000.0, 100_000.0, 600_000.0, 1_500_000.0))
    panel = SyncPanel(qgis_iface)
    try:
        panel.area_check.setChecked(False)
        assert panel.area() is None
        panel.area_check.setChecked(True)
        extent = canvas.extent()  # the canvas widens the box to its own shape
        inside = QgsCoordinateTransform(quebec, wgs84, QgsCoordinateTransformContext())
        expected = inside.transformBoundingBox(extent)
        area = panel.area()
        assert area == pytest.approx(
            (expected.xMinimum(), expected.yMinimum(), expected.xMaximum(), expected.yMaximum())
        )
        # about the box asked for, or more (tests/maplayers/test_transform_context.py's figures)
        assert area[0] < -76.84 and area[1] < 44.62 and area[2] > -58.51 and area[3] > 57.53
    finally:
        panel.unload()
        QgsProject.instance().setTransformContext(QgsCoordinateTransformContext())
