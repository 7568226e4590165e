"""The dock's tabs, in order. To add one: one import line and one list entry below.

A panel is a QWidget class built as `Panel(iface, parent)`, with a classmethod `title()` giving
its translated tab title, and optionally `unload()` to stop what it runs when the plugin goes.
"""

from __future__ import annotations


def panel_classes() -> list:
    """Panel classes, in the order of the work: layers, GESTIM sync, overlap state and watch,
    overlap report, consultation, packs
    (imported here so the dock imports nothing else)."""
    from imperial_land.gui.consultation_panel import ConsultationPanel
    from imperial_land.gui.layers_panel import LayersPanel
    from imperial_land.gui.overlap_panel import OverlapPanel
    from imperial_land.gui.pack_panel import PackPanel
    from imperial_land.gui.sync_panel import SyncPanel
    from imperial_land.gui.watch_panel import WatchPanel

    return [LayersPanel, SyncPanel, WatchPanel, OverlapPanel, ConsultationPanel, PackPanel]
