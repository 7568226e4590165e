"""The flags layer: one feature per overlap pair, with every pair field and the consultation
register's columns (status, last contact, open commitments, why it needs attention), styled by
flag; codes are stored, their translated labels shown through value maps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsEditorWidgetSetup,
    QgsFeature,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsProperty,
    QgsRendererCategory,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from imperial_land.core.common import UserError, check_cancelled, compat, tr
from imperial_land.core.overlap import OverlapPair, OverlapResult
from imperial_land.core.overlap import results as r
from imperial_land.core.report.flags_gpkg import save_default_style, write_flags_table
from imperial_land.core.report.labels import flag_label
from imperial_land.core.report.model import flags_columns, pair_headers, pair_rows

WKB_TYPE = QgsWkbTypes.Type.MultiPolygon
# Fill colour and outline of each flag (the empty flag: pairs with none, e.g. AOI x parcel).
FLAG_STYLES = {
    r.FLAG_CONSULTATION: {"color": "230,85,13,110", "outline_color": "166,54,3"},
    r.FLAG_THIRD_PARTY_TITLE: {"color": "117,107,177,110", "outline_color": "84,39,143"},
    r.FLAG_COMPANY_TITLE: {"color": "49,163,84,90", "outline_color": "0,109,44"},
    "": {"color": "150,150,150,60", "outline_color": "99,99,99"},
}


# A consultation flag that needs attention gets this outline width (mm) instead of 0.4.
ATTENTION_OUTLINE = 'if("cons_attn" IS NULL OR "cons_attn" = \'\', 0.4, 1.2)'


def flags_fields() -> QgsFields:
    """The flags layer's fields (model.flags_columns)."""
    fields = QgsFields()
    for name, kind in flags_columns().items():
        fields.append(compat.field(name, kind))
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


def _qdate(date: Any) -> QDate:
    return QDate(date.year, date.month, date.day)


def pair_features(
    pairs: list[OverlapPair],
    fields: QgsFields,
    feedback: QgsProcessingFeedback,
    consultation=None,
) -> Iterator[QgsFeature]:
    """Flags-layer features of `pairs`, each feature's cells worked out once; checks cancel.
    `consultation`: the register's view that fills the consultation columns (None: NULL).

    Run it inside `core.bulk.gc_paused()` at province scale.
    """
    from imperial_land.core.consultation import NO_FLAG_VALUES

    cells = consultation.flag_cells(_qdate) if consultation is not None else None
    for index, (pair, values) in enumerate(zip(pairs, pair_rows(pairs, _qdate))):
        if index % 1000 == 0:
            check_cancelled(feedback)
        feature = QgsFeature(fields)
        feature.setAttributes([*values, *(NO_FLAG_VALUES if cells is None else cells(pair))])
        feature.setGeometry(flag_geometry(pair))
        yield feature


def _value_map(labels: dict[str, str]) -> QgsEditorWidgetSetup:
    """A value map widget: stored code -> translated label (what the attribute table and the
    forms show, and what the filter offers)."""
    return QgsEditorWidgetSetup(
        "ValueMap", {"map": [{label: code} for code, label in labels.items()]}
    )


def style_flags_layer(layer: QgsVectorLayer, stale_days: int | None = None) -> None:
    """Categorised by flag (consultation / third-party title / company title), translated
    labels; a consultation flag that needs attention (register linked) gets a thick outline.
    The consultation columns show their labels through value maps (`stale_days`: the days of
    "No contact in N days", Settings consultation/stale_days by default)."""
    from imperial_land.core.consultation import (
        attention_label,
        attention_labels,
        flag_column_headers,
        status_labels,
    )

    categories = []
    for flag, style in FLAG_STYLES.items():
        symbol = QgsFillSymbol.createSimple({**style, "outline_width": "0.4"})
        if flag == r.FLAG_CONSULTATION:
            symbol.symbolLayer(0).setDataDefinedProperty(
                compat.stroke_width_property(),
                QgsProperty.fromExpression(ATTENTION_OUTLINE),
            )
        label = flag_label(flag) if flag else tr("No flag")
        categories.append(QgsRendererCategory(flag, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("flag", categories))
    headers = {**pair_headers(), **flag_column_headers()}
    if stale_days is None:
        from imperial_land.core.common import settings

        stale_days = int(settings.get("consultation/stale_days"))
    widgets = {
        "cons_attn": _value_map(
            {code: attention_label(code, stale_days) for code in attention_labels()}
        ),
        "cons_stat": _value_map(status_labels()),
    }
    fields = layer.fields()
    for name in flags_columns():  # by name: a GeoPackage layer has its `fid` field first
        index = fields.indexFromName(name)
        if index >= 0:
            layer.setFieldAlias(index, headers[name])
            if name in widgets:
                layer.setEditorWidgetSetup(index, widgets[name])


def write_styled_flags(
    result: OverlapResult,
    path: Path,
    layer_name: str,
    display_name: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
    consultation=None,
) -> QgsVectorLayer:
    """Write the flags into GeoPackage `path` with their style as default; the styled layer.
    `consultation`: the register's view that fills the consultation columns, or None."""
    write_flags_table(result, path, layer_name, feedback, consultation)
    layer = QgsVectorLayer(f"{path}|layername={layer_name}", display_name or layer_name, "ogr")
    if not layer.isValid():
        raise UserError(
            tr("Could not write the flags layer to '{path}': {message}").format(
                path=str(path), message=layer.error().summary()
            )
        )
    style_flags_layer(layer, consultation.stale_days if consultation is not None else None)
    save_default_style(path, layer, layer_name)
    return layer
