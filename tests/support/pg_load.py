"""Copy QGIS layers into the test PostGIS database (QGIS's own exporter) and open them back."""

from __future__ import annotations

from psycopg import sql
from qgis.core import QgsVectorLayer, QgsVectorLayerExporter

from imperial_land.core.storage.pg import connect, layer_uri, load_connection


def to_postgis(layer: QgsVectorLayer, connection: str, schema: str, table: str) -> QgsVectorLayer:
    """Export `layer` to schema.table (integer key "fid", geometry "geom"); the PostGIS layer."""
    info = load_connection(connection)
    with connect(info, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    uri = layer_uri(info, schema, table, "geom", "fid")
    error, message = QgsVectorLayerExporter.exportLayer(
        layer, uri, "postgres", layer.crs(), False, {"overwrite": True}
    )
    assert error == QgsVectorLayerExporter.NoError, message  # 3.22: no scoped name
    loaded = QgsVectorLayer(uri, table, "postgres")
    assert loaded.isValid(), f"{schema}.{table} did not open"
    assert loaded.featureCount() == layer.featureCount()
    return loaded
