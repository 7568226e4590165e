"""Helpers for the bulk loops of a province run (hundreds of thousands of pairs)."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk loop.

    Building ~400,000 pair objects and rows makes the collector walk every live object again
    and again (a third of the time of the CSV, measured); those objects hold no cycles, so
    pausing it loses nothing. Its previous state is restored, even on error or cancel.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
