"""Processing: the consultation summary per Nation (imperial_land:consultationsummary)."""

from __future__ import annotations

import datetime as dt

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFileDestination,
)

from imperial_land.core.common import UserError, tr
from imperial_land.core.consultation import register_summary, write_summary
from imperial_land.processing.base import ImperialAlgorithm
from imperial_land.processing.register_inputs import add_register_parameters, register_target


class ConsultationSummaryAlgorithm(ImperialAlgorithm):
    NAME = "consultationsummary"

    def displayName(self) -> str:
        return tr("Consultation summary per Nation")

    def shortHelpString(self) -> str:
        return tr(
            "Per Nation: the consultation sites recorded in the register, how many are at each "
            "status, the last contact, and the open commitments with their due dates. Writes "
            "an HTML page and a CSV table (one row per Nation)."
        )

    def initAlgorithm(self, config=None) -> None:
        add_register_parameters(self)
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "OUTPUT_HTML", tr("Summary (HTML)"), tr("HTML files (*.html)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "OUTPUT_CSV", tr("Summary (CSV)"), tr("CSV files (*.csv)"), optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber("NATIONS", tr("Nations")))
        self.addOutput(QgsProcessingOutputNumber("SITES", tr("Sites")))
        self.addOutput(QgsProcessingOutputNumber("OPEN_COMMITMENTS", tr("Open commitments")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary")))

    def run_core(self, parameters, context, feedback) -> dict:
        html = self.parameterAsFileOutput(parameters, "OUTPUT_HTML", context) or None
        csv_path = self.parameterAsFileOutput(parameters, "OUTPUT_CSV", context) or None
        if not html and not csv_path:
            raise UserError(tr("Choose where to write the summary (HTML, CSV or both)."))
        target = register_target(self, parameters, context, existing=True)
        items = register_summary(target)
        written = write_summary(items, html, csv_path, dt.date.today())
        sites = sum(len(i.sites) for i in items)
        commitments = sum(len(i.open_commitments) for i in items)
        summary = tr("{nations} Nations, {sites} sites, {open} open commitments.").format(
            nations=len(items), sites=sites, open=commitments
        )
        feedback.pushInfo(summary)
        outputs = {
            "NATIONS": len(items),
            "SITES": sites,
            "OPEN_COMMITMENTS": commitments,
            "SUMMARY": summary,
        }
        for path in written:
            outputs["OUTPUT_HTML" if path.suffix.lower() in (".html", ".htm") else "OUTPUT_CSV"] = (
                str(path)
            )
        return outputs
