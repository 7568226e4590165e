"""The overlap report as one self-contained, printable HTML page."""

from __future__ import annotations

from html import escape

from imperial_land.core.common import current_language, tr
from imperial_land.core.overlap import OverlapResult
from imperial_land.core.report.labels import timestamp
from imperial_land.core.report.model import ReportTable, report_tables

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; margin: 1.5em; color: #222; }
h1 { font-size: 16pt; margin-bottom: 0.2em; }
h2 { font-size: 12pt; margin-top: 1.6em; border-bottom: 1px solid #888; }
table { border-collapse: collapse; width: 100%; margin-top: 0.4em; }
th, td { border: 1px solid #aaa; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
p.empty, p.note { font-style: italic; color: #555; }
table.contact td { height: 4em; }
@media screen {
  /* A province's report holds tens of thousands of rows: lay a section out when it comes
     into view, so the page opens at once. */
  section { content-visibility: auto; contain-intrinsic-size: auto 1200px; }
}
@media print {
  body { margin: 0; font-size: 9pt; }
  h2 { page-break-after: avoid; }
  tr { page-break-inside: avoid; }
  section.contact { page-break-before: always; }
}
"""


def _table_html(table: ReportTable) -> str:
    """One table; a cell's end tag is left out (HTML allows it): at province scale the
    markup, not the text, would make most of the file."""
    parts = [f'<section class="{escape(table.key)}" id="{escape(table.key)}">']
    parts.append(f"<h2>{escape(table.title)}</h2>")
    if table.note:
        parts.append(f'<p class="note">{escape(table.note)}</p>')
    if not table.rows:
        parts.append(f'<p class="empty">{escape(table.empty_text)}</p></section>')
        return "\n".join(parts)
    parts.append(f'<table class="{escape(table.key)}"><thead><tr>')
    parts.extend(f"<th>{escape(h)}</th>" for h in table.headers)
    parts.append("</tr></thead><tbody>")
    parts.extend(f"<tr><td>{'<td>'.join(map(escape, row))}</tr>" for row in table.rows)
    parts.append("</tbody></table></section>")
    return "\n".join(parts)


def _numeric_style(tables: list[ReportTable]) -> str:
    """Right-aligned number columns, by position in each table (no class on every cell)."""
    selectors = [
        f"table.{table.key} td:nth-child({index + 1})"
        for table in tables
        for index in sorted(table.numeric)
    ]
    if not selectors:
        return ""
    return ",\n".join(selectors) + " { text-align: right; white-space: nowrap; }\n"


def report_html(
    result: OverlapResult,
    title: str | None = None,
    consultation=None,
    tables: list[ReportTable] | None = None,
) -> str:
    """The whole report as an HTML document (every value escaped); `consultation`: the
    register's view (core/consultation/report_link.py), or None; `tables`: the report's
    tables when already built for this result and view (`report_tables`)."""
    heading = title or tr("Overlap report")
    created = timestamp(result.created)
    intro = tr(
        "Mining titles, parcels and First Nations' ancestral territories that overlap or come "
        "within the consultation distance. Generated on {date}."
    ).format(date=created)
    tables = tables if tables is not None else report_tables(result, consultation)
    body = "\n".join(_table_html(t) for t in tables)
    style = STYLE + _numeric_style(tables)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(current_language())}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"<h1>{escape(heading)}</h1>\n<p>{escape(intro)}</p>\n{body}\n</body>\n</html>\n"
    )
