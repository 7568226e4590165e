"""Benchmark of the dock's pairs table at province scale, against QGIS's attribute table of
the same flags layer, same run.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_dock_table.py [--scale 1]

The engine runs once on the bench province (bench/province.py) and writes the flags
GeoPackage; then, on the main thread, as a user waits for them:
  dock     the overlap panel (`gui/overlap_panel.py`) shows the run (`finished`: the pairs
           table, filters, flags layer), filters one Nation and all again (its combo box),
           sorts by hectares (twice: descending, ascending), by side A's key and by flag (its
           header); the same steps run on older code (copy this file into that tree);
  native   QGIS's attribute table of the flags layer (QgsVectorLayerCache +
           QgsAttributeTableModel + QgsAttributeTableFilterModel, as the attribute table
           dialog builds it): load, then the same sorts (hectares, key, flag).
Each step's wall seconds include the events processed after it (the view's paint).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(description="The dock's pairs table vs the attribute table")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    from qgis.core import QgsApplication, QgsProject, QgsVectorLayer, QgsVectorLayerCache
    from qgis.gui import QgsAttributeTableFilterModel, QgsAttributeTableModel, QgsMapCanvas
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QTableView

    app = QgsApplication([], True)
    app.initQgis()
    from province import make_province

    from imperial_land.core.maplayers.fields import TerritoryFields
    from imperial_land.core.overlap.engine import OverlapOptions
    from imperial_land.core.report.staged import ReportPaths, run_and_stage
    from imperial_land.gui.overlap_model import COLUMNS
    from imperial_land.gui.overlap_panel import OverlapPanel

    paths = make_province(HERE / "out", args.scale)
    layers = {
        role: QgsVectorLayer(f"{paths[role]}|layername={role}", role, "ogr")
        for role in ("claims", "parcels", "territories")
    }
    layers["aoi"] = None
    folder = Path(paths["claims"]).parent / "dock-table"
    folder.mkdir(exist_ok=True)
    report = ReportPaths(flags_gpkg=folder / "overlap_flags.gpkg")
    options = OverlapOptions(territory_fields=TerritoryFields(distance="DISTANCE_M"))
    start = time.perf_counter()
    value = run_and_stage(layers, options, False, report)
    print(f"engine + flags GeoPackage (no table): {time.perf_counter() - start:.2f} s")

    def timed(label: str, step) -> float:
        began = time.perf_counter()
        step()
        app.processEvents()
        seconds = time.perf_counter() - began
        print(f"  {label:34s} {seconds:7.2f} s", flush=True)
        return seconds

    print("dock (gui/overlap_panel.py):")
    panel = OverlapPanel(None)
    panel.resize(900, 700)
    panel.show()
    app.processEvents()
    model, header = panel.model, panel.pairs_view.horizontalHeader()
    dock = {
        "show": timed("finished (table, filters, layer)", lambda: panel.finished(value, None)),
        "filter": timed("one Nation", lambda: panel.nation_filter.setCurrentIndex(1)),
        "all": timed("all again", lambda: panel.nation_filter.setCurrentIndex(0)),
    }
    sorts = {"hectares desc": ("overlap_ha", Qt.SortOrder.DescendingOrder)}
    sorts["hectares asc"] = ("overlap_ha", Qt.SortOrder.AscendingOrder)
    sorts["side A key"] = ("a_key", Qt.SortOrder.AscendingOrder)
    sorts["flag"] = ("flag", Qt.SortOrder.AscendingOrder)
    for label, (column, order) in sorts.items():
        dock[label] = timed(
            f"sort by {label}",
            lambda c=column, o=order: header.setSortIndicator(COLUMNS.index(c), o),
        )
    print(f"  rows shown: {model.rowCount()}")

    print("native (QGIS attribute table of the flags layer):")
    flags = panel.flags_layer
    QgsProject.instance().addMapLayer(flags, False)
    canvas = QgsMapCanvas()
    view = QTableView()
    view.resize(900, 700)
    native: dict[str, float] = {}
    holder: dict = {}

    def load() -> None:
        cache = QgsVectorLayerCache(flags, flags.featureCount())
        table = QgsAttributeTableModel(cache)
        table.loadLayer()
        sorter = QgsAttributeTableFilterModel(canvas, table)
        view.setModel(sorter)
        view.show()
        holder.update(cache=cache, table=table, sorter=sorter)

    native["show"] = timed("load the attribute table", load)
    fields = flags.fields()
    for label, (column, order) in sorts.items():
        index = fields.indexFromName(column)
        native[label] = timed(
            f"sort by {label}", lambda i=index, o=order: holder["sorter"].sort(i, o)
        )
    print(f"  rows shown: {holder['sorter'].rowCount()}")
    print("dock / native:")
    for label in ("show", *sorts):
        print(f"  {label:20s} {dock[label] / native[label]:6.2f}")


if __name__ == "__main__":
    main()
