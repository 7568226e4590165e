"""The plugin's Processing provider: every algorithm, runnable headless with qgis_process."""

from __future__ import annotations

import importlib

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from imperial_land.core.common import LOG_TAG, icon_path, missing_message, tr

# (module, class) of every algorithm, in menu order. Add yours here.
ALGORITHMS = [
    ("imperial_land.processing.load_layers", "LoadLandLayersAlgorithm"),
    ("imperial_land.processing.overlap_report", "OverlapReportAlgorithm"),
    ("imperial_land.processing.sync_gestim", "SyncGestimAlgorithm"),
    ("imperial_land.processing.build_pack", "BuildPackAlgorithm"),
    ("imperial_land.processing.load_pack", "LoadPackAlgorithm"),
    ("imperial_land.processing.import_field_notes", "ImportFieldNotesAlgorithm"),
    ("imperial_land.processing.init_pg_register", "InitPgRegisterAlgorithm"),
    ("imperial_land.processing.consultation_summary", "ConsultationSummaryAlgorithm"),
    ("imperial_land.processing.watch_report", "WatchReportAlgorithm"),
]


def algorithm_classes() -> list:
    """Algorithm classes that can load. One whose third-party package is missing is left out and
    logged, so the others (and the plugin) still work; a bug in our own code still raises."""
    classes = []
    for module_name, class_name in ALGORITHMS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is None or exc.name.split(".")[0] == "imperial_land":
                raise
            QgsMessageLog.logMessage(
                tr("Algorithm {module} not loaded: {reason}").format(
                    module=module_name.rsplit(".", 1)[-1], reason=missing_message([exc.name])
                ),
                LOG_TAG,
                Qgis.MessageLevel.Warning,
            )
            continue
        classes.append(getattr(module, class_name))
    return classes


class ImperialLandProvider(QgsProcessingProvider):
    """Provider id `imperial_land`."""

    def id(self) -> str:
        return "imperial_land"

    def name(self) -> str:
        return tr("Imperial Land & Claims")

    def icon(self) -> QIcon:
        return QIcon(icon_path())

    def loadAlgorithms(self) -> None:
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
