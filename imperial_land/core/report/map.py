"""Page 1 of the PDF report: a map of the area examined, an overview inset, legend and sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shapely
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerTree,
    QgsLayout,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemMapOverview,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsMarkerSymbol,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont

from imperial_land.core.common import compat, tr
from imperial_land.core.maplayers import (
    AOI,
    CLAIMS,
    FLAGS,
    PARCELS,
    TERRITORIES,
    ClaimFields,
    ParcelFields,
    TerritoryFields,
    bounding_box,
    match_case,
    style_claims,
    style_parcels,
    style_territories,
    unprompted_options,
)
from imperial_land.core.overlap import (
    AOI_CLAIM,
    CLAIM_TERRITORY,
    PARCEL_CLAIM,
    OverlapPair,
    OverlapResult,
    to_qgs,
    to_shapely,
)
from imperial_land.core.report.flags_layer import style_flags_layer
from imperial_land.core.report.labels import role_label, timestamp
from imperial_land.core.report.model import claims_grouped

MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
FONT_FAMILY = "DejaVu Sans"
PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 12.0
SIDE_W = 64.0  # right column: overview, then legend
MAP_TOP = 30.0
MAP_W = PAGE_W - 2 * MARGIN - SIDE_W - 4.0
MAP_H = PAGE_H - MARGIN - MAP_TOP - 20.0
# Territories are drawn from outlines simplified within this much paper at the main map's
# scale, a third of a 150-dpi dot: the PDF shows the same lines, and a province's 800,000
# territory vertices no longer go through the layout's renderer twice (main map, overview).
DRAWN_TOLERANCE_MM = 0.05
OVERVIEW_H = 48.0
MARGIN_SHARE = 0.25  # room around the area examined, as a share of its larger side
MIN_MARGIN_M = 300.0
NORTH_ARROW_SVG = "arrows/NorthArrow_02.svg"
MAIN_ORDER = (AOI, FLAGS, PARCELS, CLAIMS, TERRITORIES)  # top to bottom
FLAGS_OPACITY = 0.6  # flags stack (one per pair): keep the claims' status colours readable
MARKER_MM = 5.0  # the area examined on the overview, however small it is there
OVERVIEW_ORDER = (AOI, PARCELS, TERRITORIES)
# Drawn when a layer lacks the fields the plugin's own style reads (and for the AOI).
PLAIN_STYLES = {
    TERRITORIES: {"color": "255,237,160,110", "outline_color": "140,81,10"},
    PARCELS: {"style": "no", "outline_color": "33,102,172", "outline_width": "0.5"},
    CLAIMS: {"style": "no", "outline_color": "90,90,90", "outline_width": "0.15"},
    AOI: {
        "style": "no",
        "outline_color": "215,25,28",
        "outline_width": "0.8",
        "outline_style": "dash",
    },
}


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def styled_clone(layer: QgsVectorLayer, role: str) -> QgsVectorLayer:
    """A clone of an input layer in the plugin's style for its role (the user's layer untouched).

    Claims by status, territories by Nation, parcels with lot labels; a layer without the
    fields those styles read, and the AOI, get a plain outline.
    """
    clone = layer.clone()
    clone.setName(layer.name())
    names = set(clone.fields().names())
    claim_fields = match_case(clone, ClaimFields())
    parcel_fields = match_case(clone, ParcelFields())
    territory_fields = match_case(clone, TerritoryFields())
    if role == CLAIMS and set(claim_fields.required()) <= names:
        style_claims(clone, claim_fields)
    elif role == PARCELS and parcel_fields.lot in names:
        style_parcels(clone, parcel_fields)
    elif role == TERRITORIES and territory_fields.nation in names:
        style_territories(clone, territory_fields)
    else:
        style = PLAIN_STYLES.get(role, PLAIN_STYLES[CLAIMS])
        clone.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(style)))
    return clone


def layers_extent(
    layers: list[QgsVectorLayer],
    crs: QgsCoordinateReferenceSystem,
    context: QgsCoordinateTransformContext,
) -> QgsRectangle | None:
    """The combined extent of the non-empty `layers` in `crs`; None when all are empty."""
    extent = compat.null_rectangle()
    for layer in layers:
        if layer.featureCount() == 0 or layer.extent().isNull():
            continue
        box = layer.extent()
        if layer.crs() != crs:
            box = bounding_box(QgsCoordinateTransform(layer.crs(), crs, context), box)
        extent.combineExtentWith(box)
    if extent.isNull() or extent.width() < 0:
        return None
    return extent


def with_margin(extent: QgsRectangle) -> QgsRectangle:
    """`extent` grown on every side by MARGIN_SHARE of its larger side (MIN_MARGIN_M at least)."""
    return extent.buffered(max(max(extent.width(), extent.height()) * MARGIN_SHARE, MIN_MARGIN_M))


@dataclass
class MapLayers:
    """The report's styled layers by role ("flags", "aoi", "parcels", "claims", "territories")."""

    by_role: dict[str, QgsVectorLayer]

    def ordered(self, roles: tuple[str, ...]) -> list[QgsVectorLayer]:
        return [self.by_role[role] for role in roles if role in self.by_role]


