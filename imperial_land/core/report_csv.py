"""The overlap pairs as CSV: one row per pair, UTF-8 with a BOM so Excel shows accents right."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from imperial_land.core.report_labels import flag_label, kind_label, relation_label, role_label
from imperial_land.core.report_model import PAIR_COLUMNS, pair_headers, pair_values
from imperial_land.core.results import OverlapResult

ENCODING = "utf-8-sig"


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if column in ("overlap_ha", "share_a_pct", "share_b_pct", "distance_m"):
        return f"{value:.4f}"
    labels = {
        "kind": kind_label,
        "relation": relation_label,
        "flag": flag_label,
        "a_role": role_label,
        "b_role": role_label,
    }
    if column in labels:
        return labels[column](value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def report_csv_text(result: OverlapResult) -> str:
    """The CSV as text (headers translated, dot decimals, ISO dates)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    headers = pair_headers()
    writer.writerow([headers[c] for c in PAIR_COLUMNS])
    for pair in result.pairs:
        values = pair_values(pair)
        writer.writerow([_cell(c, values[c]) for c in PAIR_COLUMNS])
    return buffer.getvalue()


def write_report_csv(result: OverlapResult, path: Path) -> None:
    """Write the CSV to `path` (UTF-8 with BOM)."""
    Path(path).write_text(report_csv_text(result), encoding=ENCODING, newline="")
