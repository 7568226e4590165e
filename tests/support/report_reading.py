"""Read back what the report wrote: HTML tables, CSV rows, PDF text and pages, GeoPackage rows."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
from contextlib import closing
from html.parser import HTMLParser
from pathlib import Path

from imperial_land.core.overlap.results import OverlapResult
from imperial_land.core.report.csv import write_csv_stream


class _Tables(HTMLParser):
    """table class -> rows of cell texts (header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.current = dict(attrs).get("class", "")
            self.tables[self.current] = []
        elif tag == "tr" and self.current is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self._end_cell()  # a cell's end tag may be left out
            self.cell = []

    def _end_cell(self) -> None:
        if self.cell is not None:
            self.row.append("".join(self.cell))
            self.cell = None

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr" and self.row is not None:
            self._end_cell()
            self.tables[self.current].append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_tables(text: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(text)
    return parser.tables


def csv_rows(path: Path) -> list[list[str]]:
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def report_csv_text(result: OverlapResult) -> str:
    """The CSV the report writes, as text."""
    buffer = io.StringIO()
    write_csv_stream(result, buffer)
    return buffer.getvalue()


def gpkg_rows(path: Path, table: str, order: str = "fid") -> list[tuple]:
    """Every row of a GeoPackage table (geometry blobs included), by `order`."""
    with closing(sqlite3.connect(str(path))) as db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY "{order}"').fetchall()
