"""Python packages the plugin needs beyond QGIS, and a clear message when one is missing."""

from __future__ import annotations

import importlib

from imperial_land.core.common.i18n import tr

# module -> (pip name, lowest major.minor that works)
REQUIRED = {
    "shapely": ("shapely", (2, 0)),
    "fiona": ("fiona", (1, 9)),
    "requests": ("requests", (2, 28)),
}
# Only the PostGIS team register needs these.
OPTIONAL = {"psycopg": ("psycopg[binary]", (3, 1))}


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


def missing_message(requirements: list[str]) -> str:
    """What to tell the user about missing packages, with the command that installs them."""
    return tr(
        "Imperial Land needs these Python packages in QGIS's Python: {packages}. "
        "Install them (for example: python3 -m pip install {packages}) and restart QGIS."
    ).format(packages=" ".join(requirements))
