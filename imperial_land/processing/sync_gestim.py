"""Algorithm "Sync claims from GESTIM": brings the claim register up to date and reports changes."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from imperial_land.core import settings
from imperial_land.core.i18n import tr
from imperial_land.core.sync import sync_register
from imperial_land.processing.base import ImperialAlgorithm


def split_holders(text: str) -> list[str]:
    """Holder names given one per line or separated by ';'."""
    return [name.strip() for name in text.replace(";", "\n").splitlines() if name.strip()]


class SyncGestimAlgorithm(ImperialAlgorithm):
    NAME = "syncgestim"

    def displayName(self) -> str:
        return tr("Sync claims from GESTIM")

    def shortHelpString(self) -> str:
        return tr(
            "Brings the claim register (a GeoPackage) up to date with GESTIM, Quebec's register "
            "of mining titles, in one transaction: new titles, status, holder, expiry, area and "
            "geometry changes, titles gone and back. The company's own fields are never touched. "
            "An unchanged source is not downloaded again. Give an area to fetch only that area "
            "from the WFS (an area sync never marks titles as gone). Writes the expiry alert "
            "(company titles expiring within the given days) as CSV."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterString(
                "SOURCE",
                tr("GESTIM source (URL, zip file or folder)"),
                defaultValue=settings.get("gestim/active_url"),
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "REGISTER",
                tr("Claim register (GeoPackage; empty = the default register)"),
                fileFilter=tr("GeoPackage (*.gpkg)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "REGISTER_PG",
                tr("Or a PostGIS register: pg:<connection>/<schema> (replaces the GeoPackage)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterExtent(
                "AREA", tr("Area to fetch from the WFS (empty = whole province)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "HOLDERS",
                tr("Company holder names (one per line or separated by ';')"),
                defaultValue="\n".join(settings.get("company/holders")),
                multiLine=True,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "ALERT_DAYS",
                tr("Expiry alert: days ahead"),
                type=QgsProcessingParameterNumber.Type.Integer,
                defaultValue=settings.get("alerts/expiry_days"),
                minValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "ALERT_CSV", tr("Expiry alert (CSV)"), tr("CSV files (*.csv)"), optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber("RUN_ID", tr("Sync run id")))
        self.addOutput(QgsProcessingOutputString("OUTCOME", tr("Outcome")))
        self.addOutput(QgsProcessingOutputString("CHANGED_TITLES", tr("Changed titles")))
        self.addOutput(QgsProcessingOutputNumber("EXPIRING", tr("Company titles expiring")))
        self.addOutput(QgsProcessingOutputString("REPORT", tr("Run report")))

    def run_core(self, parameters, context, feedback) -> dict:
        bbox = None
        if parameters.get("AREA"):
            wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
            extent = self.parameterAsExtent(parameters, "AREA", context, wgs84)
            if not extent.isNull() and not extent.isEmpty():
                bbox = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        alert_csv = self.parameterAsFileOutput(parameters, "ALERT_CSV", context) or None
        report = sync_register(
            source=self.parameterAsString(parameters, "SOURCE", context).strip() or None,
            register=self.parameterAsString(parameters, "REGISTER_PG", context).strip()
            or self.parameterAsFile(parameters, "REGISTER", context).strip()
            or None,
            bbox_wgs84=bbox,
            holders=split_holders(self.parameterAsString(parameters, "HOLDERS", context)),
            alert_days=self.parameterAsInt(parameters, "ALERT_DAYS", context),
            alert_csv=alert_csv,
            feedback=feedback,
        )
        feedback.pushInfo(report.summary())
        outputs = {
            "RUN_ID": report.run_id,
            "OUTCOME": report.outcome,
            "CHANGED_TITLES": ",".join(report.changed_titles),
            "EXPIRING": len(report.expiring),
            "REPORT": report.summary(),
        }
        if report.alert_csv is not None:
            outputs["ALERT_CSV"] = str(report.alert_csv)
        return outputs
