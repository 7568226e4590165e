"""The dock's tabs come from panel_classes(); the Layers panel and the settings dialog work."""

from __future__ import annotations

import pytest
from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDialogButtonBox

from imperial_land.core.common import settings
from imperial_land.gui import dock as dock_module
from imperial_land.gui.dock import ImperialLandDock
from imperial_land.gui.layers_panel import LayersPanel
from imperial_land.gui.panels import panel_classes
from imperial_land.gui.settings_dialog import NUMBER_KEYS, TEXT_KEYS, SettingsDialog


def _tree() -> list[tuple[str, list[str]]]:
    root = QgsProject.instance().layerTreeRoot()
    return [(n.name(), [c.name() for c in getattr(n, "children", list)()]) for n in root.children()]


def test_dock_tabs_from_panel_classes(qgis_iface):
    dock = ImperialLandDock(qgis_iface)
    titles = [dock.content.tabs.tabText(i) for i in range(dock.content.tabs.count())]
    assert titles == [cls.title() for cls in panel_classes()]
    assert titles[0] == "Layers"
    assert titles == [
        "Layers",
        "GESTIM sync",
        "Overlap state and watch",
        "Overlap report",
        "Consultation",
        "Offline packs",
    ]
    assert isinstance(dock.panels[0], LayersPanel)
    assert [type(panel) for panel in dock.panels] == panel_classes()
    assert [dock.panel_at(i) for i in range(len(titles))] == dock.panels


def test_the_dock_fits_a_laptop_screen(qgis_iface):
    """Each tab scrolls its panel: the dock's least height stays small whatever the panels
    need, its least width 480 pixels (the watch tab alone needs 644 x 772; the dock needed
    666 x 827, more than a 1366 x 768 laptop screen's height), and a panel still gets its full
    size when there is room."""
    dock = ImperialLandDock(qgis_iface)
    dock.show()
    QCoreApplication.processEvents()
    try:
        least = dock.minimumSizeHint()
        assert 480 <= least.width() <= 520 and least.height() <= 300  # LEAST_WIDTH, tabs' frame
        watch = dock.panels[2]
        assert watch.minimumSizeHint().height() > 700  # what the scroll area takes care of
        dock.resize(900, 1000)
        dock.content.tabs.setCurrentIndex(2)
        QCoreApplication.processEvents()
        assert watch.height() >= watch.minimumSizeHint().height()
    finally:
        dock.close()


def test_broken_panel_left_out(qgis_iface, monkeypatch):
    class BrokenPanel:
        def __init__(self, iface, parent):
            raise RuntimeError("boom")

    monkeypatch.setattr(dock_module, "panel_classes", lambda: [BrokenPanel, LayersPanel])
    dock = ImperialLandDock(qgis_iface)
    assert [dock.content.tabs.tabText(i) for i in range(dock.content.tabs.count())] == ["Layers"]


def test_open_sample_then_load(qgis_iface, qgis_new_project):
    panel = LayersPanel(qgis_iface)
    loaded = panel.load_sample()
    assert _tree() == [("Imperial Land", ["parcels", "claims", "territories"])]
    assert panel.claims_layer.currentLayer() is loaded.layers["claims"]
    assert [
        panel.claim_id_field.currentField(),
        panel.claim_status_field.currentField(),
        panel.claim_status_code_field.currentField(),
        panel.claim_expiry_field.currentField(),
        panel.claim_holder_field.currentField(),
        panel.parcel_id_field.currentField(),
        panel.territory_nation_field.currentField(),
    ] == ["TIT_NO", "STI_DES_FR", "STI_CODE", "TIT_DAT_EX", "DET_NOM", "NO_LOT", "NATION"]
    # Loading the project's own layers again restyles them in place: no copies.
    panel.expiry_days.setValue(30)
    again = panel.load()
    assert again.layers == loaded.layers
    assert len(QgsProject.instance().mapLayers()) == 3
    rules = loaded.layers["claims"].renderer().rootRule().children()
    assert rules[1].label() == "Expiring within 30 days"
    successes = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)
    assert any("3 layer(s) loaded into the group 'Imperial Land'." in m for m in successes)


