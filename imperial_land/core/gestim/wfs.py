"""GESTIM's WFS (SIGEOM, SGM:Actifs) fetched as bbox tiles of GeoJSON, merged without duplicates.

What the server is (DOMAIN.md): GeoServer behind a government proxy. So: WFS 2.0 `typeNames`
only (no `typeName`, no Origin header: the proxy refuses them), `count` sent and a full tile
split again (`numberMatched` may be missing), duplicates across tiles found on the title's own
values and shape (GeoServer makes feature ids up per request), features outside their tile
refused (a longitude/latitude mix-up), property names read once per run (DescribeFeatureType,
else the answers' properties) and mapped to the register's through core/gestim/aliases.py.
"""

from __future__ import annotations

import datetime
import json
import math
import xml.etree.ElementTree as ElementTree
from typing import Any

from qgis.core import QgsProcessingFeedback
from shapely.geometry import shape

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, split_holders, tr
from imperial_land.core.gestim.aliases import schema_map
from imperial_land.core.gestim.records import (
    GEOMETRY_KEY,
    HOLDER_FIELD,
    TITLE_FIELD,
    GestimBatch,
    ValueNormaliser,
    geometry_wkb,
)
from imperial_land.core.net import Client, HttpOptions, status_error

OUTPUT_FORMAT = "application/json"
COUNT = 1000  # features asked per request; an answer this full is taken as truncated
EDGE_TOLERANCE = 1e-6  # degrees: a feature this close to its tile is inside it
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


Tile = tuple[float, float, float, float]


def _base_params(request: str, type_name: str) -> dict[str, str]:
    return {"service": "WFS", "version": "2.0.0", "request": request, "typeNames": type_name}


def _schema_names(text: str) -> list[str] | None:
    """The non-geometry property names of a DescribeFeatureType answer (GeoServer's XSD or its
    JSON form); None when the answer is neither."""
    try:
        answer = json.loads(text)
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        types = answer.get("featureTypes") or [{}]
        properties = types[0].get("properties") if isinstance(types[0], dict) else None
        if not isinstance(properties, list):
            return None
        return [
            str(p["name"])
            for p in properties
            if isinstance(p, dict) and p.get("name")
            and not str(p.get("type", "")).startswith("gml:")
        ]  # fmt: skip
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None
    if not root.tag.endswith("schema"):
        return None
    names = []
    for element in root.iter():
        if not element.tag.endswith("}element") or element.get("name") is None:
            continue
        kind = element.get("type", "")
        if element.get("substitutionGroup") or kind.split(":")[0].startswith("gml"):
            continue  # the feature type's own element, or its geometry
        names.append(element.get("name"))
    return names


def describe_feature_type(client: Client, url: str, type_name: str) -> list[str] | None:
    """The layer's property names (geometry left out), asked once per run; None when the server
    does not say (the answers' own properties are used then)."""
    response = client.get(url, params=_base_params("DescribeFeatureType", type_name))
    if response.status_code != 200:
        return None
    return _schema_names(response.text)


def _outside(feature: dict[str, Any], tile: Tile) -> bool:
    """True when the feature's coordinates lie wholly outside the tile (axes swapped)."""
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return False
    try:
        minx, miny, maxx, maxy = shape(geometry).bounds
    except Exception:
        return False
    if math.isnan(minx):
        return False
    eps = EDGE_TOLERANCE
    return (
        maxx < tile[0] - eps or minx > tile[2] + eps or maxy < tile[1] - eps or miny > tile[3] + eps
    )


def axis_order_error(url: str) -> UserError:
    """The message for answers that betray a longitude/latitude mix-up."""
    return UserError(
        tr(
            "The WFS at {url} returned features outside the requested area: the server reads "
            "the area's longitude and latitude in the other order. Nothing was written; check "
            "the WFS address and its axis order (bbox=minlon,minlat,maxlon,maxlat,EPSG:4326)."
        ).format(url=url)
    )


