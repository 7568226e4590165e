"""GESTIM mining titles as plain records: the province zip, a local file or folder, the WFS."""

from __future__ import annotations

import datetime
import email.utils
import hashlib
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingFeedback,
    QgsProcessingMultiStepFeedback,
)

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, file_sha256, tr
from imperial_land.core.gestim.columns import (
    arrow_available,
    arrow_columns,
    field_kinds,
    ogr_columns,
    open_vector,
)
from imperial_land.core.gestim.encoding import check_decoded, dbf_encoding, undecodable_error
from imperial_land.core.gestim.records import TITLE_FIELD, GestimBatch
from imperial_land.core.gestim.wfs import fetch_wfs
from imperial_land.core.net import DownloadState, HttpOptions, download

__all__ = [
    "DownloadState",
    "GestimBatch",
    "HttpOptions",
    "fetch_wfs",
    "read_gestim_source",
    "read_gestim_zip",
    "vsi_path",
]

SHAPE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def _pick_shapefile(names: list[str], where: str) -> str:
    """The shapefile among `names`: the only one, else the one named TITRES*."""
    shps = sorted(n for n in names if n.lower().endswith(".shp"))
    if not shps:
        raise UserError(tr("No shapefile (.shp) found in {where}.").format(where=where))
    titres = [n for n in shps if PurePosixPath(n).name.upper().startswith("TITRES")]
    return (titres or shps)[0]


def _require_sibling(names: list[str], shp: str, suffix: str, where: str) -> None:
    wanted = shp[:-4].lower() + suffix
    if not any(n.lower() == wanted for n in names):
        if suffix == ".prj":
            raise UserError(
                tr(
                    "{where} has no .prj file beside {shp}: the coordinate system cannot be known "
                    "(GESTIM's files always have one). Get the complete file again."
                ).format(where=where, shp=PurePosixPath(shp).name)
            )
        raise UserError(
            tr("{where} has no {suffix} file beside {shp}: the shapefile is incomplete.").format(
                where=where, suffix=suffix, shp=PurePosixPath(shp).name
            )
        )


