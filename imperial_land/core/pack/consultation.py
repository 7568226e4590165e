"""The consultation records an offline pack carries, read-only, for the field crew: a map layer
`consultation` (one feature per site x Nation whose parcel, area or claim is in the pack: the
site's shape as packed, its Nation, status, owner, last contact, open commitments and next due
date; styled by status and labelled), and the tables `consultation_events` and `commitments` of
those sites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from imperial_land.core.common import UserError, compat, settings, tr
from imperial_land.core.consultation import Snapshot, form_label, status_labels
from imperial_land.core.maplayers import AOI, CLAIMS, PARCELS, label_font
from imperial_land.core.overlap import aoi_name_field, feature_key

SITES_LAYER = "consultation"
EVENTS_LAYER = "consultation_events"
COMMITMENTS_LAYER = "commitments"
STATUS_COLOURS = {
    "not_started": "#d7301f",
    "notified": "#fc8d59",
    "in_discussion": "#fdcc8a",
    "commitments_agreed": "#74c476",
    "closed": "#969696",
}


def pack_layer_titles() -> dict[str, str]:
    return {
        SITES_LAYER: tr("Consultation"),
        EVENTS_LAYER: tr("Consultation events"),
        COMMITMENTS_LAYER: tr("Commitments"),
    }


def _key_field(layer: QgsVectorLayer, role: str) -> str:
    """The field holding the key the flags (and so the sites) name a feature by."""
    names = {name.lower(): name for name in layer.fields().names()}
    if role == AOI:
        return aoi_name_field(layer)
    setting = "fields/parcel_id" if role == PARCELS else "fields/claim_id"
    return names.get(str(settings.get(setting)).lower(), "")


def _shapes(
    gpkg: Path, tables: list[tuple[str, str]], crs: QgsCoordinateReferenceSystem
) -> dict[tuple[str, str], QgsGeometry]:
    """(role, key) -> the packed shape (in `crs`) of every packed feature of a site role."""
    shapes: dict[tuple[str, str], QgsGeometry] = {}
    for table, role in tables:
        if role not in (PARCELS, AOI, CLAIMS):
            continue
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
        if not layer.isValid():
            continue
        field = _key_field(layer, role)
        transform = QgsCoordinateTransform(layer.crs(), crs, QgsCoordinateTransformContext())
        for feature in layer.getFeatures():
            geometry = QgsGeometry(feature.geometry())
            if geometry.isEmpty():
                continue
            geometry.transform(transform)
            key = (role, feature_key(feature[field] if field else None, feature.id()))
            old = shapes.get(key)
            shapes[key] = geometry if old is None else old.combine(geometry)
        del layer
    return shapes


def _fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in (
        ("site_role", "string"),
        ("site_key", "string"),
        ("nation", "string"),
        ("status", "string"),
        ("status_label", "string"),
        ("owner", "string"),
        ("last_contact", "date"),
        ("open_commitments", "int"),
        ("next_due", "date"),
    ):
        fields.append(compat.field(name, kind))
    return fields


def _writer(
    gpkg: Path, table: str, fields: QgsFields, wkb: QgsWkbTypes.Type, crs
) -> QgsVectorFileWriter:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = table
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
    writer = QgsVectorFileWriter.create(
        str(gpkg), fields, wkb, crs, QgsCoordinateTransformContext(), options
    )
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        raise UserError(
            tr("Cannot write the layer '{layer}' into the pack: {error}").format(
                layer=table, error=writer.errorMessage()
            )
        )
    return writer


def _qdate(value: dt.date | None):
    return QDate(value.year, value.month, value.day) if value else None


def write_pack_consultation(
    gpkg: Path,
    tables: list[tuple[str, str]],
    snapshot: Snapshot,
    crs: QgsCoordinateReferenceSystem,
) -> list[tuple[str, str, int]]:
    """Write the consultation layers of the sites found in the pack's (table, role) layers;
    returns (table, title, feature count) of each layer written (none when no site is there)."""
    shapes = _shapes(gpkg, tables, crs)
    labels = status_labels()
    rows = []
    for site in snapshot.sites:
        shape = shapes.get((site.site_role, site.site_key))
        if shape is None:
            continue
        events = snapshot.events_of(site.fid)
        open_items = snapshot.open_commitments_of(site.fid)
        dues = [c.due_date for c in open_items if c.due_date]
        rows.append((site, shape, events, open_items, min(dues) if dues else None))
    if not rows:
        return []
    fields = _fields()
    writer = _writer(gpkg, SITES_LAYER, fields, QgsWkbTypes.MultiPolygon, crs)
    for site, shape, events, open_items, due in rows:
        feature = QgsFeature(fields)
        shape.convertToMultiType()
        feature.setGeometry(shape)
        feature.setAttributes(
            [
                site.site_role,
                site.site_key,
                site.nation,
                site.status,
                labels.get(site.status, site.status),
                site.owner,
                _qdate(events[0].event_date) if events else None,
                len(open_items),
                _qdate(due),
            ]
        )
        writer.addFeature(feature)
    del writer
    written = [(SITES_LAYER, pack_layer_titles()[SITES_LAYER], len(rows))]
    site_ids = {site.fid for site, *_ in rows}
    written += _write_tables(gpkg, snapshot, site_ids)
    _style(gpkg)
    return written


def _write_tables(gpkg: Path, snapshot: Snapshot, site_ids: set[int]) -> list:
    names = {s.fid: (s.site_key, s.nation) for s in snapshot.sites}
    titles = pack_layer_titles()
    events = [e for e in snapshot.events if e.site_id in site_ids]
    commitments = [c for c in snapshot.commitments if c.site_id in site_ids]
    text = "string"
    specs = {
        EVENTS_LAYER: (
            [("site_key", text), ("nation", text), ("event_date", "date")]
            + [(n, text) for n in ("form", "participants", "summary", "concerns", "answers")]
            + [("documents", text)],
            [
                [
                    *names[e.site_id],
                    _qdate(e.event_date),
                    form_label(e.form),
                    e.participants,
                    e.summary,
                    e.concerns,
                    e.answers,
                    e.documents,
                ]
                for e in events
            ],
        ),
        COMMITMENTS_LAYER: (
            [
                ("site_key", text),
                ("nation", text),
                ("what", text),
                ("by_whom", text),
                ("due_date", "date"),
                ("done_date", "date"),
            ],
            [
                [*names[c.site_id], c.what, c.by_whom, _qdate(c.due_date), _qdate(c.done_date)]
                for c in commitments
            ],
        ),
    }
    written = []
    for table, (columns, rows) in specs.items():
        fields = QgsFields()
        for name, kind in columns:
            fields.append(compat.field(name, kind))
        writer = _writer(
            gpkg, table, fields, QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem()
        )
        for values in rows:
            feature = QgsFeature(fields)
            feature.setAttributes(values)
            writer.addFeature(feature)
        del writer
        written.append((table, titles[table], len(rows)))
    return written


def _style(gpkg: Path) -> None:
    """Colour the sites by status, label them "Nation: status (last contact)"; saved as the
    layer's default style in the pack."""
    layer = QgsVectorLayer(f"{gpkg}|layername={SITES_LAYER}", SITES_LAYER, "ogr")
    categories = []
    for code, label in status_labels().items():
        symbol = QgsFillSymbol.createSimple(
            {
                "color": STATUS_COLOURS[code] + "66",
                "outline_color": STATUS_COLOURS[code],
                "outline_width": "0.6",
            }
        )
        categories.append(QgsRendererCategory(code, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    labelling = QgsPalLayerSettings()
    labelling.fieldName = (
        '"nation" || \': \' || "status_label" || '
        "coalesce(' (' || to_string(\"last_contact\") || ')', '')"
    )
    labelling.isExpression = True
    text = labelling.format()
    text.setFont(label_font())
    text.setSize(8)
    labelling.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(labelling))
    layer.setLabelsEnabled(True)
    error = compat.save_style_to_database(layer, SITES_LAYER, tr("Offline pack style"), True)
    if error:
        raise UserError(
            tr("Cannot save the style of '{layer}' in the pack: {error}").format(
                layer=SITES_LAYER, error=error
            )
        )
