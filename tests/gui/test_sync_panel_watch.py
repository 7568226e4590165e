"""The "GESTIM sync" panel shows the staking watch (watched layers from the settings) and zooms to
each row."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsVectorFileWriter,
)

from imperial_land.core.common import settings
from imperial_land.core.watch import WatchedLayer, watched_to_settings
from imperial_land.gui.sync_panel import SyncPanel
from tests.support.gestim_builder import COMPANY, cell_polygon, gestim_zip_bytes, title_row
from tests.support.panel_tasks import wait_for_panel
from tests.support.watch_helpers import lat, lon, polygon_layer, week_two


def test_panel_shows_the_watch_and_zooms_to_a_row(
    qgis_iface, qgis_new_project, gestim_server, fast_http_settings, tmp_path
):
    parcels = polygon_layer("Parcels", "NO_LOT", [("4 516 943", cell_polygon(60, 0))])
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    path = str(tmp_path / "parcels.gpkg")
    QgsVectorFileWriter.writeAsVectorFormatV3(
        parcels, path, QgsCoordinateTransformContext(), options
    )
    settings.set_value("company/holders", [COMPANY])
    watched_to_settings([WatchedLayer("parcel", source=path, key_field="NO_LOT")])
    panel = SyncPanel(qgis_iface)
    try:
        panel.source_edit.setText(gestim_server.url)
        panel.register_edit.setText(str(tmp_path / "register.gpkg"))
        panel.start_sync()
        wait_for_panel(panel, 30)
        assert panel.watch_label.text().startswith("Staking watch: this first sync filled")
        assert panel.watch_table.rowCount() == 0
        gestim_server.publish(gestim_zip_bytes(week_two()), etag='"w2"')
        panel.start_sync()
        wait_for_panel(panel, 30)
        assert panel.watch_label.text() == "Staking watch: 4 titles near company land (8 rows)."
        assert panel.watch_table.rowCount() == 8
        last = [panel.watch_table.item(7, c).text() for c in range(8)]
        assert last[:6] == [
            "new title", "2512352", "Prospecteur C", "Actif", "2026-11-23", "parcel 4 516 943",
        ]  # fmt: skip
        assert last[6] == "0"
        canvas = qgis_iface.mapCanvas()
        canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4269"))
        assert panel.zoom_to_watch(7)
        centre = canvas.extent().center()
        assert abs(centre.x() - lon(60.5)) < 1e-6 and abs(centre.y() - lat(0.5)) < 1e-6
        far = title_row(2512399, holder="Prospecteur Z", cell=(90, 90))
        gestim_server.publish(gestim_zip_bytes([*week_two(), far]), etag='"w3"')
        panel.start_sync()
        wait_for_panel(panel, 30)
        assert panel.watch_label.text() == "Staking watch: no new titles near company land."
        assert panel.watch_table.rowCount() == 0
    finally:
        panel.unload()
        settings.reset("company/holders")
        settings.reset("watch/layers")
