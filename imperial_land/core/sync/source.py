"""The sync's source: the WFS for an area, otherwise core/gestim.read_gestim_source.

A URL is downloaded with a conditional GET; a local zip, .shp or folder is opened. Either way,
(None, state) means unchanged since the last run (HTTP 304 or the same SHA-256), and every file
is read with core/gestim.read_gestim_zip.
"""

from __future__ import annotations

from pathlib import Path

import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProcessingFeedback,
    QgsProject,
    QgsRectangle,
)

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.gestim import WATCHED_FIELDS, DownloadState, GestimBatch
from imperial_land.core.gestim import reader as gestim
from imperial_land.core.maplayers import bounding_box
from imperial_land.core.net import HttpOptions
from imperial_land.core.register import RegisterBackend

BBox = tuple[float, float, float, float]


def read_source(
    source: str,
    bbox_wgs84: BBox | None,
    previous: DownloadState | None,
    cache_dir: Path,
    feedback: QgsProcessingFeedback,
    options: HttpOptions | None = None,
) -> tuple[GestimBatch | None, DownloadState | None]:
    """The batch (None when unchanged since `previous`) and its download state (None: WFS)."""
    if bbox_wgs84 is not None:
        type_name = settings.get("wfs/type_name")
        return gestim.fetch_wfs(source, type_name, bbox_wgs84, feedback, options=options), None
    return gestim.read_gestim_source(source, cache_dir, previous, feedback, options)


def _live_titles_in(register: RegisterBackend, bbox_wgs84: BBox) -> list[str]:
    """Row keys of the register's live rows whose shape meets the area (lon/lat)."""
    stored, gone = register.read_digests()
    live = [key for key in stored if key not in gone]
    if not live:
        return []
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsCoordinateReferenceSystem(register.crs_authid()),
        QgsProject.instance(),
    )
    area = bounding_box(transform, QgsRectangle(*bbox_wgs84))
    frame = shapely.box(area.xMinimum(), area.yMinimum(), area.xMaximum(), area.yMaximum())
    rows = register.read_rows(live)
    keys = [key for key, row in rows.items() if row.geometry_wkb is not None]
    shapes = shapely.from_wkb([rows[key].geometry_wkb for key in keys])
    return [key for key, hit in zip(keys, shapely.intersects(shapes, frame).tolist()) if hit]


def check_wfs_answer(register: RegisterBackend, batch: GestimBatch, bbox_wgs84: BBox) -> None:
    """Refuse an empty WFS answer over an area where the register holds live titles: every tile
    empty there means the server read the area's axes in the other order (or lost the layer),
    not that the titles are gone."""
    if batch.n_rows or not register.exists():
        return
    known = _live_titles_in(register, bbox_wgs84)
    if known:
        raise UserError(
            tr(
                "The WFS at {url} returned no title at all for the area {bbox}, where the "
                "register holds {count} live rows: the server most likely reads the area's "
                "longitude and latitude in the other order. Nothing was written; check the WFS "
                "address and its axis order (bbox=minlon,minlat,maxlon,maxlat,EPSG:4326)."
            ).format(url=batch.source, bbox=tuple(bbox_wgs84), count=len(known))
        )


def wfs_fields(batch: GestimBatch, register_fields: list[str]) -> tuple[list[str], list[str]]:
    """(register fields the WFS sync updates, with their WFS names; register fields it cannot
    update, the WFS not publishing them)."""
    renamed = batch.renamed or {}
    updated = [f"{name} ({renamed[name]})" if name in renamed else name for name in batch.fields]
    present = set(batch.fields)
    wanted = list(dict.fromkeys([*register_fields, *WATCHED_FIELDS]))
    return updated, [name for name in wanted if name not in present]
