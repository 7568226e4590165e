"""Runs INSIDE a desktop QGIS started with `--code`: opens projects, records what a user meets.

Reads its job from the JSON file named by $IMPERIAL_LAND_PROBE (projects to open, screenshot
folder, result file) and writes a JSON result: the modal dialogs that opened (each closed so the
script goes on), the message-bar items, and per project the dock's tabs and layer boxes.
QGIS is then quit. Uses only what a desktop QGIS holds: no pytest, no test helpers.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QEventLoop, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QComboBox, QDialog, QTabWidget
from qgis.utils import iface, plugins

JOB = json.loads(Path(os.environ["IMPERIAL_LAND_PROBE"]).read_text(encoding="utf-8"))
SCREENS = Path(JOB["screens"])
RESULT: dict = {"dialogs": [], "messages": [], "log": [], "projects": [], "errors": []}


def wait(seconds: float) -> None:
    """Let QGIS work (render, load) for `seconds` without blocking its event loop."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QgsApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.02)


def shoot(widget, name: str) -> str:
    """Save a PNG of `widget` (the main window: the whole screen, docks included)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    path = SCREENS / f"{safe}.png"
    widget.grab().save(str(path))
    return str(path)


def close_modal() -> None:
    """Record and close any modal dialog: a user would have had to answer it."""
    modal = QApplication.activeModalWidget()
    if modal is None:
        return
    entry = {"title": modal.windowTitle(), "class": type(modal).__name__}
    with contextlib.suppress(Exception):  # a screenshot must never keep the dialog open
        entry["screen"] = shoot(modal, f"dialog_{len(RESULT['dialogs'])}")
    RESULT["dialogs"].append(entry)
    if isinstance(modal, QDialog):
        modal.reject()
    else:
        modal.close()


SEEN: set = set()


def on_bar_item(_widget) -> None:
    """Record the bar's new items (the signal gives a plain QWidget: read them from the bar)."""
    for item in iface.messageBar().items():
        if id(item) in SEEN:
            continue
        SEEN.add(id(item))
        RESULT["messages"].append(
            {"title": item.title(), "text": item.text(), "level": int(item.level())}
        )


def on_log(message: str, tag: str, level) -> None:
    if int(level) >= int(Qgis.MessageLevel.Warning):
        RESULT["log"].append({"tag": tag, "text": message, "level": int(level)})


def dock_state(dock) -> dict:
    """The dock's tab titles and, per layer box, the layer it shows and its tooltip."""
    tabs = dock.findChild(QTabWidget)
    boxes = {}
    for panel in getattr(dock, "panels", []):
        for combo in panel.findChildren(QComboBox):
            if not combo.objectName().endswith("_layer") or not hasattr(combo, "currentLayer"):
                continue
            layer = combo.currentLayer()
            key = f"{type(panel).__name__}.{combo.objectName()}"
            boxes[key] = {"layer": layer.name() if layer else "", "tooltip": combo.toolTip()}
    return {"tabs": [tabs.tabText(i) for i in range(tabs.count())], "boxes": boxes}


def run_overlap_report(dock, main, name: str) -> dict:
    """The dock's "Overlap report" run as a user clicks it (the project's layers, the default
    outputs, a folder of the job's): what it writes and shows, the dialogs and messages met."""
    panel = next((p for p in dock.panels if type(p).__name__ == "OverlapPanel"), None)
    if panel is None:
        return {}
    tabs = dock.findChild(QTabWidget)
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index("Overlap report"))
    folder = Path(JOB["result"]).parent / "overlap-report"
    folder.mkdir(parents=True, exist_ok=True)
    panel.folder_edit.setText(str(folder))
    before = len(RESULT["messages"]), len(RESULT["dialogs"]), len(RESULT["log"])
    started = time.monotonic()
    panel.run_button.click()
    while panel.task is not None and time.monotonic() < started + 90:
        wait(0.2)
    wait(0.5)
    model = panel.model
    run = {
        "seconds": round(time.monotonic() - started, 2),
        "pairs": len(panel.result.pairs) if panel.result is not None else None,
        "rows": model.rowCount(),
        "status": panel.status_label.text(),
        "files": sorted(path.name for path in folder.iterdir()),
        "messages": RESULT["messages"][before[0] :],
        "dialogs": RESULT["dialogs"][before[1] :],
        "log": RESULT["log"][before[2] :],
    }
    hectares = model.columns.index("overlap_ha")
    panel.pairs_view.horizontalHeader().setSortIndicator(hectares, Qt.SortOrder.DescendingOrder)
    wait(0.3)
    run["hectares_shown"] = [model.data(model.index(r, hectares)) for r in range(model.rowCount())]
    run["screen"] = shoot(main, name)
    tabs.setCurrentIndex(0)
    return run


