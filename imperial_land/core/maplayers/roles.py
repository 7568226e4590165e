"""Layer roles: what a layer is to the plugin (the four inputs, the flags, the basemap).

One enum for every role; its values are the stable text stored in projects, pairs and reports
(never translate or rename them). The plugin marks each layer it loads with its role as a layer
custom property; the property key lives here and nowhere else.
"""

from __future__ import annotations

from qgis.core import QgsMapLayer, QgsProject

from imperial_land.core.common import TextEnum

ROLE_PROPERTY = "imperial_land/role"


class Role(TextEnum):
    """What a layer is to the plugin. The values are stored: keep them stable."""

    CLAIMS = "claims"
    PARCELS = "parcels"
    TERRITORIES = "territories"
    AOI = "aoi"  # area of interest
    FLAGS = "flags"
    BASEMAP = "basemap"

    @classmethod
    def parse(cls, value: object) -> Role | None:
        """The role stored as `value`, or None for anything else (empty, unknown, damaged)."""
        try:
            return cls(str(value)) if value else None
        except ValueError:
            return None


# The values input layers, pairs and reports are keyed by (plain text: common/enums.py says why).
CLAIMS, PARCELS, TERRITORIES, AOI = (
    role.value for role in (Role.CLAIMS, Role.PARCELS, Role.TERRITORIES, Role.AOI)
)
ROLES = (CLAIMS, PARCELS, TERRITORIES, AOI)
FLAGS = Role.FLAGS.value  # the overlap report's flags layer


def set_role(layer: QgsMapLayer, role: Role | str) -> None:
    """Mark `layer` with `role` (saved with the project)."""
    layer.setCustomProperty(ROLE_PROPERTY, Role(role).value)


def role_of(layer: QgsMapLayer | None) -> Role | None:
    """The role stored on `layer`, or None."""
    if layer is None:
        return None
    return Role.parse(layer.customProperty(ROLE_PROPERTY))


def layers_with_role(project: QgsProject, role: Role) -> list[QgsMapLayer]:
    """The project's valid layers marked `role`, in layer-tree order (top first)."""
    found = []
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        if layer is not None and layer.isValid() and role_of(layer) is role:
            found.append(layer)
    return found
