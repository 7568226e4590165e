"""A parcel layer on another datum than the claims sits where QGIS puts it, in both engines.

The reference moves each claim cell from EPSG:4269 (NAD83) into the parcel's CRS with QGIS,
EPSG CRS to EPSG CRS, as an analyst would. EPSG:2145 is NAD83(CSRS98): every PROJ shifts it by
about 1 m against NAD83; EPSG:2949 is NAD83(CSRS), shifted so by PROJ 9.6+ only (QGIS 3.40's
PROJ and older use a ballpark offset). A frame without a datum skipped the shift (PROJ moves a
layer into it without datum operation): the parcel then lay 1 m off the claims, 0.3 % of the
hectares of a cell cut by its edge.
"""

from __future__ import annotations

import pytest
from qgis.core import QgsVectorLayer

from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
from imperial_land.core.overlap.sql.engine import run_overlap_sql
from tests.overlap.test_long_edges import (
    SLIVER_HA,
    _assert_matches,
    _cells_around,
    _claims_layer,
    _layer,
    _parcel_reference,
    _point,
    _rotated_parcel,
)
from tests.support.pg_load import to_postgis

pytestmark = pytest.mark.postgis


@pytest.mark.parametrize(
    "authid, lon, lat",
    [("EPSG:2145", -73.4, 46.9), ("EPSG:2949", -70.6, 46.9)],
    ids=["nad83-csrs98-mtm8", "nad83-csrs-mtm7"],
)
def test_a_parcel_on_another_datum_meets_the_claims_where_qgis_puts_it(
    pg_connection, authid, lon, lat
):
    parcel = _rotated_parcel(*_point("EPSG:4269", authid, lon, lat))
    cells = _cells_around(lon, lat, 9)
    claims = _claims_layer(cells)
    parcels = _layer(authid, ["NO_LOT"], [(parcel, ["1 234 567"])])
    expected = _parcel_reference(cells, parcel, authid)
    assert len(expected) >= 6
    schema = "datum_" + authid.replace(":", "_").lower()
    in_db: dict[str, QgsVectorLayer] = {
        "claims": to_postgis(claims, pg_connection, schema, "claims"),
        "parcels": to_postgis(parcels, pg_connection, schema, "parcels"),
    }
    options = OverlapOptions(company_holders=[], sliver_ha=SLIVER_HA)
    for result in (
        run_overlap(claims, parcels, None, options=options),
        run_overlap_sql(in_db["claims"], in_db["parcels"], None, None, options),
    ):
        found = {p.b.key: (p.relation, p.overlap_ha) for p in result.pairs}
        _assert_matches(found, expected)
