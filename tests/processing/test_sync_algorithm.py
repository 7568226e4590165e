"""Algorithm "Sync claims from GESTIM": in QGIS Processing and with the real qgis_process binary."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException

from imperial_land.core.common import settings
from tests.support.gestim_builder import COMPANY, gestim_zip_bytes, sample_rows, title_row
from tests.support.qgis_process_runner import QgisProcess, needs_qgis_process
from tests.support.register_helpers import dump

ROOT = Path(__file__).resolve().parents[2]


def _keys_and_status(path: Path) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(
            "SELECT reg_key, STI_CODE, gone_date FROM claims ORDER BY fid"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def soon_expiring(gestim_server):
    """The sample (its company titles far from expiry) plus a company title expiring in 10 days."""
    rows = sample_rows()
    rows[3]["TIT_DAT_EX"] = dt.date.today() + dt.timedelta(days=400)
    expiry = dt.date.today() + dt.timedelta(days=10)
    rows.append(title_row(2512360, holder=COMPANY, det_no=7, cell=(5, 5), expires=expiry))
    gestim_server.publish(gestim_zip_bytes(rows))
    return expiry


def test_algorithm_syncs_and_writes_the_alert(
    plugin_provider, gestim_server, soon_expiring, fast_http_settings, tmp_path
):
    import processing

    register = tmp_path / "register.gpkg"
    alert = tmp_path / "alert.csv"
    params = {
        "SOURCE": gestim_server.url,
        "REGISTER": str(register),
        "HOLDERS": f"{COMPANY}; Someone Else inc.",
        "ALERT_DAYS": 30,
        "ALERT_CSV": str(alert),
    }
    result = processing.run("imperial_land:syncgestim", params)
    assert result["OUTCOME"] == "applied" and result["RUN_ID"] == 1
    assert result["CHANGED_TITLES"] == "2512345,2512346,2512347,2512348,2512360"
    assert result["EXPIRING"] == 1
    assert result["REPORT"].splitlines()[0] == "Sync applied: 6 source rows, 5 titles changed."
    assert [row[0] for row in _keys_and_status(register)] == [
        "2512345-1", "2512346-1", "2512346-2", "2512347-1", "2512348-1", "2512360-1",
    ]  # fmt: skip
    with alert.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["Title", "Row key", "Holder", "Status", "Expiry", "Days left"]
    assert lines[1] == ["2512360", "2512360-1", COMPANY, "Actif", soon_expiring.isoformat(), "10"]
    assert len(lines) == 2
    again = processing.run("imperial_land:syncgestim", params)
    assert again["OUTCOME"] == "not_modified" and again["CHANGED_TITLES"] == ""
    assert gestim_server.statuses() == [200, 304]


def test_algorithm_reports_a_bad_source_and_keeps_the_register(
    plugin_provider, gestim_server, fast_http_settings, tmp_path
):
    import processing

    register = tmp_path / "register.gpkg"
    params = {"SOURCE": gestim_server.url, "REGISTER": str(register), "ALERT_DAYS": 90}
    processing.run("imperial_land:syncgestim", params)
    before = dump(register)
    gestim_server.publish(gestim_zip_bytes(sample_rows(), drop_fields=["TIT_NO"]), etag='"x"')
    with pytest.raises(QgsProcessingException, match="no TIT_NO field"):
        processing.run("imperial_land:syncgestim", params)
    assert dump(register) == before


@needs_qgis_process
def test_qgis_process_runs_the_sync_against_a_local_server(gestim_server, tmp_path, qgis_app):
    qgis_process = QgisProcess(tmp_path)
    register = tmp_path / "register.gpkg"
    args = [
        "--json", "run", "imperial_land:syncgestim", "--",
        f"SOURCE={gestim_server.url}", f"REGISTER={register}", f"HOLDERS={COMPANY}",
        "ALERT_DAYS=90", f"ALERT_CSV={tmp_path / 'alert.csv'}",
    ]  # fmt: skip
    first = qgis_process.run(*args)
    assert first.returncode == 0, first.stdout + first.stderr
    results = json.loads(first.stdout)["results"]
    assert (results["OUTCOME"], results["RUN_ID"]) == ("applied", 1)
    assert len(_keys_and_status(register)) == 5
    assert (tmp_path / "alert.csv").exists()
    second = qgis_process.run(*args)
    assert json.loads(second.stdout)["results"]["OUTCOME"] == "not_modified"
    assert gestim_server.statuses() == [200, 304]
    before = dump(register)
    gestim_server.then(status=404)
    gestim_server.publish(gestim_zip_bytes(sample_rows()[:2]), etag='"w2"')
    failed = qgis_process.run(*args)
    assert failed.returncode != 0
    assert "404" in failed.stdout + failed.stderr
    assert dump(register) == before


def test_settings_defaults_feed_the_algorithm(plugin_provider):
    algorithm = plugin_provider.algorithm("syncgestim")
    assert algorithm.displayName() == "Sync claims from GESTIM"
    assert algorithm.parameterDefinition("SOURCE").defaultValue() == settings.get(
        "gestim/active_url"
    )
    assert algorithm.parameterDefinition("ALERT_DAYS").defaultValue() == 90
    holders = algorithm.parameterDefinition("HOLDERS").defaultValue().splitlines()
    assert holders == settings.get("company/holders")


@pytest.mark.postgis
def test_algorithm_syncs_into_a_postgis_register(
    plugin_provider, pg_connection, gestim_server, fast_http_settings, tmp_path
):
    import processing

    from imperial_land.core.register.pg import open_pg_register, pg_target

    target = pg_target(pg_connection, "team")
    params = {
        "SOURCE": gestim_server.url,
        "REGISTER": str(tmp_path / "unused.gpkg"),
        "REGISTER_PG": target,
        "ALERT_DAYS": 90,
    }
    result = processing.run("imperial_land:syncgestim", params)
    assert (result["OUTCOME"], result["RUN_ID"]) == ("applied", 1)
    assert not (tmp_path / "unused.gpkg").exists()
    register = open_pg_register(target)
    try:
        assert sorted(register.read_states()) == [
            "2512345-1", "2512346-1", "2512346-2", "2512347-1", "2512348-1",
        ]  # fmt: skip
    finally:
        register.close()


def test_an_output_that_cannot_be_written_stops_the_sync_before_the_register(
    plugin_provider, gestim_server, fast_http_settings, tmp_path
):
    """A watch or alert CSV aimed where nothing can be written (/proc) is refused before the
    sync reads a byte or writes its register: the run can be repeated once the path is fixed,
    and no watch is lost with an applied run."""
    import processing

    register = tmp_path / "register.gpkg"
    params = {"SOURCE": gestim_server.url, "REGISTER": str(register), "ALERT_DAYS": 90}
    for name in ("WATCH_CSV", "ALERT_CSV"):
        with pytest.raises(QgsProcessingException) as error:
            processing.run("imperial_land:syncgestim", {**params, name: "/proc/imperial/x.csv"})
        assert str(error.value).startswith(
            "Cannot write in '/proc' (for '/proc/imperial/x.csv'): "
        ), error.value
        assert not register.exists()
    # The register itself, where no file can be made: said before the source is asked for.
    with pytest.raises(QgsProcessingException) as error:
        processing.run("imperial_land:syncgestim", {**params, "REGISTER": "/proc/r/reg.gpkg"})
    assert str(error.value).startswith("Cannot write in '/proc' (for '/proc/r/reg.gpkg'): ")
    assert gestim_server.statuses() == []
    with pytest.raises(QgsProcessingException, match="is a folder; choose a file name"):
        processing.run("imperial_land:syncgestim", {**params, "ALERT_CSV": str(tmp_path)})
    assert not register.exists()
    processing.run("imperial_land:syncgestim", params)
    sample = tmp_path / "land.gpkg"
    shutil.copy(register, sample)  # then made a land GeoPackage: a 'claims' table, no register
    with sqlite3.connect(sample) as conn:
        conn.execute("DROP TABLE sync_runs")
    with pytest.raises(QgsProcessingException, match="is not a claim register"):
        processing.run("imperial_land:syncgestim", {**params, "REGISTER": str(sample)})
