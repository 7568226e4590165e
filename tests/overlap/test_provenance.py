"""The date of the claims data: read from a real register synced from local GESTIM zips."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

from imperial_land.core.common import compat
from imperial_land.core.common.errors import UserError
from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
from imperial_land.core.overlap.provenance import add_provenance, claims_data_date
from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.core.report.html import report_html
from imperial_land.core.sync.run import sync_register
from tests.support.gestim_builder import (
    COMPANY,
    build_gestim_zip,
    damage_zip_member,
    sample_rows,
    title_row,
)
from tests.support.panel_tasks import wait_for_panel
from tests.support.report_reading import html_tables

FIRST_DATE = dt.date(2026, 9, 28)
SECOND_DATE = dt.date(2026, 10, 5)
NATION = "Innu of Uashat mak Mani-utenam"


def _zip_dated(path: Path, rows: list[dict], day: dt.date) -> Path:
    """A GESTIM zip whose file date (the source date of a local sync) is `day`, at noon."""
    build_gestim_zip(path, rows)
    noon = dt.datetime.combine(day, dt.time(12, 0)).timestamp()
    os.utime(path, (noon, noon))
    return path


def _sync(zip_path: Path, register: Path, tmp_path: Path):
    return sync_register(
        str(zip_path),
        register,
        holders=[COMPANY],
        alert_days=90,
        today=dt.date(2026, 10, 10),
        cache_dir=tmp_path / "cache",
    )


def _register_claims(register: Path) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{register}|layername=claims", "Claims (register)", "ogr")
    assert layer.isValid()
    return layer


def _territory() -> QgsVectorLayer:
    """One territory (EPSG:4269) over every sample cell north of Sept-Iles."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4269", "territories", "memory")
    layer.dataProvider().addAttributes(
        [compat.field("NATION", "string"), compat.field("NAME", "string")]
    )
    layer.updateFields()
    feature = QgsFeature(layer.fields())
    feature.setAttributes([NATION, "Nitassinan"])
    feature.setGeometry(
        QgsGeometry.fromWkt("POLYGON((-67.1 50.4,-66.9 50.4,-66.9 50.6,-67.1 50.6,-67.1 50.4))")
    )
    layer.dataProvider().addFeatures([feature])
    layer.updateExtents()
    return layer


@pytest.fixture
def register(qgis_app, tmp_path) -> Path:
    """A register filled by one sync of the sample zip dated FIRST_DATE."""
    path = tmp_path / "register.gpkg"
    _sync(_zip_dated(tmp_path / "first.zip", sample_rows(), FIRST_DATE), path, tmp_path)
    return path


def test_register_gives_the_last_sync_source_date(register, tmp_path):
    assert claims_data_date(_register_claims(register)) == FIRST_DATE
    rows = [*sample_rows(), title_row(2512350, cell=(2, 0))]
    _sync(_zip_dated(tmp_path / "second.zip", rows, SECOND_DATE), register, tmp_path)
    runs = GpkgRegister(register).runs()
    assert [(run.outcome, run.source_date) for run in runs] == [
        ("applied", SECOND_DATE),
        ("applied", FIRST_DATE),
    ]
    assert claims_data_date(_register_claims(register)) == SECOND_DATE


def test_a_failed_sync_keeps_the_date_of_the_last_good_one(register, tmp_path):
    bad = _zip_dated(tmp_path / "bad.zip", sample_rows(), SECOND_DATE)
    damage_zip_member(bad)
    with pytest.raises(UserError):
        _sync(bad, register, tmp_path)
    assert len(GpkgRegister(register).runs()) == 1
    assert claims_data_date(_register_claims(register)) == FIRST_DATE


def test_layers_that_are_not_the_register_have_no_date(register, sample_gpkg):
    sample_claims = QgsVectorLayer(f"{sample_gpkg}|layername=claims", "claims", "ogr")
    assert sample_claims.isValid()
    assert claims_data_date(sample_claims) is None  # a GeoPackage without sync_runs
    assert claims_data_date(_territory()) is None  # memory layer
    assert claims_data_date(None) is None
    other_table = QgsVectorLayer(f"{register}|layername=sync_runs", "runs", "ogr")
    assert claims_data_date(other_table) is None  # the register file, not its claims


def test_report_lists_the_claims_date_after_the_engine(register):
    claims, territories = _register_claims(register), _territory()
    result = run_overlap(claims, None, territories, None, OverlapOptions())
    assert [(i.role, i.data_date) for i in result.inputs] == [
        ("claims", None),
        ("territories", None),
    ]
    before = html_tables(report_html(result))["inputs"]
    assert [row[-1] for row in before[1:]] == ["unknown", ""]  # only the claims have a date
    assert add_provenance(result, claims) is result
    assert [(i.role, i.data_date) for i in result.inputs] == [
        ("claims", FIRST_DATE),
        ("territories", None),
    ]
    inputs = html_tables(report_html(result))["inputs"]
    assert [row[-1] for row in inputs[1:]] == [FIRST_DATE.isoformat(), ""]


def test_algorithm_fills_the_claims_date(register, plugin_provider, tmp_path):
    import processing

    territories = _territory()
    QgsProject.instance().addMapLayer(territories)
    try:
        params = {
            "CLAIMS": f"{register}|layername=claims",
            "TERRITORIES": territories.id(),
            "HTML": str(tmp_path / "report.html"),
        }
        outputs = processing.run("imperial_land:overlapreport", params)
    finally:
        QgsProject.instance().removeMapLayer(territories.id())
    assert outputs["PAIRS"] == 5  # one per register row: all five cells lie in the territory
    inputs = html_tables((tmp_path / "report.html").read_text(encoding="utf-8"))["inputs"]
    assert [(row[0], row[-1]) for row in inputs[1:]] == [
        ("Claim", FIRST_DATE.isoformat()),
        ("Territory", ""),
    ]


def test_panel_fills_the_claims_date(register, qgis_iface, tmp_path):
    from imperial_land.gui.overlap_panel import OverlapPanel

    claims, territories = _register_claims(register), _territory()
    QgsProject.instance().addMapLayers([claims, territories])
    panel = OverlapPanel(qgis_iface)
    try:
        panel.combos["claims"].setLayer(claims)
        panel.combos["territories"].setLayer(territories)
        panel.folder_edit.setText(str(tmp_path / "out"))
        panel.pdf_check.setChecked(False)
        panel.start()
        wait_for_panel(panel, 60)
        assert panel.result is not None, panel.status_label.text()
        assert [(i.role, i.data_date) for i in panel.result.inputs] == [
            ("claims", FIRST_DATE),
            ("territories", None),
        ]
    finally:
        panel.unload()
        QgsProject.instance().removeMapLayers([claims.id(), territories.id()])
