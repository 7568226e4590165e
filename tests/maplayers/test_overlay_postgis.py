"""The overlay takes PostGIS layers: the sample copied into a throwaway PostGIS (lower-cased)."""

from __future__ import annotations

import pytest
from osgeo import gdal
from qgis.core import QgsDataSourceUri, QgsProject, QgsVectorLayer

from imperial_land.core.maplayers.overlay import add_land_layers

pytestmark = pytest.mark.postgis


def test_postgis_territories_styled_in_group(qgis_app, postgis_server, postgis_db, sample_gpkg):
    server = postgis_server
    copied = gdal.VectorTranslate(
        f"PG:{server.conninfo(postgis_db)}",
        str(sample_gpkg),
        options=gdal.VectorTranslateOptions(
            layers=["territories"], layerCreationOptions=["GEOMETRY_NAME=geom"]
        ),
    )
    assert copied is not None, gdal.GetLastErrorMsg()  # GDAL's mode left as the suite set it
    copied = None  # close: commit
    uri = QgsDataSourceUri()
    uri.setConnection(server.host, str(server.port), postgis_db, server.superuser, server.password)
    uri.setDataSource("public", "territories", "geom", "", "fid")
    layer = QgsVectorLayer(uri.uri(False), "territories (PostGIS)", "postgres")
    assert layer.isValid(), layer.error().summary()
    project = QgsProject()
    loaded = add_land_layers(project, territories=layer)
    placed = loaded.layers["territories"]
    assert placed.providerType() == "postgres"
    assert placed.crs().authid() == "EPSG:3857"
    assert placed.featureCount() == 4
    group = project.layerTreeRoot().findGroup("Imperial Land")
    assert [child.name() for child in group.children()] == ["territories (PostGIS)"]
    assert placed.renderer().classAttribute() == "nation"  # ogr2ogr lower-cased NATION
    assert [c.value() for c in placed.renderer().categories()] == [
        "Innu of Matimekush-Lac John",
        "Innu of Uashat mak Mani-utenam",
        "Naskapi Nation of Kawawachikamach",
        "Nunavik Inuit",
    ]
