"""pyproj's Geod, the pack tests' independent reference for ellipsoidal areas.

Debian's pyproj in the test venv looks for PROJ's data under the venv and warns at import that
it found none (Geod needs none): it is pointed at the PROJ data GDAL uses.
"""

from __future__ import annotations

import os
from pathlib import Path

from osgeo import osr

_DATA = next((p for p in osr.GetPROJSearchPaths() or [] if (Path(p) / "proj.db").is_file()), "")
if _DATA:
    os.environ.setdefault("PROJ_DATA", _DATA)
    os.environ.setdefault("PROJ_LIB", _DATA)  # pyproj before 3.5 (PROJ < 9.1) reads this name

from pyproj import Geod  # noqa: E402 - after the data directory is named

__all__ = ["Geod"]
