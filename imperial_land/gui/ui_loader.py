"""Loads the .ui forms under resources/ui/ at run time."""

from __future__ import annotations

from qgis.PyQt import uic

from imperial_land.core.common import resource


def load_form(name: str):
    """The generated form class of resources/ui/<name>.ui (use as a mix-in with setupUi)."""
    form_class, _base = uic.loadUiType(str(resource("ui", f"{name}.ui")))
    return form_class
