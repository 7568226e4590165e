"""Processing: create the team register in PostGIS, then sync GESTIM into it by its target."""

from __future__ import annotations

import processing
import pytest
from qgis.core import QgsProcessingException

from imperial_land.core.common import settings
from imperial_land.core.register.pg import open_pg_register, pg_target
from tests.support.gestim_builder import COMPANY
from tests.support.pg_helpers import count, rows

pytestmark = pytest.mark.postgis


def test_create_register_then_sync_into_it(
    plugin_provider, pg_connection, postgis_server, postgis_db, gestim_server, tmp_path
):
    conninfo = postgis_server.conninfo(postgis_db)
    made = processing.run(
        "imperial_land:initpgregister",
        {"CONNECTION": pg_connection, "SCHEMA": "Land; team", "CRS": "EPSG:4269"},
    )
    assert made == {"REGISTER": pg_target(pg_connection, "Land; team"), "CREATED": True}
    again = processing.run(
        "imperial_land:initpgregister", {"CONNECTION": pg_connection, "SCHEMA": "Land; team"}
    )
    assert again["CREATED"] is False
    assert again == {"REGISTER": made["REGISTER"], "CREATED": False}
    assert count(conninfo, "Land; team", "register_version") == 1
    settings.set_value("register/path", made["REGISTER"])  # what MAKE_DEFAULT does
    try:
        synced = processing.run(
            "imperial_land:syncgestim",
            {"SOURCE": gestim_server.url, "HOLDERS": COMPANY, "ALERT_DAYS": 0},
        )
    finally:
        settings.reset("register/path")
    assert (synced["RUN_ID"], synced["OUTCOME"]) == (1, "applied")
    assert [r[0] for r in rows(conninfo, "Land; team", [])] == [
        "2512345-1",
        "2512346-1",
        "2512346-2",
        "2512347-1",
        "2512348-1",
    ]
    register = open_pg_register(made["REGISTER"])
    assert [r.n_rows for r in register.runs()] == [5]
    register.close()


def test_make_default_points_the_plugin_at_postgis(plugin_provider, pg_connection):
    try:
        made = processing.run(
            "imperial_land:initpgregister",
            {"CONNECTION": pg_connection, "SCHEMA": "team", "MAKE_DEFAULT": True},
        )
        assert settings.get("register/path") == made["REGISTER"] == pg_target(pg_connection, "team")
        assert made["CREATED"] is True
    finally:
        settings.reset("register/path")


def test_unknown_connection_is_a_clear_error(plugin_provider, postgis_server):
    with pytest.raises(QgsProcessingException, match="no saved PostgreSQL connection named"):
        processing.run(
            "imperial_land:initpgregister", {"CONNECTION": "missing_conn", "SCHEMA": "team"}
        )
