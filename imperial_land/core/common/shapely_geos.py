"""Shapely on its own GEOS inside QGIS on Linux.

QGIS links GEOS itself, so in desktop QGIS and qgis_process its libgeos_c sits in the process's
global symbol scope before any plugin runs. A shapely wheel carries its own GEOS, but Linux's
dynamic linker looks symbols up in the global scope first: loaded there, shapely's extensions
bind most GEOS functions to QGIS's GEOS (3.11 on Debian 12) and the ones it lacks to the wheel's
(3.14), two GEOS versions behind one API in one process (measured in qgis_process with
LD_DEBUG=bindings: 242 functions bound to QGIS's library, 22 to the wheel's), and the overlap
engine ran ~1 s slower at province scale than in a plain Python process. Loaded with
RTLD_DEEPBIND, the extensions look in their own dependencies first: the GEOS they were built
with. A shapely built on the system's GEOS (Debian's python3-shapely) depends on that same
library, so nothing changes for it; other systems keep each library's symbols apart already.

QGIS 3.40 and 3.44 import shapely in qgis.core themselves (for QgsGeometry.as_shapely), before
any plugin: there the load comes too late and changes nothing (Debian ships GEOS 3.13.1 and
3.15.0 with them, the wheel 3.14.1).
"""

from __future__ import annotations

import os
import sys


def load_shapely() -> None:
    """Import shapely, on Linux with its extensions bound to their own GEOS first. Does nothing
    when shapely is already imported (by QGIS or another plugin) or missing (the dependency
    check says so)."""
    if "shapely" in sys.modules:
        return
    deep = getattr(os, "RTLD_DEEPBIND", 0)
    if not sys.platform.startswith("linux") or not deep:
        return
    try:
        import numpy  # noqa: F401 - numpy's own extensions load as usual
    except ImportError:
        return
    flags = sys.getdlopenflags()
    sys.setdlopenflags(flags | deep)
    try:
        import shapely  # noqa: F401
    except ImportError:
        pass
    finally:
        sys.setdlopenflags(flags)
