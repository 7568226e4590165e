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
    "MANIFEST_NAME": "manifest",
    "MAX_ZOOM": "request",
    "NOTES_GPKG": "notes",
    "NOTES_LAYER": "notes",
    "NOTE_COLUMNS": "notes",
    "OpenedPack": "load",
    "PackRequest": "request",
    "PHOTO_FIELDS": "notes",
    "PHOTO_FOLDER": "notes",
    "PackResult": "request",
    "add_opened": "load",
    "aoi_from_rectangle": "aoi",
    "aoi_from_selection": "aoi",
    "build_pack": "build",
    "default_layers": "sources",
    "extract_pack": "load",
    "given_folder": "load",
    "listed_problems": "manifest",
    "load_pack": "load",
    "open_pack": "load",
    "read_manifest": "manifest",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.pack.aoi import aoi_from_rectangle as aoi_from_rectangle
    from imperial_land.core.pack.aoi import aoi_from_selection as aoi_from_selection
    from imperial_land.core.pack.build import build_pack as build_pack
    from imperial_land.core.pack.load import OpenedPack as OpenedPack
    from imperial_land.core.pack.load import add_opened as add_opened
    from imperial_land.core.pack.load import extract_pack as extract_pack
    from imperial_land.core.pack.load import given_folder as given_folder
    from imperial_land.core.pack.load import load_pack as load_pack
    from imperial_land.core.pack.load import open_pack as open_pack
    from imperial_land.core.pack.manifest import MANIFEST_NAME as MANIFEST_NAME
    from imperial_land.core.pack.manifest import listed_problems as listed_problems
    from imperial_land.core.pack.manifest import read_manifest as read_manifest
    from imperial_land.core.pack.notes import NOTE_COLUMNS as NOTE_COLUMNS
    from imperial_land.core.pack.notes import NOTES_GPKG as NOTES_GPKG
    from imperial_land.core.pack.notes import NOTES_LAYER as NOTES_LAYER
    from imperial_land.core.pack.notes import PHOTO_FIELDS as PHOTO_FIELDS
    from imperial_land.core.pack.notes import PHOTO_FOLDER as PHOTO_FOLDER
    from imperial_land.core.pack.request import MAX_ZOOM as MAX_ZOOM
    from imperial_land.core.pack.request import PackRequest as PackRequest
    from imperial_land.core.pack.request import PackResult as PackResult
    from imperial_land.core.pack.sources import default_layers as default_layers


__getattr__ = lazy_exports(__name__, _EXPORTS)
