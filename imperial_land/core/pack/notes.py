"""The field-notes layer every pack carries: the one layer QField may edit.

It lives in its own GeoPackage (`field_notes.gpkg`) so the pack's read-only data keep the
checksums the manifest gives them: a returned pack is checked file by file, and only this file
and the photos under `DCIM/` may differ (core/fieldnotes reads them back into the register).

Its form is set in the packed project so QField shows it ready: a UUID and the date-time filled
in, the kind of note as a fixed list (stored codes, labels translated when the pack is built, like
every other text the plugin writes into a project), the claim title and parcel lot picked from
the packed layers (value relations), and three photos through QField's attachment widget, saved
under the pack's `DCIM/` folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDefaultValue,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsFields,
    QgsMarkerSymbol,
    QgsSingleSymbolRenderer,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from imperial_land.core.common import UserError, compat, tr
from imperial_land.core.maplayers import ClaimFields, ParcelFields
from imperial_land.core.pack.qfield import set_editable
from imperial_land.core.register import note_kind_labels

NOTES_GPKG = "field_notes.gpkg"
NOTES_LAYER = "field_notes"
PHOTO_FOLDER = "DCIM"
PHOTO_FIELDS = ("photo_1", "photo_2", "photo_3")
# The layer's columns and their OGR field types: the contract a returned pack is checked against.
NOTE_COLUMNS: dict[str, str] = {
    "uuid": "String",
    "kind": "String",
    "observed": "DateTime",
    "author": "String",
    "note": "String",
    "title": "String",
    "lot": "String",
    **{name: "String" for name in PHOTO_FIELDS},
}
_FIELD_KINDS = {"String": "string", "DateTime": "datetime"}  # compat.field's kinds


def _aliases() -> dict[str, str]:
    return {
        "uuid": tr("Identifier"),
        "kind": tr("Kind of note"),
        "observed": tr("Observed on"),
        "author": tr("Author"),
        "note": tr("Note"),
        "title": tr("Claim title"),
        "lot": tr("Parcel lot"),
        "photo_1": tr("Photo 1"),
        "photo_2": tr("Photo 2"),
        "photo_3": tr("Photo 3"),
    }


def notes_manifest_entry() -> dict[str, object]:
    """What the manifest says of the notes layer (core/fieldnotes checks a returned pack by it)."""
    return {
        "geopackage": NOTES_GPKG,
        "table": NOTES_LAYER,
        "photos": PHOTO_FOLDER,
        "columns": NOTE_COLUMNS,
        "geometry": "Point",
    }


def write_notes_gpkg(folder: Path, crs: QgsCoordinateReferenceSystem) -> Path:
    """Create the empty notes layer (points in `crs`) in `folder`/field_notes.gpkg."""
    fields = QgsFields()
    for name, kind in NOTE_COLUMNS.items():
        fields.append(compat.field(name, _FIELD_KINDS[kind]))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = NOTES_LAYER
    options.fileEncoding = "UTF-8"
    path = folder / NOTES_GPKG
    writer = QgsVectorFileWriter.create(
        str(path), fields, QgsWkbTypes.Point, crs, QgsCoordinateTransformContext(), options
    )
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        raise UserError(
            tr("Cannot write the layer '{layer}' into the pack: {error}").format(
                layer=NOTES_LAYER, error=writer.errorMessage()
            )
        )
    del writer
    return path


def _value_relation(layer: QgsVectorLayer, key: str) -> QgsEditorWidgetSetup:
    return QgsEditorWidgetSetup(
        "ValueRelation",
        {
            "Layer": layer.id(),
            "LayerName": layer.name(),
            "LayerSource": layer.source(),
            "LayerProviderName": layer.providerType(),
            "Key": key,
            "Value": key,
            "AllowNull": True,
            "AllowMulti": False,
            "OrderByValue": True,
            "UseCompleter": True,
        },
    )


def _photo_widget() -> QgsEditorWidgetSetup:
    """QField's attachment widget: a photo, stored relative to the project (the pack folder)."""
    return QgsEditorWidgetSetup(
        "ExternalResource",
        {
            "FileWidget": True,
            "FileWidgetButton": True,
            "DocumentViewer": 1,  # image
            "RelativeStorage": 1,  # relative to the project file
            "StorageMode": 0,  # files
            "DefaultRoot": PHOTO_FOLDER,
        },
    )


def configure_notes_layer(
    layer: QgsVectorLayer,
    claims: QgsVectorLayer | None,
    parcels: QgsVectorLayer | None,
) -> None:
    """Give the notes layer its form, defaults, constraints, style and QField settings."""
    fields = layer.fields()
    form = layer.editFormConfig()
    for name, alias in _aliases().items():
        layer.setFieldAlias(fields.indexOf(name), alias)
    index = fields.indexOf
    layer.setDefaultValueDefinition(index("uuid"), QgsDefaultValue("uuid('WithoutBraces')"))
    layer.setDefaultValueDefinition(index("observed"), QgsDefaultValue("now()"))
    layer.setDefaultValueDefinition(
        index("author"), QgsDefaultValue("coalesce(@cloud_username, @user_full_name)")
    )
    form.setReadOnly(index("uuid"), True)
    for name in ("uuid", "kind"):
        layer.setFieldConstraint(
            index(name),
            QgsFieldConstraints.Constraint.ConstraintNotNull,
            QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard,
        )
    kinds = [{label: code} for code, label in note_kind_labels().items()]
    layer.setEditorWidgetSetup(index("kind"), QgsEditorWidgetSetup("ValueMap", {"map": kinds}))
    layer.setEditorWidgetSetup(
        index("observed"),
        QgsEditorWidgetSetup(
            "DateTime",
            {
                "field_format": "yyyy-MM-ddTHH:mm:ss",
                "display_format": "yyyy-MM-dd HH:mm",
                "calendar_popup": True,
                "allow_null": True,
            },
        ),
    )
    layer.setEditorWidgetSetup(
        index("note"), QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})
    )
    if claims is not None and ClaimFields().title in claims.fields().names():
        layer.setEditorWidgetSetup(index("title"), _value_relation(claims, ClaimFields().title))
    if parcels is not None and ParcelFields().lot in parcels.fields().names():
        layer.setEditorWidgetSetup(index("lot"), _value_relation(parcels, ParcelFields().lot))
    for name in PHOTO_FIELDS:
        layer.setEditorWidgetSetup(index(name), _photo_widget())
    layer.setEditFormConfig(form)
    symbol = QgsMarkerSymbol.createSimple(
        {"name": "star", "color": "#e41a1c", "outline_color": "#ffffff", "size": "4"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    naming = {
        name: f"'{PHOTO_FOLDER}/note_' || \"uuid\" || '_{number}.{{extension}}'"
        for number, name in enumerate(PHOTO_FIELDS, start=1)
    }
    set_editable(layer, json.dumps(naming))
