"""Bounding boxes through a project's chosen operations, on every QGIS the plugin supports.

QGIS 3.40.6 (Debian 13) fails every bounding box through an operation that the transform
context holds the other way round ("Invalid coordinate"): after the plugin had recorded the
project's operations, the overlap frame lost the layers in EPSG:3857 (so the dock's second run
missed its prepared territories) and the sync panel's "limit to the map extent" raised.
"""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsDatumTransform,
    QgsRectangle,
)

from imperial_land.core.maplayers.transform_context import (
    bounding_box,
    chosen_context,
    runnable_operation,
)
from imperial_land.core.overlap.equal_area import lat_lon_band

QUEBEC = QgsCoordinateReferenceSystem("EPSG:32198")
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")
NAD83 = QgsCoordinateReferenceSystem("EPSG:4269")
# Most of Quebec in Quebec Lambert, and its box in WGS 84 (PROJ's own operation, 3.22 to 3.44).
QUEBEC_BOX = QgsRectangle(-500_000.0, 100_000.0, 600_000.0, 1_500_000.0)
QUEBEC_BOX_WGS84 = (-76.849, 44.612, -58.501, 57.543)


def _corners(box: QgsRectangle) -> tuple[float, float, float, float]:
    return (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())


def _held_the_other_way(
    source: QgsCoordinateReferenceSystem, destination: QgsCoordinateReferenceSystem
) -> QgsCoordinateTransformContext:
    """A context holding only destination -> source, as QGIS's "Select Transformation" records
    a user's choice, and as this plugin recorded a project's pairs before."""
    context = QgsCoordinateTransformContext()
    operation = runnable_operation(destination, source)
    assert operation and context.addCoordinateOperation(destination, source, operation)
    assert context.mustReverseCoordinateOperation(source, destination)
    return context


def test_a_box_through_an_operation_held_the_other_way(qgis_app):
    transform = QgsCoordinateTransform(QUEBEC, WGS84, _held_the_other_way(QUEBEC, WGS84))
    box = bounding_box(transform, QUEBEC_BOX)
    assert _corners(box) == pytest.approx(QUEBEC_BOX_WGS84, abs=1e-3)


def test_a_box_that_fails_every_way_still_raises(qgis_app):
    transform = QgsCoordinateTransform(WGS84, MERCATOR, QgsCoordinateTransformContext())
    with pytest.raises(QgsCsException, match="Could not transform bounding box to target CRS"):
        bounding_box(transform, QgsRectangle(-10.0, 95.0, 10.0, 100.0))  # beyond a pole


def test_the_frame_keeps_every_layer_whatever_the_context_holds(qgis_app):
    """The overlap frame's latitude band and central longitude, from a Web Mercator and a Quebec
    Lambert extent: the same with the operations held the other way as with none (QGIS 3.40.6
    dropped the Mercator extent from the band: the frame, and the prepared territories' key
    with it, moved between the dock's runs)."""
    mercator = QgsRectangle(-8_567_854.6, 6_316_428.3, -7_076_745.9, 8_857_427.8)
    extents = [(mercator, MERCATOR), (QUEBEC_BOX, QUEBEC)]
    held = _held_the_other_way(MERCATOR, NAD83)
    operation = runnable_operation(NAD83, QUEBEC)
    assert operation and held.addCoordinateOperation(NAD83, QUEBEC, operation)
    # Latitudes: Quebec Lambert's south, Mercator's north; longitudes: Mercator's west (-76.966),
    # Quebec Lambert's east (-58.501).
    for context in (held, QgsCoordinateTransformContext()):
        (lat_lo, lat_hi), lon_centre = lat_lon_band(extents, context)
        assert (lat_lo, lat_hi, lon_centre) == pytest.approx((44.612, 61.993, -67.734), abs=1e-3)


def test_the_plugin_records_each_way_with_its_own_operation(qgis_app):
    """Both ways held directly, so QGIS's own boxes (each layer's WGS 84 extent) never run an
    entry reversed; each the first runnable operation PROJ offers for that way."""
    crses = [QUEBEC, WGS84, NAD83, MERCATOR]
    context = chosen_context(crses)
    for source in crses:
        for destination in crses:
            if source == destination:
                continue
            runnable = [
                d.proj for d in QgsDatumTransform.operations(source, destination) if d.isAvailable
            ]
            assert runnable, (source.authid(), destination.authid())
            assert context.calculateCoordinateOperation(source, destination) == runnable[0]
            assert not context.mustReverseCoordinateOperation(source, destination)
    transform = QgsCoordinateTransform(QUEBEC, WGS84, context)
    box = transform.transformBoundingBox(QUEBEC_BOX)  # QGIS's own call, no fallback
    assert _corners(box) == pytest.approx(QUEBEC_BOX_WGS84, abs=1e-3)


def test_a_project_recorded_one_way_gets_the_other_way(qgis_app):
    """The plugin's projects before held one entry per pair (PROJ's first choice): the next
    time the plugin records the project's operations, the other way is added."""
    held = _held_the_other_way(QUEBEC, WGS84)
    context = chosen_context([QUEBEC, WGS84], held)
    assert not context.mustReverseCoordinateOperation(QUEBEC, WGS84)
    assert context.calculateCoordinateOperation(QUEBEC, WGS84) == runnable_operation(QUEBEC, WGS84)
    assert len(context.coordinateOperations()) == 2


def test_a_users_choice_for_a_pair_is_kept(qgis_app):
    """A user who chose, from WGS 84 to MTM zone 7, the operation PROJ ranks second keeps it,
    and QGIS runs it reversed the other way (not the plugin's first choice for that way)."""
    mtm7 = QgsCoordinateReferenceSystem("EPSG:2949")
    offered = [d.proj for d in QgsDatumTransform.operations(WGS84, mtm7) if d.isAvailable]
    assert len(offered) == 2  # NAD83(CSRS) to WGS 84 (2), then (1)
    held = QgsCoordinateTransformContext()
    assert held.addCoordinateOperation(WGS84, mtm7, offered[1])
    context = chosen_context([mtm7, WGS84], held)
    assert context.coordinateOperations() == held.coordinateOperations()
    assert context.mustReverseCoordinateOperation(mtm7, WGS84)
    assert context.calculateCoordinateOperation(mtm7, WGS84) == offered[1]


def test_a_pair_held_both_ways_asks_proj_nothing(qgis_app, monkeypatch):
    """Recording a project the plugin recorded before looks nothing up (on QGIS 3.40 each
    look-up prints PROJ's complaint about every missing grid): the session's answers stay
    empty; a pair held one way is looked up both ways."""
    from imperial_land.core.maplayers import transform_context

    recorded = chosen_context([QUEBEC, WGS84])
    asked: dict = {}
    monkeypatch.setattr(transform_context, "_RUNNABLE", asked)
    assert chosen_context([QUEBEC, WGS84], recorded).coordinateOperations() == (
        recorded.coordinateOperations()
    )
    assert asked == {}
    chosen_context([QUEBEC, WGS84], _held_the_other_way(QUEBEC, WGS84))
    assert sorted(asked) == [("EPSG:32198", "EPSG:4326"), ("EPSG:4326", "EPSG:32198")]
