"""Build an offline map pack: clipped styled layers, basemap tiles, project, manifest, zip.

Everything is written in a hidden folder next to the target and renamed at the end, so a
cancelled or failed build leaves nothing under the pack's name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsMapLayer,
    QgsProcessingFeedback,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtXml import QDomDocument

from imperial_land.core import settings
from imperial_land.core.errors import UserError
from imperial_land.core.feedback import StepProgress, check_cancelled, ensure_feedback
from imperial_land.core.i18n import tr
from imperial_land.core.pack_clip import aoi_in_crs, clip_layer
from imperial_land.core.pack_manifest import write_manifest
from imperial_land.core.pack_project import write_project
from imperial_land.core.pack_sources import layer_provenance, layer_role
from imperial_land.core.pack_tiles import render_mbtiles

BASEMAP_FILE = "basemap.mbtiles"
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


@dataclass
class PackResult:
    """Where the pack went and what it holds."""

    folder: Path
    zip_path: Path
    project_path: Path
    feature_counts: dict[str, int]  # table -> features
    tile_count: int


def _zooms(request: PackRequest) -> tuple[int, int]:
    low = settings.get("pack/zoom_min") if request.zoom_min is None else request.zoom_min
    high = settings.get("pack/zoom_max") if request.zoom_max is None else request.zoom_max
    if not 0 <= low <= high <= MAX_ZOOM:
        raise UserError(
            tr("The zoom range {low}-{high} is not valid; use 0 to {max} with min <= max.").format(
                low=low, high=high, max=MAX_ZOOM
            )
        )
    return low, high


def _check_request(request: PackRequest) -> QgsGeometry:
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
    _zooms(request)
    return aoi


def _check_overlap(request: PackRequest, aoi: QgsGeometry) -> None:
    """UserError when the AOI lies outside the extent of every layer."""
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


def _table_names(layers: list[QgsVectorLayer]) -> list[str]:
    """One GeoPackage table name per layer: its role, else its name, made unique."""
    names: list[str] = []
    for layer in layers:
        base = layer_role(layer) or re.sub(r"\W+", "_", layer.name()).strip("_").lower()
        name, number = base or "layer", 2
        while name in names:
            name, number = f"{base}_{number}", number + 1
        names.append(name)
    return names


def _copy_style(source: QgsVectorLayer, gpkg: Path, table: str) -> None:
    """Give the packed table the source layer's style, saved as default in `layer_styles`."""
    packed = QgsVectorLayer(f"{gpkg}|layername={table}", source.name(), "ogr")
    doc = QDomDocument("qgis")
    source.exportNamedStyle(doc)
    packed.importNamedStyle(doc)
    error = packed.saveStyleToDatabase(source.name(), tr("Offline pack style"), True, "")
    if error:
        raise UserError(
            tr("Cannot save the style of '{layer}' in the pack: {error}").format(
                layer=source.name(), error=error
            )
        )


def _zip_folder(folder: Path, arc_root: str, zip_path: Path) -> None:
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, f"{arc_root}/{path.relative_to(folder).as_posix()}")


def _place(temp_folder: Path, temp_zip: Path, folder: Path, zip_path: Path) -> None:
    """Move the finished pack under its final names (replacing an older pack if asked)."""
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        folder.rename(old)
    temp_folder.rename(folder)
    os.replace(temp_zip, zip_path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_pack(request: PackRequest, feedback: QgsProcessingFeedback | None = None) -> PackResult:
    """Build the pack `<out_dir>/<name>/` and `<out_dir>/<name>.zip`."""
    feedback = ensure_feedback(feedback)
    aoi = _check_request(request)
    zoom_min, zoom_max = _zooms(request)
    _check_overlap(request, aoi)
    out_dir = Path(request.out_dir)
    folder, zip_path = out_dir / request.name, out_dir / f"{request.name}.zip"
    if not request.overwrite and (folder.exists() or zip_path.exists()):
        raise UserError(
            tr("A pack named '{name}' already exists in {folder}; choose another name.").format(
                name=request.name, folder=str(out_dir)
            )
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    temp_folder = Path(tempfile.mkdtemp(prefix=f".{request.name}.partial-", dir=out_dir))
    temp_folder.chmod(0o755)
    temp_zip = temp_folder.with_name(temp_folder.name + ".zip")
    try:
        result = _build_into(request, aoi, zoom_min, zoom_max, temp_folder, feedback)
        _zip_folder(temp_folder, request.name, temp_zip)
        check_cancelled(feedback)
        _place(temp_folder, temp_zip, folder, zip_path)
    except BaseException:
        shutil.rmtree(temp_folder, ignore_errors=True)
        temp_zip.unlink(missing_ok=True)
        raise
    feedback.setProgress(100.0)
    return PackResult(
        folder,
        zip_path,
        folder / result.project_path.name,
        result.feature_counts,
        result.tile_count,
    )


def _build_into(
    request: PackRequest,
    aoi: QgsGeometry,
    zoom_min: int,
    zoom_max: int,
    folder: Path,
    feedback: QgsProcessingFeedback,
) -> PackResult:
    """Write every file of the pack into `folder`."""
    progress = StepProgress(feedback, len(request.layers) + 3)
    gpkg_name = f"{request.name}.gpkg"
    gpkg = folder / gpkg_name
    tables = _table_names(request.layers)
    layer_entries, counts = [], {}
    for layer, table in zip(request.layers, tables):
        progress.next(tr("Clipping '{layer}' to the area…").format(layer=layer.name()))
        clipped = clip_layer(layer, aoi, request.aoi_crs, gpkg, table, feedback)
        _copy_style(layer, gpkg, table)
        counts[table] = clipped.feature_count
        layer_entries.append(
            {
                "table": table,
                "title": layer.name(),
                "role": layer_role(layer),
                "crs": layer.crs().authid(),
                "feature_count": clipped.feature_count,
                "cut_count": clipped.cut_count,
                **layer_provenance(layer),
            }
        )
    if sum(counts.values()) == 0:
        raise UserError(
            tr(
                "The area of interest holds no feature of the chosen layers ({layers}); "
                "no pack was written."
            ).format(layers=", ".join(layer.name() for layer in request.layers))
        )
    progress.next(tr("Rendering the basemap tiles…"))
    tile_count = 0
    basemap_name = None
    if request.basemap_layers:
        basemap_name = BASEMAP_FILE
        tile_count = render_mbtiles(
            request.basemap_layers,
            aoi,
            request.aoi_crs,
            zoom_min,
            zoom_max,
            folder / BASEMAP_FILE,
            request.name,
            feedback,
            progress.within,
        )
    progress.next(tr("Writing the project…"))
    titles = [(table, layer.name()) for table, layer in zip(tables, request.layers)]
    project_path = write_project(
        folder, request.name, gpkg_name, titles, basemap_name, aoi, request.aoi_crs
    )
    progress.next(tr("Writing the manifest and the zip…"))
    for side_file in folder.glob("*.aux.xml"):  # GDAL's statistics, rewritten on every open
        side_file.unlink()
    write_manifest(
        folder,
        {
            "name": request.name,
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "aoi": {"wkt": aoi.asWkt(), "crs": request.aoi_crs.authid()},
            "geopackage": gpkg_name,
            "project": project_path.name,
            "layers": layer_entries,
            "basemap": None
            if basemap_name is None
            else {
                "file": basemap_name,
                "zoom_min": zoom_min,
                "zoom_max": zoom_max,
                "tiles": tile_count,
                "layers": [layer.name() for layer in request.basemap_layers],
            },
        },
    )
    return PackResult(folder, folder.with_suffix(".zip"), project_path, counts, tile_count)
