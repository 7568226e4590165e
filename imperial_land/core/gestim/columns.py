"""The rows of a GESTIM shapefile as typed columns, for core/gestim.read_gestim_zip.

GDAL's Arrow stream (GDAL 3.6+) gives NumPy batches; the .dbf is read raw (ENCODING="": GDAL's
recoding costs more than the rest of the read) and each distinct text is decoded once in the
.dbf's encoding (core/gestim/encoding.py: its .cpg, else cp1252, GESTIM's). An older GDAL gets
the same columns from osgeo.ogr, feature by feature. Only QGIS's own GDAL is used: a second one
(fiona's wheel) would bring its own PROJ into QGIS.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any, Callable

import numpy
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import UserError, check_cancelled, tr
from imperial_land.core.gestim.encoding import undecodable_error
from imperial_land.core.gestim.records import (
    GEOMETRY_KEY,
    TITLE_FIELD,
    Columns,
    ValueNormaliser,
    is_date_field,
    parse_date,
    title_text,
)

try:
    from osgeo import gdal, ogr
except ImportError:  # pragma: no cover - GDAL's Python bindings ship with QGIS
    gdal = ogr = None

GEOMETRY_COLUMN = "wkb_geometry"
PROGRESS_EVERY = 2000


def arrow_available() -> bool:
    """Whether this GDAL can stream a layer as NumPy arrays (GDAL 3.6+)."""
    return ogr is not None and hasattr(ogr.Layer, "GetArrowStreamAsNumPy")


def _text(raw: Any, encoding: str = "cp1252") -> Any:
    """Decoded text (UnicodeDecodeError when `encoding` cannot read it); blank -> None."""
    text = raw.decode(encoding) if isinstance(raw, bytes) else raw
    return text if text is None or text.strip() else None


def _date(raw: Any, encoding: str = "cp1252") -> Any:
    text = _text(raw, encoding)
    return parse_date(text) if text is not None else None


def _by_unique(values: Any, convert: Callable[[Any], Any]) -> list[Any]:
    """convert() applied once per distinct value, spread back over the column (C speed)."""
    raw = values.tolist()
    converted = {value: convert(value) for value in set(raw)}
    return list(map(converted.__getitem__, raw))


def _titles(values: Any, text: Callable[[Any], Any] = _text) -> list[Any]:
    """Title numbers as stripped text (None when blank); ASCII bytes decoded in one go."""
    if values.dtype.kind == "S":
        try:
            texts = numpy.char.strip(values.astype("U")).tolist()
        except UnicodeDecodeError:
            return [title_text(v) for v in _by_unique(values, text)]
        return [text or None for text in texts]
    if values.dtype.kind in "UO":
        return [title_text(v) for v in _by_unique(values, text)]
    return [title_text(v) for v in values.tolist()]


def _plain_column(name: str, values: Any, encoding: str = "cp1252") -> list[Any]:
    kind = values.dtype.kind
    text = functools.partial(_text, encoding=encoding)
    if name == TITLE_FIELD:
        return _titles(values, text)
    if is_date_field(name):
        date = functools.partial(_date, encoding=encoding)
        return _by_unique(values, date) if kind in "SUO" else values.tolist()
    if kind in "SUO":
        return _by_unique(values, text)
    return values.tolist()


def _unmasked(values: Any, convert: Callable[[Any], list[Any]]) -> list[Any]:
    """convert() of the array's data, None where GDAL says NULL (a masked value)."""
    column = convert(numpy.ma.getdata(values))
    mask = numpy.ma.getmask(values)
    if mask is not numpy.ma.nomask:
        for index in numpy.flatnonzero(mask).tolist():
            column[index] = None
    return column


def _column(name: str, values: Any, encoding: str = "cp1252") -> list[Any]:
    return _unmasked(values, lambda data: _plain_column(name, data, encoding))


def _wkbs(values: Any) -> list[bytes | None]:
    """WKB bytes of the Arrow geometry values (None when empty)."""
    if values.dtype.kind == "V":  # all the same size: tolist() gives bytes
        return [g if g.strip(b"\x00") else None for g in values.tolist()]
    found = []
    for value in values:
        raw = None if value is None else bytes(value)
        found.append(raw or None)
    return found


def _read_error(where: str, detail: str) -> UserError:
    return UserError(
        tr("Could not read the GESTIM file {path}: {detail}").format(path=where, detail=detail)
    )


