"""The claim register: the backend interface (backend.py), the GeoPackage (gpkg.py) and
PostGIS (pg*.py) backends, the lock, and the project's register layers.
Entry points: gpkg.open_register, backend.RegisterBackend."""
