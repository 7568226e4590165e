"""The QGIS project of an offline pack: relative paths, one group, map set to the AOI.

Only GeoPackage and MBTiles layers and no plugin dependency, so QField opens it as is.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsMapLayer,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsReferencedRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtXml import QDomDocument, QDomElement

from imperial_land.core.common import UserError, tr
from imperial_land.core.maplayers import Role, record_transforms, set_role
from imperial_land.core.pack.notes import NOTES_GPKG, NOTES_LAYER, configure_notes_layer
from imperial_land.core.pack.qfield import set_read_only_copy


def _canvas_element(
    doc: QDomDocument, extent: QgsRectangle, crs: QgsCoordinateReferenceSystem
) -> QDomElement:
    """A <mapcanvas> like the desktop writes, so QGIS and QField open on the AOI."""
    canvas = doc.createElement("mapcanvas")
    canvas.setAttribute("name", "theMapCanvas")
    extent_element = doc.createElement("extent")
    for tag, value in (
        ("xmin", extent.xMinimum()),
        ("ymin", extent.yMinimum()),
        ("xmax", extent.xMaximum()),
        ("ymax", extent.yMaximum()),
    ):
        item = doc.createElement(tag)
        item.appendChild(doc.createTextNode(repr(value)))
        extent_element.appendChild(item)
    canvas.appendChild(extent_element)
    rotation = doc.createElement("rotation")
    rotation.appendChild(doc.createTextNode("0"))
    canvas.appendChild(rotation)
    destination = doc.createElement("destinationsrs")
    crs.writeXml(destination, doc)
    canvas.appendChild(destination)
    return canvas


def open_layers(
    folder: Path, gpkg_name: str, tables: list[tuple[str, str]], basemap_name: str | None
) -> list[QgsMapLayer]:
    """The pack's (table, title) layers of `gpkg_name`, then its basemap; UserError if one fails."""
    layers: list[QgsMapLayer] = [
        QgsVectorLayer(f"{folder / gpkg_name}|layername={table}", title, "ogr")
        for table, title in tables
    ]
    if basemap_name:
        layers.append(QgsRasterLayer(str(folder / basemap_name), tr("Basemap"), "gdal"))
    for layer in layers:
        if not layer.isValid():
            raise UserError(
                tr("The layer '{layer}' of the pack cannot be opened.").format(layer=layer.name())
            )
    return layers


def _notes_layer(folder: Path, layers: list[QgsMapLayer], roles: list) -> QgsVectorLayer:
    """The pack's editable notes layer, its title and lot picked from the packed claims and
    parcels."""
    notes = QgsVectorLayer(
        f"{folder / NOTES_GPKG}|layername={NOTES_LAYER}", tr("Field notes"), "ogr"
    )
    if not notes.isValid():
        raise UserError(
            tr("The layer '{layer}' of the pack cannot be opened.").format(layer=notes.name())
        )
    by_role = {role: layer for layer, role in zip(layers, roles) if role is not None}
    configure_notes_layer(notes, by_role.get(Role.CLAIMS), by_role.get(Role.PARCELS))
    return notes


def write_project(
    folder: Path,
    pack_name: str,
    gpkg_name: str,
    tables: list[tuple[str, str]],
    basemap_name: str | None,
    aoi: QgsGeometry,
    aoi_crs: QgsCoordinateReferenceSystem,
    with_notes: bool = True,
) -> Path:
    """Write `<pack_name>.qgz` in `folder`: `tables` are (table, title) of `gpkg_name`, all
    read-only; with `with_notes`, the field-notes layer (pack/notes.py) on top, editable."""
    project = QgsProject()
    project.setTitle(pack_name)
    project.setCrs(aoi_crs)
    project.setFilePathStorage(Qgis.FilePathType.Relative)
    group = project.layerTreeRoot().addGroup(pack_name)
    layers = open_layers(folder, gpkg_name, tables, basemap_name)
    roles = [Role.parse(table) for table, _title in tables] + [Role.BASEMAP]
    for layer, role in zip(layers, roles):
        if role is not None:
            set_role(layer, role)
        set_read_only_copy(layer)
    if with_notes:
        notes = _notes_layer(folder, layers, roles)
        layers.insert(0, notes)
    record_transforms(project, layers)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    extent = aoi.boundingBox()
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, aoi_crs))

    def add_canvas(doc: QDomDocument) -> None:
        root = doc.documentElement()
        root.appendChild(_canvas_element(doc, extent, aoi_crs))

    project.writeProject.connect(add_canvas)
    path = folder / f"{pack_name}.qgz"
    if not project.write(str(path)):
        raise UserError(
            tr("Cannot write the pack's project: {error}").format(error=project.error())
        )
    project.clear()
    return path
