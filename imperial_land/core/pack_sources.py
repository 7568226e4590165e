"""Which layers go into a pack by default, and where each came from (source and date)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from qgis.core import QgsMapLayer, QgsProject, QgsProviderRegistry, QgsVectorLayer, QgsWkbTypes

from imperial_land.core.layers import ClaimFields, ParcelFields, TerritoryFields
from imperial_land.core.register_schema import RUNS_TABLE
from imperial_land.core.report_model import PAIR_COLUMNS

ROLES = ("claims", "parcels", "territories", "flags")


def layer_role(layer: QgsMapLayer) -> str | None:
    """'claims', 'parcels', 'territories' or 'flags' when the layer's fields say so, else None."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return None
    if layer.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
        return None
    names = set(layer.fields().names())
    if set(PAIR_COLUMNS) <= names:
        return "flags"
    if ClaimFields().title in names:
        return "claims"
    if ParcelFields().lot in names:
        return "parcels"
    if TerritoryFields().nation in names:
        return "territories"
    return None


def default_layers(project: QgsProject) -> list[QgsVectorLayer]:
    """The project's first claims, parcels and territories layers, plus the flags layer if any."""
    chosen: dict[str, QgsVectorLayer] = {}
    for tree_layer in project.layerTreeRoot().findLayers():
        layer = tree_layer.layer()
        role = layer_role(layer) if layer is not None else None
        if role is not None and role not in chosen:
            chosen[role] = layer
    return [chosen[role] for role in ROLES if role in chosen]


def source_path(layer: QgsMapLayer) -> Path | None:
    """The file a layer reads from, when it is a file."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path") or ""
    return Path(path) if path and Path(path).is_file() else None


def last_sync(gpkg: Path) -> str | None:
    """When the register in `gpkg` last finished a GESTIM sync (ISO text), if it has runs."""
    try:
        connection = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
        try:
            row = connection.execute(
                f"SELECT MAX(finished) FROM {RUNS_TABLE} WHERE finished IS NOT NULL"
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row and row[0] else None


def layer_provenance(layer: QgsMapLayer) -> dict[str, str | None]:
    """Source (path or provider URI without credentials) and date of a layer's data."""
    path = source_path(layer)
    if path is None:
        return {"source": layer.publicSource(), "source_date": None, "date_kind": None}
    synced = last_sync(path) if path.suffix.lower() == ".gpkg" else None
    if synced:
        return {"source": str(path), "source_date": synced, "date_kind": "gestim_sync"}
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
    return {
        "source": str(path),
        "source_date": modified.isoformat(timespec="seconds"),
        "date_kind": "file_modified",
    }
