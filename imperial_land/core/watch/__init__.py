"""The staking watch: after a sync (or between any two runs or dates of the register), the
third-party titles that are new, transferred to a third party or back from gone, on or near the
company's parcels, areas of interest and claims. run (watch_runs, runs_between), layers (the
watched layers and their checks), model (rows, result), output (CSV + styled GeoPackage).

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.watch import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "LAYER_NAME": "output",
    "TargetKind": "model",
    "WatchEvent": "model",
    "WatchResult": "model",
    "WatchRow": "model",
    "WatchedLayer": "layers",
    "check_watched": "layers",
    "event_label": "model",
    "runs_between": "run",
    "style_watch_layer": "output",
    "target_label": "model",
    "watch_register": "run",
    "watch_runs": "run",
    "watched_from_settings": "layers",
    "watched_to_settings": "layers",
    "write_watch": "output",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.watch.layers import WatchedLayer as WatchedLayer
    from imperial_land.core.watch.layers import check_watched as check_watched
    from imperial_land.core.watch.layers import watched_from_settings as watched_from_settings
    from imperial_land.core.watch.layers import watched_to_settings as watched_to_settings
    from imperial_land.core.watch.model import TargetKind as TargetKind
    from imperial_land.core.watch.model import WatchEvent as WatchEvent
    from imperial_land.core.watch.model import WatchResult as WatchResult
    from imperial_land.core.watch.model import WatchRow as WatchRow
    from imperial_land.core.watch.model import event_label as event_label
    from imperial_land.core.watch.model import target_label as target_label
    from imperial_land.core.watch.output import LAYER_NAME as LAYER_NAME
    from imperial_land.core.watch.output import style_watch_layer as style_watch_layer
    from imperial_land.core.watch.output import write_watch as write_watch
    from imperial_land.core.watch.run import runs_between as runs_between
    from imperial_land.core.watch.run import watch_register as watch_register
    from imperial_land.core.watch.run import watch_runs as watch_runs


__getattr__ = lazy_exports(__name__, _EXPORTS)
