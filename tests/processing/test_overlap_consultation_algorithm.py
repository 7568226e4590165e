"""Algorithm "Overlap report" linked to a consultation register: a parcel in two territories
(hand-made squares, EPSG:32198) gets two sites; the flags needing attention come first."""

from __future__ import annotations

import datetime as dt

from qgis.core import QgsFeature, QgsVectorLayer

from imperial_land.core.common import compat
from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.register.gpkg import GpkgRegister
from tests.support.report_cases import GEOMS, INNU, LOT, NASKAPI
from tests.support.report_reading import csv_rows, html_tables


def _layer(name: str, fields: list[str], rows: list[tuple]) -> QgsVectorLayer:
    layer = QgsVectorLayer("Polygon?crs=EPSG:32198", name, "memory")
    layer.dataProvider().addAttributes([compat.field(f, "string") for f in fields])
    layer.updateFields()
    features = []
    for geometry, *values in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes(list(values))
        feature.setGeometry(geometry)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def _recording_run(tmp_path, territories: list[tuple]) -> dict:
    """The parcel P1 against `territories` (geometry, Nation, name) with an empty register
    at tmp_path/register.gpkg: the parameters of a run that records its sites, CSV only."""
    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    register.ensure_schema()
    register.close()
    return {
        "PARCELS": _layer("parcels", ["NO_LOT"], [(GEOMS["P1"], LOT)]),
        "TERRITORIES": _layer("territories", ["NATION", "NAME"], territories),
        "CSV": str(tmp_path / "pairs.csv"),
        "CONSULTATION_REGISTER": str(path),
        "RECORD_SITES": True,
    }


def test_report_records_sites_and_puts_flags_needing_attention_first(
    qgis_app, plugin_provider, tmp_path
):
    import processing

    territories = [(GEOMS["T1"], INNU, "Nitassinan"), (GEOMS["T2"], NASKAPI, "Naskapi territory")]
    params = {**_recording_run(tmp_path, territories), "HTML": str(tmp_path / "report.html")}
    path = tmp_path / "register.gpkg"
    processing.run("imperial_land:overlapreport", params)
    register = GpkgRegister(path)
    store = ConsultationStore(register)
    sites = {(s.site_role, s.site_key, s.nation): s for s in store.sites()}
    assert sorted(sites) == [("parcels", LOT, INNU), ("parcels", LOT, NASKAPI)]
    assert sites[("parcels", LOT, INNU)].overlap_ha > sites[("parcels", LOT, NASKAPI)].overlap_ha
    # one contact today with the Innu: only the Naskapi site needs attention (no contact yet)
    store.add_event(sites[("parcels", LOT, INNU)].fid, dt.date.today(), "meeting")
    register.close()
    params["RECORD_SITES"] = False
    processing.run("imperial_land:overlapreport", params)
    rows = html_tables((tmp_path / "report.html").read_text(encoding="utf-8"))["consultation"][1:]
    assert [(row[0], row[2]) for row in rows] == [
        ("No contact recorded yet", NASKAPI),
        ("", INNU),
    ]
    assert rows[1][6] == dt.date.today().isoformat()
    pairs = csv_rows(tmp_path / "pairs.csv")
    assert pairs[0][-4] == "Needs attention"
    consultation = [row for row in pairs[1:] if row[3]]
    assert [(row[3], row[-4]) for row in consultation] == [
        (NASKAPI, "No contact recorded yet"),
        (INNU, ""),
    ]


def test_days_without_contact_set_for_the_run(qgis_app, plugin_provider, tmp_path):
    import processing

    params = _recording_run(tmp_path, [(GEOMS["T1"], INNU, "Nitassinan")])
    path = tmp_path / "register.gpkg"
    processing.run("imperial_land:overlapreport", params)
    register = GpkgRegister(path)
    store = ConsultationStore(register)
    (site,) = store.sites()
    store.add_event(site.fid, dt.date.today() - dt.timedelta(days=40), "meeting")
    register.close()
    params["RECORD_SITES"] = False
    processing.run("imperial_land:overlapreport", params)  # the setting: 90 days
    assert [row[-4] for row in csv_rows(tmp_path / "pairs.csv")[1:]] == [""]
    flags = tmp_path / "flags.gpkg"
    processing.run("imperial_land:overlapreport", {**params, "STALE_DAYS": 30, "FLAGS": str(flags)})
    assert [row[-4] for row in csv_rows(tmp_path / "pairs.csv")[1:]] == ["No contact in 30 days"]
    layer = QgsVectorLayer(f"{flags}|layername=flags", "flags", "ogr")
    assert layer.getFeature(1)["cons_attn"] == "stale"
    shown = layer.editorWidgetSetup(layer.fields().indexFromName("cons_attn")).config()["map"]
    assert {"No contact in 30 days": "stale"} in shown
