"""The bundled synthetic sample GeoPackage, opened as QGIS layers."""

from __future__ import annotations

from qgis.core import QgsVectorLayer

from imperial_land.core.common import UserError, sample_gpkg, tr


def sample_layer(name: str) -> QgsVectorLayer:
    """Layer `name` (claims, parcels, territories, aoi) of the sample, named after it."""
    path = sample_gpkg()
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    if not layer.isValid():
        raise UserError(
            tr("The sample layer '{layer}' could not be opened from {path}.").format(
                layer=name, path=str(path)
            )
        )
    return layer


def sample_layers() -> tuple[QgsVectorLayer, QgsVectorLayer, QgsVectorLayer]:
    """The sample's claims, parcels and territories layers."""
    return sample_layer("claims"), sample_layer("parcels"), sample_layer("territories")
