"""The sync's source: the WFS for an area, otherwise core/gestim.read_gestim_source.

A URL is downloaded with a conditional GET; a local zip, .shp or folder is opened. Either way,
(None, state) means unchanged since the last run (HTTP 304 or the same SHA-256), and every file
is read with core/gestim.read_gestim_zip.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import settings
from imperial_land.core.gestim import DownloadState, GestimBatch
from imperial_land.core.gestim import reader as gestim
from imperial_land.core.net import HttpOptions

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
