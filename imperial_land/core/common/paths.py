"""Where the plugin's files are, in a source checkout and in an installed plugin zip."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parents[2]


def _first_existing(name: str) -> Path:
    """`name` inside the plugin folder (installed zip) or beside it (source checkout)."""
    inside = PLUGIN_DIR / name
    return inside if inside.exists() else PLUGIN_DIR.parent / name


def resources_dir() -> Path:
    """Folder with icons, styles, .ui files and sample data."""
    return _first_existing("resources")


def i18n_dir() -> Path:
    """Folder with the compiled translations (.qm)."""
    return _first_existing("i18n")


def resource(*parts: str) -> Path:
    """Path of a file under resources/."""
    return resources_dir().joinpath(*parts)


def icon_path(name: str = "icon.svg") -> str:
    """Path of an icon, as the string Qt wants."""
    return str(resource("icons", name))


def bundled_sample_gpkg() -> Path:
    """The synthetic sample GeoPackage as shipped with the plugin (never opened by QGIS)."""
    return resource("sample", "imperial_land_sample.gpkg")


def profile_dir(*parts: str) -> Path:
    """The plugin's folder in the QGIS profile (imperial_land/), or `parts` below it."""
    from qgis.core import QgsApplication

    return Path(QgsApplication.qgisSettingsDirPath(), "imperial_land", *parts)


def sample_gpkg(work_dir: Path | None = None) -> Path:
    """A working copy of the sample GeoPackage, made on first use or when a newer one ships.

    QGIS opens GeoPackages read-write and touches them even when nothing is edited, so layers are
    never opened on the bundled file itself. The copy lives in `work_dir`, by default in the QGIS
    profile (imperial_land/sample/).
    """
    bundled = bundled_sample_gpkg()
    folder = work_dir or profile_dir("sample")
    copy = folder / bundled.name
    if not copy.exists() or copy.stat().st_mtime < bundled.stat().st_mtime:
        folder.mkdir(parents=True, exist_ok=True)
        partial = copy.with_suffix(".part")
        shutil.copyfile(bundled, partial)
        os.replace(partial, copy)
    return copy
