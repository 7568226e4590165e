"""The "Overlap state and watch" panel: a land manager names the layers and fields the register's
overlap state covers (kept in the register, computed in a task) and the company land the staking
watch looks at, with each layer's watch distance (kept in the settings). Real QGIS, real layers."""

from __future__ import annotations

import dataclasses

from qgis.core import QgsProject, QgsVectorLayer

from imperial_land.core.common import settings
from imperial_land.core.maplayers import Role, set_role
from imperial_land.core.overlapstate import state_rows
from imperial_land.core.register import OverlapStateStore, StateLayer, open_register
from imperial_land.core.watch import WatchedLayer, watched_from_settings
from imperial_land.gui.watch_panel import WatchPanel
from tests.overlapstate.test_overlap_state import _plain, state_layers
from tests.support.gestim_builder import COMPANY, sample_rows
from tests.support.panel_tasks import wait_for_panel
from tests.support.register_helpers import gestim_syncer


def _register(tmp_path, gestim_server, fast_http):
    target = tmp_path / "register.gpkg"
    gestim_syncer(gestim_server, fast_http, target, tmp_path / "cache")(sample_rows(), '"w1"')
    return target


def _project_layers(layers: list[StateLayer]) -> dict[str, QgsVectorLayer]:
    added = {}
    for spec in layers:
        layer = QgsVectorLayer(spec.source, spec.role, "ogr")
        assert layer.isValid()
        QgsProject.instance().addMapLayer(layer)
        added[spec.role] = layer
    return added


def test_the_dock_keeps_the_overlap_state_in_the_register(
    qgis_iface, qgis_new_project, gestim_server, fast_http, tmp_path
):
    target = _register(tmp_path, gestim_server, fast_http)
    expected = state_layers(tmp_path)
    layers = _project_layers(expected)
    settings.set_value("company/holders", [COMPANY])
    panel = WatchPanel(qgis_iface)
    try:
        panel.register_edit.setText(str(target))
        panel.state_button.click()  # nothing chosen: told, nothing computed
        assert panel.task is None
        assert panel.status_label.text() == "Choose at least one layer to compare the claims with."
        panel.parcels_layer.setLayer(layers["parcels"])
        assert panel.parcels_lot.currentField() == "NO_LOT"  # the settings' name, preselected
        panel.territories_layer.setLayer(layers["territories"])
        assert panel.territories_nation.currentField() == "NATION"
        assert panel.territories_name.currentField() == ""  # no NAME field in this layer
        panel.aoi_layer.setLayer(layers["aoi"])
        panel.territories_nation.setField("")
        panel.state_button.click()
        assert panel.task is None
        assert panel.status_label.text() == "Choose the field of the territories' Nation."
        panel.territories_nation.setField("NATION")
        panel.state_button.click()
        wait_for_panel(panel, 60)
        assert panel.status_label.text() == "Overlap state kept in the register: 8 pairs."
        register = open_register(target)
        try:
            store = OverlapStateStore(register)
            kept = [dataclasses.replace(k, digest="") for k in store.layers()]
            assert kept == [
                StateLayer("aoi", layers["aoi"].source(), "ogr", {}),
                StateLayer("parcels", layers["parcels"].source(), "ogr", {"lot": "NO_LOT"}),
                StateLayer(
                    "territories",
                    layers["territories"].source(),
                    "ogr",
                    {"nation": "NATION", "name": "", "distance": ""},
                    0.0,
                ),
            ]
            assert _plain(store.rows()) == _plain(state_rows(register, expected, None, [COMPANY]))
        finally:
            register.close()
        assert panel.state_label.text().splitlines() == [
            "The register keeps the overlap state of its claims against:",
            f"area of interest: {layers['aoi'].source()} (-)",
            f"parcels: {layers['parcels'].source()} (lot = NO_LOT)",
            f"ancestral territories: {layers['territories'].source()} (nation = NATION)",
        ]
    finally:
        panel.unload()
        settings.reset("company/holders")
    again = WatchPanel(qgis_iface)  # a new session reads what the register keeps
    try:
        again.register_edit.setText(str(target))
        assert len(again.read_state()) == 3
        assert again.parcels_layer.currentLayer() is layers["parcels"]
        assert again.territories_layer.currentLayer() is layers["territories"]
        assert again.aoi_layer.currentLayer() is layers["aoi"]
        assert again.territories_nation.currentField() == "NATION"
    finally:
        again.unload()


def test_the_boxes_start_on_the_project_layers_of_each_role(qgis_iface, qgis_new_project, tmp_path):
    layers = _project_layers(state_layers(tmp_path))
    set_role(layers["parcels"], Role.PARCELS)
    set_role(layers["territories"], Role.TERRITORIES)
    panel = WatchPanel(qgis_iface)
    try:
        assert panel.parcels_layer.currentLayer() is layers["parcels"]
        assert panel.parcels_lot.currentField() == "NO_LOT"
        assert panel.territories_layer.currentLayer() is layers["territories"]
        assert panel.territories_nation.currentField() == "NATION"
        assert panel.aoi_layer.currentLayer() is None  # optional: left empty
    finally:
        panel.unload()


def test_the_dock_names_the_watched_land_and_its_distances(qgis_iface, qgis_new_project, tmp_path):
    layers = _project_layers(state_layers(tmp_path))
    panel = WatchPanel(qgis_iface)
    try:
        assert panel.watched_table.rowCount() == 0
        assert panel.watch_distance.value() == 2000.0  # the default watch distance, 2 km
        panel.add_watch_button.click()  # no layer chosen
        assert panel.status_label.text() == "Choose a polygon layer of company land to watch."
        panel.watch_layer.setLayer(layers["parcels"])
        assert panel.watch_key.currentField() == "NO_LOT"
        panel.add_watch_button.click()
        panel.watch_kind.setCurrentIndex(1)
        panel.watch_layer.setLayer(layers["aoi"])
        panel.watch_key.setField("name")
        panel.watch_distance.setValue(1500.0)
        panel.add_watch_button.click()
        panel.watch_layer.setLayer(layers["territories"])
        panel.add_watch_button.click()  # added by mistake, then removed
        panel.watched_table.selectRow(2)
        panel.remove_watch_button.click()
        assert [
            [panel.watched_table.item(r, c).text() for c in range(4)]
            for r in range(panel.watched_table.rowCount())
        ] == [
            ["parcel", layers["parcels"].source(), "NO_LOT", "2000"],
            ["area of interest", layers["aoi"].source(), "name", "1500"],
        ]
        panel.claims_distance.setValue(2500.0)
        panel.save_watch_button.click()
        assert panel.status_label.text() == "Staking watch saved: 2 layers of company land."
        assert watched_from_settings() == [
            WatchedLayer("parcel", layers["parcels"].source(), "ogr", "NO_LOT", 2000.0),
            WatchedLayer("aoi", layers["aoi"].source(), "ogr", "name", 1500.0),
        ]
        assert settings.get("watch/claims_distance_m") == 2500.0
        reopened = WatchPanel(qgis_iface)
        assert reopened.watched_table.rowCount() == 2
        assert reopened.claims_distance.value() == 2500.0
        reopened.unload()
    finally:
        panel.unload()
        settings.reset("watch/layers")
        settings.reset("watch/claims_distance_m")
