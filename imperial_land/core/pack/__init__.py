"""Offline map packs: request, AOI, clip, basemap and tiles, project, manifest, sources, and
the entry points build.build_pack and load.load_pack.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.pack import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "MAX_ZOOM": "request",
    "OpenedPack": "load",
    "PackRequest": "request",
    "PackResult": "request",
    "add_opened": "load",
    "aoi_from_rectangle": "aoi",
    "aoi_from_selection": "aoi",
    "build_pack": "build",
    "default_layers": "sources",
    "load_pack": "load",
    "open_pack": "load",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.pack.aoi import aoi_from_rectangle as aoi_from_rectangle
    from imperial_land.core.pack.aoi import aoi_from_selection as aoi_from_selection
    from imperial_land.core.pack.build import build_pack as build_pack
    from imperial_land.core.pack.load import OpenedPack as OpenedPack
    from imperial_land.core.pack.load import add_opened as add_opened
    from imperial_land.core.pack.load import load_pack as load_pack
    from imperial_land.core.pack.load import open_pack as open_pack
    from imperial_land.core.pack.request import MAX_ZOOM as MAX_ZOOM
    from imperial_land.core.pack.request import PackRequest as PackRequest
    from imperial_land.core.pack.request import PackResult as PackResult
    from imperial_land.core.pack.sources import default_layers as default_layers


__getattr__ = lazy_exports(__name__, _EXPORTS)
