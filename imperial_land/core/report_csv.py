"""The overlap pairs as CSV: one row per pair, UTF-8 with a BOM so Excel shows accents right."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterator, TextIO

from imperial_land.core.bulk import gc_paused
from imperial_land.core.report_labels import (
    flag_label,
    kind_label,
    relation_label,
    role_label,
    text,
)
from imperial_land.core.report_model import PAIR_COLUMNS, pair_headers, pair_rows
from imperial_land.core.results import OverlapResult

ENCODING = "utf-8-sig"


NUMBERS = {"overlap_ha", "share_a_pct", "share_b_pct", "distance_m"}
LABELS = {
    "kind": kind_label,
    "relation": relation_label,
    "flag": flag_label,
    "a_role": role_label,
    "b_role": role_label,
}


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in NUMBERS:
        return f"{value:.4f}"
    if column in LABELS:
        return LABELS[column](value)
    return text(value)


PAIR_LABELS = [(PAIR_COLUMNS.index(c), c) for c in ("kind", "relation", "flag")]
NATION_INDEX = PAIR_COLUMNS.index("nation")
NUMBER_INDICES = [PAIR_COLUMNS.index(c) for c in ("overlap_ha", "share_a_pct", "share_b_pct")]
DISTANCE_INDEX = PAIR_COLUMNS.index("distance_m")


def report_csv_text(result: OverlapResult) -> str:
    """The CSV as text (headers translated, dot decimals, ISO dates)."""
    buffer = io.StringIO()
    _write_csv(result, buffer)
    return buffer.getvalue()


def _write_csv(result: OverlapResult, stream: TextIO) -> None:
    """The CSV into a text stream."""
    writer = csv.writer(stream, lineterminator="\r\n")
    headers = pair_headers()
    writer.writerow([headers[c] for c in PAIR_COLUMNS])
    labels: dict[tuple[str, object], str] = {}  # translated labels, looked up once per run

    def cell(column: str, value: object) -> str:
        if column not in LABELS:
            return _cell(column, value)
        key = (column, value)
        if key not in labels:
            labels[key] = _cell(column, value)
        return labels[key]

    with gc_paused():
        _write_rows(writer, pair_rows(result.pairs, cell), labels)


def _write_rows(
    writer: Any, rows_in: Iterator[list[Any]], labels: dict[tuple[str, object], str]
) -> None:
    """Finish each row's pair columns (labels, numbers) and write the rows in batches."""
    rows = []
    for row in rows_in:
        for index, column in PAIR_LABELS:
            key = (column, row[index])
            if key not in labels:
                labels[key] = _cell(column, row[index])
            row[index] = labels[key]
        nation = row[NATION_INDEX]
        if type(nation) is not str:
            row[NATION_INDEX] = _cell("nation", nation)
        for index in NUMBER_INDICES:
            row[index] = f"{row[index]:.4f}" if row[index] is not None else ""
        distance = row[DISTANCE_INDEX]
        row[DISTANCE_INDEX] = "" if distance is None else f"{distance:.4f}"
        rows.append(row)
        if len(rows) == 10_000:
            writer.writerows(rows)
            rows.clear()
    writer.writerows(rows)


def write_report_csv(result: OverlapResult, path: Path) -> None:
    """Write the CSV to `path` (UTF-8 with BOM)."""
    with open(path, "w", encoding=ENCODING, newline="") as stream:
        _write_csv(result, stream)
