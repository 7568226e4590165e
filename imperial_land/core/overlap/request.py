"""What the dock and Processing both need around an overlap run: the layers asked for (selected
AOI features only, at least two layers) and the one-line summary of the result."""

from __future__ import annotations

from qgis.core import QgsFeatureRequest, QgsVectorLayer

from imperial_land.core.common import UserError, tr
from imperial_land.core.overlap.results import OverlapResult


def selected_features(layer: QgsVectorLayer) -> QgsVectorLayer:
    """A memory copy of the layer's selected features, under the layer's name."""
    if layer.selectedFeatureCount() == 0:
        raise UserError(
            tr("No feature is selected in the area of interest layer '{layer}'.").format(
                layer=layer.name()
            )
        )
    selected = layer.materialize(QgsFeatureRequest().setFilterFids(layer.selectedFeatureIds()))
    selected.setName(layer.name())
    return selected


def check_two_layers(layers: dict[str, QgsVectorLayer | None]) -> None:
    """Raise a UserError unless at least two of the roles have a layer."""
    if sum(layer is not None for layer in layers.values()) < 2:
        raise UserError(
            tr(
                "Choose at least two layers to compare (claims, parcels, territories or "
                "area of interest)."
            )
        )


def run_summary(result: OverlapResult) -> str:
    """Pairs, flagged pairs and slivers dropped, in one translated line."""
    return tr("{pairs} pairs, {flagged} flagged; {slivers} sliver overlaps dropped.").format(
        pairs=len(result.pairs),
        flagged=len(result.flagged()),
        slivers=result.slivers_dropped,
    )