def vsi_path(path: Path, shown: str | None = None) -> str:
    """The GDAL path of the shapefile in a zip, a folder or a .shp, after checking its parts;
    `shown` names the zip in messages (a download: its URL, not the cache file it went to)."""
    if not path.exists():
        raise UserError(tr("The GESTIM file {path} does not exist.").format(path=path))
    named, short = (shown, shown) if shown else (str(path), path.name)
    if path.is_dir() or path.suffix.lower() == ".shp":
        folder = path if path.is_dir() else path.parent
        names = [p.name for p in folder.iterdir()]
        shp = path.name if path.suffix.lower() == ".shp" else _pick_shapefile(names, str(path))
        for suffix in (".dbf", ".prj"):
            _require_sibling(names, shp, suffix, str(folder))
        return str(folder / shp)
    if not zipfile.is_zipfile(path):
        raise UserError(
            tr(
                "{path} is not a valid zip file (corrupt or incomplete download). "
                "Download it again."
            ).format(path=named)
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            damaged = archive.testzip()  # reads every member, checks its CRC
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise UserError(
            tr("{path} is not a valid zip file ({detail}). Download it again.").format(
                path=named, detail=error
            )
        ) from error
    if damaged is not None:
        raise UserError(
            tr("{path} is damaged: {member} fails its checksum. Download it again.").format(
                path=short, member=damaged
            )
        )
    shp = _pick_shapefile(names, short)
    for suffix in (".dbf", ".prj"):
        _require_sibling(names, shp, suffix, short)
    return f"/vsizip/{path.as_posix()}/{shp}"


def _crs_authid(layer, where: str) -> str:
    """The authority id of the layer's CRS, from its .prj (never assumed)."""
    srs = layer.GetSpatialRef()
    authority = None
    if srs is not None:
        name, code = srs.GetAuthorityName(None), srs.GetAuthorityCode(None)
        if name and code:
            authority = (name, code)
        else:  # a .prj written as ESRI WKT names no authority: the closest match, as fiona did
            for match, confidence in srs.FindMatches() or ():
                name, code = match.GetAuthorityName(None), match.GetAuthorityCode(None)
                if confidence >= 70 and name and code:
                    authority = (name, code)
                    break
    if authority:
        return "{}:{}".format(*authority)
    wkt = srs.ExportToWkt() if srs is not None else ""
    authid = QgsCoordinateReferenceSystem.fromWkt(wkt).authid() if wkt else ""
    if not authid:
        raise UserError(
            tr("The coordinate system in the .prj of {where} is not recognised.").format(
                where=where
            )
        )
    return authid


def read_gestim_zip(
    path: str | Path, feedback: QgsProcessingFeedback | None = None, shown: str | None = None
) -> GestimBatch:
    """Read a GESTIM zip (or a .shp, or a folder holding one); .dbf in the encoding its .cpg
    names, else its dBASE language byte, else cp1252; mojibake refused (gestim/encoding.py).

    QGIS's own GDAL (osgeo.ogr) opens and checks the source (zip checksums, .prj, TIT_NO present,
    the CRS); the rows come column by column from GDAL's Arrow stream (gestim/columns.py).
    No second GDAL/PROJ (fiona's wheel) is ever loaded into QGIS. `shown`: what messages call
    the file (a download's URL).
    """
    feedback = ensure_feedback(feedback)
    path = Path(path)
    vsi = vsi_path(path, shown)
    encoding = dbf_encoding(vsi, path.name)  # its .cpg, else the dBASE language byte, else cp1252
    columns = dataset = layer = None
    try:
        dataset = open_vector(vsi, path.name, encoding)
        layer = dataset.GetLayer(0)
        fields = [name for name, _kind in field_kinds(layer)]
        if TITLE_FIELD not in fields:
            raise UserError(
                tr(
                    "The GESTIM file {path} has no {field} field (title number); fields "
                    "found: {fields}. Is it really a GESTIM titles file?"
                ).format(path=path.name, field=TITLE_FIELD, fields=", ".join(fields))
            )
        crs_authid = _crs_authid(layer, path.name)
        if not arrow_available():
            columns = ogr_columns(layer, fields, feedback)
        layer = dataset = None  # closed before the Arrow read opens the file again
        if columns is None:
            columns = arrow_columns(vsi, fields, path.name, feedback, encoding)
    except UserError:
        raise
    except UnicodeDecodeError as error:  # a text the .dbf's encoding cannot read
        raise undecodable_error(path.name, encoding, error.object) from error
    except Exception as error:  # GDAL fails in many ways on a damaged file
        raise UserError(
            tr("Could not read the GESTIM file {path}: {detail}").format(
                path=path.name, detail=error
            )
        ) from error
    finally:
        layer = dataset = None  # closed on error too (see columns.arrow_columns)
    check_decoded(columns, fields, path.name, encoding)
    feedback.setProgress(100.0)
    dated = path if vsi.startswith("/vsizip/") else Path(vsi)
    mtime = datetime.date.fromtimestamp(dated.stat().st_mtime)
    return GestimBatch(columns, fields, crs_authid, str(path), mtime)


def _local_sha256(path: Path) -> str:
    """SHA-256 of a zip or .shp file, or of the shapefile parts in a folder."""
    if path.is_file() and path.suffix.lower() != ".shp":
        return file_sha256(path)
    folder = path if path.is_dir() else path.parent
    stem = path.stem if path.suffix.lower() == ".shp" else None
    hasher = hashlib.sha256()
    for part in sorted(folder.iterdir()):
        if part.suffix.lower() in SHAPE_PARTS and (stem is None or part.stem == stem):
            hasher.update(part.name.encode("utf-8"))
            hasher.update(file_sha256(part).encode("ascii"))
    return hasher.hexdigest()


def _local_source(
    source: str, previous: DownloadState | None, feedback: QgsProcessingFeedback
) -> tuple[GestimBatch | None, DownloadState]:
    path = Path(unquote(urlsplit(source).path)) if source.startswith("file:") else Path(source)
    if not path.exists():
        raise UserError(tr("The GESTIM source {path} does not exist.").format(path=path))
    stat = path.stat()
    state = DownloadState(
        url=source,
        last_modified=email.utils.formatdate(stat.st_mtime, usegmt=True),
        sha256=_local_sha256(path),
        size=stat.st_size if path.is_file() else None,
    )
    if previous is not None and previous.sha256 == state.sha256:
        return None, state
    batch = read_gestim_zip(path, feedback)
    batch.source = source
    return batch, state


def _http_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def read_gestim_source(
    source: str,
    cache_dir: Path,
    previous: DownloadState | None,
    feedback: QgsProcessingFeedback | None = None,
    options: HttpOptions | None = None,
) -> tuple[GestimBatch | None, DownloadState]:
    """Download (http/https URL) or open (local zip, .shp or folder) a GESTIM source.

    Returns (None, state) when the source is unchanged since `previous`: the server answered
    304, or the file has the same SHA-256. A URL is downloaded into `cache_dir` (conditional
    GET, resume, size and checksum checks: see core/net/download.py) and the file removed once
    read (a broken download's `.part` stays there for the next run to resume).
    """
    feedback = ensure_feedback(feedback)
    if not source.lower().startswith(("http://", "https://")):
        return _local_source(source, previous, feedback)
    steps = QgsProcessingMultiStepFeedback(2, feedback)
    name = PurePosixPath(urlsplit(source).path).name or "gestim.zip"
    result = download(source, Path(cache_dir) / name, previous, steps, options)
    if result.path is None:
        feedback.pushInfo(tr("GESTIM source unchanged since the last run (HTTP 304)."))
        return None, result.state
    try:  # once read, the downloaded zip is of no further use: it never piles up in the cache
        if previous is not None and previous.sha256 == result.state.sha256:
            feedback.pushInfo(tr("GESTIM source unchanged since the last run (same checksum)."))
            return None, result.state
        check_cancelled(feedback)
        steps.setCurrentStep(1)
        batch = read_gestim_zip(result.path, steps, shown=source)
    finally:
        result.path.unlink(missing_ok=True)
    batch.source = source
    batch.source_date = _http_date(result.state.last_modified)
    return batch, result.state
