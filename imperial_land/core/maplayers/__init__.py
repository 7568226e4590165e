"""The land layers in QGIS: field roles and layer roles (fields.py), loading and styling the
claims, parcels and territories (overlay.py, styles.py), and the bundled sample (sample.py).
Entry point: overlay.add_land_layers."""
