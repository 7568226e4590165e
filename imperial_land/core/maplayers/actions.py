"""The claims layer's "Claim history" action: opens a title's history from the register
(gui/claim_history.py) from the feature form, the canvas and the identify panel.

Part of how the plugin presents the claims layer (beside its style and role), so loading the
land layers adds it without the layers depending on the register package.
"""

from __future__ import annotations

from qgis.core import QgsAction, QgsVectorLayer
from qgis.PyQt.QtCore import QUuid

from imperial_land.core.common import tr

# A fixed id: adding the action again replaces it instead of stacking copies.
ACTION_ID = QUuid("{6f1d2a4e-3c1b-4e8a-9d2f-5b7c1e0a4d21}")
ACTION_CODE = (
    "from imperial_land.gui.claim_history import show_claim_history\n"
    "show_claim_history('[% @layer_id %]', [% $id %])"
)


def add_history_action(layer: QgsVectorLayer) -> None:
    """Give the claims layer a "Claim history" action (feature, canvas and identify panel)."""
    actions = layer.actions()
    for existing in actions.actions():
        if existing.id() == ACTION_ID:
            actions.removeAction(ACTION_ID)
    action = QgsAction(
        ACTION_ID,
        QgsAction.ActionType.GenericPython,
        tr("Claim history"),
        ACTION_CODE,
        "",
        False,
        tr("History"),
        {"Feature", "Canvas"},
        "",
    )
    actions.addAction(action)