def pairs_drawn(result: OverlapResult) -> list[OverlapPair]:
    """The pairs the map draws. The report's rule at province scale: the claims' pairs with
    territories are grouped, not drawn one by one; the map shows the parcels' and areas' pairs
    and the claims on them (`claims_on_sites`). At site scale, every pair."""
    if not claims_grouped(result):
        return result.pairs
    return [pair for pair in result.pairs if pair.kind != CLAIM_TERRITORY]


def claims_on_sites(layer: QgsVectorLayer, result: OverlapResult) -> QgsVectorLayer:
    """The claims of `layer` that sit on a parcel or area of interest, as a memory layer named
    like it: what the map shows of the claims when the report groups them (province scale)."""
    fids = sorted({p.b.fid for p in result.pairs if p.kind in (PARCEL_CLAIM, AOI_CLAIM)})
    copy = layer.materialize(QgsFeatureRequest().setFilterFids(fids))
    copy.setName(layer.name())
    return copy


def map_layers(flags: QgsVectorLayer | None, layers: dict[str, QgsVectorLayer | None]) -> MapLayers:
    """Styled clones of the valid input layers, plus the flags layer styled by flag type."""
    by_role: dict[str, QgsVectorLayer] = {}
    if flags is not None and flags.isValid():
        style_flags_layer(flags)
        flags.setOpacity(FLAGS_OPACITY)
        flags.setName(tr("Overlap flags"))
        by_role[FLAGS] = flags
    for role in MAIN_ORDER:
        layer = layers.get(role) if role != FLAGS else None
        if layer is not None and layer.isValid():
            by_role[role] = styled_clone(layer, role)
    return MapLayers(by_role)


def drawn_outlines(
    layer: QgsVectorLayer,
    crs: QgsCoordinateReferenceSystem,
    tolerance: float,
    context: QgsCoordinateTransformContext,
) -> QgsVectorLayer:
    """A memory copy of a styled layer in the map's CRS, each outline simplified within
    `tolerance` map units (Douglas-Peucker: a sliver it may cross out is under the tolerance),
    with the same name, fields, style and labels."""
    uri = f"MultiPolygon?crs={crs.authid()}"
    copy = QgsVectorLayer(uri, layer.name(), "memory", unprompted_options(crs))
    copy.dataProvider().addAttributes(layer.fields().toList())
    copy.updateFields()
    transform = QgsCoordinateTransform(layer.crs(), crs, context)
    features = []
    for feature in layer.getFeatures():
        geometry = QgsGeometry(feature.geometry())
        if geometry.isNull() or geometry.transform(transform) != 0:
            continue
        drawn = QgsFeature(copy.fields())
        drawn.setAttributes(feature.attributes())
        if tolerance > 0:  # GEOS's plain Douglas-Peucker (QGIS's simplify: 3 s for 800,000)
            geometry = to_qgs(
                shapely.simplify(to_shapely(geometry), tolerance, preserve_topology=False)
            )
        drawn.setGeometry(geometry)
        features.append(drawn)
    copy.dataProvider().addFeatures(features)
    copy.updateExtents()
    copy.setRenderer(layer.renderer().clone())
    copy.setOpacity(layer.opacity())
    if layer.labeling() is not None:
        copy.setLabeling(layer.labeling().clone())
    copy.setLabelsEnabled(layer.labelsEnabled())
    return copy


def area_examined(
    styled: MapLayers, crs: QgsCoordinateReferenceSystem, context: QgsCoordinateTransformContext
) -> QgsRectangle:
    """The parcels (with a margin) when any; else the AOI; else the flags; else every layer.

    Parcels come first: they are the candidate sites, and an AOI may lie far from them (the
    overview shows every layer's whole extent).
    """
    for roles in ((PARCELS,), (AOI,), (FLAGS,), MAIN_ORDER):
        extent = layers_extent(styled.ordered(roles), crs, context)
        if extent is not None:
            return with_margin(extent)
    return QgsRectangle(0, 0, 1, 1)


