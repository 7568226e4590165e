"""The GESTIM sync: run (the entry point, run.sync_register), source, diff, digest, report.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.sync import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "SyncReport": "report",
    "sync_register": "run",
    "write_alert_csv": "report",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.sync.report import SyncReport as SyncReport
    from imperial_land.core.sync.report import write_alert_csv as write_alert_csv
    from imperial_land.core.sync.run import sync_register as sync_register


__getattr__ = lazy_exports(__name__, _EXPORTS)
