"""The register's overlap state: configured layers and the current pairs of its claims, kept
current after each sync on the changed titles only (run.update_overlap_state); the tables are
the register's (register/overlap_state.py).

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.overlapstate import ...`), never from the modules, so the modules
can change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "StateUpdate": "run",
    "configure_overlap_state": "run",
    "state_rows": "run",
    "update_overlap_state": "run",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.overlapstate.run import StateUpdate as StateUpdate
    from imperial_land.core.overlapstate.run import (
        configure_overlap_state as configure_overlap_state,
    )
    from imperial_land.core.overlapstate.run import state_rows as state_rows
    from imperial_land.core.overlapstate.run import update_overlap_state as update_overlap_state


__getattr__ = lazy_exports(__name__, _EXPORTS)
