"""The PDF's map page: the area examined with a margin, overview inset, styles, legend, sources."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsLayout, QgsLayoutItemLegend, QgsLayoutItemMap, QgsProject, QgsVectorLayer

from imperial_land.core.common.i18n import install_translator, remove_translator
from imperial_land.core.overlap.results import OverlapResult
from imperial_land.core.report.map import MAP_H, MAP_W, add_map_page, styled_clone
from imperial_land.core.report.pdf import write_report_pdf
from tests.support.flags import memory_flags_layer
from tests.support.report_cases import INNU, NASKAPI, hand_result, layers_for_map


def _page(result: OverlapResult, layers: dict) -> tuple[QgsLayout, list[QgsLayoutItemMap], list]:
    project = QgsProject()
    layout = QgsLayout(project)
    layout.initializeDefaults()
    keep: list = [project]
    flags = memory_flags_layer(result)
    keep.append(flags)
    add_map_page(layout, 0, result, flags, layers, "Title", project.transformContext(), keep)
    maps = [item for item in layout.items() if isinstance(item, QgsLayoutItemMap)]
    maps.sort(key=lambda item: -item.rect().width())  # the main map is the wider one
    return layout, maps, keep


def _page_one_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_main_map_is_the_parcel_with_a_margin(qgis_app):
    _layout, (main, overview), _keep = _page(hand_result(), layers_for_map())
    extent = main.extent()
    # P1 is 4000..6000 m both ways; margin max(25 % of 2000, 300) = 500 m: 3500..6500.
    # The frame is wider than tall, so the height is exact and the width follows the frame.
    assert extent.height() == pytest.approx(3000.0)
    assert extent.width() == pytest.approx(3000.0 * MAP_W / MAP_H, rel=1e-3)
    assert (extent.center().x(), extent.center().y()) == pytest.approx((5000.0, 5000.0))
    # The overview shows the whole extent (T1 + T2: 0..15000 m) and marks the area examined.
    whole = overview.extent()
    assert whole.xMinimum() <= 0 and whole.xMaximum() >= 15800 and whole.yMaximum() >= 15000
    marker = overview.layers()[0]
    points = [f.geometry().asPoint() for f in marker.getFeatures()]
    assert [(p.x(), p.y()) for p in points] == [(5000.0, 5000.0)]
    assert overview.overviews().overview(0).linkedMap() is main


def test_without_parcels_the_map_shows_the_flags(qgis_app):
    layers = layers_for_map()
    del layers["parcels"]
    _layout, (main, _overview), _keep = _page(hand_result(), layers)
    # Flags span x 4000..15800 (C3 near T2), y 4000..6000; margin 25 % of 11800 = 2950 m.
    extent = main.extent()
    assert extent.width() == pytest.approx(11800.0 + 2 * 2950.0)
    assert (extent.center().x(), extent.center().y()) == pytest.approx((9900.0, 5000.0))


def test_legend_lists_the_layers_and_flag_types(qgis_app):
    layout, (main, _overview), _keep = _page(hand_result(), layers_for_map())
    legend = next(item for item in layout.items() if isinstance(item, QgsLayoutItemLegend))
    assert legend.linkedMap() is main
    names = [node.name() for node in legend.model().rootGroup().children()]
    assert names == ["Overlap flags", "Parcels", "Claims", "Territories"]


def test_input_layers_drawn_in_the_plugin_styles(qgis_app, sample_gpkg):
    layers = {
        role: QgsVectorLayer(f"{sample_gpkg}|layername={role}", role, "ogr")
        for role in ("claims", "parcels", "territories", "aoi")
    }
    clones = {role: styled_clone(layer, role) for role, layer in layers.items()}
    claim_rules = [rule.label() for rule in clones["claims"].renderer().rootRule().children()]
    assert claim_rules == [
        "Expired",
        "Expiring within 90 days",
        "Active",
        "Suspended (held)",
        "Renewal pending (held)",
        "Other status",
    ]
    territories = clones["territories"].renderer()
    assert territories.classAttribute() == "NATION"
    assert [c.label() for c in territories.categories()] == [
        "Innu of Matimekush-Lac John",
        INNU,
        NASKAPI,
        "Nunavik Inuit",
    ]
    assert clones["parcels"].labelsEnabled()
    assert clones["parcels"].labeling().settings().fieldName == "NO_LOT"
    assert clones["aoi"].renderer().type() == "singleSymbol"
    for layer in layers.values():  # the user's layers keep their own style
        assert layer.renderer().type() == "singleSymbol" and not layer.labelsEnabled()


@pytest.mark.parametrize("date, shown", [("2026-11-23", "2026-11-23"), (None, "unknown")])
def test_pdf_page_one_has_title_legend_and_sources(qgis_app, tmp_path, date, shown):
    result = hand_result()
    if date is None:
        result.inputs[0].data_date = None
    flags = memory_flags_layer(result)
    pages = write_report_pdf(result, tmp_path / "r.pdf", flags, layers_for_map(), "Sept-Iles lot")
    assert pages >= 2
    text = _page_one_text(tmp_path / "r.pdf")
    for expected in (
        "Sept-Iles lot",
        "Generated on 2026-11-25 10:30",
        "Overview",
        "Legend",
        "Consultation",
        "Third-party title",
        "Data sources",
        f"date of the claims data: {shown}",
        "Parcel: parcels (parcels.gpkg, EPSG:32198, 1 features)",
    ):
        assert expected in text, expected
    assert "Summary per Nation" not in text  # the tables start on page 2


def test_map_page_in_french(qgis_app, tmp_path):
    result = hand_result()
    result.inputs[0].data_date = None
    assert install_translator("fr") == "fr"
    try:
        write_report_pdf(result, tmp_path / "r.pdf", memory_flags_layer(result), layers_for_map())
    finally:
        remove_translator()
    text = _page_one_text(tmp_path / "r.pdf")
    for expected in ("Vue d’ensemble", "Sources des données", "titres : inconnue", "entités"):
        assert expected in text, expected


def test_territories_drawn_from_outlines_simplified_under_the_tolerance(qgis_app):
    """The map draws a territory from a copy in the map's CRS whose outline drops the vertices
    within the tolerance (a 0.4 m bump on a 10 km edge at 1 m) and keeps the others, with the
    layer's name, fields and style."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsGeometry,
    )

    from imperial_land.core.common import compat
    from imperial_land.core.maplayers import TERRITORIES
    from imperial_land.core.report.map import drawn_outlines

    layer = QgsVectorLayer("Polygon?crs=EPSG:4269", "Territories", "memory")
    layer.dataProvider().addAttributes([compat.field("NATION", "string")])
    layer.updateFields()
    feature = QgsFeature(layer.fields())
    feature["NATION"] = INNU
    # In EPSG:32198 first, then drawn from EPSG:4269: the copy is moved into the map's CRS.
    lambert = QgsGeometry.fromWkt(
        "POLYGON((0 0,5000 0.4,10000 0,10000 10000,5000 10300,0 10000,0 0))"
    )
    lambert.transform(
        QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:32198"),
            QgsCoordinateReferenceSystem("EPSG:4269"),
            QgsProject.instance(),
        )
    )
    feature.setGeometry(lambert)
    layer.dataProvider().addFeatures([feature])
    styled = styled_clone(layer, TERRITORIES)
    drawn = drawn_outlines(
        styled, QgsCoordinateReferenceSystem("EPSG:32198"), 1.0, QgsProject().transformContext()
    )
    assert (drawn.name(), drawn.featureCount(), drawn.crs().authid()) == (
        "Territories",
        1,
        "EPSG:32198",
    )
    (only,) = list(drawn.getFeatures())
    assert only["NATION"] == INNU
    ring = [(round(p.x()), round(p.y())) for p in only.geometry().vertices()]
    assert ring == [(0, 0), (10000, 0), (10000, 10000), (5000, 10300), (0, 10000), (0, 0)]
    assert drawn.renderer().type() == styled.renderer().type() == "categorizedSymbol"