def test_wrong_layer_warns_and_changes_nothing(qgis_iface, qgis_new_project):
    panel = LayersPanel(qgis_iface)
    loaded = panel.load_sample()
    claims_renderer = loaded.layers["claims"].renderer()
    panel.claims_layer.setLayer(loaded.layers["parcels"])  # lots chosen as claims by mistake
    assert panel.claim_id_field.currentField() == ""  # no TIT_NO there
    assert panel.load() is None
    warnings = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert any("The mining claims layer 'parcels' has no field 'TIT_NO'" in m for m in warnings)
    assert _tree() == [("Imperial Land", ["parcels", "claims", "territories"])]
    assert loaded.layers["parcels"].renderer().type() == "singleSymbol"  # not restyled
    assert loaded.layers["claims"].renderer() is claims_renderer


@pytest.fixture
def clean_settings():
    keys = ["company/holders", "alerts/expiry_days", *TEXT_KEYS.values(), *NUMBER_KEYS.values()]
    yield
    for key in keys:
        settings.reset(key)


def test_settings_dialog_saves_and_restores_defaults(qgis_app, clean_settings):
    dialog = SettingsDialog()
    assert dialog.field_claim_id.text() == "TIT_NO"
    assert dialog.holders.toPlainText().splitlines() == settings.DEFAULTS["company/holders"]
    dialog.holders.setPlainText("Imperial Mining Group Ltd.\n\n  Autre ltée  \n")
    dialog.expiry_days.setValue(45)
    dialog.field_claim_expiry.setText("DATE_FIN")
    dialog.wfs_url.setText("https://example.test/wfs")
    assert (dialog.http_timeout.value(), dialog.http_retries.value()) == (60, 4)
    assert dialog.http_backoff.value() == 1.0 and dialog.http_max_retry_after.value() == 120
    dialog.http_timeout.setValue(150)
    dialog.http_retries.setValue(0)
    dialog.http_backoff.setValue(2.5)
    assert (dialog.stale_days.value(), dialog.sliver_ha.value()) == (90, 0.01)
    dialog.stale_days.setValue(30)  # what the dock's report and consultation tab then use
    dialog.sliver_ha.setValue(0.05)
    dialog.accept()
    assert settings.get("consultation/stale_days") == 30
    assert settings.get("overlap/sliver_ha") == 0.05
    assert settings.get("http/timeout_s") == 150 and settings.get("http/retries") == 0
    assert settings.get("http/backoff_s") == 2.5 and settings.get("http/connect_timeout_s") == 15
    assert settings.get("company/holders") == ["Imperial Mining Group Ltd.", "Autre ltée"]
    assert settings.get("alerts/expiry_days") == 45
    assert settings.get("fields/claim_expiry") == "DATE_FIN"
    assert settings.get("wfs/url") == "https://example.test/wfs"
    reopened = SettingsDialog()
    assert reopened.field_claim_expiry.text() == "DATE_FIN"
    reopened.button_box.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert reopened.field_claim_expiry.text() == "TIT_DAT_EX"
    assert reopened.expiry_days.value() == 90
    assert reopened.http_timeout.value() == 60 and reopened.http_backoff.value() == 1.0
    assert (reopened.stale_days.value(), reopened.sliver_ha.value()) == (90, 0.01)
    reopened.reject()  # cancel: the stored values stay
    assert settings.get("fields/claim_expiry") == "DATE_FIN"


def test_settings_dialog_keeps_or_not_the_reports_prepared_territories(qgis_app):
    """The checkbox shows and stores "overlap/keep_prepared" (on by default; the tests run with
    it off, tests/conftest.py)."""
    dialog = SettingsDialog()
    assert not dialog.keep_prepared.isChecked()
    try:
        dialog.keep_prepared.setChecked(True)
        dialog.accept()
        assert settings.get("overlap/keep_prepared") is True
        reopened = SettingsDialog()
        assert reopened.keep_prepared.isChecked()
        reopened.keep_prepared.setChecked(False)
        reopened.button_box.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
        assert reopened.keep_prepared.isChecked()  # the default
        reopened.reject()
    finally:
        settings.set_value("overlap/keep_prepared", False)
