"""Algorithm "Overlap report" linked to a consultation register, on the sample data."""

from __future__ import annotations

import datetime as dt

from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.register.gpkg import GpkgRegister
from tests.processing.test_overlap_algorithm import _params, _run
from tests.support.report_reading import csv_rows, html_tables


def test_report_records_sites_and_puts_flags_needing_attention_first(
    qgis_app, plugin_provider, sample_gpkg, tmp_path
):
    path = tmp_path / "register.gpkg"
    register = GpkgRegister(path)
    register.ensure_schema()
    register.close()
    out = tmp_path / "out"
    out.mkdir()
    params = _params(sample_gpkg, out, CONSULTATION_REGISTER=str(path), RECORD_SITES=True)
    params.pop("PDF")
    _run(params)
    register = GpkgRegister(path)
    store = ConsultationStore(register)
    sites = store.sites()
    assert sites and all(s.status == "not_started" for s in sites)
    # one contact, today: that site needs no attention, every other one does (no contact yet)
    store.add_event(sites[0].fid, dt.date.today(), "meeting")
    register.close()
    params["RECORD_SITES"] = False
    _run(params)
    tables = html_tables((out / "report.html").read_text(encoding="utf-8"))
    rows = tables["consultation"][1:]
    assert len(rows) == len(sites)
    assert [row[0] for row in rows[:-1]] == ["No contact recorded yet"] * (len(sites) - 1)
    assert rows[-1][0] == "" and rows[-1][6] == dt.date.today().isoformat()
    pairs = csv_rows(out / "pairs.csv")
    assert pairs[0][-4] == "Needs attention"
    attention = [row[-4] for row in pairs[1:]]
    assert attention[0] == "No contact recorded yet"
    first_blank = attention.index("")
    assert set(attention[first_blank:]) == {""}
