"""The extent each layer brings to the overlap frame (equal_area.layer_extent)."""

from __future__ import annotations

from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

from imperial_land.core.overlap import layer_extent


def test_a_layer_brings_its_features_extent(sample_gpkg):
    parcels = QgsVectorLayer(f"{sample_gpkg}|layername=parcels", "parcels", "ogr")
    assert parcels.crs().authid() == "EPSG:32198"
    assert layer_extent(parcels) == parcels.extent()
    assert not layer_extent(parcels).isNull()


def test_a_layer_being_edited_brings_its_unsaved_features_and_geometries_too(qgis_app):
    layer = QgsVectorLayer("Polygon?crs=EPSG:32198", "sites", "memory")
    assert layer_extent(layer).isNull()  # no features: no part of the frame
    saved = QgsFeature()
    saved.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"))
    assert layer.dataProvider().addFeatures([saved])[0]
    layer.updateExtents()
    assert layer_extent(layer).toString(0) == "0,0 : 100,100"
    assert layer.startEditing()
    added = QgsFeature(layer.fields())
    added.setGeometry(QgsGeometry.fromWkt("POLYGON((500 500, 600 500, 600 600, 500 500))"))
    assert layer.addFeature(added)
    assert layer_extent(layer).toString(0) == "0,0 : 600,600"
    moved = QgsGeometry.fromWkt("POLYGON((-50 0, 100 0, 100 100, -50 0))")
    assert layer.changeGeometry(next(layer.dataProvider().getFeatures()).id(), moved)
    assert layer_extent(layer).toString(0) == "-50,0 : 600,600"
    layer.rollBack()
    assert layer_extent(layer).toString(0) == "0,0 : 100,100"
