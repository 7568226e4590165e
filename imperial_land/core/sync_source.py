"""The sync's source: download (conditional GET) or open the GESTIM zip, read it column-wise.

Same steps and states as core/gestim.read_gestim_source (304 or same SHA-256 = unchanged); every
file is read with core/gestim.read_gestim_zip, the WFS with core/gestim.fetch_wfs.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from qgis.core import QgsProcessingFeedback

from imperial_land.core import gestim, settings
from imperial_land.core.download import download, file_sha256
from imperial_land.core.errors import UserError
from imperial_land.core.gestim import DownloadState, GestimBatch, read_gestim_zip
from imperial_land.core.http import HttpOptions
from imperial_land.core.i18n import tr

BBox = tuple[float, float, float, float]


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def http_date(value: str | None) -> dt.date | None:
    """The date of an HTTP date header (None when absent or unreadable)."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def _from_url(
    url: str,
    cache_dir: Path,
    previous: DownloadState | None,
    feedback: QgsProcessingFeedback,
    options: HttpOptions | None,
) -> tuple[GestimBatch | None, DownloadState]:
    name = PurePosixPath(urlsplit(url).path).name or "gestim.zip"
    result = download(url, Path(cache_dir) / name, previous, feedback, options)
    if result.path is None:
        feedback.pushInfo(tr("GESTIM source unchanged since the last run (HTTP 304)."))
        return None, result.state
    if previous is not None and previous.sha256 == result.state.sha256:
        feedback.pushInfo(tr("GESTIM source unchanged since the last run (same checksum)."))
        return None, result.state
    try:
        batch = read_gestim_zip(result.path, feedback)
    except UserError:
        result.path.unlink(missing_ok=True)  # the next run downloads it again
        raise
    batch.source = url
    batch.source_date = http_date(result.state.last_modified)
    return batch, result.state


def _from_zip(
    path: Path, source: str, previous: DownloadState | None, feedback: QgsProcessingFeedback
) -> tuple[GestimBatch | None, DownloadState]:
    stat = path.stat()
    state = DownloadState(
        url=source,
        last_modified=email.utils.formatdate(stat.st_mtime, usegmt=True),
        sha256=file_sha256(path),
        size=stat.st_size,
    )
    if previous is not None and previous.sha256 == state.sha256:
        return None, state
    batch = read_gestim_zip(path, feedback)
    batch.source = source
    return batch, state


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
    if is_url(source):
        return _from_url(source, cache_dir, previous, feedback, options)
    path = Path(source)
    if path.is_file() and path.suffix.lower() == ".zip":
        return _from_zip(path, source, previous, feedback)
    if not path.exists():
        raise UserError(tr("The GESTIM source {path} does not exist.").format(path=path))
    return gestim.read_gestim_source(source, cache_dir, previous, feedback, options)
