"""Layer styles: claims by status and expiry, parcels with lot labels, territories by Nation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsExpression,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

from imperial_land.core.common import settings, tr
from imperial_land.core.maplayers.fields import ClaimFields, ParcelFields, TerritoryFields
from imperial_land.core.maplayers.label_font import label_font

# Claim classes, in legend order.
ACTIVE = "active"
EXPIRING = "expiring"
EXPIRED = "expired"
OTHER = "other"
CLAIM_CLASSES = [ACTIVE, EXPIRING, EXPIRED, OTHER]
CLAIM_COLORS = {ACTIVE: "#2e9e44", EXPIRING: "#f39c12", EXPIRED: "#c0392b", OTHER: "#8c8c8c"}
ACTIVE_VALUES = ("a", "actif", "active")

# Nations named in the project's consultation files; any other value gets a palette colour.
NATION_COLORS = {
    "Innu of Uashat mak Mani-utenam": "#1f78b4",
    "Innu of Matimekush-Lac John": "#6a3d9a",
    "Naskapi Nation of Kawawachikamach": "#b15928",
    "Nunavik Inuit": "#008b8b",
}
PALETTE = ["#e31a1c", "#33a02c", "#ff7f00", "#cab2d6", "#fb9a99", "#b2df8a", "#a6cee3", "#fdbf6f"]
TERRITORY_FILL_ALPHA = 45  # of 255: translucent, so overlapping territories stay visible
PARCEL_LABEL_MAX_SCALE = 100000.0  # lot numbers show from 1:100,000 inwards


@dataclass
class ClaimRule:
    """One class of the claims renderer."""

    key: str
    label: str
    expression: str  # "" for the catch-all ELSE rule
    color: str


def _quoted(name: str) -> str:
    return QgsExpression.quotedColumnRef(name)


def expiry_expression(layer: QgsVectorLayer | None, field_name: str) -> str:
    """The expiry as a date: Date fields as is; DateTime and text (ISO or YYYYMMDD) converted."""
    column = _quoted(field_name)
    index = layer.fields().indexOf(field_name) if layer is not None else -1
    kind = layer.fields().at(index).type() if index >= 0 else QVariant.Type.Date
    if kind == QVariant.Type.Date:
        return column
    if kind == QVariant.Type.DateTime:
        return f"to_date({column})"
    return (
        f"if(regexp_match({column}, '^[0-9]{{8}}$'), to_date({column}, 'yyyyMMdd'), "
        f"to_date({column}))"
    )


def _active_expression(layer: QgsVectorLayer | None, fields: ClaimFields) -> str:
    """True for an active title: status code 'A' when the layer has it, else the status text."""
    names = layer.fields().names() if layer is not None else []
    use_code = bool(fields.status_code) and (layer is None or fields.status_code in names)
    column = _quoted(fields.status_code if use_code else fields.status)
    values = ", ".join(f"'{value}'" for value in ACTIVE_VALUES)
    return f"lower(trim({column})) IN ({values})"


def claim_rules(
    layer: QgsVectorLayer | None = None,
    fields: ClaimFields | None = None,
    expiry_days: int | None = None,
    today: dt.date | None = None,
) -> list[ClaimRule]:
    """The four claim classes with their filters (exclusive; the last one catches the rest).

    `today` None keeps the filters relative to the day the map is drawn (now()).
    """
    fields = fields or ClaimFields()
    days = settings.get("alerts/expiry_days") if expiry_days is None else int(expiry_days)
    expiry = expiry_expression(layer, fields.expiry)
    now = f"to_date('{today.isoformat()}')" if today is not None else "to_date(now())"
    limit = f"{now} + make_interval(days:={days})"
    return [
        ClaimRule(
            EXPIRED,
            tr("Expired"),
            f"{expiry} IS NOT NULL AND {expiry} < {now}",
            CLAIM_COLORS[EXPIRED],
        ),
        ClaimRule(
            EXPIRING,
            tr("Expiring within {days} days").format(days=days),
            f"{expiry} IS NOT NULL AND {expiry} >= {now} AND {expiry} <= {limit}",
            CLAIM_COLORS[EXPIRING],
        ),
        ClaimRule(
            ACTIVE,
            tr("Active"),
            f"({expiry} IS NULL OR {expiry} > {limit}) AND {_active_expression(layer, fields)}",
            CLAIM_COLORS[ACTIVE],
        ),
        ClaimRule(OTHER, tr("Other status (suspended, pending…)"), "", CLAIM_COLORS[OTHER]),
    ]


def _fill(color: str, alpha: int, outline: str, outline_width: float) -> QgsFillSymbol:
    fill = QColor(color)
    fill.setAlpha(alpha)
    return QgsFillSymbol.createSimple(
        {
            "color": ",".join(str(c) for c in fill.getRgb()),
            "outline_color": outline,
            "outline_width": str(outline_width),
            "outline_width_unit": "MM",
            "style": "solid",
        }
    )


def claims_renderer(
    layer: QgsVectorLayer | None = None,
    fields: ClaimFields | None = None,
    expiry_days: int | None = None,
    today: dt.date | None = None,
) -> QgsRuleBasedRenderer:
    """Rule-based renderer: expired / expiring within N days / active / other."""
    root = QgsRuleBasedRenderer.Rule(None)
    for rule in claim_rules(layer, fields, expiry_days, today):
        symbol = _fill(rule.color, 210, QColor(rule.color).darker(130).name(), 0.1)
        # Rule.setIsElse() would also overwrite the filter with "ELSE": pass it at construction.
        is_else = not rule.expression
        child = QgsRuleBasedRenderer.Rule(
            symbol, 0, 0, "ELSE" if is_else else rule.expression, rule.label, "", is_else
        )
        root.appendChild(child)
    return QgsRuleBasedRenderer(root)


def parcels_renderer() -> QgsSingleSymbolRenderer:
    """One outline-heavy symbol: lots are told apart by their labels."""
    return QgsSingleSymbolRenderer(_fill("#f2e6b1", 120, "#7a5c00", 0.4))


def parcels_labeling(fields: ParcelFields | None = None) -> QgsVectorLayerSimpleLabeling:
    """Lot numbers, haloed, shown from 1:100,000 inwards."""
    fields = fields or ParcelFields()
    label = QgsPalLayerSettings()
    label.fieldName = fields.lot
    label.isExpression = False
    label.scaleVisibility = True
    label.maximumScale = 0.0
    label.minimumScale = PARCEL_LABEL_MAX_SCALE
    text = QgsTextFormat()
    text.setFont(label_font())
    text.setSize(8)
    text.setColor(QColor("#3d2e00"))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("white"))
    text.setBuffer(buffer)
    label.setFormat(text)
    return QgsVectorLayerSimpleLabeling(label)


def nation_color(nation: str, index: int) -> str:
    """The Nation's own colour, or the palette's `index`-th."""
    return NATION_COLORS.get(nation, PALETTE[index % len(PALETTE)])


def territories_renderer(
    layer: QgsVectorLayer, fields: TerritoryFields | None = None
) -> QgsCategorizedSymbolRenderer:
    """One category per Nation found in the layer: translucent fill, solid outline."""
    fields = fields or TerritoryFields()
    index = layer.fields().indexOf(fields.nation)
    values = layer.uniqueValues(index) if index >= 0 else set()
    nations = sorted(str(v) for v in values if v is not None and not _is_null(v) and str(v))
    categories = []
    for position, nation in enumerate(nations):
        color = nation_color(nation, position)
        symbol = _fill(color, TERRITORY_FILL_ALPHA, color, 0.7)
        categories.append(QgsRendererCategory(nation, symbol, nation))
    return QgsCategorizedSymbolRenderer(fields.nation, categories)


def _is_null(value: object) -> bool:
    return isinstance(value, QVariant) and value.isNull()


def style_claims(
    layer: QgsVectorLayer,
    fields: ClaimFields | None = None,
    expiry_days: int | None = None,
    today: dt.date | None = None,
) -> None:
    """Apply the claims style to `layer`."""
    layer.setRenderer(claims_renderer(layer, fields, expiry_days, today))
    layer.triggerRepaint()


def style_parcels(layer: QgsVectorLayer, fields: ParcelFields | None = None) -> None:
    """Apply the parcels style and lot labels to `layer`."""
    layer.setRenderer(parcels_renderer())
    layer.setLabeling(parcels_labeling(fields))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


def style_territories(layer: QgsVectorLayer, fields: TerritoryFields | None = None) -> None:
    """Apply the territories style to `layer`."""
    layer.setRenderer(territories_renderer(layer, fields))
    layer.triggerRepaint()
