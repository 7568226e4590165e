"""Storage helpers below the register and the flags: SQLite quoting and chunks, GeoPackage
binary geometry, where the vertices lie in polygon WKB, the packed R-tree, PostGIS connections.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.storage import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "APPLICATION_NAME": "pg",
    "PgConnectionInfo": "pg",
    "PolygonWalk": "wkb",
    "as_multipolygon": "gpkg_binary",
    "check_rights": "pg",
    "chunks": "sqlite",
    "connect": "pg",
    "connect_uri": "pg",
    "envelope_array": "gpkg_binary",
    "fill_rtree": "rtree",
    "geopackage_blobs": "gpkg_binary",
    "lacks_right": "pg",
    "laid_end_to_end": "wkb",
    "layer_uri": "pg",
    "load_connection": "pg",
    "needs_right": "pg",
    "polygon_wkb_envelopes": "wkb",
    "polygon_wkb_vertices": "wkb",
    "privilege_error": "pg",
    "quote": "sqlite",
    "rtree_name": "rtree",
    "same_database": "pg",
    "vertex_records": "wkb",
    "walk_polygons": "wkb",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.storage.gpkg_binary import as_multipolygon as as_multipolygon
    from imperial_land.core.storage.gpkg_binary import envelope_array as envelope_array
    from imperial_land.core.storage.gpkg_binary import geopackage_blobs as geopackage_blobs
    from imperial_land.core.storage.pg import APPLICATION_NAME as APPLICATION_NAME
    from imperial_land.core.storage.pg import PgConnectionInfo as PgConnectionInfo
    from imperial_land.core.storage.pg import check_rights as check_rights
    from imperial_land.core.storage.pg import connect as connect
    from imperial_land.core.storage.pg import connect_uri as connect_uri
    from imperial_land.core.storage.pg import lacks_right as lacks_right
    from imperial_land.core.storage.pg import layer_uri as layer_uri
    from imperial_land.core.storage.pg import load_connection as load_connection
    from imperial_land.core.storage.pg import needs_right as needs_right
    from imperial_land.core.storage.pg import privilege_error as privilege_error
    from imperial_land.core.storage.pg import same_database as same_database
    from imperial_land.core.storage.rtree import fill_rtree as fill_rtree
    from imperial_land.core.storage.rtree import rtree_name as rtree_name
    from imperial_land.core.storage.sqlite import chunks as chunks
    from imperial_land.core.storage.sqlite import quote as quote
    from imperial_land.core.storage.wkb import PolygonWalk as PolygonWalk
    from imperial_land.core.storage.wkb import laid_end_to_end as laid_end_to_end
    from imperial_land.core.storage.wkb import polygon_wkb_envelopes as polygon_wkb_envelopes
    from imperial_land.core.storage.wkb import polygon_wkb_vertices as polygon_wkb_vertices
    from imperial_land.core.storage.wkb import vertex_records as vertex_records
    from imperial_land.core.storage.wkb import walk_polygons as walk_polygons


__getattr__ = lazy_exports(__name__, _EXPORTS)
