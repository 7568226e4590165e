"""What every Imperial Land algorithm shares: names, translation, errors as Processing errors."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

from imperial_land.core.errors import UserError
from imperial_land.core.i18n import tr


class ImperialAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set NAME, implement displayName/shortHelpString/init/run_core."""

    NAME = ""

    def name(self) -> str:
        return self.NAME

    def group(self) -> str:
        return tr("Land and claims")

    def groupId(self) -> str:
        return "land_claims"

    def createInstance(self) -> ImperialAlgorithm:
        return type(self)()

    def tr(self, text: str) -> str:
        return tr(text)

    def processAlgorithm(self, parameters, context, feedback):
        try:
            return self.run_core(parameters, context, feedback)
        except UserError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def run_core(self, parameters, context, feedback) -> dict:
        """The algorithm's work; raise UserError for anything the user must fix."""
        raise NotImplementedError
