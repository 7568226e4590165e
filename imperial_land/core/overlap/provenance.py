"""Provenance added to a finished overlap result: the date of the claims data when it is known."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from qgis.core import QgsProviderRegistry, QgsVectorLayer

from imperial_land.core.maplayers import CLAIMS
from imperial_land.core.overlap.results import OverlapResult
from imperial_land.core.register import APPLIED, CLAIMS_TABLE, NO_CHANGES, NOT_MODIFIED, RUNS_TABLE

SUCCESSFUL_OUTCOMES = (APPLIED, NO_CHANGES, NOT_MODIFIED)


def _register_path(layer: QgsVectorLayer | None) -> Path | None:
    """The GeoPackage file of `layer` when it reads the register's claims table, else None."""
    if layer is None or not layer.isValid() or layer.providerType() != "ogr":
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = Path(parts.get("path") or "")
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        return None
    if (parts.get("layerName") or CLAIMS_TABLE) != CLAIMS_TABLE:
        return None
    return path


def register_data_date(gpkg: Path) -> dt.date | None:
    """Source date of the register's last successful sync; None without runs or a runs table."""
    marks = ", ".join("?" for _ in SUCCESSFUL_OUTCOMES)
    try:
        connection = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
        try:
            row = connection.execute(
                f"SELECT source_date FROM {RUNS_TABLE} WHERE outcome IN ({marks}) "
                "AND source_date IS NOT NULL ORDER BY fid DESC LIMIT 1",
                SUCCESSFUL_OUTCOMES,
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:  # not a register (no sync_runs table) or not readable
        return None
    if not row or not row[0]:
        return None
    try:
        return dt.date.fromisoformat(str(row[0])[:10])
    except ValueError:
        return None


def claims_data_date(claims: QgsVectorLayer | None) -> dt.date | None:
    """Date of the claims data: the last successful sync's source date when `claims` is the
    plugin's register, else None."""
    path = _register_path(claims)
    return register_data_date(path) if path is not None else None


def add_provenance(result: OverlapResult, claims: QgsVectorLayer | None) -> OverlapResult:
    """Fill `data_date` of the claims input in `result` (in place); return `result`."""
    date = claims_data_date(claims)
    for info in result.inputs:
        if info.role == CLAIMS:
            info.data_date = date
    return result
