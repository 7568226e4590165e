"""The staking watch in Processing: imperial_land:syncgestim's watch outputs and
imperial_land:watchreport over runs and dates."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from tests.support.gestim_builder import COMPANY, cell_polygon, gestim_zip_bytes
from tests.support.watch_helpers import polygon_layer, week_two


def _rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def synced(plugin_provider, gestim_server, fast_http_settings, tmp_path):
    """Two syncs through imperial_land:syncgestim, the second with the watch outputs."""
    import processing

    parcels = polygon_layer("Parcels", "NO_LOT", [("4 516 943", cell_polygon(60, 0))])
    params = {
        "SOURCE": gestim_server.url,
        "REGISTER": str(tmp_path / "register.gpkg"),
        "HOLDERS": COMPANY,
        "WATCH_PARCELS": parcels,
        "WATCH_PARCELS_FIELD": "NO_LOT",
        "WATCH_CLAIMS_DISTANCE": 1000.0,
    }
    first = processing.run("imperial_land:syncgestim", params)
    gestim_server.publish(gestim_zip_bytes(week_two()), etag='"w2"')
    params.update(WATCH_CSV=str(tmp_path / "watch.csv"), WATCH_LAYER=str(tmp_path / "watch.gpkg"))
    second = processing.run("imperial_land:syncgestim", params)
    return first, second, parcels, tmp_path


def test_syncgestim_returns_the_watch(synced):
    first, second, _parcels, tmp_path = synced
    assert first["WATCH_COUNT"] == 0 and first["WATCH_TITLES"] == ""
    assert first["WATCH_REPORT"].startswith("Staking watch: this first sync filled")
    # 1000 m around company claims: 2512351 (1774 m) is out; 2512352 on the parcel
    assert second["WATCH_TITLES"] == "2512348,2512350,2512352"
    assert second["WATCH_COUNT"] == 7
    assert second["WATCH_CSV"] == str(tmp_path / "watch.csv")
    assert second["WATCH_LAYER"] == str(tmp_path / "watch.gpkg")
    assert second["WATCH_REPORT"].splitlines()[0] == (
        "Staking watch: 3 titles near company land (7 rows)."
    )
    assert second["WATCH_REPORT"] in second["REPORT"]
    rows = _rows(tmp_path / "watch.csv")
    assert [r[1] for r in rows[1:]] == ["2512348"] * 3 + ["2512350"] * 3 + ["2512352"]
    assert rows[-1][6:10] == ["parcel", "4 516 943", "Parcels", "0.0"]
    layer = QgsVectorLayer(f"{tmp_path / 'watch.gpkg'}|layername=staking_watch", "w", "ogr")
    assert layer.featureCount() == 7


def test_watchreport_over_runs_and_dates(synced):
    import processing

    _first, _second, parcels, tmp_path = synced
    common = {
        "REGISTER": str(tmp_path / "register.gpkg"),
        "HOLDERS": COMPANY,
        "WATCH_PARCELS": parcels,
        "WATCH_PARCELS_FIELD": "NO_LOT",
        "WATCH_CLAIMS_DISTANCE": 1000.0,
    }
    by_runs = processing.run(
        "imperial_land:watchreport",
        {**common, "FROM_RUN": 1, "TO_RUN": 2, "WATCH_CSV": str(tmp_path / "runs.csv")},
    )
    assert by_runs["WATCH_COUNT"] == 7
    assert _rows(tmp_path / "runs.csv") == _rows(tmp_path / "watch.csv")
    today = dt.date.today()
    by_dates = processing.run(
        "imperial_land:watchreport",
        {**common, "FROM_DATE": today.isoformat(), "TO_DATE": today.isoformat()},
    )
    # both runs: the first fill's third-party rows count too (every row was new then), with
    # today's holders: 2512346's co-holder, not 2512345 (the company's since run 2)
    assert by_dates["WATCH_TITLES"] == "2512346,2512348,2512350,2512352"
    only_first = processing.run("imperial_land:watchreport", {**common, "TO_RUN": 1})
    assert only_first["WATCH_TITLES"] == "2512346,2512348"
    with pytest.raises(QgsProcessingException) as caught:
        processing.run(
            "imperial_land:watchreport", {**common, "FROM_RUN": 1, "TO_DATE": today.isoformat()}
        )
    assert str(caught.value) == "Give two sync runs or two dates, not one of each."
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("imperial_land:watchreport", {**common, "FROM_RUN": 2})
    assert str(caught.value) == "No sync run of the register falls in that range."
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("imperial_land:watchreport", {**common, "FROM_RUN": 2, "TO_RUN": 1})
    assert str(caught.value) == "The first run (2) must come before the last one (1)."
