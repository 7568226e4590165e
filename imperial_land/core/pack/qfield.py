"""QField's layer action properties, so QFieldSync's project checker finds every layer set.

QFieldSync reads two layer custom properties: "QFieldSync/action" (cable export) and
"QFieldSync/cloud_action" (QFieldCloud). A pack's layers are a read-only copy of the office
data: "copy" takes the file as it is over cable, "no_action" uses it as it is on the cloud, and
the layer is read-only in the project. The one editable layer (the field notes, pack/notes.py)
is "copy" over cable and "offline" (edited, synchronised) on the cloud; QField names its photos
by "QFieldSync/attachment_naming" (and the older "QFieldSync/photo_naming").
"""

from __future__ import annotations

from qgis.core import QgsMapLayer, QgsVectorLayer

CABLE_ACTION = "QFieldSync/action"
CLOUD_ACTION = "QFieldSync/cloud_action"
COPY = "copy"
NO_ACTION = "no_action"
OFFLINE = "offline"
ATTACHMENT_NAMING = "QFieldSync/attachment_naming"
PHOTO_NAMING = "QFieldSync/photo_naming"


def set_read_only_copy(layer: QgsMapLayer) -> None:
    """Mark `layer` as a read-only copy for QField (cable and cloud)."""
    layer.setCustomProperty(CABLE_ACTION, COPY)
    layer.setCustomProperty(CLOUD_ACTION, NO_ACTION)
    if isinstance(layer, QgsVectorLayer):
        layer.setReadOnly(True)


def unconfigured(layers: list[QgsMapLayer]) -> list[str]:
    """Names of the layers QFieldSync would warn about: neither cable nor cloud action set."""
    return [
        layer.name()
        for layer in layers
        if not layer.customProperty(CABLE_ACTION) and not layer.customProperty(CLOUD_ACTION)
    ]


def set_editable(layer: QgsVectorLayer, attachment_naming: str = "{}") -> None:
    """Mark `layer` as the pack's editable layer: its file goes with the pack over cable and is
    edited in place ("copy", not read-only), synchronised by QFieldCloud ("offline"); photos are
    named by `attachment_naming` (a JSON object: field -> QGIS expression of the file path)."""
    layer.setCustomProperty(CABLE_ACTION, COPY)
    layer.setCustomProperty(CLOUD_ACTION, OFFLINE)
    layer.setCustomProperty(ATTACHMENT_NAMING, attachment_naming)
    layer.setCustomProperty(PHOTO_NAMING, attachment_naming)  # QField before 2.7
    layer.setReadOnly(False)
