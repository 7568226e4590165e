"""Overlay: the three layers land styled in the "Imperial Land" group; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate
from qgis.PyQt.QtGui import QColor, QImage

from imperial_land.core.common.errors import UserError
from imperial_land.core.maplayers.fields import ClaimFields, check_date_field
from imperial_land.core.maplayers.overlay import add_land_layers
from imperial_land.core.maplayers.sample import sample_layer, sample_layers
from imperial_land.core.maplayers.styles import CLAIM_COLORS
from tests.support.render import render_png
from tests.support.style_counts import class_counts

MISSING_EXPIRY = (
    "The mining claims layer 'bad claims' has no field 'TIT_DAT_EX'; choose the field that "
    "holds it (the plugin's settings, or the algorithm's field parameters in Processing)."
)


def tree(project: QgsProject) -> list[tuple[str, list[str]]]:
    """The layer tree: (group or layer name, children names)."""
    return [
        (node.name(), [child.name() for child in getattr(node, "children", list)()])
        for node in project.layerTreeRoot().children()
    ]


def claims_without_expiry() -> QgsVectorLayer:
    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:4269&field=TIT_NO:string&field=STI_DES_FR:string&field=DET_NOM:string",
        "bad claims",
        "memory",
    )
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(-66, 50, -65.99, 50.01)))
    layer.dataProvider().addFeatures([feature])
    return layer


def test_sample_into_group_styled(qgis_app):
    project = QgsProject()
    loaded = add_land_layers(project, *sample_layers())
    assert tree(project) == [("Imperial Land", ["parcels", "claims", "territories"])]
    assert loaded.group is project.layerTreeRoot().findGroup("Imperial Land")
    claims, parcels, territories = (loaded.layers[r] for r in ("claims", "parcels", "territories"))
    assert claims.renderer().type() == "RuleRenderer"
    assert parcels.renderer().type() == "singleSymbol" and parcels.labelsEnabled()
    assert territories.renderer().type() == "categorizedSymbol"
    assert (claims.crs().authid(), parcels.crs().authid(), territories.crs().authid()) == (
        "EPSG:4269",
        "EPSG:32198",
        "EPSG:3857",
    )
    assert claims.featureCount() == sample_layer("claims").featureCount()
    assert sorted(project.mapLayers()) == sorted(layer.id() for layer in loaded.layers.values())


def test_project_layers_are_moved_not_copied(qgis_app):
    project = QgsProject()
    parcels = sample_layer("parcels")
    project.addMapLayer(parcels)
    assert tree(project) == [("parcels", [])]
    for _again in range(2):
        loaded = add_land_layers(project, parcels=parcels)
        assert loaded.layers["parcels"] is parcels
        assert tree(project) == [("Imperial Land", ["parcels"])]
        assert list(project.mapLayers()) == [parcels.id()]


def test_missing_field_named_and_nothing_added(qgis_app):
    project = QgsProject()
    keep = sample_layer("aoi")
    project.addMapLayer(keep)
    parcels, territories = sample_layer("parcels"), sample_layer("territories")
    with pytest.raises(UserError) as error:
        add_land_layers(project, claims_without_expiry(), parcels, territories)
    assert str(error.value) == MISSING_EXPIRY
    assert tree(project) == [("aoi", [])]
    assert list(project.mapLayers()) == [keep.id()]


def test_an_expiry_field_that_holds_no_dates_is_refused(qgis_app):
    """The holder's name chosen as the expiry field left every claim unflagged, unsaid; text
    dates as GESTIM writes them ('YYYYMMDD') and date fields pass."""
    from imperial_land.core.maplayers import ClaimFields
    from imperial_land.core.overlap import OverlapOptions, run_overlap

    project = QgsProject()
    claims = sample_layer("claims")
    holder_as_expiry = ClaimFields(expiry="DET_NOM")
    first_holder = next(claims.getFeatures())["DET_NOM"]
    message = (
        "The field 'DET_NOM' of the mining claims layer 'claims' holds no dates (e.g. "
        f"'{first_holder}'); choose the field that holds the expiry date."
    )
    with pytest.raises(UserError) as error:
        add_land_layers(project, claims, claim_fields=holder_as_expiry)
    assert str(error.value) == message
    assert list(project.mapLayers()) == []
    options = OverlapOptions(claim_fields=holder_as_expiry)
    with pytest.raises(UserError) as error:
        run_overlap(claims, sample_layer("parcels"), None, options=options)
    assert str(error.value) == message
    text_dates = QgsVectorLayer(
        "Polygon?crs=EPSG:4269&field=TIT_NO:string&field=TIT_DAT_EX:string", "gestim", "memory"
    )
    feature = QgsFeature(text_dates.fields())
    feature.setAttributes(["2512345", "20271231"])
    text_dates.dataProvider().addFeature(feature)
    check_date_field(text_dates, "claims", "TIT_DAT_EX")  # no error
    check_date_field(claims, "claims", ClaimFields().expiry)  # a date field: no error


def test_point_layer_refused(qgis_app):
    project = QgsProject()
    points = QgsVectorLayer("Point?crs=EPSG:4326&field=NATION:string", "wells", "memory")
    with pytest.raises(UserError) as error:
        add_land_layers(project, territories=points)
    assert str(error.value) == (
        "The ancestral territories layer 'wells' is not a polygon layer; choose a polygon layer."
    )
    assert tree(project) == [] and project.mapLayers() == {}


def test_no_layer_given(qgis_app):
    with pytest.raises(UserError, match=r"Choose at least one layer to load\."):
        add_land_layers(QgsProject())


def test_custom_field_names(qgis_app):
    """A claims layer with its own names: classified through the names given."""
    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:4269&field=NUM:string&field=ETAT:string&field=FIN:date&field=QUI:string",
        "my claims",
        "memory",
    )
    today = dt.date.today()
    rows = [("1", "Actif", today + dt.timedelta(days=400)), ("2", "Actif", today)]
    for n, (number, status, expiry) in enumerate(rows):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([number, status, QDate(expiry.year, expiry.month, expiry.day), "Q"])
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(n, 50, n + 0.01, 50.01)))
        layer.dataProvider().addFeatures([feature])
    fields = ClaimFields(title="NUM", status="ETAT", status_code="", expiry="FIN", holder="QUI")
    project = QgsProject()
    loaded = add_land_layers(project, claims=layer, claim_fields=fields)
    rules = loaded.layers["claims"].renderer().rootRule().children()
    assert '"FIN"' in rules[0].filterExpression()
    assert "lower(trim(coalesce(\"ETAT\", ''))) IN ('a', 'actif', 'active')" in (
        rules[2].filterExpression()
    )
    assert class_counts(loaded.layers["claims"], loaded.layers["claims"].renderer()) == {
        "Active": 1,
        "Expiring within 90 days": 1,
    }


def test_algorithm_loads_and_saves_project(qgis_app, plugin_provider, qgis_new_project, tmp_path):
    import processing

    from imperial_land.core.common.paths import sample_gpkg

    gpkg = sample_gpkg()
    result = processing.run(
        "imperial_land:loadlandlayers",
        {
            "CLAIMS": f"{gpkg}|layername=claims",
            "PARCELS": f"{gpkg}|layername=parcels",
            "TERRITORIES": f"{gpkg}|layername=territories",
            "EXPIRY_DAYS": 30,
            "PROJECT_FILE": str(tmp_path / "overlay.qgz"),
        },
    )
    assert result == {
        "GROUP": "Imperial Land",
        "LAYER_COUNT": 3,
        "PROJECT_FILE": str(tmp_path / "overlay.qgz"),
    }
    assert tree(QgsProject.instance()) == [("Imperial Land", ["parcels", "claims", "territories"])]
    saved = QgsProject()
    assert saved.read(str(tmp_path / "overlay.qgz"))
    assert tree(saved) == [("Imperial Land", ["parcels", "claims", "territories"])]
    claims = saved.mapLayersByName("claims")[0]
    labels = [rule.label() for rule in claims.renderer().rootRule().children()]
    assert labels[1] == "Expiring within 30 days"


def test_algorithm_bad_field_message(qgis_app, plugin_provider, qgis_new_project):
    import processing

    with pytest.raises(QgsProcessingException) as error:
        processing.run("imperial_land:loadlandlayers", {"CLAIMS": claims_without_expiry()})
    assert MISSING_EXPIRY in str(error.value)
    assert QgsProject.instance().layerTreeRoot().children() == []


def test_render_png_draws_claim_colour(qgis_app, tmp_path):
    """A single active claim filling the view: the centre pixel is its colour over white."""
    today = dt.date.today()
    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:32198&field=TIT_NO:string&field=STI_DES_FR:string"
        "&field=STI_CODE:string&field=TIT_DAT_EX:date&field=DET_NOM:string",
        "claims",
        "memory",
    )
    feature = QgsFeature(layer.fields())
    expiry = today + dt.timedelta(days=400)
    feature.setAttributes(["1", "Actif", "A", QDate(expiry.year, expiry.month, expiry.day), "Q"])
    feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(0, 0, 1000, 1000)))
    layer.dataProvider().addFeatures([feature])
    project = QgsProject()
    add_land_layers(project, claims=layer)
    path = render_png(project, tmp_path / "map.png", size=(1000, 800))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1000, 800)
    pixel = QColor(image.pixel(500, 500))  # the legend sits in the upper-left corner
    green, alpha = QColor(CLAIM_COLORS["active"]), 210 / 255
    expected = [round(255 * (1 - alpha) + c * alpha) for c in green.getRgb()[:3]]
    assert [pixel.red(), pixel.green(), pixel.blue()] == pytest.approx(expected, abs=3)
    corner = QColor(image.pixel(990, 790))  # outside the claim: background
    assert corner.getRgb()[:3] == (255, 255, 255)


def test_algorithm_with_project_layers_and_no_file(qgis_app, plugin_provider, qgis_new_project):
    """Layers already in the project are restyled and grouped; no project file is asked for."""
    import processing

    project = QgsProject.instance()
    claims, parcels = sample_layer("claims"), sample_layer("parcels")
    project.addMapLayers([claims, parcels])
    result = processing.run(
        "imperial_land:loadlandlayers", {"CLAIMS": claims.id(), "PARCELS": parcels.id()}
    )
    assert result == {"GROUP": "Imperial Land", "LAYER_COUNT": 2}
    assert tree(project) == [("Imperial Land", ["parcels", "claims"])]
    assert sorted(project.mapLayers()) == sorted([claims.id(), parcels.id()])
    assert claims.renderer().type() == "RuleRenderer"


def test_field_names_matched_regardless_of_case(qgis_app):
    """Lower-cased GESTIM columns (as PostGIS loaders write them) work with the default names."""
    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:4269&field=tit_no:string&field=sti_des_fr:string"
        "&field=sti_code:string&field=tit_dat_ex:date&field=det_nom:string",
        "claims",
        "memory",
    )
    today = dt.date.today()
    expired = today - dt.timedelta(days=3)
    feature = QgsFeature(layer.fields())
    feature.setAttributes(["1", "Actif", "A", QDate(expired.year, expired.month, expired.day), "Q"])
    feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(0, 50, 0.01, 50.01)))
    layer.dataProvider().addFeatures([feature])
    project = QgsProject()
    loaded = add_land_layers(project, claims=layer)
    rules = loaded.layers["claims"].renderer().rootRule().children()
    assert '"tit_dat_ex" IS NOT NULL AND "tit_dat_ex" <' in rules[0].filterExpression()
    assert "lower(trim(coalesce(\"sti_code\", '')))" in rules[2].filterExpression()
    assert class_counts(loaded.layers["claims"], loaded.layers["claims"].renderer()) == {
        "Expired": 1
    }
