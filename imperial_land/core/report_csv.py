"""The overlap pairs as CSV: one row per pair, UTF-8 with a BOM so Excel shows accents right."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from imperial_land.core.report_labels import flag_label, kind_label, relation_label, role_label
from imperial_land.core.report_model import PAIR_COLUMNS, pair_headers, pair_row
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


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if column in NUMBERS:
        return f"{value:.4f}"
    if column in LABELS:
        return LABELS[column](value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def report_csv_text(result: OverlapResult) -> str:
    """The CSV as text (headers translated, dot decimals, ISO dates)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    headers = pair_headers()
    writer.writerow([headers[c] for c in PAIR_COLUMNS])
    cache: dict[tuple[str, object], str] = {}  # translated labels, looked up once per run
    label_columns = [c in LABELS for c in PAIR_COLUMNS]
    for pair in result.pairs:
        cells = []
        for column, is_label, value in zip(PAIR_COLUMNS, label_columns, pair_row(pair)):
            if is_label:
                key = (column, value)
                if key not in cache:
                    cache[key] = _cell(column, value)
                cells.append(cache[key])
            else:
                cells.append(_cell(column, value))
        writer.writerow(cells)
    return buffer.getvalue()


def write_report_csv(result: OverlapResult, path: Path) -> None:
    """Write the CSV to `path` (UTF-8 with BOM)."""
    Path(path).write_text(report_csv_text(result), encoding=ENCODING, newline="")
