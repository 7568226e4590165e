"""Algorithm "Sync claims from GESTIM": the register as a GeoPackage (REGISTER) or a PostGIS
target (REGISTER_PG, pg:<connection>/<schema>), each refused clearly when mistyped."""

from __future__ import annotations

from pathlib import Path

import processing
import pytest
from qgis.core import QgsProcessingException

from imperial_land.core.register.pg import open_pg_register, pg_target
from tests.support.gestim_builder import COMPANY
from tests.support.register_helpers import dump

ALGORITHM = "imperial_land:syncgestim"
SAMPLE_KEYS = ["2512345-1", "2512346-1", "2512346-2", "2512347-1", "2512348-1"]


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.postgis
def test_postgis_register_beside_a_geopackage_register(
    plugin_provider, pg_connection, gestim_server, fast_http_settings, tmp_path
):
    gpkg = tmp_path / "register.gpkg"
    first = processing.run(
        ALGORITHM,
        {"SOURCE": gestim_server.url, "REGISTER": str(gpkg), "HOLDERS": COMPANY, "ALERT_DAYS": 0},
    )
    assert (first["OUTCOME"], first["RUN_ID"]) == ("applied", 1)
    before = dump(gpkg)
    target = pg_target(pg_connection, "team register")
    second = processing.run(
        ALGORITHM,
        {
            "SOURCE": gestim_server.url,
            "REGISTER": str(gpkg),
            "REGISTER_PG": target,
            "HOLDERS": COMPANY,
            "ALERT_DAYS": 0,
        },
    )
    assert (second["OUTCOME"], second["RUN_ID"]) == ("applied", 1)
    assert dump(gpkg) == before  # the GeoPackage was not the target
    register = open_pg_register(target)
    try:
        assert sorted(register.read_states()) == SAMPLE_KEYS
        assert [run.n_rows for run in register.runs()] == [5]
    finally:
        register.close()


def test_postgis_register_without_its_prefix_is_refused(plugin_provider, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(QgsProcessingException) as raised:
        processing.run(
            ALGORITHM,
            {
                "SOURCE": str(tmp_path / "never-read.zip"),
                "REGISTER": str(tmp_path / "register.gpkg"),
                "REGISTER_PG": "office/team",
            },
        )
    assert str(raised.value) == (
        "'office/team' is not a PostGIS register; expected pg:<connection>/<schema>."
    )
    assert _files(tmp_path) == []  # neither a GeoPackage called "team" nor the register


def test_postgis_target_in_the_geopackage_parameter_names_the_right_one(plugin_provider, tmp_path):
    with pytest.raises(QgsProcessingException) as raised:
        processing.run(
            ALGORITHM, {"SOURCE": str(tmp_path / "never-read.zip"), "REGISTER": "pg:office/team"}
        )
    assert (
        "'pg:office/team' is a PostGIS register: give it as the PostGIS register "
        "(REGISTER_PG), not as the GeoPackage."
    ) in str(raised.value)
    assert _files(tmp_path) == []


def test_unknown_connection_in_the_postgis_register_is_refused(plugin_provider, tmp_path):
    with pytest.raises(QgsProcessingException) as raised:
        processing.run(
            ALGORITHM,
            {
                "SOURCE": str(tmp_path / "never-read.zip"),
                "REGISTER": str(tmp_path / "register.gpkg"),
                "REGISTER_PG": "pg:no_such_connection/team",
            },
        )
    assert str(raised.value).startswith(
        "There is no saved PostgreSQL connection named 'no_such_connection'"
    )
    assert _files(tmp_path) == []  # the GeoPackage was not made instead
