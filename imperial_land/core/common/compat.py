"""QGIS API calls that changed between 3.22 and the later LTRs (the old ones warn from 3.40 and are
gone in QGIS 4): each successor behind one version guard, in this module only.

Callers use these helpers instead of the deprecated calls; when 3.22 is dropped, each helper
becomes its first branch.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsField, QgsLegendStyle, QgsMapLayer, QgsRectangle, QgsTextFormat
from qgis.PyQt.QtGui import QFont

QGIS_VERSION = Qgis.QGIS_VERSION_INT

# QgsField(name, type): a QMetaType.Type from 3.38 (a QVariant.Type is deprecated there).
if QGIS_VERSION >= 33800:
    from qgis.PyQt.QtCore import QMetaType

    FIELD_TYPES = {
        "string": QMetaType.Type.QString,
        "int": QMetaType.Type.Int,
        "longlong": QMetaType.Type.LongLong,
        "double": QMetaType.Type.Double,
        "date": QMetaType.Type.QDate,
        "datetime": QMetaType.Type.QDateTime,
    }
else:
    from qgis.PyQt.QtCore import QVariant

    FIELD_TYPES = {
        "string": QVariant.String,
        "int": QVariant.Int,
        "longlong": QVariant.LongLong,
        "double": QVariant.Double,
        "date": QVariant.Date,
        "datetime": QVariant.DateTime,
    }


def field(name: str, kind: str, type_name: str = "", length: int = 0, precision: int = 0):
    """A QgsField of `kind` (string, int, longlong, double, date, datetime)."""
    return QgsField(name, FIELD_TYPES[kind], type_name, length, precision)


def set_group_box(container) -> None:
    """Show a QgsAttributeEditorContainer as a group box (a container type from 3.32)."""
    if QGIS_VERSION >= 33200:
        container.setType(Qgis.AttributeEditorContainerType.GroupBox)
    else:
        container.setIsGroupBox(True)


def null_rectangle() -> QgsRectangle:
    """An empty rectangle that any extent combined with it replaces (setNull from 3.34)."""
    rectangle = QgsRectangle()
    if QGIS_VERSION >= 33400:
        rectangle.setNull()
    else:
        rectangle.setMinimal()
    return rectangle


def _text_format(font: QFont) -> QgsTextFormat:
    text_format = QgsTextFormat()
    text_format.setFont(font)
    text_format.setSize(font.pointSizeF())
    return text_format


def set_label_font(label, font: QFont) -> None:
    """The font of a QgsLayoutItemLabel (a text format from 3.24)."""
    if QGIS_VERSION >= 32400:
        label.setTextFormat(_text_format(font))
    else:
        label.setFont(font)


def set_legend_font(legend, style: QgsLegendStyle.Style, font: QFont) -> None:
    """The font of one part of a QgsLayoutItemLegend (a text format from 3.30)."""
    if QGIS_VERSION >= 33000:
        legend.rstyle(style).setTextFormat(_text_format(font))
    else:
        legend.setStyleFont(style, font)


def save_style_to_database(layer, name: str, description: str, as_default: bool) -> str:
    """Save `layer`'s style in its data source (layer_styles); the error message, or ""
    (saveStyleToDatabaseV2 from 3.44, which also says what failed)."""
    if QGIS_VERSION >= 34400:
        results, error = layer.saveStyleToDatabaseV2(name, description, as_default, "")
        failed = QgsMapLayer.SaveStyleResult.DatabaseWriteFailed
        failed |= QgsMapLayer.SaveStyleResult.QmlGenerationFailed
        if error or not results & failed:
            return error
        return f"saveStyleToDatabaseV2: {int(results)}"
    return layer.saveStyleToDatabase(name, description, as_default, "")


def stroke_width_property():
    """QgsSymbolLayer's data-defined stroke width key: `Property.StrokeWidth` in later releases
    (3.36's scoped names), `Property.PropertyStrokeWidth` in 3.22."""
    from qgis.core import QgsSymbolLayer

    prop = QgsSymbolLayer.Property
    return prop.StrokeWidth if hasattr(prop, "StrokeWidth") else prop.PropertyStrokeWidth
