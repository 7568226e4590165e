"""Build an offline map pack: clipped styled layers, basemap tiles, project, manifest, zip.

Everything is written in a hidden folder next to the target and renamed at the end, so a
cancelled or failed build leaves nothing under the pack's name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from pathlib import Path

from qgis.core import (
    QgsGeometry,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

from imperial_land.core.common import (
    StepProgress,
    UserError,
    check_cancelled,
    compat,
    ensure_feedback,
    partial_folder,
    tr,
)
from imperial_land.core.pack.basemap import basemap_sources, copy_style
from imperial_land.core.pack.clip import clip_layer
from imperial_land.core.pack.manifest import write_manifest
from imperial_land.core.pack.notes import NOTES_GPKG, notes_manifest_entry, write_notes_gpkg
from imperial_land.core.pack.project import write_project
from imperial_land.core.pack.request import (
    PackRequest,
    PackResult,
    check_overlap,
    check_request,
    zoom_range,
)
from imperial_land.core.pack.sources import layer_provenance, layer_role
from imperial_land.core.pack.tiles import render_mbtiles

BASEMAP_FILE = "basemap.mbtiles"


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
    copy_style(source, packed)
    error = compat.save_style_to_database(packed, source.name(), tr("Offline pack style"), True)
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
    try:
        temp_folder.rename(folder)
    except OSError:
        if old is not None:
            old.rename(folder)
        raise
    os.replace(temp_zip, zip_path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _consultation_layers(
    request: PackRequest, gpkg: Path, tables: list[str]
) -> list[tuple[str, str, int]]:
    """Write the consultation records of the packed sites (read-only copies for the field)."""
    from imperial_land.core.consultation import ConsultationStore
    from imperial_land.core.pack.consultation import write_pack_consultation
    from imperial_land.core.register import open_register

    register = open_register(request.consultation_register)
    try:
        if not register.exists():
            raise UserError(
                tr("'{target}' holds no claim register with consultation records.").format(
                    target=request.consultation_register
                )
            )
        snapshot = ConsultationStore(register).snapshot()
    finally:
        register.close()
    roles = [(table, layer_role(layer)) for table, layer in zip(tables, request.layers)]
    return write_pack_consultation(gpkg, roles, snapshot, request.aoi_crs)


def build_pack(request: PackRequest, feedback: QgsProcessingFeedback | None = None) -> PackResult:
    """Build the pack `<out_dir>/<name>/` and `<out_dir>/<name>.zip`."""
    feedback = ensure_feedback(feedback)
    aoi = check_request(request)
    zoom_min, zoom_max = zoom_range(request)
    check_overlap(request, aoi)
    out_dir = Path(request.out_dir)
    folder, zip_path = out_dir / request.name, out_dir / f"{request.name}.zip"
    if not request.overwrite and (folder.exists() or zip_path.exists()):
        raise UserError(
            tr("A pack named '{name}' already exists in {folder}; choose another name.").format(
                name=request.name, folder=str(out_dir)
            )
        )
    temp_folder = partial_folder(out_dir, f".{request.name}.partial-")  # and its zip beside
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
        if clipped.repaired_count:
            feedback.pushWarning(
                tr("{count} invalid geometries of '{layer}' were repaired before the cut.").format(
                    count=clipped.repaired_count, layer=layer.name()
                )
            )
        layer_entries.append(
            {
                "table": table,
                "title": layer.name(),
                "role": layer_role(layer),
                "crs": layer.crs().authid(),
                "feature_count": clipped.feature_count,
                "cut_count": clipped.cut_count,
                "repaired_count": clipped.repaired_count,
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
    if request.consultation_register:
        extra = _consultation_layers(request, gpkg, tables)
        titles_extra = {table: title for table, title, _count in extra}
        for table, title, count in extra:
            counts[table] = count
            layer_entries.append(
                {"table": table, "title": title, "role": "consultation", "feature_count": count}
            )
    else:
        titles_extra = {}
    progress.next(tr("Rendering the basemap tiles…"))
    tile_count = 0
    basemap_name = None
    if request.basemap_layers:
        basemap_name = BASEMAP_FILE
        sources = basemap_sources(request.basemap_layers, aoi, request.aoi_crs, feedback)
        tile_count = render_mbtiles(
            sources,
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
    write_notes_gpkg(folder, request.aoi_crs)
    titles = [(table, layer.name()) for table, layer in zip(tables, request.layers)]
    titles += [(table, title) for table, title in titles_extra.items()]
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
            "field_notes": notes_manifest_entry(),
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
        editable={NOTES_GPKG},
    )
    return PackResult(folder, folder.with_suffix(".zip"), project_path, counts, tile_count)
