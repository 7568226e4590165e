"""Wait, on the main thread, for the QgsTask a dock panel started (its `task` goes back to None)."""

from __future__ import annotations

import time

from qgis.core import QgsApplication


def wait_for_panel(panel, seconds: float = 120.0) -> None:
    """Process events until `panel.task` is None; fail if it is still running after `seconds`."""
    deadline = time.monotonic() + seconds
    while panel.task is not None and time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.02)
    QgsApplication.processEvents()
    assert panel.task is None, f"the {type(panel).__name__} task did not finish in {seconds} s"


def hold_job(monkeypatch, module: str, name: str):
    """Make the panel's job wait, on the task's thread, until the returned `release()`: a Cancel
    clicked before it then always reaches a running job (no race with the task's start)."""
    import importlib
    import threading

    target = importlib.import_module(module)
    real = getattr(target, name)
    gate = threading.Event()

    def held(*args, **kwargs):
        if not gate.wait(60):
            raise TimeoutError("hold_job: never released")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, held)
    return gate.set
