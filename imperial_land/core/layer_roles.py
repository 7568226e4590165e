"""The role the plugin gives each layer it loads, kept as a layer custom property.

One enum for every role; its values are the stable text stored in projects (never translate or
rename them). The custom property key lives here and nowhere else.
"""

from __future__ import annotations

from enum import Enum

from qgis.core import QgsMapLayer, QgsProject

ROLE_PROPERTY = "imperial_land/role"


class LayerRole(str, Enum):
    """What a layer is to the plugin. The values are stored in projects: keep them stable."""

    CLAIMS = "claims"
    PARCELS = "parcels"
    TERRITORIES = "territories"
    AOI = "aoi"
    FLAGS = "flags"
    BASEMAP = "basemap"

    @classmethod
    def parse(cls, value: object) -> LayerRole | None:
        """The role stored as `value`, or None for anything else (empty, unknown, damaged)."""
        try:
            return cls(str(value)) if value else None
        except ValueError:
            return None


def set_role(layer: QgsMapLayer, role: LayerRole | str) -> None:
    """Mark `layer` with `role` (saved with the project)."""
    layer.setCustomProperty(ROLE_PROPERTY, LayerRole(role).value)


def role_of(layer: QgsMapLayer | None) -> LayerRole | None:
    """The role stored on `layer`, or None."""
    if layer is None:
        return None
    return LayerRole.parse(layer.customProperty(ROLE_PROPERTY))


def layers_with_role(project: QgsProject, role: LayerRole) -> list[QgsMapLayer]:
    """The project's valid layers marked `role`, in layer-tree order (top first)."""
    found = []
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        if layer is not None and layer.isValid() and role_of(layer) is role:
            found.append(layer)
    return found
