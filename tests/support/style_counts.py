"""Counts features per legend class, the way a renderer itself classifies them."""

from __future__ import annotations

from collections import Counter

from qgis.core import (
    QgsExpressionContextUtils,
    QgsFeatureRenderer,
    QgsRenderContext,
    QgsVectorLayer,
)


def class_counts(layer: QgsVectorLayer, renderer: QgsFeatureRenderer) -> Counter:
    """Features per legend label, as the renderer itself classifies them."""
    renderer = renderer.clone()
    context = QgsRenderContext()
    context.expressionContext().appendScopes(
        QgsExpressionContextUtils.globalProjectLayerScopes(layer)
    )
    renderer.startRender(context, layer.fields())
    labels = {item.ruleKey(): item.label() for item in renderer.legendSymbolItems()}
    counts: Counter = Counter()
    for feature in layer.getFeatures():
        context.expressionContext().setFeature(feature)
        keys = [k for k in renderer.legendKeysForFeature(feature, context) if k in labels]
        assert len(keys) == 1, f"feature {feature.id()} in {len(keys)} classes"
        counts[labels[keys[0]]] += 1
    renderer.stopRender(context)
    return counts
