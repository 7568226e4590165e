"""The flags layer: every pair as a feature with all its fields, styled by flag, memory or GPKG."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from qgis.core import (
    NULL,
    QgsFeatureRequest,
    QgsProcessingFeedback,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.overlap import results as r
from imperial_land.core.report.model import PAIR_COLUMNS, pair_headers
from imperial_land.core.report.staged import ReportPaths, write_report
from tests.support.flags import memory_flags_layer
from tests.support.report_cases import COMPANY, INNU, LOT, NASKAPI, THIRD_HOLDER, hand_result

CONSULTATION_FIELDS = ["cons_attn", "cons_stat", "cons_last", "cons_open", "cons_due", "cons_todo"]
CONSULTATION_ALIASES = {
    "cons_attn": "Needs attention",
    "cons_stat": "Consultation status",
    "cons_last": "Last contact",
    "cons_open": "Open commitments (count)",
    "cons_due": "Next commitment due",
    "cons_todo": "Open commitments",
}

# (kind, a_key, b_key, flag, nation, overlap_ha, area of the geometry in ha) per pair.
EXPECTED = [
    (r.CLAIM_TERRITORY, "2512345", "Nitassinan", r.FLAG_CONSULTATION, INNU, 25.0, 25.0),
    (r.CLAIM_TERRITORY, "2512345", "Naskapi territory", r.FLAG_CONSULTATION, NASKAPI, 25.0, 25.0),
    (r.CLAIM_TERRITORY, "2512346", "Nitassinan", r.FLAG_CONSULTATION, INNU, 25.0, 25.0),
    (r.CLAIM_TERRITORY, "2512347", "Naskapi territory", r.FLAG_CONSULTATION, NASKAPI, 0.0, 25.0),
    (r.PARCEL_TERRITORY, LOT, "Nitassinan", r.FLAG_CONSULTATION, INNU, 400.0, 400.0),
    (r.PARCEL_TERRITORY, LOT, "Naskapi territory", r.FLAG_CONSULTATION, NASKAPI, 100.0, 100.0),
    (r.PARCEL_CLAIM, LOT, "2512345", r.FLAG_THIRD_PARTY_TITLE, "", 25.0, 25.0),
    (r.PARCEL_CLAIM, LOT, "2512346", r.FLAG_COMPANY_TITLE, "", 10.0, 10.0),
]


def _rows(layer: QgsVectorLayer) -> list[tuple]:
    request = QgsFeatureRequest()
    return [
        (
            f["kind"],
            f["a_key"],
            f["b_key"],
            f["flag"],
            f["nation"],
            f["overlap_ha"],
            round(f.geometry().area() / 10_000.0, 6),
        )
        for f in layer.getFeatures(request)
    ]


def test_memory_layer_holds_every_pair(qgis_app):
    layer = memory_flags_layer(hand_result())
    assert layer.isValid() and layer.crs().authid() == "EPSG:32198"
    assert layer.wkbType() == QgsWkbTypes.Type.MultiPolygon
    assert layer.fields().names() == PAIR_COLUMNS + CONSULTATION_FIELDS
    assert _rows(layer) == EXPECTED
    first = next(layer.getFeatures())
    assert first["holder"] == THIRD_HOLDER and first["status"] == "Actif"
    assert first["expiry"] == QDate(2027, 3, 14)
    assert (first["share_a_pct"], first["share_b_pct"]) == (100.0, 0.25)
    near = [f for f in layer.getFeatures() if f["relation"] == r.NEAR]
    assert [(f["a_key"], f["distance_m"], f["holder"]) for f in near] == [
        ("2512347", 300.0, COMPANY)
    ]
    lots = {f["lot"] for f in layer.getFeatures() if f["kind"] != r.CLAIM_TERRITORY}
    assert lots == {LOT}
    assert layer.attributeAlias(layer.fields().indexOf("overlap_ha")) == "Overlap (ha)"
    # no register linked: the consultation columns are there, NULL in every feature
    assert {f[name] for f in layer.getFeatures() for name in CONSULTATION_FIELDS} == {NULL}


def test_styled_by_flag(qgis_app):
    layer = memory_flags_layer(hand_result())
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol"
    assert renderer.classAttribute() == "flag"
    assert [(c.value(), c.label()) for c in renderer.categories()] == [
        (r.FLAG_CONSULTATION, "Consultation"),
        (r.FLAG_THIRD_PARTY_TITLE, "Third-party title"),
        (r.FLAG_COMPANY_TITLE, "Company title"),
        ("", "No flag"),
    ]


def test_pair_without_geometry_is_kept_without_geometry(qgis_app):
    result = hand_result()
    result.pairs[0].geometry_wkb = None
    layer = memory_flags_layer(result)
    first = next(layer.getFeatures())
    assert layer.featureCount() == 8
    assert first["a_key"] == "2512345" and first.geometry().isNull()


def write_flags_gpkg(result, path: Path, layer_name: str = "overlap_flags", feedback=None) -> None:
    """The flags GeoPackage alone, through the report writer (all or nothing)."""
    write_report(
        result, ReportPaths(flags_gpkg=path, flags_layer_name=layer_name), None, None, feedback
    )


def test_geopackage_layer_is_written_styled_and_replaced(qgis_app, tmp_path):
    path = tmp_path / "flags.gpkg"
    write_flags_gpkg(hand_result(), path, "flags_a")
    write_flags_gpkg(hand_result(), path, "flags_b")
    write_flags_gpkg(hand_result(), path, "flags_a")  # replaced, not appended
    for name in ("flags_a", "flags_b"):
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        assert layer.isValid()
        assert _rows(layer) == EXPECTED
        assert layer.renderer().type() == "categorizedSymbol"  # default style saved in the file
        # Headers sit on their own columns (the GeoPackage's `fid` comes first).
        aliases = {f.name(): f.alias() for f in layer.fields()}
        assert aliases == {"fid": "", **pair_headers(), **CONSULTATION_ALIASES}
        assert aliases["kind"] == "Pair" and aliases["overlap_ha"] == "Overlap (ha)"
    assert [p.name for p in tmp_path.iterdir()] == ["flags.gpkg"]


def test_geopackage_must_end_in_gpkg(qgis_app, tmp_path):
    with pytest.raises(UserError, match="must be a GeoPackage"):
        write_flags_gpkg(hand_result(), tmp_path / "flags.shp")
    assert list(tmp_path.iterdir()) == []


def test_cancelled_geopackage_write_keeps_the_old_file(qgis_app, tmp_path):
    path = tmp_path / "flags.gpkg"
    write_flags_gpkg(hand_result(), path)
    before = path.read_bytes()
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    smaller = hand_result()
    smaller.pairs = smaller.pairs[:2]
    with pytest.raises(Cancelled):
        write_flags_gpkg(smaller, path, feedback=feedback)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["flags.gpkg"]


def test_geopackage_rows_index_and_empty_geometry(qgis_app, tmp_path):
    result = hand_result()
    result.pairs[3].geometry_wkb = None  # the near claim without geometry
    path = tmp_path / "flags.gpkg"
    write_flags_gpkg(result, path, "flags")
    layer = QgsVectorLayer(f"{path}|layername=flags", "flags", "ogr")
    features = list(layer.getFeatures())
    assert [f.id() for f in features] == list(range(1, 9))
    assert [(f["a_key"], f["b_key"]) for f in features] == [(e[1], e[2]) for e in EXPECTED]
    assert features[3].geometry().isNull() and not features[4].geometry().isNull()
    assert features[0]["expiry"] == QDate(2027, 3, 14) and features[3]["distance_m"] == 300.0
    with closing(sqlite3.connect(str(path))) as db:
        assert db.execute("SELECT count(*) FROM rtree_flags_geom").fetchone() == (7,)
        box = db.execute("SELECT minx, maxx, miny, maxy FROM rtree_flags_geom WHERE id = 5")
        assert box.fetchone() == (4000.0, 6000.0, 4000.0, 6000.0)  # the parcel, 400 ha
        extent = db.execute(
            "SELECT min_x, max_x, min_y, max_y FROM gpkg_contents WHERE table_name = 'flags'"
        ).fetchone()
        assert extent == (4000.0, 6300.0, 4000.0, 6000.0)
    layer.selectByRect(QgsRectangle(4100, 4100, 4200, 4200))  # spatial query through the index
    assert sorted(layer.selectedFeatureIds()) == [5]  # only the parcel within Nitassinan
    layer.selectByRect(QgsRectangle(5100, 5100, 5200, 5200))  # inside C1, P1, T1 and T2
    assert sorted(layer.selectedFeatureIds()) == [1, 2, 5, 6, 7]