def area_marker(extent: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> QgsVectorLayer:
    """A point layer at the centre of `extent`: a red ring marks it on the overview."""
    uri = f"Point?crs={crs.authid()}"
    layer = QgsVectorLayer(uri, tr("Area examined"), "memory", unprompted_options(crs))
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromPointXY(extent.center()))
    layer.dataProvider().addFeatures([feature])
    layer.updateExtents()
    symbol = QgsMarkerSymbol.createSimple(
        {
            "name": "circle",
            "color": "0,0,0,0",
            "outline_color": "215,25,28",
            "outline_width": "0.8",
            "size": str(MARKER_MM),
        }
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    return layer


def _north_arrow_path() -> str | None:
    for folder in QgsApplication.svgPaths():
        candidate = Path(folder) / NORTH_ARROW_SVG
        if candidate.is_file():
            return str(candidate)
    return None


def sources_text(result: OverlapResult) -> str:
    """One line per input: role, layer name, file or table, and the claims data date."""
    lines = []
    for info in result.inputs:
        source = info.source.split("|", 1)[0]
        if "=" not in source and Path(source).suffix:  # a file: its name; else the URI as is
            source = Path(source).name
        line = tr("{role}: {layer} ({source}, {crs}, {count} features)").format(
            role=role_label(info.role),
            layer=info.name,
            source=source,
            crs=info.crs,
            count=info.feature_count,
        )
        if info.role == CLAIMS:
            date = info.data_date.isoformat() if info.data_date else tr("unknown")
            line += " · " + tr("date of the claims data: {date}").format(date=date)
        lines.append(line)
    return tr("Data sources") + "\n" + "\n".join(lines)


class MapPage:
    """Adds the map page's items to `layout` on page `page`."""

    def __init__(self, layout: QgsLayout, page: int, keep: list) -> None:
        self.layout = layout
        self.page = page
        self.keep = keep  # objects the layout points to but does not own

    def place(self, item, x: float, y: float, w: float | None = None, h: float | None = None):
        self.layout.addLayoutItem(item)
        item.attemptMove(QgsLayoutPoint(x, y, MM), page=self.page)
        if w is not None and h is not None:
            item.attemptResize(QgsLayoutSize(w, h, MM))
        return item

    def label(
        self, text: str, size: float, x: float, y: float, w: float, h: float, bold: bool = False
    ) -> QgsLayoutItemLabel:
        item = QgsLayoutItemLabel(self.layout)
        item.setText(text)
        compat.set_label_font(item, _font(size, bold))
        item.setVAlign(Qt.AlignmentFlag.AlignTop)
        return self.place(item, x, y, w, h)

    def map_item(self, layers, crs, extent: QgsRectangle, box: tuple) -> QgsLayoutItemMap:
        item = QgsLayoutItemMap(self.layout)
        item.setCrs(crs)
        item.setLayers(layers)
        item.setKeepLayerSet(True)
        item.setFrameEnabled(True)
        self.place(item, *box)
        item.setExtent(extent)  # may reshape the item to the extent: size it again
        item.attemptResize(QgsLayoutSize(box[2], box[3], MM))
        item.zoomToExtent(extent)
        return item

    def overview(self, main: QgsLayoutItemMap, overview: QgsLayoutItemMap) -> None:
        """The main map's footprint drawn as a red frame on the overview."""
        frame = QgsLayoutItemMapOverview(tr("Area examined"), overview)
        frame.setLinkedMap(main)
        frame.setFrameSymbol(
            QgsFillSymbol.createSimple(
                {"color": "215,25,28,60", "outline_color": "215,25,28", "outline_width": "0.6"}
            )
        )
        overview.overviews().addOverview(frame)

    def legend(self, main: QgsLayoutItemMap, layers: list, x: float, y: float) -> None:
        legend = QgsLayoutItemLegend(self.layout)
        legend.setTitle(tr("Legend"))
        legend.setAutoUpdateModel(False)
        root = QgsLayerTree()
        for layer in layers:
            root.addLayer(layer)
        self.keep.append(root)
        legend.model().setRootGroup(root)
        legend.setLinkedMap(main)
        compat.set_legend_font(legend, QgsLegendStyle.Style.Title, _font(10, bold=True))
        compat.set_legend_font(legend, QgsLegendStyle.Style.Subgroup, _font(8, bold=True))
        compat.set_legend_font(legend, QgsLegendStyle.Style.SymbolLabel, _font(7))
        legend.setSymbolHeight(3.5)
        legend.setSymbolWidth(6.0)
        legend.setWrapString("\n")
        self.place(legend, x, y)
        legend.adjustBoxSize()

    def scale_bar(self, main: QgsLayoutItemMap, x: float, y: float) -> None:
        bar = QgsLayoutItemScaleBar(self.layout)
        bar.setStyle("Single Box")
        bar.setLinkedMap(main)
        bar.applyDefaultSize(QgsUnitTypes.DistanceUnit.DistanceKilometers)
        text_format = QgsTextFormat()
        text_format.setFont(_font(7))
        text_format.setSize(7)
        bar.setTextFormat(text_format)
        self.place(bar, x, y)

    def north_arrow(self, main: QgsLayoutItemMap, x: float, y: float) -> None:
        path = _north_arrow_path()
        if path is None:  # no SVG folder: a plain "N" keeps the page readable
            self.label(tr("N ↑"), 12, x, y, 12, 8, bold=True)
            return
        arrow = QgsLayoutItemPicture(self.layout)
        arrow.setPicturePath(path)
        arrow.setLinkedMap(main)
        arrow.setNorthMode(QgsLayoutItemPicture.NorthMode.GridNorth)
        arrow.setBackgroundEnabled(True)
        self.place(arrow, x, y, 9, 14)


def add_map_page(
    layout: QgsLayout,
    page: int,
    result: OverlapResult,
    flags: QgsVectorLayer | None,
    layers: dict[str, QgsVectorLayer | None],
    title: str,
    context: QgsCoordinateTransformContext,
    keep: list,
) -> QgsLayoutItemMap:
    """Lay out page `page`: title, date, the map of the area examined with an overview of the
    whole extent, legend, scale bar, north arrow and data sources. Returns the main map."""
    crs = QgsCoordinateReferenceSystem(result.crs_authid)
    styled = map_layers(flags, layers)
    keep.append(styled)
    items = MapPage(layout, page, keep)
    items.label(title, 18, MARGIN, MARGIN, PAGE_W - 2 * MARGIN, 10, bold=True)
    subtitle = tr("Generated on {date} · {pairs} pairs, {flagged} flagged · CRS {crs}").format(
        date=timestamp(result.created),
        pairs=len(result.pairs),
        flagged=len(result.flagged()),
        crs=result.crs_authid,
    )
    items.label(subtitle, 9, MARGIN, MARGIN + 10, PAGE_W - 2 * MARGIN, 6)
    extent = area_examined(styled, crs, context)
    if TERRITORIES in styled.by_role:
        per_mm = max(extent.width() / MAP_W, extent.height() / MAP_H)
        styled.by_role[TERRITORIES] = drawn_outlines(
            styled.by_role[TERRITORIES], crs, per_mm * DRAWN_TOLERANCE_MM, context
        )
    main_layers = styled.ordered(MAIN_ORDER)
    main = items.map_item(main_layers, crs, extent, (MARGIN, MAP_TOP, MAP_W, MAP_H))
    side_x = MARGIN + MAP_W + 4.0
    whole = layers_extent(main_layers, crs, context) or extent
    whole.combineExtentWith(extent)
    marker = area_marker(extent, crs)
    keep.append(marker)
    overview_layers = [marker] + (styled.ordered(OVERVIEW_ORDER) or main_layers)
    overview = items.map_item(
        overview_layers, crs, with_margin(whole), (side_x, MAP_TOP, SIDE_W, OVERVIEW_H)
    )
    items.overview(main, overview)
    items.label(tr("Overview"), 7, side_x, MAP_TOP + OVERVIEW_H + 0.5, SIDE_W, 4)
    items.legend(main, main_layers, side_x, MAP_TOP + OVERVIEW_H + 5)
    items.north_arrow(main, MARGIN + MAP_W - 12, MAP_TOP + 2)
    items.scale_bar(main, MARGIN, MAP_TOP + MAP_H + 2)
    items.label(sources_text(result), 6.5, MARGIN + 75, MAP_TOP + MAP_H + 1.5, MAP_W - 75, 18)
    return main