def run_processing_report(dock, main, name: str) -> dict:
    """`imperial_land:overlapreport` from Processing, as a model or the toolbox runs it (main
    thread), on the layers the dock shows, every output asked for and loaded into the project:
    what it writes and loads, the dialogs and messages met."""
    import processing

    panel = next((p for p in dock.panels if type(p).__name__ == "OverlapPanel"), None)
    if panel is None:
        return {}
    folder = Path(JOB["result"]).parent / "processing-report"
    folder.mkdir(parents=True, exist_ok=True)
    params = {
        role.upper(): panel.combos[role].currentLayer().id()
        for role in ("claims", "parcels", "territories")
        if panel.combos[role].currentLayer() is not None
    }
    outputs = {"FLAGS": "flags.gpkg", "HTML": "report.html", "CSV": "pairs.csv", "PDF": "r.pdf"}
    params.update({key: str(folder / file) for key, file in outputs.items()})
    before = len(RESULT["messages"]), len(RESULT["dialogs"]), len(RESULT["log"])
    started = time.monotonic()
    try:
        results = processing.runAndLoadResults("imperial_land:overlapreport", params)
        error = ""
    except Exception:
        results, error = {}, traceback.format_exc()
    wait(0.5)
    flags = [
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.source().startswith(str(folder / "flags.gpkg"))
    ]
    run = {
        "seconds": round(time.monotonic() - started, 2),
        "error": error,
        "pairs": results.get("PAIRS"),
        "files": sorted(path.name for path in folder.iterdir()),
        "flags_loaded": [layer.featureCount() for layer in flags],
        "messages": RESULT["messages"][before[0] :],
        "dialogs": RESULT["dialogs"][before[1] :],
        "log": RESULT["log"][before[2] :],
    }
    run["screen"] = shoot(main, name)
    return run


def probe() -> None:
    iface.messageBar().widgetAdded.connect(on_bar_item)
    QgsApplication.messageLog().messageReceived.connect(on_log)
    watcher = QTimer()
    watcher.timeout.connect(close_modal)
    watcher.start(150)
    main = iface.mainWindow()
    main.resize(1600, 1000)
    main.showMaximized()
    plugin = plugins.get("imperial_land")
    RESULT["plugin_loaded"] = plugin is not None
    dock = getattr(plugin, "dock", None)
    if dock is not None:
        dock.show()
        dock.raise_()
    wait(1.0)
    for index, project_path in enumerate(JOB["projects"]):
        if index:  # close the previous project first, as a user would
            iface.newProject(False)
            wait(1.0)
        before = len(RESULT["messages"]), len(RESULT["dialogs"])
        started = time.monotonic()
        iface.addProject(project_path)  # a modal dialog opens inside; the watcher closes it
        iface.mapCanvas().refreshAllLayers()
        wait(JOB.get("settle_s", 2.0))
        entry = {
            "path": project_path,
            "open_s": round(time.monotonic() - started, 2),
            "layers": [layer.name() for layer in QgsProject.instance().mapLayers().values()],
            "messages": RESULT["messages"][before[0] :],
            "dialogs": RESULT["dialogs"][before[1] :],
        }
        stem = Path(project_path).stem
        entry["screen"] = shoot(main, f"{index + 1:02d}_{stem}_main")
        if dock is not None:
            entry["dock"] = dock_state(dock)
            tabs = dock.findChild(QTabWidget)
            entry["tab_screens"] = []
            if JOB.get("tab_screens", True) or index == 0:
                for tab in range(tabs.count()):
                    tabs.setCurrentIndex(tab)
                    wait(0.3)
                    entry["tab_screens"].append(
                        shoot(main, f"{index + 1:02d}_{stem}_tab{tab + 1}_{tabs.tabText(tab)}")
                    )
                tabs.setCurrentIndex(0)
            if index == 0:
                entry["overlap_report"] = run_overlap_report(
                    dock, main, f"{index + 1:02d}_{stem}_overlap_report_run"
                )
                entry["processing_report"] = run_processing_report(
                    dock, main, f"{index + 1:02d}_{stem}_processing_report_run"
                )
        RESULT["projects"].append(entry)
    watcher.stop()


def finish() -> None:
    try:
        probe()
    except Exception:
        RESULT["errors"].append(traceback.format_exc())
    Path(JOB["result"]).write_text(json.dumps(RESULT, indent=2), encoding="utf-8")
    QgsProject.instance().clear()
    QgsProject.instance().setDirty(False)
    os._exit(0)  # no exit prompts, no teardown: the throwaway profile needs nothing saved


QTimer.singleShot(500, finish)
