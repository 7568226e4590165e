"""Which layers go into a pack by default, and where each came from (source and date)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qgis.core import QgsMapLayer, QgsProject, QgsProviderRegistry, QgsVectorLayer, QgsWkbTypes

from imperial_land.core.maplayers import (
    CLAIMS,
    FLAGS,
    PARCELS,
    TERRITORIES,
    ClaimFields,
    ParcelFields,
    TerritoryFields,
)
from imperial_land.core.overlap import register_data_date
from imperial_land.core.report import PAIR_COLUMNS

ROLES = (CLAIMS, PARCELS, TERRITORIES, FLAGS)


def layer_role(layer: QgsMapLayer) -> str | None:
    """'claims', 'parcels', 'territories' or 'flags' when the layer's fields say so, else None."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return None
    if layer.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
        return None
    names = set(layer.fields().names())
    if set(PAIR_COLUMNS) <= names:
        return FLAGS
    if ClaimFields().title in names:
        return CLAIMS
    if ParcelFields().lot in names:
        return PARCELS
    if TerritoryFields().nation in names:
        return TERRITORIES
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


def layer_provenance(layer: QgsMapLayer) -> dict[str, str | None]:
    """Source (path or provider URI without credentials) and date of a layer's data: a
    register's last successful sync's source date (as in the overlap report), else the file's
    modification time."""
    path = source_path(layer)
    if path is None:
        return {"source": layer.publicSource(), "source_date": None, "date_kind": None}
    # A register's date is its data's: the source date of its last successful GESTIM sync.
    synced = register_data_date(path) if path.suffix.lower() == ".gpkg" else None
    if synced is not None:
        return {"source": str(path), "source_date": synced.isoformat(), "date_kind": "gestim_sync"}
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
    return {
        "source": str(path),
        "source_date": modified.isoformat(timespec="seconds"),
        "date_kind": "file_modified",
    }
