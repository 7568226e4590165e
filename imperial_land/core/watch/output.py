"""The watch list written: a CSV (UTF-8 with BOM, for spreadsheets) and a GeoPackage layer styled
by event, its style stored as the layer's default. Both are built in a temporary folder beside
the targets and moved into place at the end: a failure leaves no file and replaces none."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsRendererCategory,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from imperial_land.core.common import UserError, compat, partial_folder, refuse_folder, tr
from imperial_land.core.watch.model import (
    WatchEvent,
    WatchResult,
    WatchRow,
    event_label,
    target_label,
)

LAYER_NAME = "staking_watch"
COLUMNS = [
    "event",
    "title",
    "reg_key",
    "holder",
    "status",
    "date",
    "touches",
    "target",
    "target_layer",
    "distance_m",
    "overlap_ha",
    "run_id",
]
FIELD_KINDS = {"date": "date", "distance_m": "double", "overlap_ha": "double", "run_id": "int"}
EVENT_STYLES = {
    WatchEvent.NEW.value: {"color": "215,48,39,120", "outline_color": "165,0,38"},
    WatchEvent.TRANSFER.value: {"color": "253,174,97,120", "outline_color": "230,85,13"},
    WatchEvent.BACK.value: {"color": "116,173,209,120", "outline_color": "49,54,149"},
}


def headers() -> list[str]:
    """The CSV's column headers, translated."""
    return [
        tr("Staking event"),
        tr("Title"),
        tr("Row key"),
        tr("Holder"),
        tr("Status"),
        tr("Date"),
        tr("Touches"),
        tr("Company land"),
        tr("Layer"),
        tr("Distance (m)"),
        tr("Overlap (ha)"),
        tr("Sync run"),
    ]


def row_cells(row: WatchRow) -> list[str]:
    """One CSV row: labels translated, metres to 0.1, hectares to 0.0001."""
    return [
        event_label(row.event),
        row.title,
        row.key,
        row.holder,
        row.status,
        row.date.isoformat() if row.date else "",
        target_label(row.target_kind),
        row.target,
        row.target_layer,
        f"{row.distance_m:.1f}",
        f"{row.overlap_ha:.4f}",
        "" if row.run_id is None else str(row.run_id),
    ]


def write_watch(
    result: WatchResult, csv_path: str | Path | None = None, layer_path: str | Path | None = None
) -> WatchResult:
    """Write the CSV and/or the styled GeoPackage of `result` (all or nothing); set their paths
    on `result`. A result with problems writes nothing (UserError)."""
    if result.problems:
        raise UserError(" ".join(result.problems))
    targets = [Path(p) for p in (csv_path, layer_path) if p]
    if not targets:
        return result
    for target in targets:
        refuse_folder(target)
        target.parent.mkdir(parents=True, exist_ok=True)
    work = partial_folder(targets[0].parent, ".watch-")
    try:
        built = []
        if csv_path:
            built.append((_write_csv(result, work / "watch.csv"), Path(csv_path)))
        if layer_path:
            built.append((_write_layer(result, work / "watch.gpkg"), Path(layer_path)))
        for made, target in built:
            os.replace(made, target)
    except OSError as exc:
        raise UserError(
            tr("The staking watch cannot be written: {error}").format(error=exc)
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result.csv_path = str(csv_path or "")
    result.layer_path = str(layer_path or "")
    return result


def _write_csv(result: WatchResult, path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        for row in result.rows:
            writer.writerow(row_cells(row))
    return path


def watch_fields() -> QgsFields:
    fields = QgsFields()
    for name in COLUMNS:
        fields.append(compat.field(name, FIELD_KINDS.get(name, "string")))
    return fields


def _write_layer(result: WatchResult, path: Path) -> Path:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = LAYER_NAME
    options.fileEncoding = "UTF-8"
    fields = watch_fields()
    crs = QgsCoordinateReferenceSystem(result.crs_authid)
    writer = QgsVectorFileWriter.create(
        str(path),
        fields,
        QgsWkbTypes.Type.MultiPolygon,
        crs,
        QgsCoordinateTransformContext(),
        options,
    )
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        raise UserError(
            tr("The staking watch layer cannot be written: {error}").format(
                error=writer.errorMessage()
            )
        )
    for row in result.rows:
        feature = QgsFeature(fields)
        feature.setAttributes(
            [
                row.event,
                row.title,
                row.key,
                row.holder,
                row.status,
                QDate(row.date.year, row.date.month, row.date.day) if row.date else None,
                row.target_kind,
                row.target,
                row.target_layer,
                row.distance_m,
                row.overlap_ha,
                row.run_id,
            ]
        )
        geometry = QgsGeometry()
        if row.geometry_wkb:
            geometry.fromWkb(row.geometry_wkb)
            geometry.convertToMultiType()
        feature.setGeometry(geometry)
        writer.addFeature(feature)
    del writer  # flushes and closes the file
    layer = QgsVectorLayer(f"{path}|layername={LAYER_NAME}", LAYER_NAME, "ogr")
    if not layer.isValid():
        raise UserError(tr("The staking watch layer cannot be written: {error}").format(
            error=layer.error().summary()
        ))  # fmt: skip
    style_watch_layer(layer)
    error = compat.save_style_to_database(layer, LAYER_NAME, tr("Styled by event"), True)
    del layer
    if error:
        raise UserError(tr("The staking watch layer cannot be written: {error}").format(
            error=error
        ))  # fmt: skip
    return path


def style_watch_layer(layer: QgsVectorLayer) -> None:
    """Categorised by event (new title, transfer, back from gone), translated labels."""
    categories = [
        QgsRendererCategory(
            event,
            QgsFillSymbol.createSimple({**style, "outline_width": "0.6"}),
            event_label(event),
        )
        for event, style in EVENT_STYLES.items()
    ]
    layer.setRenderer(QgsCategorizedSymbolRenderer("event", categories))
    names = dict(zip(COLUMNS, headers()))
    for index, field in enumerate(layer.fields()):
        if field.name() in names:
            layer.setFieldAlias(index, names[field.name()])
