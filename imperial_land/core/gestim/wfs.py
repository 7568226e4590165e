"""GESTIM's WFS (SIGEOM, SGM:Actifs) fetched as bbox tiles of GeoJSON, merged without duplicates."""

from __future__ import annotations

import datetime
import json
import math
from typing import Any

from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, tr
from imperial_land.core.gestim.records import (
    GEOMETRY_KEY,
    HOLDER_FIELD,
    TITLE_FIELD,
    GestimBatch,
    ValueNormaliser,
    geometry_wkb,
)
from imperial_land.core.net import Client, HttpOptions, status_error

# WFS property -> GESTIM shapefile field (the register speaks the shapefile's names).
FIELD_MAP = {"NO_TITRE": TITLE_FIELD, "TITULAIRE": HOLDER_FIELD}
OUTPUT_FORMAT = "application/json"
MAX_TILES = 5000
MAX_SPLITS = 3  # a tile the server truncated is split in 4, at most this many times


def wfs_tiles(
    bbox: tuple[float, float, float, float], tile_deg: float
) -> list[tuple[float, float, float, float]]:
    """The bbox cut into tiles of `tile_deg` degrees (the last row/column clipped to the bbox)."""
    minx, miny, maxx, maxy = bbox
    if not (minx < maxx and miny < maxy):
        raise UserError(
            tr("The area {bbox} is empty: its minimum must be below its maximum.").format(bbox=bbox)
        )
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise UserError(
            tr("The area {bbox} is not in longitude/latitude degrees (WGS 84).").format(bbox=bbox)
        )
    if tile_deg <= 0:
        raise UserError(tr("The WFS tile size must be positive."))
    columns = math.ceil((maxx - minx) / tile_deg - 1e-9)
    rows = math.ceil((maxy - miny) / tile_deg - 1e-9)
    if columns * rows > MAX_TILES:
        raise UserError(
            tr(
                "The area needs {count} WFS requests (more than {limit}): use the province "
                "download for areas this large, or a larger tile size."
            ).format(count=columns * rows, limit=MAX_TILES)
        )
    return [
        (
            minx + i * tile_deg,
            miny + j * tile_deg,
            min(maxx, minx + (i + 1) * tile_deg),
            min(maxy, miny + (j + 1) * tile_deg),
        )
        for j in range(rows)
        for i in range(columns)
    ]


def _split(tile: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    minx, miny, maxx, maxy = tile
    midx, midy = (minx + maxx) / 2, (miny + maxy) / 2
    return [
        (minx, miny, midx, midy),
        (midx, miny, maxx, midy),
        (minx, midy, midx, maxy),
        (midx, midy, maxx, maxy),
    ]


def get_features(
    client: Client, url: str, type_name: str, tile: tuple[float, float, float, float]
) -> tuple[list[dict[str, Any]], bool]:
    """GetFeature for one tile: (features, complete); complete is False when the server capped."""
    params = {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeNames": type_name,
        "typeName": type_name,
        "outputFormat": OUTPUT_FORMAT,
        "srsName": "EPSG:4326",
        "bbox": "{!r},{!r},{!r},{!r},EPSG:4326".format(*tile),
    }
    response = client.get(url, params=params)
    if response.status_code != 200:
        raise status_error(response.url or url, response)
    try:
        answer = response.json()
    except ValueError as error:
        raise UserError(
            tr("The WFS did not answer GeoJSON for {layer}: {start}").format(
                layer=type_name, start=response.text[:300]
            )
        ) from error
    if not isinstance(answer, dict) or not isinstance(answer.get("features"), list):
        raise UserError(
            tr("The WFS answer for {layer} holds no feature collection.").format(layer=type_name)
        )
    features = answer["features"]
    matched = answer.get("numberMatched")
    complete = not (isinstance(matched, int) and matched > len(features))
    return features, complete


def _feature_key(feature: dict[str, Any]) -> str:
    """What identifies a feature across tiles: its id, else its whole content."""
    if feature.get("id") not in (None, ""):
        return "id:" + str(feature["id"])
    content = [feature.get("properties"), feature.get("geometry")]
    return "content:" + json.dumps(content, sort_keys=True, default=str)


def _batch(features: list[dict[str, Any]], source: str, type_name: str) -> GestimBatch:
    """The merged features as a GestimBatch in GESTIM's field names."""
    fields: dict[str, None] = {}
    for feature in features:
        for name in feature.get("properties") or {}:
            fields.setdefault(FIELD_MAP.get(name, name), None)
    names = list(fields)
    if features and TITLE_FIELD not in fields:
        raise UserError(
            tr("The WFS layer {layer} has no NO_TITRE (title number); properties: {fields}").format(
                layer=type_name, fields=", ".join(names)
            )
        )
    normaliser = ValueNormaliser()
    plan = normaliser.plan(names)
    rows = []
    for feature in features:
        values = {FIELD_MAP.get(k, k): v for k, v in (feature.get("properties") or {}).items()}
        row = normaliser.row(names, plan, values)
        row[GEOMETRY_KEY] = geometry_wkb(feature.get("geometry"))
        rows.append(row)
    return GestimBatch.from_rows(rows, names, "EPSG:4326", source, datetime.date.today())


def fetch_wfs(
    url: str,
    type_name: str,
    bbox_wgs84: tuple[float, float, float, float],
    feedback: QgsProcessingFeedback | None = None,
    tile_deg: float = 0.5,
    options: HttpOptions | None = None,
) -> GestimBatch:
    """Fetch a WFS layer as GeoJSON (EPSG:4326) tile by tile over the bbox (lon/lat), merged
    without duplicates (a feature on a tile edge comes back from each tile it touches)."""
    feedback = ensure_feedback(feedback)
    todo = [(tile, 0) for tile in wfs_tiles(tuple(bbox_wgs84), tile_deg)]
    merged: dict[str, dict[str, Any]] = {}
    done = 0
    with Client(options) as client:
        while todo:
            check_cancelled(feedback)
            tile, depth = todo.pop(0)
            features, complete = get_features(client, url, type_name, tile)
            if not complete:
                if depth >= MAX_SPLITS:
                    raise UserError(
                        tr(
                            "The WFS returned only part of the features of a tile even after "
                            "splitting it; use a smaller tile size or the province download."
                        )
                    )
                todo[:0] = [(part, depth + 1) for part in _split(tile)]
                continue
            for feature in features:
                merged.setdefault(_feature_key(feature), feature)
            done += 1
            feedback.setProgress(100.0 * done / (done + len(todo)))
    feedback.pushInfo(
        tr("WFS: {count} features from {tiles} tiles.").format(count=len(merged), tiles=done)
    )
    return _batch(list(merged.values()), url, type_name)
