"""Algorithm "Consultation summary per Nation" (imperial_land:consultationsummary)."""

from __future__ import annotations

import datetime as dt

import pytest
from qgis.core import QgsProcessingException

from imperial_land.core.consultation.attention import flag_sites
from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.register.gpkg import GpkgRegister
from tests.support.report_cases import INNU, LOT, NASKAPI, hand_result


def test_summary_algorithm_writes_html_and_csv(plugin_provider, tmp_path):
    import processing

    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    store = ConsultationStore(register)
    store.sites_from_flags(flag_sites(hand_result()))
    site = store.snapshot().site("parcels", LOT, NASKAPI)
    store.add_event(site.fid, dt.date(2026, 9, 1), "email", summary="Notice sent")
    store.add_commitment(store.events()[0].fid, "Answer by letter", due_date="2026-09-30")
    register.close()
    html, csv_path = tmp_path / "summary.html", tmp_path / "summary.csv"
    result = processing.run(
        "imperial_land:consultationsummary",
        {"REGISTER": str(path), "OUTPUT_HTML": str(html), "OUTPUT_CSV": str(csv_path)},
    )
    assert result["NATIONS"] == 2
    assert result["OPEN_COMMITMENTS"] == 1
    assert result["OUTPUT_HTML"] == str(html) and result["OUTPUT_CSV"] == str(csv_path)
    assert "Answer by letter" in html.read_text(encoding="utf-8")
    rows = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 3
    naskapi = next(r for r in rows if r.startswith(NASKAPI))
    assert naskapi.endswith(",2026-09-01,1,1,2026-09-30")  # overdue today
    assert any(r.startswith(INNU) for r in rows)


def test_summary_algorithm_needs_an_output(plugin_provider, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException, match="Choose where"):
        processing.run("imperial_land:consultationsummary", {"REGISTER": str(tmp_path / "r.gpkg")})
