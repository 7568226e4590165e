"""The plugin's Processing provider: every algorithm, runnable headless with qgis_process."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from imperial_land.core.i18n import tr
from imperial_land.core.paths import icon_path


def algorithm_classes() -> list:
    """Algorithm classes, in menu order (imported here so a broken one cannot hide the others)."""
    from imperial_land.processing.build_pack import BuildPackAlgorithm
    from imperial_land.processing.init_pg_register import InitPgRegisterAlgorithm
    from imperial_land.processing.load_layers import LoadLandLayersAlgorithm
    from imperial_land.processing.load_pack import LoadPackAlgorithm
    from imperial_land.processing.sync_gestim import SyncGestimAlgorithm

    classes = [LoadLandLayersAlgorithm, BuildPackAlgorithm, LoadPackAlgorithm, SyncGestimAlgorithm]
    classes.append(InitPgRegisterAlgorithm)
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
