"""What an offline pack is built from (PackRequest), and the checks made before writing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsMapLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.pack.clip import aoi_in_crs

NAME_PATTERN = re.compile(r"^[\w][\w .-]*$")
MAX_ZOOM = 20


@dataclass
class PackRequest:
    """What to pack: AOI polygon and its CRS, layers, basemap layers, zooms, where and name."""

    name: str
    aoi: QgsGeometry
    aoi_crs: QgsCoordinateReferenceSystem
    layers: list[QgsVectorLayer]
    out_dir: Path
    basemap_layers: list[QgsMapLayer] = field(default_factory=list)  # empty: no basemap
    zoom_min: int | None = None  # None: the settings' default
    zoom_max: int | None = None
    overwrite: bool = False
    # the register whose consultation records the pack carries (path or "pg:..."; None: none)
    consultation_register: str | Path | None = None


@dataclass
class PackResult:
    """Where the pack went and what it holds."""

    folder: Path
    zip_path: Path
    project_path: Path
    feature_counts: dict[str, int]  # table -> features
    tile_count: int


def zoom_range(request: PackRequest) -> tuple[int, int]:
    low = settings.get("pack/zoom_min") if request.zoom_min is None else request.zoom_min
    high = settings.get("pack/zoom_max") if request.zoom_max is None else request.zoom_max
    if not 0 <= low <= high <= MAX_ZOOM:
        raise UserError(
            tr("The zoom range {low}-{high} is not valid; use 0 to {max} with min <= max.").format(
                low=low, high=high, max=MAX_ZOOM
            )
        )
    return low, high


def check_request(request: PackRequest) -> QgsGeometry:
    """Raise UserError for any bad input; return the AOI polygon (repaired if needed)."""
    if not NAME_PATTERN.match(request.name or ""):
        raise UserError(
            tr(
                "The pack name '{name}' is not usable as a folder name; "
                "use letters, digits, spaces, '-', '_' or '.'."
            ).format(name=request.name)
        )
    if not request.aoi_crs.isValid():
        raise UserError(tr("The area of interest has no coordinate reference system."))
    aoi = request.aoi
    if aoi is None or aoi.isNull() or aoi.isEmpty():
        raise UserError(
            tr(
                "The area of interest is empty; pick a polygon feature, "
                "use the map extent or draw a rectangle."
            )
        )
    if aoi.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
        raise UserError(tr("The area of interest must be a polygon."))
    if not aoi.isGeosValid():
        aoi = aoi.makeValid()
    if not request.layers:
        raise UserError(tr("Choose at least one layer to put in the pack."))
    for layer in request.layers:
        if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
            raise UserError(tr("A layer chosen for the pack cannot be opened."))
        if not layer.crs().isValid():
            raise UserError(
                tr(
                    "The layer '{layer}' chosen for the pack has no coordinate reference system; "
                    "set one."
                ).format(layer=layer.name())
            )
    zoom_range(request)
    return aoi


def check_overlap(request: PackRequest, aoi: QgsGeometry) -> None:
    """UserError when every layer is empty, or the AOI lies outside the extent of every layer."""
    if all(layer.featureCount() == 0 for layer in request.layers):
        raise UserError(
            tr(
                "The layers chosen for the pack hold no features ({layers}); no pack was written."
            ).format(layers=", ".join(layer.name() for layer in request.layers))
        )
    for layer in request.layers:
        local = aoi_in_crs(aoi, request.aoi_crs, layer.crs())
        if local.boundingBox().intersects(layer.extent()):
            return
    raise UserError(
        tr(
            "The area of interest lies outside every chosen layer ({layers}); "
            "check the area and its coordinate reference system. No pack was written."
        ).format(layers=", ".join(layer.name() for layer in request.layers))
    )