def get_features(
    client: Client, url: str, type_name: str, tile: Tile, count: int = COUNT
) -> tuple[list[dict[str, Any]], bool]:
    """GetFeature for one tile: (features, complete). Not complete when the server says it
    matched more than it sent, or sent `count` features (numberMatched may be missing)."""
    params = _base_params("GetFeature", type_name)
    params.update(
        {
            "outputFormat": OUTPUT_FORMAT,
            "srsName": "EPSG:4326",
            "count": str(count),
            "bbox": "{!r},{!r},{!r},{!r},EPSG:4326".format(*tile),
        }
    )
    response = client.get(url, params=params)
    if response.status_code == 404:
        raise UserError(
            tr(
                "The WFS was not found (HTTP 404): {url}. Check the WFS address in the plugin "
                "settings."
            ).format(url=url)
        )
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
    if any(_outside(feature, tile) for feature in features):
        raise axis_order_error(url)
    matched = answer.get("numberMatched")
    returned = answer.get("numberReturned")
    returned = returned if isinstance(returned, int) else len(features)
    complete = not (isinstance(matched, int) and matched > len(features))
    return features, complete and max(returned, len(features)) < count


def _feature_key(feature: dict[str, Any]) -> str:
    """What identifies a feature across tiles: the title's own values and its shape (never the
    feature id: GeoServer makes it up per request for a table without a key)."""
    content = [feature.get("properties"), feature.get("geometry")]
    return json.dumps(content, sort_keys=True, default=str)


def _property_names(features: list[dict[str, Any]], described: list[str] | None) -> list[str]:
    """The layer's properties in DescribeFeatureType's order. With features, only those the
    answers carry (a described property no answer holds must not blank the register's values);
    without any, the described ones."""
    seen: dict[str, None] = {}
    for feature in features:
        seen.update(dict.fromkeys(feature.get("properties") or {}))
    if not features:
        return list(described or [])
    ordered = [name for name in described or [] if name in seen]
    return ordered + [name for name in seen if name not in set(ordered)]


def _batch(
    features: list[dict[str, Any]],
    source: str,
    type_name: str,
    described: list[str] | None = None,
) -> GestimBatch:
    """The merged features as a GestimBatch in the register's field names (aliases.py); a
    feature naming several holders in one text gives one row per holder, as the shapefile does."""
    wfs_names = _property_names(features, described)
    mapping = schema_map(wfs_names)
    names = list(dict.fromkeys(mapping.values()))
    if (features or described) and TITLE_FIELD not in names:
        raise UserError(
            tr("The WFS layer {layer} has no NO_TITRE (title number); properties: {fields}").format(
                layer=type_name, fields=", ".join(wfs_names)
            )
        )
    normaliser = ValueNormaliser()
    plan = normaliser.plan(names)
    rows = []
    for feature in features:
        values = {mapping.get(k, k): v for k, v in (feature.get("properties") or {}).items()}
        row = normaliser.row(names, plan, values)
        row[GEOMETRY_KEY] = geometry_wkb(feature.get("geometry"))
        holders = split_holders(row.get(HOLDER_FIELD)) if HOLDER_FIELD in names else []
        if len(holders) > 1:
            rows.extend({**row, HOLDER_FIELD: normaliser.text(name)} for name in holders)
        else:
            rows.append(row)
    batch = GestimBatch.from_rows(rows, names, "EPSG:4326", source, datetime.date.today())
    batch.renamed = {target: name for name, target in mapping.items() if target != name}
    return batch


def fetch_wfs(
    url: str,
    type_name: str,
    bbox_wgs84: tuple[float, float, float, float],
    feedback: QgsProcessingFeedback | None = None,
    tile_deg: float = 0.5,
    options: HttpOptions | None = None,
    count: int = COUNT,
) -> GestimBatch:
    """Fetch a WFS layer as GeoJSON (EPSG:4326) tile by tile over the bbox (lon/lat), merged
    without duplicates (a feature on a tile edge comes back from each tile it touches).
    A tile answered with `count` features (or fewer than numberMatched) is split in four."""
    feedback = ensure_feedback(feedback)
    todo = [(tile, 0) for tile in wfs_tiles(tuple(bbox_wgs84), tile_deg)]
    merged: dict[str, dict[str, Any]] = {}
    done = 0
    with Client(options) as client:
        described = describe_feature_type(client, url, type_name)
        while todo:
            check_cancelled(feedback)
            tile, depth = todo.pop(0)
            features, complete = get_features(client, url, type_name, tile, count)
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
    return _batch(list(merged.values()), url, type_name, described)
