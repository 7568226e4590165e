"""Processing: the staking watch between two runs or two dates of the register
(imperial_land:watchreport), to schedule with the weekly sync."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterDateTime,
    QgsProcessingParameterNumber,
)

from imperial_land.core.common import UserError, tr
from imperial_land.core.watch import watch_register
from imperial_land.processing.base import ImperialAlgorithm, holders_parameter, split_holders
from imperial_land.processing.register_inputs import add_register_parameters, register_target
from imperial_land.processing.watch_inputs import (
    add_watch_parameters,
    watch_outputs,
    watched_layers,
)


class WatchReportAlgorithm(ImperialAlgorithm):
    NAME = "watchreport"

    def displayName(self) -> str:
        return tr("Staking watch report")

    def shortHelpString(self) -> str:
        return tr(
            "The staking watch for any two sync runs or two dates of the claim register: the "
            "third-party titles that became new, were transferred to a third party or came back "
            "from gone after the first run (up to and including the last), or in syncs run from "
            "the first date to the last, and lie on or within the watch distance of the "
            "company's parcels, areas of interest or claims. Empty ends are open. Written as "
            "CSV and as a styled GeoPackage layer."
        )

    def initAlgorithm(self, config=None) -> None:
        add_register_parameters(self)
        for name, label in (
            ("FROM_RUN", tr("After sync run (id)")),
            ("TO_RUN", tr("Up to sync run (id)")),
        ):
            self.addParameter(
                QgsProcessingParameterNumber(
                    name, label, QgsProcessingParameterNumber.Type.Integer, optional=True
                )
            )
        for name, label in (("FROM_DATE", tr("From date")), ("TO_DATE", tr("To date"))):
            self.addParameter(
                QgsProcessingParameterDateTime(
                    name, label, QgsProcessingParameterDateTime.Type.Date, optional=True
                )
            )
        self.addParameter(holders_parameter("HOLDERS"))
        add_watch_parameters(self)

    def run_core(self, parameters, context, feedback) -> dict:
        target = register_target(self, parameters, context, existing=True)
        runs = [self._given(parameters, name) for name in ("FROM_RUN", "TO_RUN")]
        dates = [self._given(parameters, name) for name in ("FROM_DATE", "TO_DATE")]
        if any(v is not None for v in runs) and any(v is not None for v in dates):
            raise UserError(tr("Give two sync runs or two dates, not one of each."))
        if any(v is not None for v in dates):
            first, last = (
                self.parameterAsDateTime(parameters, name, context).date().toPyDate()
                if value is not None
                else None
                for name, value in zip(("FROM_DATE", "TO_DATE"), dates)
            )
        else:
            first, last = (
                self.parameterAsInt(parameters, name, context) if value is not None else None
                for name, value in zip(("FROM_RUN", "TO_RUN"), runs)
            )
        holders = split_holders(self.parameterAsString(parameters, "HOLDERS", context))
        result = watch_register(
            target,
            first,
            last,
            watched=watched_layers(self, parameters, context),
            holders=holders or None,
            claims_distance_m=self.parameterAsDouble(parameters, "WATCH_CLAIMS_DISTANCE", context),
            csv_path=self.parameterAsFileOutput(parameters, "WATCH_CSV", context) or None,
            layer_path=self.parameterAsFileOutput(parameters, "WATCH_LAYER", context) or None,
            feedback=feedback,
        )
        for line in result.lines():
            feedback.pushInfo(line)
        return watch_outputs(result)

    @staticmethod
    def _given(parameters: dict, name: str):
        """The parameter's value, None when it was left empty."""
        value = parameters.get(name)
        return None if value is None or str(value).strip() in ("", "NULL") else value
