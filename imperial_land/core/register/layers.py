"""The project's layers that show the claim register: find them, refresh them, add the claims
layer or the field notes layer."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsEditorWidgetSetup,
    QgsMarkerSymbol,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

from imperial_land.core.common import UserError, tr
from imperial_land.core.maplayers import record_transforms
from imperial_land.core.register.backend import CLAIMS_TABLE, GEOMETRY_COLUMN
from imperial_land.core.register.fieldnotes_schema import NOTES_TABLE, note_kind_labels

NOTES_PROPERTY = "imperial_land/field_notes"  # the source of a register's notes layer


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
    record_transforms(project, [layer])  # before the add: the desktop asks on add
    project.addMapLayer(layer)
    return layer


def notes_layer_uri(target: str) -> tuple[str, str]:
    """(data source, provider) of the register's field_notes layer (GeoPackage or PostGIS)."""
    if str(target).startswith("pg:"):
        from imperial_land.core.register.pg import open_pg_register
        from imperial_land.core.storage import layer_uri

        register = open_pg_register(str(target))
        try:
            uri = layer_uri(register.info, register.schema, NOTES_TABLE, GEOMETRY_COLUMN, "fid")
        finally:
            register.close()
        return uri, "postgres"
    return f"{target}|layername={NOTES_TABLE}", "ogr"


def add_notes_layer(project: QgsProject, target: str) -> QgsVectorLayer:
    """Show the register's field notes on the map, above the claims, kinds shown by their labels
    (once: an existing layer of the same source is refreshed instead)."""
    uri, provider = notes_layer_uri(target)
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsVectorLayer) and layer.customProperty(NOTES_PROPERTY) == uri:
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
            return layer
    layer = QgsVectorLayer(uri, tr("Field notes (register)"), provider)
    if not layer.isValid():
        raise UserError(
            tr("The register '{path}' has no field notes layer.").format(path=str(target))
        )
    layer.setCustomProperty(NOTES_PROPERTY, uri)
    symbol = QgsMarkerSymbol.createSimple(
        {"name": "star", "color": "#e41a1c", "outline_color": "#ffffff", "size": "4"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    kinds = [{label: code} for code, label in note_kind_labels().items()]
    layer.setEditorWidgetSetup(
        layer.fields().indexOf("kind"), QgsEditorWidgetSetup("ValueMap", {"map": kinds})
    )
    record_transforms(project, [layer])
    project.addMapLayer(layer, False)
    project.layerTreeRoot().insertLayer(0, layer)
    return layer
