"""Where the plugin's files are, in a source checkout and in an installed plugin zip."""

from __future__ import annotations

from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parents[1]


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


def sample_gpkg() -> Path:
    """The bundled synthetic sample GeoPackage."""
    return resource("sample", "imperial_land_sample.gpkg")
