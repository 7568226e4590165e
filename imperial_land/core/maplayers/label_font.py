"""The font the plugin's labels name: one this system has, so no project warns on open.

Qt's default family differs between a headless run (offscreen) and the desktop, and a style
saved headless named a family the desktop lacked ("Font ... not available on system"). The
labels name the first family of PREFERRED found on the system, else the application's own.
"""

from __future__ import annotations

from qgis.core import QgsFontUtils
from qgis.PyQt.QtGui import QFont, QFontDatabase

# Common sans families: DejaVu Sans ships with Debian's QGIS (and the report's PDF uses it),
# the others cover Windows and macOS.
PREFERRED = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica")


def label_font_family() -> str:
    """The first PREFERRED family on this system, else the system's general sans font."""
    for family in PREFERRED:
        if QgsFontUtils.fontFamilyOnSystem(family):
            return family
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


def label_font() -> QFont:
    """A QFont of label_font_family()."""
    return QFont(label_font_family())
