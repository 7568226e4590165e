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

from imperial_land.core.common import EXPIRED_TEXTS, STATUS_TEXTS, TitleStatus, settings, tr
from imperial_land.core.maplayers.fields import ClaimFields, ParcelFields, TerritoryFields
from imperial_land.core.maplayers.label_font import label_font

# Claim classes, in legend order. Suspended and renewal-pending titles are held rights: live,
# drawn in the live greens with their own symbols; expired and other statuses apart.
EXPIRED = "expired"
EXPIRING = "expiring"
ACTIVE = "active"
SUSPENDED = "suspended"
RENEWAL_PENDING = "renewal_pending"
OTHER = "other"
CLAIM_CLASSES = [EXPIRED, EXPIRING, ACTIVE, SUSPENDED, RENEWAL_PENDING, OTHER]
CLAIM_COLORS = {
    EXPIRED: "#c0392b",
    EXPIRING: "#f39c12",
    ACTIVE: "#2e9e44",
    SUSPENDED: "#9acd32",
    RENEWAL_PENDING: "#1f8a70",
    OTHER: "#8c8c8c",
}
CLAIM_OUTLINES = {SUSPENDED: "dash", RENEWAL_PENDING: "dot"}  # others: solid

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
    outline_style: str = "solid"


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


def _status_columns(layer: QgsVectorLayer | None, fields: ClaimFields) -> list[str]:
    """The status columns to read: the code (when the layer has it) and the text."""
    names = layer.fields().names() if layer is not None else []
    columns = []
    if fields.status_code and (layer is None or fields.status_code in names):
        columns.append(fields.status_code)
    if fields.status and (layer is None or fields.status in names or not columns):
        columns.append(fields.status)
    return columns


def _named(columns: list[str], texts: tuple[str, ...]) -> str:
    """True when a status column holds one of `texts` (case and spacing ignored; never NULL)."""
    values = ", ".join(QgsExpression.quotedString(text) for text in texts)
    tests = [f"lower(trim(coalesce({_quoted(c)}, ''))) IN ({values})" for c in columns]
    return "(" + " OR ".join(tests) + ")" if tests else "false"


def _status_expressions(layer: QgsVectorLayer | None, fields: ClaimFields) -> dict[str, str]:
    """Exclusive tests for active, suspended, renewal pending and an expired status text
    (core/common/status.py says which texts and codes mean what)."""
    columns = _status_columns(layer, fields)
    active = _named(columns, STATUS_TEXTS[TitleStatus.ACTIVE])
    suspended = _named(columns, STATUS_TEXTS[TitleStatus.SUSPENDED])
    pending = _named(columns, STATUS_TEXTS[TitleStatus.RENEWAL_PENDING])
    expired = _named(columns, EXPIRED_TEXTS)
    return {
        ACTIVE: active,
        SUSPENDED: f"({suspended} AND NOT {active})",
        RENEWAL_PENDING: f"({pending} AND NOT {active} AND NOT {suspended})",
        EXPIRED: f"({expired} AND NOT {active} AND NOT {suspended} AND NOT {pending})",
    }


def claim_rules(
    layer: QgsVectorLayer | None = None,
    fields: ClaimFields | None = None,
    expiry_days: int | None = None,
    today: dt.date | None = None,
) -> list[ClaimRule]:
    """The claim classes with their filters (exclusive; the last one catches the rest).

    Expired: the expiry date has passed (or the status says expired), unless a renewal is
    pending (the title stays held meanwhile). Expiring: active or suspended, expiring within N
    days. Active, suspended, renewal pending: the live titles beyond that. Other: the rest.
    `today` None keeps the filters relative to the day the map is drawn (now()).
    """
    fields = fields or ClaimFields()
    days = settings.get("alerts/expiry_days") if expiry_days is None else int(expiry_days)
    expiry = expiry_expression(layer, fields.expiry)
    now = f"to_date('{today.isoformat()}')" if today is not None else "to_date(now())"
    limit = f"{now} + make_interval(days:={days})"
    status = _status_expressions(layer, fields)
    active, suspended, pending = status[ACTIVE], status[SUSPENDED], status[RENEWAL_PENDING]
    beyond = f"({expiry} IS NULL OR {expiry} > {limit})"
    rules = [
        (
            EXPIRED,
            tr("Expired"),
            f"NOT {pending} AND (({expiry} IS NOT NULL AND {expiry} < {now}) OR {status[EXPIRED]})",
        ),
        (
            EXPIRING,
            tr("Expiring within {days} days").format(days=days),
            f"({active} OR {suspended}) AND {expiry} IS NOT NULL AND {expiry} >= {now} "
            f"AND {expiry} <= {limit}",
        ),
        (ACTIVE, tr("Active"), f"{active} AND {beyond}"),
        (SUSPENDED, tr("Suspended (held)"), f"{suspended} AND {beyond}"),
        (RENEWAL_PENDING, tr("Renewal pending (held)"), pending),
        (OTHER, tr("Other status"), ""),
    ]
    return [
        ClaimRule(key, label, expression, CLAIM_COLORS[key], CLAIM_OUTLINES.get(key, "solid"))
        for key, label, expression in rules
    ]


def _fill(
    color: str, alpha: int, outline: str, outline_width: float, outline_style: str = "solid"
) -> QgsFillSymbol:
    fill = QColor(color)
    fill.setAlpha(alpha)
    return QgsFillSymbol.createSimple(
        {
            "color": ",".join(str(c) for c in fill.getRgb()),
            "outline_color": outline,
            "outline_width": str(outline_width),
            "outline_width_unit": "MM",
            "outline_style": outline_style,
            "style": "solid",
        }
    )


def claims_renderer(
    layer: QgsVectorLayer | None = None,
    fields: ClaimFields | None = None,
    expiry_days: int | None = None,
    today: dt.date | None = None,
) -> QgsRuleBasedRenderer:
    """Rule-based renderer: expired / expiring within N days / active / suspended / renewal
    pending / other."""
    root = QgsRuleBasedRenderer.Rule(None)
    for rule in claim_rules(layer, fields, expiry_days, today):
        outline = QColor(rule.color).darker(130).name()
        width = 0.1 if rule.outline_style == "solid" else 0.3
        symbol = _fill(rule.color, 210, outline, width, rule.outline_style)
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
