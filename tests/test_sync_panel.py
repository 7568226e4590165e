"""The "GESTIM sync" dock panel: a sync in a QgsTask, the report, the alert, layers refreshed."""

from __future__ import annotations

import datetime as dt
import time

from gestim_builder import COMPANY, gestim_zip_bytes, sample_rows, title_row
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtWidgets import QApplication

from imperial_land.core import settings
from imperial_land.core.register_layers import add_register_layer, register_layers
from imperial_land.gui.sync_panel import SyncPanel


def _wait(panel: SyncPanel, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while panel.task is not None and time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.02)
    QgsApplication.processEvents()
    assert panel.task is None, "the sync task did not finish"


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
        _wait(panel)
        assert panel.report is not None and panel.report.outcome == "applied"
        assert panel.report_text.toPlainText().startswith("Sync applied: 6 source rows")
        assert panel.alert_table.rowCount() == 1
        cells = [panel.alert_table.item(0, c).text() for c in range(5)]
        assert cells == ["2512360", COMPANY, "Actif", expiry.isoformat(), "5"]
        layer = add_register_layer(QgsProject.instance(), register)
        assert layer.featureCount() == 6
        gestim_server.publish(gestim_zip_bytes(rows[:3]), etag='"w2"')
        panel.start_sync()
        _wait(panel)
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
    _wait(panel)
    assert "404" in panel.status_label.text()
    assert panel.sync_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert panel.report is None
    assert not (tmp_path / "register.gpkg").exists()
