"""The company land a watch looks at: watched layers (from the settings or given), checked.

A watched layer is a parcels or AOI polygon layer with its key field and its own watch distance.
The settings keep them as JSON lines under "watch/layers" ({"kind", "source", "provider",
"key_field", "distance_m"}) so a scheduled sync finds them; a Processing run or the dock may give
layers directly. A layer that is gone, is not polygons or has lost its key field stops the
watch with a message naming it (`check_watched`): the watch then writes nothing.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from qgis.core import QgsVectorLayer, QgsWkbTypes

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.watch.model import TargetKind


@dataclass
class WatchedLayer:
    """One layer of company land to watch."""

    kind: str  # TargetKind.PARCEL or TargetKind.AOI value
    source: str = ""
    provider: str = "ogr"
    key_field: str = ""  # '' = the fid names each feature
    distance_m: float | None = None  # None: settings "watch/distance_m"
    layer: QgsVectorLayer | None = None  # given directly (Processing, dock): source unused

    def distance(self) -> float:
        value = settings.get("watch/distance_m") if self.distance_m is None else self.distance_m
        return float(value)

    def name(self) -> str:
        if self.layer is not None:
            return self.layer.name()
        return self.source


def watched_from_settings() -> list[WatchedLayer]:
    """The watched layers kept in the settings (a line that is not JSON stops the watch)."""
    found = []
    for line in settings.get("watch/layers"):
        try:
            item = json.loads(line)
            found.append(
                WatchedLayer(
                    kind=TargetKind(item["kind"]).value,
                    source=str(item["source"]),
                    provider=str(item.get("provider") or "ogr"),
                    key_field=str(item.get("key_field") or ""),
                    distance_m=item.get("distance_m"),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(
                tr("A watched layer in the settings cannot be read ({line}): {error}").format(
                    line=line, error=exc
                )
            ) from exc
    return found


def watched_to_settings(layers: list[WatchedLayer]) -> None:
    """Keep `layers` (by source) as the watched layers."""
    settings.set_value(
        "watch/layers",
        [
            json.dumps(
                {
                    "kind": w.kind,
                    "source": w.layer.source() if w.layer is not None else w.source,
                    "provider": w.layer.providerType() if w.layer is not None else w.provider,
                    "key_field": w.key_field,
                    "distance_m": w.distance_m,
                }
            )
            for w in layers
        ],
    )


def check_watched(layers: list[WatchedLayer]) -> tuple[list[QgsVectorLayer], list[str]]:
    """Each watched layer opened, and what is wrong with them (every problem, translated)."""
    opened: list[QgsVectorLayer] = []
    problems: list[str] = []
    for watched in layers:
        layer = watched.layer
        if layer is None:
            layer = QgsVectorLayer(watched.source, watched.source, watched.provider)
        distance = watched.distance()
        if not math.isfinite(distance) or distance < 0:
            problems.append(
                tr("The watch distance of '{layer}' must be zero or more metres.").format(
                    layer=watched.name()
                )
            )
        if not layer.isValid():
            problems.append(
                tr("The watched layer '{layer}' cannot be opened (gone or moved?).").format(
                    layer=watched.name()
                )
            )
            continue
        if layer.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
            problems.append(
                tr("The watched layer '{layer}' is not a polygon layer.").format(
                    layer=watched.name()
                )
            )
        if not layer.crs().isValid():
            problems.append(
                tr(
                    "The watched layer '{layer}' has no coordinate reference system; set one."
                ).format(layer=watched.name())
            )
        if watched.key_field and layer.fields().indexOf(watched.key_field) < 0:
            problems.append(
                tr("The watched layer '{layer}' has no field '{field}'.").format(
                    layer=watched.name(), field=watched.key_field
                )
            )
        opened.append(layer)
    return opened, problems
