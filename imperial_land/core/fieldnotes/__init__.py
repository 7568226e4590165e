"""Field notes back from QField: read a returned pack (returned.py), write its notes and photos
into the register (store.py), the import as one all-or-nothing step (run.import_field_notes).

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.fieldnotes import ...`), never from the modules, so the modules
can change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "NotesImport": "run",
    "NotesStore": "store",
    "import_field_notes": "run",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.fieldnotes.run import NotesImport as NotesImport
    from imperial_land.core.fieldnotes.run import import_field_notes as import_field_notes
    from imperial_land.core.fieldnotes.store import NotesStore as NotesStore


__getattr__ = lazy_exports(__name__, _EXPORTS)
