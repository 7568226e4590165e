"""Algorithm "Sync claims from GESTIM": brings the claim register up to date and reports changes."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from imperial_land.core import sync
from imperial_land.core.common import settings, tr
from imperial_land.processing.base import ImperialAlgorithm, holders_parameter, split_holders
from imperial_land.processing.register_inputs import add_register_parameters, register_target
from imperial_land.processing.watch_inputs import (
    add_watch_parameters,
    watch_outputs,
    watched_layers,
)


class SyncGestimAlgorithm(ImperialAlgorithm):
    NAME = "syncgestim"

    def displayName(self) -> str:
        return tr("Sync claims from GESTIM")

    def shortHelpString(self) -> str:
        return tr(
            "Brings the claim register up to date with GESTIM, Quebec's register "
            "of mining titles, in one transaction: new titles, status, holder, expiry, area and "
            "geometry changes, titles gone and back. The company's own fields are never touched. "
            "The register is a GeoPackage, or a team register in PostGIS given as "
            "pg:<connection>/<schema> (a saved PostgreSQL connection and a schema). "
            "An unchanged source is not downloaded again. Give an area to fetch only that area "
            "from the WFS (an area sync never marks titles as gone). Writes the expiry alert "
            "(company titles expiring within the given days) as CSV. Then the staking watch: "
            "new third-party titles, transfers to a third party and titles back from gone on or "
            "within the watch distance of the company's parcels, areas of interest and claims "
            "(the watched layers of the settings when none is given), as CSV and as a styled "
            "GeoPackage layer."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterString(
                "SOURCE",
                tr("GESTIM source (URL, zip file or folder)"),
                defaultValue=settings.get("gestim/active_url"),
            )
        )
        add_register_parameters(self)
        self.addParameter(
            QgsProcessingParameterExtent(
                "AREA", tr("Area to fetch from the WFS (empty = whole province)"), optional=True
            )
        )
        self.addParameter(holders_parameter("HOLDERS"))
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
        add_watch_parameters(self)
        self.addOutput(QgsProcessingOutputNumber("RUN_ID", tr("Sync run id")))
        self.addOutput(QgsProcessingOutputString("OUTCOME", tr("Outcome")))
        self.addOutput(QgsProcessingOutputString("CHANGED_TITLES", tr("Changed titles")))
        self.addOutput(QgsProcessingOutputNumber("EXPIRING", tr("Company titles expiring")))
        self.addOutput(QgsProcessingOutputString("REPORT", tr("Run report")))

    def checkParameterValues(self, parameters, context):
        """A PostGIS target typed as the GeoPackage gets a message naming the right parameter."""
        register = parameters.get("REGISTER")
        if isinstance(register, str) and register.strip().startswith("pg:"):
            return False, tr(
                "'{target}' is a PostGIS register: give it as the PostGIS register "
                "(REGISTER_PG), not as the GeoPackage."
            ).format(target=register.strip())
        return super().checkParameterValues(parameters, context)

    def run_core(self, parameters, context, feedback) -> dict:
        bbox = None
        if parameters.get("AREA"):
            wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
            extent = self.parameterAsExtent(parameters, "AREA", context, wgs84)
            if not extent.isNull() and not extent.isEmpty():
                bbox = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        register = register_target(self, parameters, context)
        alert_csv = self.parameterAsFileOutput(parameters, "ALERT_CSV", context) or None
        report = sync.sync_register(  # loaded on first use, not at QGIS start
            source=self.parameterAsString(parameters, "SOURCE", context).strip() or None,
            register=register,
            bbox_wgs84=bbox,
            holders=split_holders(self.parameterAsString(parameters, "HOLDERS", context)),
            alert_days=self.parameterAsInt(parameters, "ALERT_DAYS", context),
            alert_csv=alert_csv,
            feedback=feedback,
            watched=watched_layers(self, parameters, context),
            watch_csv=self.parameterAsFileOutput(parameters, "WATCH_CSV", context) or None,
            watch_layer=self.parameterAsFileOutput(parameters, "WATCH_LAYER", context) or None,
            claims_distance_m=self.parameterAsDouble(parameters, "WATCH_CLAIMS_DISTANCE", context),
        )
        summary = report.summary()
        feedback.pushInfo(summary)
        outputs = {
            "RUN_ID": report.run_id,
            "OUTCOME": report.outcome,
            "CHANGED_TITLES": ",".join(report.changed_titles),
            "EXPIRING": len(report.expiring),
            "REPORT": summary,
        }
        if report.alert_csv is not None:
            outputs["ALERT_CSV"] = str(report.alert_csv)
        outputs.update(watch_outputs(report.watch))
        return outputs
