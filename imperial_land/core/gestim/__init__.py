"""Reading GESTIM: the zip (reader.py), its columns and records, the WFS.
Entry points: reader.read_gestim_source, wfs.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.gestim import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "Columns": "records",
    "DownloadState": "reader",
    "GestimBatch": "records",
    "WATCHED_FIELDS": "aliases",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.gestim.aliases import WATCHED_FIELDS as WATCHED_FIELDS
    from imperial_land.core.gestim.reader import DownloadState as DownloadState
    from imperial_land.core.gestim.records import Columns as Columns
    from imperial_land.core.gestim.records import GestimBatch as GestimBatch


__getattr__ = lazy_exports(__name__, _EXPORTS)
