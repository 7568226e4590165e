"""The dock's Consultation panel: adds the layers with their forms, shows the summary."""

from __future__ import annotations

import datetime as dt

from qgis.core import QgsProject

from imperial_land.core.consultation.attention import flag_sites
from imperial_land.core.consultation.layers import consultation_layers
from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.gui.consultation_panel import ConsultationPanel
from tests.support.report_cases import INNU, LOT, NASKAPI, hand_result


def test_panel_adds_layers_and_shows_the_summary(qgis_iface, tmp_path):
    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    store = ConsultationStore(register)
    store.sites_from_flags(flag_sites(hand_result()))
    site = store.snapshot().site("parcels", LOT, NASKAPI)
    store.add_event(site.fid, dt.date(2026, 9, 1), "call")
    register.close()
    panel = ConsultationPanel(qgis_iface)
    panel.register_edit.setText(str(path))
    try:
        assert panel.add_layers() == 3
        assert set(consultation_layers(QgsProject.instance())) == {
            "consultation_sites",
            "consultation_events",
            "commitments",
        }
        assert panel.show_summary()
        text = panel.summary_view.toPlainText()
        assert NASKAPI in text and "2026-09-01" in text
        panel.register_edit.setText(str(tmp_path / "none.gpkg"))
        assert panel.add_layers() == 0
    finally:
        QgsProject.instance().clear()


def test_panel_records_sites_from_the_flags_layer(qgis_iface, tmp_path):
    from imperial_land.core.report.flags_layer import write_styled_flags

    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    register.ensure_schema()
    register.close()
    flags = write_styled_flags(hand_result(), tmp_path / "flags.gpkg", "overlap_flags", "Flags")
    QgsProject.instance().addMapLayer(flags)
    panel = ConsultationPanel(qgis_iface)
    panel.register_edit.setText(str(path))
    try:
        made = panel.record_sites()
        register = GpkgRegister(path)
        sites = ConsultationStore(register).sites()
        register.close()
        assert made == len(sites) > 0
        assert {(s.site_key, s.nation) for s in sites if s.site_role == "parcels"} == {
            (LOT, NASKAPI),
            (LOT, INNU),
        }
        assert panel.record_sites() == 0  # every flag has its site now
    finally:
        QgsProject.instance().clear()
