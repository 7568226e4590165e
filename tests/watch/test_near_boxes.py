"""The staking watch measures only the company claims whose box comes near a changed title's:
the pre-filter keeps every claim within the distance (and may keep a few more), never fewer."""

from __future__ import annotations

import math

import numpy as np
from qgis.core import QgsCoordinateReferenceSystem

from imperial_land.core.watch.run import near_boxes

NAD83 = QgsCoordinateReferenceSystem("EPSG:4269")
LAMBERT = QgsCoordinateReferenceSystem("EPSG:32198")  # Quebec Lambert, metres


def _east(metres: float, lat: float) -> float:
    """Degrees of longitude spanning `metres` along the parallel at `lat` (GRS80)."""
    a, e2 = 6_378_137.0, 0.00669438002290
    phi = math.radians(lat)
    radius = a * math.cos(phi) / math.sqrt(1.0 - e2 * math.sin(phi) ** 2)
    return math.degrees(metres / radius)


def test_degrees_keep_every_box_within_the_distance(qgis_app):
    title = np.array([[-66.0, 50.0, -65.99, 50.01]])
    edge = -65.99
    boxes = np.array(
        [
            [edge + _east(1_900, 50.0), 50.0, edge + _east(2_400, 50.0), 50.01],  # 1.9 km east
            [edge + _east(3_500, 50.0), 50.0, edge + _east(4_000, 50.0), 50.01],  # 3.5 km: kept
            [edge + _east(10_000, 50.0), 50.0, edge + _east(10_500, 50.0), 50.01],  # 10 km
            [np.nan] * 4,  # no geometry
            [-66.0, 50.01 + 1_900 / 111_250, -65.99, 50.03],  # 1.9 km north
        ]
    )
    assert near_boxes(title, boxes, 2_000.0, NAD83).tolist() == [0, 1, 4]
    assert near_boxes(title, boxes, 0.0, NAD83).tolist() == []
    assert near_boxes(np.zeros((0, 4)), boxes, 2_000.0, NAD83).tolist() == []


def test_metres_and_other_units(qgis_app):
    title = np.array([[0.0, 0.0, 500.0, 500.0]])
    boxes = np.array([[2_400.0, 0.0, 2_900.0, 500.0], [4_600.0, 0.0, 5_000.0, 500.0]])
    assert near_boxes(title, boxes, 1_000.0, LAMBERT).tolist() == [0]
    feet = QgsCoordinateReferenceSystem("EPSG:2263")  # US feet: nothing is dropped
    assert near_boxes(title, boxes, 1_000.0, feet).tolist() == [0, 1]