def arrow_columns(
    vsi: str,
    fields: list[str],
    where: str,
    feedback: QgsProcessingFeedback,
    encoding: str = "cp1252",
) -> Columns:
    """The columns (`fields` + GEOMETRY_KEY) of the shapefile at GDAL path `vsi`, texts decoded
    as `encoding` (UserError when they cannot be: a wrong .cpg)."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    dataset = layer = batch = None
    try:
        gdal.ErrorReset()
        dataset = gdal.OpenEx(vsi, gdal.OF_VECTOR, open_options=["ENCODING="])
        if dataset is None or dataset.GetLayerCount() == 0:
            raise _read_error(where, gdal.GetLastErrorMsg())
        layer = dataset.GetLayer(0)
        total = max(layer.GetFeatureCount(), 1)
        columns: Columns = {name: [] for name in [*fields, GEOMETRY_KEY]}
        for batch in layer.GetArrowStreamAsNumPy():  # masked arrays: NULL numbers are None
            check_cancelled(feedback)
            missing = [name for name in fields if name not in batch]
            if missing:
                raise _read_error(where, ", ".join(missing))
            for name in fields:
                try:
                    columns[name].extend(_column(name, batch[name], encoding))
                except UnicodeDecodeError as error:
                    raise undecodable_error(where, encoding, error.object) from error
            columns[GEOMETRY_KEY].extend(_unmasked(batch[GEOMETRY_COLUMN], _wkbs))
            feedback.setProgress(100.0 * len(columns[GEOMETRY_KEY]) / total)
        if gdal.GetLastErrorType() >= gdal.CE_Failure:
            raise _read_error(where, gdal.GetLastErrorMsg())
    finally:
        # Closed here, also on error: a raised error's traceback keeps this frame (and would keep
        # the file open) until the garbage collector gets to it, maybe after QGIS exited, when
        # closing a GDAL dataset crashes.
        batch = layer = dataset = None
        gdal.PopErrorHandler()
    return columns


def open_vector(vsi: str, where: str, encoding: str):
    """The GDAL vector dataset at `vsi` (shapefile .dbf read as `encoding`), or a UserError."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        gdal.ErrorReset()
        dataset = gdal.OpenEx(vsi, gdal.OF_VECTOR, open_options=[f"ENCODING={encoding}"])
        if dataset is None or dataset.GetLayerCount() == 0:
            raise _read_error(where, gdal.GetLastErrorMsg() or vsi)
    finally:
        gdal.PopErrorHandler()
    return dataset


def field_kinds(layer) -> list[tuple[str, str]]:
    """(name, kind) of the layer's fields, kind one of int, float, date, str."""
    definition = layer.GetLayerDefn()
    kinds = []
    for index in range(definition.GetFieldCount()):
        field = definition.GetFieldDefn(index)
        type_name = ogr.GetFieldTypeName(field.GetType())
        kind = {"Integer": "int", "Integer64": "int", "Real": "float", "Date": "date"}.get(
            type_name, "str"
        )
        kinds.append((field.GetName(), kind))
    return kinds


def _ogr_value(feature, index: int, kind: str) -> Any:
    if not feature.IsFieldSetAndNotNull(index):
        return None
    if kind == "int":
        return feature.GetFieldAsInteger64(index)
    if kind == "float":
        return feature.GetFieldAsDouble(index)
    if kind == "date":
        year, month, day = feature.GetFieldAsDateTime(index)[:3]
        return datetime.date(year, month, day).isoformat()
    return feature.GetFieldAsString(index)


def _ogr_wkb(feature) -> bytes | None:
    geometry = feature.GetGeometryRef()
    if geometry is None or geometry.IsEmpty():
        return None
    geometry = geometry.Clone()
    geometry.FlattenTo2D()
    return bytes(geometry.ExportToWkb(ogr.wkbNDR))


def ogr_columns(layer, fields: list[str], feedback: QgsProcessingFeedback) -> Columns:
    """The same columns from an open OGR layer, feature by feature (GDAL < 3.6)."""
    normaliser = ValueNormaliser()
    kinds = dict(field_kinds(layer))
    plan = dict(normaliser.plan(fields, [kinds[name] for name in fields]))
    definition = layer.GetLayerDefn()
    reads = [(definition.GetFieldIndex(name), kinds[name], plan.get(name)) for name in fields]
    columns: Columns = {name: [] for name in [*fields, GEOMETRY_KEY]}
    lists = [columns[name] for name in fields]
    total = max(layer.GetFeatureCount(), 1)
    layer.ResetReading()
    feature = None
    try:
        for index, feature in enumerate(layer):
            if index % PROGRESS_EVERY == 0:
                check_cancelled(feedback)
                feedback.setProgress(100.0 * index / total)
            for (field_index, kind, convert), values in zip(reads, lists):
                value = _ogr_value(feature, field_index, kind)
                values.append(convert(value) if convert is not None else value)
            columns[GEOMETRY_KEY].append(_ogr_wkb(feature))
    finally:
        feature = layer = None  # no GDAL handle left in a traceback (see arrow_columns)
    return columns
