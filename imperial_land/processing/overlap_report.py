"""Algorithm "Overlap report": flags layer plus HTML, CSV and PDF report from the engine."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QFileInfo

from imperial_land.core.common import (
    StepProgress,
    UserError,
    check_cancelled,
    gc_paused,
    settings,
    tr,
)
from imperial_land.core.consultation import attention_first, consultation_view, record_sites
from imperial_land.core.maplayers import (
    AOI,
    CLAIMS,
    PARCELS,
    TERRITORIES,
    ClaimFields,
    ParcelFields,
    TerritoryFields,
)
from imperial_land.core.overlap import (
    OverlapOptions,
    add_provenance,
    report_cache,
    run_overlap_where,
    run_summary,
    selected_features,
)
from imperial_land.core.report import (
    WKB_TYPE,
    ReportPaths,
    check_targets,
    flags_fields,
    pair_features,
    stage_report,
    style_flags_layer,
)
from imperial_land.processing.base import (
    ImperialAlgorithm,
    gpkg_destination,
    holders_parameter,
    split_holders,
    split_titles,
)

LAYERS = ("CLAIMS", "PARCELS", "TERRITORIES", "AOI")
# Parameter -> (parent layer parameter, settings key of its default).
FIELDS = {
    "CLAIM_ID_FIELD": ("CLAIMS", "fields/claim_id"),
    "CLAIM_HOLDER_FIELD": ("CLAIMS", "fields/claim_holder"),
    "CLAIM_STATUS_FIELD": ("CLAIMS", "fields/claim_status"),
    "CLAIM_EXPIRY_FIELD": ("CLAIMS", "fields/claim_expiry"),
    "PARCEL_ID_FIELD": ("PARCELS", "fields/parcel_id"),
    "NATION_FIELD": ("TERRITORIES", "fields/territory_nation"),
    "TERRITORY_NAME_FIELD": ("TERRITORIES", "fields/territory_name"),
    "DISTANCE_FIELD": ("TERRITORIES", "fields/territory_distance"),
}
REPORTS = {"HTML": "html", "CSV": "csv", "PDF": "pdf"}


class _StyleFlags(QgsProcessingLayerPostProcessorInterface):
    """Styles the flags output by flag type once Processing loads it (`stale_days`: the run's
    days without contact, shown in the consultation labels; None: the plugin's setting)."""

    # The instance of the last run: Processing takes a post-processor over and may delete it
    # after use, so each run makes its own and the class keeps it alive until then.
    instance: _StyleFlags | None = None

    def __init__(self, stale_days: int | None = None) -> None:
        super().__init__()
        self.stale_days = stale_days

    def postProcessLayer(self, layer, context, feedback) -> None:
        if isinstance(layer, QgsVectorLayer):
            style_flags_layer(layer, self.stale_days)

    @staticmethod
    def create(consultation=None) -> _StyleFlags:
        """For a run with the register's `consultation` view, or None."""
        stale_days = consultation.stale_days if consultation is not None else None
        _StyleFlags.instance = _StyleFlags(stale_days)
        return _StyleFlags.instance


class OverlapReportAlgorithm(ImperialAlgorithm):
    NAME = "overlapreport"

    def displayName(self) -> str:
        return tr("Overlap report")

    def shortHelpString(self) -> str:
        return tr(
            "Finds, feature by feature, the mining claims, parcels and areas of interest that "
            "overlap or come within the consultation distance of First Nations' ancestral "
            "territories, and the titles on each parcel. Writes a flags layer styled by flag, "
            "and a report in HTML, CSV (one row per pair) and PDF (map and tables). Give at "
            "least two of the four layers. Areas are ellipsoidal; overlaps smaller than the "
            "sliver threshold are dropped and counted. When every layer is a table of one "
            "PostGIS database, the overlaps can be computed by the database instead (same "
            "results). With a consultation register, each consultation flag also gets its "
            "status, last contact, open commitments and why it needs attention (flags layer "
            "columns cons_*, CSV, HTML, PDF), and the flags that need attention come first."
        )

    def flags(self):
        # The PDF is drawn with a print layout: keep the run on the main thread.
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def initAlgorithm(self, config=None) -> None:
        polygons = [QgsProcessing.SourceType.TypeVectorPolygon]
        labels = {
            "CLAIMS": tr("Mining claims"),
            "PARCELS": tr("Parcels"),
            "TERRITORIES": tr("Ancestral territories"),
            "AOI": tr("Area of interest"),
        }
        for name in LAYERS:
            self.addParameter(
                QgsProcessingParameterVectorLayer(name, labels[name], polygons, optional=True)
            )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "AOI_SELECTED", tr("Selected areas of interest only"), defaultValue=False
            )
        )
        field_labels = {
            "CLAIM_ID_FIELD": tr("Title number field"),
            "CLAIM_HOLDER_FIELD": tr("Title holder field"),
            "CLAIM_STATUS_FIELD": tr("Title status field"),
            "CLAIM_EXPIRY_FIELD": tr("Title expiry field"),
            "PARCEL_ID_FIELD": tr("Lot number field"),
            "NATION_FIELD": tr("Nation field"),
            "TERRITORY_NAME_FIELD": tr("Territory name field"),
            "DISTANCE_FIELD": tr("Consultation distance field (m), overrides the value"),
        }
        for name, (parent, key) in FIELDS.items():
            self.addParameter(
                QgsProcessingParameterField(
                    name,
                    field_labels[name],
                    defaultValue=settings.get(key) or None,
                    parentLayerParameterName=parent,
                    optional=True,
                )
            )
        self.addParameter(
            QgsProcessingParameterNumber(
                "DISTANCE",
                tr("Consultation distance (m)"),
                QgsProcessingParameterNumber.Type.Double,
                defaultValue=0.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "SLIVER_HA",
                tr("Sliver threshold (ha)"),
                QgsProcessingParameterNumber.Type.Double,
                defaultValue=settings.get("overlap/sliver_ha"),
                minValue=0.0,
            )
        )
        self.addParameter(holders_parameter("COMPANY_HOLDERS"))
        self.addParameter(
            QgsProcessingParameterString(
                "CLAIM_TITLES",
                tr("Only these claim titles (e.g. the CHANGED_TITLES of a sync; empty = all)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "IN_DATABASE",
                tr("Compute overlaps in the database (every layer in one PostGIS database)"),
                defaultValue=False,
            )
        )
        crs = QgsProcessingParameterCrs(
            "OUTPUT_CRS", tr("CRS of the flags"), OverlapOptions.output_crs, True
        )
        crs.setFlags(crs.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(crs)
        self.addParameter(QgsProcessingParameterString("TITLE", tr("Report title"), optional=True))
        self.addParameter(
            QgsProcessingParameterString(
                "CONSULTATION_REGISTER",
                tr(
                    "Consultation register to link (a GeoPackage, pg:<connection>/<schema>, or "
                    "'default' for the default register; empty = none)"
                ),
                optional=True,
            )
        )
        stale = QgsProcessingParameterNumber(
            "STALE_DAYS",
            tr("Days without contact before a consultation needs attention (0 = the setting)"),
            QgsProcessingParameterNumber.Type.Integer,
            defaultValue=0,
            minValue=0,
        )
        stale.setFlags(stale.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(stale)
        self.addParameter(
            QgsProcessingParameterBoolean(
                "RECORD_SITES",
                tr(
                    "Record a consultation site (not started) in that register for every "
                    "consultation flag without one"
                ),
                defaultValue=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "FLAGS",
                tr("Overlap flags"),
                QgsProcessing.SourceType.TypeVectorPolygon,
                optional=True,
            )
        )
        destinations = {
            "HTML": (tr("HTML report"), tr("HTML files (*.html)")),
            "CSV": (tr("CSV of the pairs"), tr("CSV files (*.csv)")),
            "PDF": (tr("PDF report"), tr("PDF files (*.pdf)")),
        }
        for name, (label, file_filter) in destinations.items():
            self.addParameter(
                QgsProcessingParameterFileDestination(
                    name, label, file_filter, optional=True, createByDefault=False
                )
            )

    def _layers(self, parameters, context) -> dict[str, QgsVectorLayer | None]:
        layers = {name: self.vector_input(parameters, name, context) for name in LAYERS}
        aoi = layers["AOI"]
        if aoi is not None and self.parameterAsBoolean(parameters, "AOI_SELECTED", context):
            layers["AOI"] = selected_features(aoi)
        return {
            CLAIMS: layers["CLAIMS"],
            PARCELS: layers["PARCELS"],
            TERRITORIES: layers["TERRITORIES"],
            AOI: layers["AOI"],
        }

    def _options(self, parameters, context) -> OverlapOptions:
        value = {
            name: self.parameterAsString(parameters, name, context) or settings.get(key)
            for name, (_parent, key) in FIELDS.items()
        }
        return OverlapOptions(
            claim_fields=ClaimFields(
                title=value["CLAIM_ID_FIELD"],
                holder=value["CLAIM_HOLDER_FIELD"],
                status=value["CLAIM_STATUS_FIELD"],
                expiry=value["CLAIM_EXPIRY_FIELD"],
            ),
            parcel_fields=ParcelFields(lot=value["PARCEL_ID_FIELD"]),
            territory_fields=TerritoryFields(
                nation=value["NATION_FIELD"],
                name=value["TERRITORY_NAME_FIELD"],
                distance=value["DISTANCE_FIELD"],
            ),
            distance_m=self.parameterAsDouble(parameters, "DISTANCE", context),
            sliver_ha=self.parameterAsDouble(parameters, "SLIVER_HA", context),
            company_holders=split_holders(
                self.parameterAsString(parameters, "COMPANY_HOLDERS", context)
            ),
            claim_titles=split_titles(self.parameterAsString(parameters, "CLAIM_TITLES", context))
            or None,
            output_crs=self._output_crs(parameters, context),
            transform_context=context.transformContext(),
            prepared_cache=report_cache(),
        )

    def _output_crs(self, parameters, context) -> str:
        """The flags' CRS as given (its authority id), the default when none is given; a
        value that names no CRS is refused (QGIS would hand back an invalid one)."""
        crs = self.parameterAsCrs(parameters, "OUTPUT_CRS", context)
        given = self.parameterAsString(parameters, "OUTPUT_CRS", context).strip()
        if given and not crs.isValid():
            raise UserError(
                tr("The output CRS '{crs}' is not a valid coordinate reference system.").format(
                    crs=given
                )
            )
        return crs.authid() or OverlapOptions.output_crs

    def _flags_gpkg(self, parameters, context) -> tuple[Path, str, bool, str] | None:
        """(file, layer name, replace the whole file, output id) when FLAGS names a GeoPackage
        file, else None (no output, a temporary or memory layer, another format or provider:
        Processing's sink). Named and written as Processing's own writer would: a plain path
        is replaced whole, its layer named like the file; a named layer keeps the others."""
        value = parameters.get("FLAGS")
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value, _ok = value.sink.valueAsString(context.expressionContext(), "")
        found = gpkg_destination(str(value or ""))
        if found is None:
            return None
        path, table = found
        if table is None:
            return path, QFileInfo(str(path)).baseName(), True, str(path)
        return path, table, False, f"{path}|layername={table}"

    def _load_flags(self, parameters, context, layer_id: str, consultation) -> None:
        """Ask Processing to load the flags GeoPackage when it should, as it does for a sink."""
        value = parameters.get("FLAGS")
        if not isinstance(value, QgsProcessingOutputLayerDefinition):
            return
        if value.destinationProject is None:
            return
        details = QgsProcessingContext.LayerDetails(
            value.destinationName or tr("Overlap flags"),
            value.destinationProject,
            "FLAGS",
            QgsProcessingUtils.LayerHint.Vector,
        )
        details.setPostProcessor(_StyleFlags.create(consultation))
        context.addLayerToLoadOnCompletion(layer_id, details)

    def _write_sink(self, result, parameters, context, feedback, consultation) -> str | None:
        """The flags through Processing's sink (any format or provider); its id, or None.
        Same fields as the GeoPackage writer's, consultation columns included (their names fit
        a shapefile's 10 characters)."""
        fields = flags_fields()
        sink, sink_id = self.parameterAsSink(
            parameters,
            "FLAGS",
            context,
            fields,
            WKB_TYPE,
            QgsCoordinateReferenceSystem(result.crs_authid),
        )
        if sink is None:
            return None
        feedback.pushInfo(tr("Writing the flags layer"))
        with gc_paused():
            batch = []
            for feature in pair_features(result.pairs, fields, feedback, consultation):
                batch.append(feature)
                if len(batch) == 10_000:
                    sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
                    batch = []
            sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
        del sink  # flushes and closes the file
        if context.willLoadLayerOnCompletion(sink_id):
            details = context.layerToLoadOnCompletionDetails(sink_id)
            details.setPostProcessor(_StyleFlags.create(consultation))
        return sink_id

    def run_core(self, parameters, context, feedback) -> dict:
        layers = self._layers(parameters, context)
        options = self._options(parameters, context)
        paths = ReportPaths(
            **{
                key: Path(target)
                for name, key in REPORTS.items()
                if (target := self.parameterAsFileOutput(parameters, name, context))
            }
        )
        flags_gpkg = self._flags_gpkg(parameters, context)
        if flags_gpkg is not None:  # the fast writer, moved into place with the other files
            paths.flags_gpkg, paths.flags_layer_name, paths.flags_replace_file, _id = flags_gpkg
        check_targets(paths)
        steps = QgsProcessingMultiStepFeedback(2, feedback)
        if feedback is not None and feedback.isCanceled():
            steps.cancel()  # the step feedback only hears cancels made after it exists
        in_database = self.parameterAsBoolean(parameters, "IN_DATABASE", context)
        result = run_overlap_where(layers, options, in_database, steps)
        add_provenance(result, layers[CLAIMS])
        steps.setCurrentStep(1)
        title = self.parameterAsString(parameters, "TITLE", context) or None
        consultation = None
        register = self.parameterAsString(parameters, "CONSULTATION_REGISTER", context).strip()
        if register:
            target = None if register.lower() == "default" else register
            if self.parameterAsBoolean(parameters, "RECORD_SITES", context):
                made = record_sites(result, target)
                feedback.pushInfo(
                    tr("{count} consultation site(s) recorded.").format(count=len(made))
                )
            stale_days = self.parameterAsInt(parameters, "STALE_DAYS", context) or None
            consultation = consultation_view(result, target, stale_days=stale_days)
            if consultation is None:
                raise UserError(
                    tr("'{target}' holds no claim register with consultation records.").format(
                        target=register
                    )
                )
            result = attention_first(result, consultation)
            feedback.pushInfo(
                tr("Consultation: {count} of {total} sites need attention.").format(
                    count=consultation.needing_attention(), total=len(consultation.items)
                )
            )
        progress = StepProgress(steps, 5)
        # The flags GeoPackage, HTML and CSV written while the PDF's layout exports (this
        # algorithm runs on the main thread: QgsLayout).
        staged = stage_report(
            result, paths, title, steps, progress, consultation, text_beside_pdf=True
        )
        try:
            progress.next()
            sink_id = None
            if flags_gpkg is None:
                sink_id = self._write_sink(result, parameters, context, steps, consultation)
            progress.next(staged.pdf_step())
            staged.write_pdf(result, layers, title, steps)
            check_cancelled(steps)
            staged.commit()
        finally:
            staged.discard()
        outputs = {name: str(getattr(paths, key) or "") for name, key in REPORTS.items()}
        outputs.update({"PAIRS": len(result.pairs), "FLAGGED": len(result.flagged())})
        if flags_gpkg is not None:
            outputs["FLAGS"] = flags_gpkg[3]
            self._load_flags(parameters, context, flags_gpkg[3], consultation)
        elif sink_id is not None:
            outputs["FLAGS"] = sink_id
        feedback.pushInfo(run_summary(result))
        return outputs
