"""GESTIM rows as plain records: the batch type, value normalisation (dates, ids, text) and WKB."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Tuple

import shapely
from shapely.geometry import shape

TITLE_FIELD = "TIT_NO"
HOLDER_FIELD = "DET_NOM"
GEOMETRY_KEY = "geometry_wkb"
Conversion = Tuple[str, Callable[[Any], Any]]
Columns = Dict[str, List[Any]]  # field (and geometry_wkb) -> values in source order
DATE_NAME = re.compile(r"(^|_)(DAT|DATE)(_|$)", re.IGNORECASE)


@dataclass
class GestimBatch:
    """Rows read from one GESTIM source, held column by column.

    columns: field -> values in source order, every source field kept (unknown ones too): dates
    as datetime.date (TIT_DAT_EM, TIT_DAT_EX, any *_DAT_* field), TIT_NO as str (an identifier,
    whatever the source's type), other numbers as int/float, text as str, None when empty; plus
    "geometry_wkb": 2D WKB bytes in `crs_authid` (None when the row has none).
    """

    columns: Columns
    fields: list[str]  # source field names in source order (without geometry_wkb)
    crs_authid: str  # from the .prj, e.g. "EPSG:4269"; "EPSG:4326" for the WFS
    source: str  # URL or path
    source_date: datetime.date | None = None  # Last-Modified, the file's mtime, or today (WFS)
    renamed: dict[str, str] | None = None  # WFS: register field -> the WFS property it came from

    @classmethod
    def from_rows(
        cls,
        rows: list[dict[str, Any]],
        fields: list[str],
        crs_authid: str,
        source: str,
        source_date: datetime.date | None = None,
    ) -> GestimBatch:
        """A batch from row dicts (`fields` + geometry_wkb; a missing value is None)."""
        names = [*fields, GEOMETRY_KEY]
        columns = {name: [row.get(name) for row in rows] for name in names}
        return cls(columns, fields, crs_authid, source, source_date)

    @property
    def n_rows(self) -> int:
        return len(self.columns.get(GEOMETRY_KEY, ()))

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One dict per row (fields in source order, then geometry_wkb); built on each call."""
        names = [*self.fields, GEOMETRY_KEY]
        return [dict(zip(names, values)) for values in zip(*(self.columns[n] for n in names))]

    def titles(self) -> list[str]:
        """Distinct title numbers in source order."""
        return list(dict.fromkeys(self.columns.get(TITLE_FIELD, ())))


def is_date_field(name: str) -> bool:
    """True for TIT_DAT_EM, TIT_DAT_EX and any *_DAT_* / *_DATE field."""
    return bool(DATE_NAME.search(name))


def parse_date(value: Any) -> Any:
    """YYYYMMDD, YYYY-MM-DD or ISO date-time (text) as datetime.date; other values unchanged."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if len(text) == 8 and text.isdigit():
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) >= 10 and text[4] in "-/" and text[7] in "-/":
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        pass
    return value


def title_text(value: Any) -> str | None:
    """A title number as text: 2512345, 2512345.0 and " 2512345 " all give "2512345"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


class ValueNormaliser:
    """Turns raw source values into the batch's types; repeated texts and dates share one object."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._dates: dict[str, Any] = {}

    def text(self, value: Any) -> Any:
        cached = self._texts.get(value) if isinstance(value, str) else None
        if cached is not None:
            return cached
        if isinstance(value, str):
            if not value.strip():
                return None
            self._texts[value] = value
        return value

    def date(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            cached = self._dates.get(value)
            if cached is None:
                cached = self._dates[value] = parse_date(value)
            return cached
        return parse_date(value)

    def plan(self, names: list[str], kinds: list[str] | None = None) -> list[Conversion]:
        """(field, function) for the fields whose values need converting; a field typed int or
        float in `kinds` (columns.field_kinds) is already right and is left out."""
        plan: list[Conversion] = []
        for index, name in enumerate(names):
            if name == TITLE_FIELD:
                plan.append((name, title_text))
            elif is_date_field(name):
                plan.append((name, self.date))
            elif kinds is None or not kinds[index].startswith(("int", "float")):
                plan.append((name, self.text))
        return plan

    @staticmethod
    def row(names: list[str], plan: list[Conversion], values: Mapping) -> dict:
        """One normalised row of `names` (without geometry); a missing field is None."""
        row = {name: values.get(name) for name in names}
        for name, convert in plan:
            row[name] = convert(row[name])
        return row


def geometry_wkb(geometry: Mapping | None) -> bytes | None:
    """2D little-endian WKB of a GeoJSON geometry (a WFS feature's); None if absent or empty."""
    if not geometry:
        return None
    geom = shape(geometry)
    if geom.is_empty:
        return None
    return shapely.to_wkb(geom, output_dimension=2, byte_order=1)
