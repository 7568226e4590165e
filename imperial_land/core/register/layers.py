"""The project's layers that show the claim register: find them, refresh them, add one."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProject, QgsVectorLayer

from imperial_land.core.common import UserError, tr
from imperial_land.core.register.backend import CLAIMS_TABLE


def _same_file(source: str, resolved: Path) -> bool:
    """Whether an OGR data source opens the file at the (resolved) path."""
    try:
        return Path(source.split("|", 1)[0]).resolve() == resolved
    except OSError:
        return False


def register_layers(project: QgsProject, path: Path) -> list[QgsVectorLayer]:
    """Vector layers of `project` whose data source is the register file at `path`."""
    resolved = Path(path).resolve()
    return [
        layer
        for layer in project.mapLayers().values()
        if isinstance(layer, QgsVectorLayer)
        and layer.providerType() == "ogr"
        and _same_file(layer.source(), resolved)
    ]


def refresh_register_layers(project: QgsProject, path: Path) -> list[QgsVectorLayer]:
    """Reload the register's layers after a sync so the canvas and tables show the new rows."""
    layers = register_layers(project, path)
    for layer in layers:
        layer.dataProvider().reloadData()
        layer.updateExtents()
        layer.triggerRepaint()
    return layers


def add_register_layer(project: QgsProject, path: Path) -> QgsVectorLayer:
    """Add the register's claims layer to `project` (UserError when it cannot be opened)."""
    layer = QgsVectorLayer(f"{path}|layername={CLAIMS_TABLE}", tr("Claims (register)"), "ogr")
    if not layer.isValid():
        raise UserError(
            tr("The register '{path}' has no claims layer yet: run a sync first.").format(path=path)
        )
    project.addMapLayer(layer)
    return layer
