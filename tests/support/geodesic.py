"""Hand references on the ellipsoid for the overlap tests: brute force, no plugin code."""

from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsPointXY,
)


def nearest_on_segment_m(point: tuple, start: tuple, end: tuple) -> float:
    """The least ellipsoidal distance (GRS80) from a NAD83 point to a segment drawn straight in
    NAD83, by brute force: 10 m steps along it, then 1 cm steps around the nearest."""
    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4269"), QgsCoordinateTransformContext())
    measure.setEllipsoid("GRS80")
    origin = QgsPointXY(*point)

    def at(t: float) -> float:
        x = start[0] + t * (end[0] - start[0])
        y = start[1] + t * (end[1] - start[1])
        return measure.measureLine(origin, QgsPointXY(x, y))

    length = measure.measureLine(QgsPointXY(*start), QgsPointXY(*end))
    steps = np.linspace(0.0, 1.0, int(length / 10.0) + 1)
    best = float(steps[int(np.argmin([at(t) for t in steps]))])
    fine = np.linspace(best - 10.0 / length, best + 10.0 / length, 2001)
    return min(at(t) for t in fine if 0.0 <= t <= 1.0)
