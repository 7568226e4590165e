"""The flags layer: one feature per overlap pair, with every pair field, styled by flag."""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsRendererCategory,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant
from qgis.PyQt.QtXml import QDomDocument

from imperial_land.core import results as r
from imperial_land.core.errors import UserError
from imperial_land.core.feedback import check_cancelled, ensure_feedback
from imperial_land.core.i18n import tr
from imperial_land.core.report_labels import flag_label
from imperial_land.core.report_model import PAIR_COLUMNS, pair_headers, pair_values
from imperial_land.core.results import OverlapPair, OverlapResult

FIELD_TYPES = {
    "a_fid": QVariant.LongLong,
    "b_fid": QVariant.LongLong,
    "expiry": QVariant.Date,
    "overlap_ha": QVariant.Double,
    "share_a_pct": QVariant.Double,
    "share_b_pct": QVariant.Double,
    "distance_m": QVariant.Double,
}
WKB_TYPE = QgsWkbTypes.Type.MultiPolygon
# Fill colour and outline of each flag (the empty flag: pairs with none, e.g. AOI x parcel).
FLAG_STYLES = {
    r.FLAG_CONSULTATION: {"color": "230,85,13,110", "outline_color": "166,54,3"},
    r.FLAG_THIRD_PARTY_TITLE: {"color": "117,107,177,110", "outline_color": "84,39,143"},
    r.FLAG_COMPANY_TITLE: {"color": "49,163,84,90", "outline_color": "0,109,44"},
    "": {"color": "150,150,150,60", "outline_color": "99,99,99"},
}


def flags_fields() -> QgsFields:
    """The flags layer's fields, named like PAIR_COLUMNS."""
    fields = QgsFields()
    for name in PAIR_COLUMNS:
        fields.append(QgsField(name, FIELD_TYPES.get(name, QVariant.String)))
    return fields


def flag_geometry(pair: OverlapPair) -> QgsGeometry:
    """The pair's geometry as a multipolygon (an empty geometry when it has none)."""
    if not pair.geometry_wkb:
        return QgsGeometry()
    geometry = QgsGeometry()
    geometry.fromWkb(pair.geometry_wkb)
    if geometry.isEmpty():
        return QgsGeometry()
    if geometry.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
        geometry = geometry.convertToType(QgsWkbTypes.GeometryType.PolygonGeometry, True)
    elif not geometry.isMultipart():
        geometry.convertToMultiType()
    return geometry if geometry is not None else QgsGeometry()


def pair_feature(pair: OverlapPair, fields: QgsFields) -> QgsFeature:
    """One flags-layer feature for `pair`."""
    feature = QgsFeature(fields)
    values = pair_values(pair)
    for name in PAIR_COLUMNS:
        value = values[name]
        if name == "expiry" and value is not None:
            value = QDate(value.year, value.month, value.day)
        feature[name] = value
    feature.setGeometry(flag_geometry(pair))
    return feature


def style_flags_layer(layer: QgsVectorLayer) -> None:
    """Categorised by flag (consultation / third-party title / company title), translated labels."""
    categories = []
    for flag, style in FLAG_STYLES.items():
        symbol = QgsFillSymbol.createSimple({**style, "outline_width": "0.4"})
        label = flag_label(flag) if flag else tr("No flag")
        categories.append(QgsRendererCategory(flag, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("flag", categories))
    headers = pair_headers()
    for index, name in enumerate(PAIR_COLUMNS):
        layer.setFieldAlias(index, headers[name])


def memory_flags_layer(
    result: OverlapResult,
    name: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> QgsVectorLayer:
    """A styled memory layer of every pair (geometries in result.crs_authid)."""
    feedback = ensure_feedback(feedback)
    crs = QgsCoordinateReferenceSystem(result.crs_authid)
    if not crs.isValid():
        raise UserError(
            tr("The overlap result has an unknown CRS '{crs}'.").format(crs=result.crs_authid)
        )
    layer = QgsVectorLayer(
        f"{QgsWkbTypes.displayString(WKB_TYPE)}?crs={crs.authid()}",
        name or tr("Overlap flags"),
        "memory",
    )
    provider = layer.dataProvider()
    provider.addAttributes(flags_fields().toList())
    layer.updateFields()
    fields = layer.fields()
    batch: list[QgsFeature] = []
    for index, pair in enumerate(result.pairs):
        if index % 1000 == 0:
            check_cancelled(feedback)
        batch.append(pair_feature(pair, fields))
    provider.addFeatures(batch)
    layer.updateExtents()
    style_flags_layer(layer)
    return layer


def write_flags_gpkg(
    result: OverlapResult,
    path: Path,
    layer_name: str = "overlap_flags",
    feedback: QgsProcessingFeedback | None = None,
) -> Path:
    """Write the flags as layer `layer_name` of GeoPackage `path`, styled, atomically.

    The file is built in a temporary copy (other layers of an existing file kept) and moved
    into place only when complete, so a cancelled or failed run leaves `path` as it was.
    """
    feedback = ensure_feedback(feedback)
    target = Path(path)
    if target.suffix.lower() != ".gpkg":
        raise UserError(
            tr("The flags file '{path}' must be a GeoPackage (.gpkg).").format(path=str(target))
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    layer = memory_flags_layer(result, layer_name, feedback)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".flags-") as folder:
        temporary = Path(folder) / target.name
        if target.exists():
            copy_gpkg(target, temporary)
        write_layer_gpkg(layer, temporary, layer_name)
        check_cancelled(feedback)
        temporary.replace(target)
    return target


STYLES_DDL = (
    "CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256), "
    "f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, "
    "useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), "
    "update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)


def copy_gpkg(source: Path, target: Path) -> None:
    """A consistent copy of a GeoPackage, even one open elsewhere in WAL mode."""
    with closing(sqlite3.connect(str(source))) as src, closing(sqlite3.connect(str(target))) as dst:
        src.backup(dst)


def save_default_style(path: Path, layer: QgsVectorLayer, layer_name: str) -> None:
    """Store `layer`'s style as the default of `layer_name` in GeoPackage `path` (no dialogs)."""
    document = QDomDocument()
    layer.exportNamedStyle(document)
    with closing(sqlite3.connect(str(path))) as db:
        db.execute(STYLES_DDL)
        db.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles')"
        )
        db.execute("DELETE FROM layer_styles WHERE f_table_name = ?", (layer_name,))
        geometry_column = db.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer_name,)
        ).fetchone()
        db.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
            "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description) "
            "VALUES ('', '', ?, ?, ?, ?, '', 1, ?)",
            (
                layer_name,
                geometry_column[0] if geometry_column else "geom",
                layer_name,
                document.toString(),
                tr("Styled by flag"),
            ),
        )
        db.commit()


def write_layer_gpkg(layer: QgsVectorLayer, path: Path, layer_name: str) -> None:
    """Write `layer` into GeoPackage `path` (layer replaced if present), style as default."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    options.fileEncoding = "UTF-8"
    if path.exists():
        options.actionOnExistingFile = (
            QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
        )
    error, message, _file, _layer = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsCoordinateTransformContext(), options
    )
    if error != QgsVectorFileWriter.WriterError.NoError:
        raise UserError(
            tr("Could not write the flags layer to '{path}': {message}").format(
                path=str(path), message=message
            )
        )
    save_default_style(path, layer, layer_name)
