"""Offline packs carry the consultation records read-only: the sites in the area, on the map with
their Nation, status and last contact, and their events and commitments."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

from tests.pack.test_pack_build import build, expected_inside, shapely_aoi


def test_pack_carries_the_consultation_of_its_sites(qgis_app, tmp_path, sample_gpkg):
    from qgis.core import QgsProject

    from imperial_land.core.consultation.store import ConsultationStore
    from imperial_land.core.register.gpkg import GpkgRegister

    inside = expected_inside(sample_gpkg, "parcels", shapely_aoi(sample_gpkg))
    with closing(sqlite3.connect(sample_gpkg)) as conn:
        lots = dict(conn.execute("SELECT fid, NO_LOT FROM parcels").fetchall())
    lot_in = lots[sorted(inside)[0]]
    lot_out = next(lot for fid, lot in lots.items() if fid not in inside)
    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    store = ConsultationStore(register)
    site_in = store.add_site("parcels", lot_in, "Innu", "in_discussion", owner="J. Tremblay")
    store.add_site("parcels", lot_in, "Naskapi")
    store.add_site("parcels", lot_out, "Innu")
    store.add_event(site_in, dt.date(2026, 10, 2), "site_visit", concerns="Caribou")
    store.add_commitment(store.events()[0].fid, "Avoid calving season", due_date="2027-05-01")
    register.close()

    result = build(
        sample_gpkg, tmp_path / "out", basemap_layers=[], consultation_register=str(path)
    )
    assert result.feature_counts["consultation"] == 2  # the two Nations of the packed parcel
    gpkg = result.folder / "sept-iles.gpkg"
    with closing(sqlite3.connect(gpkg)) as conn:
        sites = conn.execute(
            "SELECT site_key, nation, status, status_label, owner, last_contact, "
            "open_commitments, next_due FROM consultation ORDER BY nation"
        ).fetchall()
        events = conn.execute(
            "SELECT site_key, event_date, form FROM consultation_events"
        ).fetchall()
        commitments = conn.execute("SELECT what, due_date FROM commitments").fetchall()
    assert sites == [
        (
            lot_in,
            "Innu",
            "in_discussion",
            "In discussion",
            "J. Tremblay",
            "2026-10-02",
            1,
            "2027-05-01",
        ),
        (lot_in, "Naskapi", "not_started", "Not started", None, None, 0, None),
    ]
    assert events == [(lot_in, "2026-10-02", "Site visit")]
    assert commitments == [("Avoid calving season", "2027-05-01")]

    project = QgsProject()
    assert project.read(str(result.project_path))
    by_name = {layer.name(): layer for layer in project.mapLayers().values()}
    sites_layer = by_name["Consultation"]
    assert sites_layer.isValid() and sites_layer.readOnly()
    assert sites_layer.renderer().type() == "categorizedSymbol"
    assert sites_layer.labelsEnabled()
    assert sites_layer.customProperty("QFieldSync/action") == "copy"
    assert by_name["Consultation events"].readOnly() and by_name["Commitments"].readOnly()
    project.clear()


def test_buildpack_algorithm_carries_the_consultation(
    plugin_provider, qgis_new_project, tmp_path, sample_gpkg
):
    import json

    import processing

    from imperial_land.core.consultation.store import ConsultationStore
    from imperial_land.core.register.gpkg import GpkgRegister
    from tests.pack.test_pack_build import AOI_NAME, sample_layer, styled_layers

    inside = expected_inside(sample_gpkg, "parcels", shapely_aoi(sample_gpkg))
    with closing(sqlite3.connect(sample_gpkg)) as conn:
        lot = conn.execute("SELECT NO_LOT FROM parcels WHERE fid = ?", (min(inside),)).fetchone()[0]
    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    ConsultationStore(register).add_site("parcels", lot, "Innu", "notified")
    register.close()
    from qgis.core import QgsVectorLayer

    aoi = QgsVectorLayer(
        f"{sample_gpkg}|layername=aoi|subset=\"NAME\" = '{AOI_NAME}'", "aoi", "ogr"
    )
    processing.run(
        "imperial_land:buildpack",
        {
            "AOI": aoi,
            "LAYERS": styled_layers(sample_gpkg),
            "BASEMAP_LAYERS": [sample_layer(sample_gpkg, "parcels")],
            "ZOOM_MIN": 12,
            "ZOOM_MAX": 12,
            "NAME": "alg-pack",
            "CONSULTATION_REGISTER": str(path),
            "OUTPUT_FOLDER": str(tmp_path / "out"),
        },
    )
    manifest = json.loads(
        (tmp_path / "out" / "alg-pack" / "manifest.json").read_text(encoding="utf-8")
    )
    counts = {e["table"]: e["feature_count"] for e in manifest["layers"]}
    assert counts["consultation"] == 1
    assert counts["consultation_events"] == 0 and counts["commitments"] == 0


def test_dock_pack_carries_the_register_set_in_settings(qgis_app, qgis_iface, tmp_path):
    from imperial_land.core.common import settings
    from imperial_land.core.consultation.report_link import linked_register
    from imperial_land.gui.pack_panel import PackPanel

    path = tmp_path / "register.gpkg"
    before = settings.get("register/path")
    settings.set_value("register/path", str(path))
    try:
        assert linked_register() is None  # no register there yet: packs carry none
        from imperial_land.core.register.gpkg import GpkgRegister

        register = GpkgRegister(path)
        register.ensure_schema()
        register.close()
        from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

        canvas = qgis_iface.mapCanvas()
        canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:32198"))
        canvas.resize(400, 340)
        canvas.setExtent(QgsRectangle(137325.4, 686672.5, 139325.4, 688372.5))
        panel = PackPanel(qgis_iface)
        panel.aoi_source.setCurrentIndex(panel.aoi_source.findData("extent"))
        panel.folder_edit.setText(str(tmp_path))
        panel.pack_name.setText("with-consultation")
        assert linked_register() == str(path)
        assert panel.request().consultation_register == str(path)
        panel.unload()
    finally:
        settings.set_value("register/path", before)
