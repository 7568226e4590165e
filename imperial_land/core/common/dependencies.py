"""Python packages the plugin needs beyond QGIS, and a clear message when one is missing."""

from __future__ import annotations

import importlib
import os
import re
import sys

from imperial_land.core.common.i18n import tr

# module -> (pip name, lowest major.minor that works)
# Nothing here may bring its own GDAL or PROJ into QGIS (fiona's, pyproj's or rasterio's wheels
# do, and break QGIS's EPSG look-ups): the plugin reads and writes with QGIS's own osgeo.ogr.
REQUIRED = {
    "shapely": ("shapely", (2, 0)),
    "requests": ("requests", (2, 28)),
}
# Only the PostGIS team register needs these.
OPTIONAL = {"psycopg": ("psycopg[binary]", (3, 1))}

# Where each package is safe to take from, per platform: the distribution's package (built on
# the system's libraries), OSGeo4W's (Windows, built on QGIS's), or its wheel from pip (pure
# Python, or carrying only GEOS / libpq, never GDAL or PROJ). None: pip on that platform.
SOURCES = {
    "shapely": {"debian": "python3-shapely", "osgeo4w": "python3-shapely"},
    "requests": {"debian": "python3-requests", "osgeo4w": "python3-requests"},
    "psycopg": {"debian": "python3-psycopg", "osgeo4w": None},
}


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def missing(packages: dict[str, tuple[str, tuple[int, int]]] | None = None) -> list[str]:
    """Pip requirement strings of the packages that are absent or too old."""
    wanted = REQUIRED if packages is None else packages
    out = []
    for module_name, (pip_name, lowest) in wanted.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            out.append(f"{pip_name}>={lowest[0]}.{lowest[1]}")
            continue
        version = getattr(module, "__version__", "0")
        if _version_tuple(version) < lowest:
            out.append(f"{pip_name}>={lowest[0]}.{lowest[1]}")
    return out


def current_platform() -> str:
    """debian (Debian, Ubuntu and their kin), windows (OSGeo4W or the standalone installer),
    or other (macOS, other Linux distributions)."""
    if sys.platform.startswith("win"):
        return "windows"
    if os.path.exists("/etc/debian_version"):
        return "debian"
    return "other"


def _module(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0]


def _pip_args(requirements: list[str]) -> str:
    return " ".join(f"'{r}'" if any(c in r for c in "<>[") else r for r in requirements)


def _how(known: list[str], platform: str) -> str:
    """The safe way to install `known` (requirements whose module is in SOURCES) on `platform`."""
    if platform == "debian":
        debs = " ".join(SOURCES[_module(r)]["debian"] for r in known)
        return tr(
            "On Debian or Ubuntu: sudo apt install {debs} (where the distribution's is too old, "
            "as shapely on Debian 12: python3 -m pip install --user {pip})."
        ).format(debs=debs, pip=_pip_args(known))
    if platform == "windows":
        osgeo = [SOURCES[_module(r)]["osgeo4w"] for r in known]
        how = tr("In the OSGeo4W installer (Advanced install): {packages}.").format(
            packages=" ".join(name for name in osgeo if name) or "-"
        )
        by_pip = [r for r, name in zip(known, osgeo) if name is None]
        if by_pip:
            shell = tr("In the OSGeo4W Shell: python -m pip install {pip}.")
            how += " " + shell.format(pip=_pip_args(by_pip))
        return how
    return tr("In QGIS's Python: python3 -m pip install {pip}.").format(pip=_pip_args(known))


def missing_message(requirements: list[str], platform: str | None = None) -> str:
    """What to tell the user about missing packages, with what installs them safely on this
    platform (`platform` as current_platform() names it). Only the packages of SOURCES get an
    install command: nothing that brings its own GDAL or PROJ is ever suggested."""
    known = [r for r in requirements if _module(r) in SOURCES]
    how = _how(known, platform or current_platform()) + " " if known else ""
    message = tr(
        "Imperial Land needs these Python packages in QGIS's Python: {packages}. {how}"
        "Never install fiona, pyproj or rasterio from pip into QGIS's Python: they bring their "
        "own GDAL and PROJ. Restart QGIS afterwards."
    )
    return message.format(packages=" ".join(requirements), how=how)
