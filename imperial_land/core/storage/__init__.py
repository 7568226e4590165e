"""Storage helpers below the register and the flags: SQLite quoting and chunks, GeoPackage
binary geometry, the packed R-tree, PostGIS connections."""
