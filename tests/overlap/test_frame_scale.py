"""The frame's scale along the parallels (EqualAreaFrame.local_scale, which pairs.near and the
SQL engine use to find nearest points) against PROJ's own projection factors through QGIS."""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsEllipsoidUtils,
    QgsPoint,
)

from imperial_land.core.overlap.equal_area import EqualAreaFrame, move_xy


@pytest.mark.parametrize(
    ("ellipsoid", "band", "base"),
    [
        ("GRS80", (44.0, 62.0), "EPSG:4269"),
        ("GRS80", (50.0, 51.0), None),
        ("EPSG:7008", (45.0, 47.0), None),  # Clarke 1866
    ],
)
def test_local_scale_is_projs_parallel_scale(qgis_app, ellipsoid, band, base):
    base_crs = QgsCoordinateReferenceSystem(base) if base else None
    frame = EqualAreaFrame(ellipsoid, QgsCoordinateTransformContext(), band, -68.0, base=base_crs)
    axes = QgsEllipsoidUtils.ellipsoidParameters(ellipsoid)
    geographic = base_crs or QgsCoordinateReferenceSystem.fromProj(
        f"+proj=longlat +a={axes.semiMajor!r} +b={axes.semiMinor!r} +no_defs +type=crs"
    )
    to_frame = frame.transform(geographic, True)
    for lat in (-40.0, 0.0, 30.0, 45.0, 50.3, 60.0, 75.0):
        factors = frame.crs.factors(QgsPoint(-66.5, lat))
        assert factors.isValid()
        y = move_xy(np.array([[-66.5, lat]]), to_frame)[0, 1]
        k = float(frame.local_scale(np.array([y]))[0])
        assert k == pytest.approx(factors.parallelScale(), rel=1e-9)
        assert 1.0 / k == pytest.approx(factors.meridionalScale(), rel=1e-9)
