"""The flags layer: one feature per overlap pair, with every pair field, styled by flag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsProcessingFeedback,
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
from imperial_land.core.report.model import PAIR_COLUMNS, pair_headers, pair_rows

FIELD_TYPES = {
    "a_fid": "longlong",
    "b_fid": "longlong",
    "expiry": "date",
    "overlap_ha": "double",
    "share_a_pct": "double",
    "share_b_pct": "double",
    "distance_m": "double",
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
        fields.append(compat.field(name, FIELD_TYPES.get(name, "string")))
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
    pairs: list[OverlapPair], fields: QgsFields, feedback: QgsProcessingFeedback
) -> Iterator[QgsFeature]:
    """Flags-layer features of `pairs`, each feature's cells worked out once; checks cancel.

    Run it inside `core.bulk.gc_paused()` at province scale.
    """
    for index, (pair, values) in enumerate(zip(pairs, pair_rows(pairs, _qdate))):
        if index % 1000 == 0:
            check_cancelled(feedback)
        feature = QgsFeature(fields)
        feature.setAttributes(list(values))
        feature.setGeometry(flag_geometry(pair))
        yield feature


def style_flags_layer(layer: QgsVectorLayer) -> None:
    """Categorised by flag (consultation / third-party title / company title), translated labels."""
    categories = []
    for flag, style in FLAG_STYLES.items():
        symbol = QgsFillSymbol.createSimple({**style, "outline_width": "0.4"})
        label = flag_label(flag) if flag else tr("No flag")
        categories.append(QgsRendererCategory(flag, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("flag", categories))
    headers = pair_headers()
    fields = layer.fields()
    for name in PAIR_COLUMNS:  # by name: a GeoPackage layer has its `fid` field first
        index = fields.indexFromName(name)
        if index >= 0:
            layer.setFieldAlias(index, headers[name])


def write_styled_flags(
    result: OverlapResult,
    path: Path,
    layer_name: str,
    display_name: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> QgsVectorLayer:
    """Write the flags into GeoPackage `path` with their style as default; the styled layer."""
    write_flags_table(result, path, layer_name, feedback)
    layer = QgsVectorLayer(f"{path}|layername={layer_name}", display_name or layer_name, "ogr")
    if not layer.isValid():
        raise UserError(
            tr("Could not write the flags layer to '{path}': {message}").format(
                path=str(path), message=layer.error().summary()
            )
        )
    style_flags_layer(layer)
    save_default_style(path, layer, layer_name)
    return layer
