"""The overlap report in two phases: every output but the PDF built off the main thread into
hidden folders, then the PDF (a QgsLayout, main thread only) and the move into place. The dock
runs the phases on two threads (`stage_report`, then `StagedReport.write_pdf` and `commit`);
`write_report` runs them one after the other (Processing, scripts).

Run on the main thread, the HTML and CSV can be written while the PDF's layout exports (QGIS
renders without holding the GIL).

Until `commit`, no target is touched: a cancel or an error in either phase leaves every target
as it was (`discard` removes what was built).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingFeedback,
    QgsProcessingMultiStepFeedback,
    QgsVectorLayer,
)

from imperial_land.core.common import StepProgress, UserError, check_cancelled, ensure_feedback, tr
from imperial_land.core.consultation import attention_first, linked_consultation
from imperial_land.core.maplayers import CLAIMS, unprompted_options
from imperial_land.core.overlap import (
    CLAIM_TERRITORY,
    OverlapOptions,
    OverlapResult,
    add_provenance,
    run_overlap_where,
)
from imperial_land.core.report.csv import write_report_csv
from imperial_land.core.report.flags_gpkg import copy_gpkg
from imperial_land.core.report.flags_layer import write_styled_flags
from imperial_land.core.report.html import report_html
from imperial_land.core.report.map import claims_on_sites
from imperial_land.core.report.model import ReportTable, claims_grouped, report_tables
from imperial_land.core.report.pdf import write_report_pdf

ROLES = ("html", "csv", "pdf", "flags_gpkg")
MAP_FLAGS_NAME = "map_flags.gpkg"


@dataclass
class ReportPaths:
    """Where each output goes; None: not wanted."""

    html: Path | None = None
    csv: Path | None = None
    pdf: Path | None = None
    flags_gpkg: Path | None = None
    flags_layer_name: str = "overlap_flags"
    # True: the flags file is written anew (Processing's file outputs); False: an existing
    # GeoPackage keeps its other layers (the dock's folder).
    flags_replace_file: bool = False

    def targets(self) -> list[Path]:
        return [Path(p) for p in (self.html, self.csv, self.pdf, self.flags_gpkg) if p]


@dataclass
class StagedReport:
    """Outputs built beside their targets; `built` names the same files in hidden folders."""

    paths: ReportPaths
    built: ReportPaths
    folders: list[Path] = field(default_factory=list)
    consultation: Any = None  # the consultation view the HTML and CSV were built with
    # The report's tables, built once for the HTML and the PDF (1.2 s each at province scale),
    # and the result they were built from.
    tables: list[ReportTable] | None = None
    tables_of: OverlapResult | None = None
    # The HTML and CSV when a PDF follows: written while the PDF's layout exports (`write_pdf`).
    text_writes: list[Callable[[], None]] = field(default_factory=list)

    def write_pdf(
        self,
        result: OverlapResult,
        layers: dict[str, QgsVectorLayer | None],
        title: str | None = None,
        feedback: QgsProcessingFeedback | None = None,
        consultation=None,
    ) -> None:
        """Write the staged PDF, when one is asked for, and the HTML and CSV left for it (on a
        thread while the layout exports). Main thread only (print layout)."""
        if self.built.pdf is None or self.built.flags_gpkg is None:
            self.write_text()
            return
        source = f"{self.built.flags_gpkg}|layername={self.built.flags_layer_name}"
        crs = QgsCoordinateReferenceSystem(result.crs_authid)
        flags = QgsVectorLayer(source, tr("Overlap flags"), "ogr", unprompted_options(crs))
        if claims_grouped(result):
            # The report's rule at province scale: the claims' pairs with territories are
            # grouped, not drawn one by one; the map shows the parcels' and areas' pairs and
            # the claims on them.
            flags.setSubsetString(f"\"kind\" <> '{CLAIM_TERRITORY}'")
            if layers.get(CLAIMS) is not None:
                layers = {**layers, CLAIMS: claims_on_sites(layers[CLAIMS], result)}
        view = consultation if consultation is not None else self.consultation
        tables = self.tables if result is self.tables_of and view is self.consultation else None
        pending = self.write_text if self.text_writes else None
        write_report_pdf(
            result, self.built.pdf, flags, layers, title, feedback, view, tables, pending
        )
        del flags  # close the GeoPackage before it moves

    def write_text(self) -> None:
        """Write the HTML and CSV still pending (any thread)."""
        while self.text_writes:
            self.text_writes.pop(0)()

    def commit(self) -> list[Path]:
        """Move every built output into place; return the targets written."""
        written = []
        try:
            self.write_text()
            for role in ROLES:
                target, built = getattr(self.paths, role), getattr(self.built, role)
                if target is not None and built is not None and Path(built).exists():
                    Path(built).replace(target)
                    written.append(Path(target))
        finally:
            self.discard()
        return written

    def discard(self) -> None:
        """Remove the hidden folders and whatever is still in them."""
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)
        self.folders.clear()

    def hidden(self, target: Path) -> Path:
        """A path named like `target` in a new hidden folder beside it."""
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".imperial-report-", dir=target.parent))
        self.folders.append(folder)
        return folder / target.name


def check_targets(paths: ReportPaths) -> None:
    """Refuse two outputs on one file, a flags file that is not a GeoPackage, a folder."""
    targets = paths.targets()
    if len({t.resolve() for t in targets}) != len(targets):
        raise UserError(tr("Two report outputs point to the same file; choose distinct files."))
    if paths.flags_gpkg and Path(paths.flags_gpkg).suffix.lower() != ".gpkg":
        raise UserError(
            tr("The flags file '{path}' must be a GeoPackage (.gpkg).").format(
                path=str(paths.flags_gpkg)
            )
        )
    for target in targets:
        if target.is_dir():
            raise UserError(
                tr("'{path}' is a folder; choose a file name.").format(path=str(target))
            )


def stage_report(
    result: OverlapResult,
    paths: ReportPaths,
    title: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
    progress: StepProgress | None = None,
    consultation=None,
    text_beside_pdf: bool = False,
) -> StagedReport:
    """Build the flags GeoPackage, HTML and CSV asked for in `paths` (any thread); the PDF
    is left to `StagedReport.write_pdf` on the main thread, the move to `commit`.

    `text_beside_pdf`: with a PDF asked for, the HTML and CSV are left to `write_pdf` as well,
    written on a thread while the layout exports in C++ (the CSV's second at province scale
    hidden in the export's). For a caller on the main thread already (Processing); the dock
    writes them in its task instead, so that the PDF's pause of the desktop stays short.

    `progress` carries on a caller's step count; by default these three steps fill the bar.
    `consultation`: the register's consultation view (core/consultation/report_link.py), shown
    in the flags layer's consultation columns, the HTML and CSV (and the PDF, given to
    `write_pdf`), or None (those columns then stay empty).
    """
    feedback = ensure_feedback(feedback)
    check_targets(paths)
    steps = progress or StepProgress(feedback, 3)
    staged = StagedReport(paths, ReportPaths(flags_layer_name=paths.flags_layer_name))
    staged.consultation = consultation
    built = staged.built
    try:
        steps.next(tr("Building the flags layer"))
        if paths.pdf:
            built.pdf = staged.hidden(Path(paths.pdf))
        if paths.flags_gpkg:
            built.flags_gpkg = staged.hidden(Path(paths.flags_gpkg))
            if Path(paths.flags_gpkg).exists() and not paths.flags_replace_file:
                copy_gpkg(Path(paths.flags_gpkg), built.flags_gpkg)  # keep its other layers
        elif built.pdf:  # flags only drawn on the map, never moved into place
            built.flags_gpkg = built.pdf.parent / MAP_FLAGS_NAME
        if built.flags_gpkg:
            flags = write_styled_flags(
                result,
                built.flags_gpkg,
                paths.flags_layer_name,
                tr("Overlap flags"),
                feedback,
                consultation,
            )
            del flags  # close the GeoPackage before it moves
        text_now = not (built.pdf and text_beside_pdf)
        steps.next(
            tr("Writing the HTML report") if text_now else tr("Building the report's tables")
        )
        if paths.html or paths.pdf:
            staged.tables, staged.tables_of = report_tables(result, consultation), result
        if paths.html:
            built.html = staged.hidden(Path(paths.html))
            staged.text_writes.append(
                partial(_write_html, built.html, result, title, consultation, staged.tables)
            )
        if text_now:
            staged.write_text()
        steps.next(tr("Writing the CSV report") if text_now else None)
        if paths.csv:
            built.csv = staged.hidden(Path(paths.csv))
            staged.text_writes.append(partial(write_report_csv, result, built.csv, consultation))
        if text_now:
            staged.write_text()
        check_cancelled(feedback)
    except BaseException:
        staged.discard()
        raise
    return staged


def _write_html(
    path: Path,
    result: OverlapResult,
    title: str | None,
    consultation: Any,
    tables: list[ReportTable] | None,
) -> None:
    """The HTML report into `path`."""
    path.write_text(report_html(result, title, consultation, tables), encoding="utf-8")


def write_report(
    result: OverlapResult,
    paths: ReportPaths,
    layers: dict[str, QgsVectorLayer | None] | None = None,
    title: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
    consultation=None,
) -> list[Path]:
    """Build every output asked for in hidden folders, then move them all into place.

    A cancel or an error before the move leaves every target as it was. `layers` (role ->
    layer) are drawn under the flags on the PDF's map. Returns the files written.
    """
    feedback = ensure_feedback(feedback)
    steps = StepProgress(feedback, 5)
    staged = stage_report(result, paths, title, feedback, steps, consultation, text_beside_pdf=True)
    try:
        steps.next(tr("Writing the PDF report"))
        staged.write_pdf(result, layers or {}, title, feedback, consultation)
        steps.next()
        check_cancelled(feedback)
        written = staged.commit()
    finally:
        staged.discard()
    feedback.setProgress(100.0)
    return written


def run_and_stage(
    layers: dict[str, QgsVectorLayer | None],
    options: OverlapOptions,
    in_database: bool,
    paths: ReportPaths,
    title: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> tuple[OverlapResult, StagedReport]:
    """The dock's task (any thread): the overlap run, its provenance, then `stage_report`.
    The caller then runs `StagedReport.write_pdf` and `commit` on the main thread."""
    feedback = ensure_feedback(feedback)
    steps = QgsProcessingMultiStepFeedback(2, feedback)
    result = run_overlap_where(layers, options, in_database, steps)
    add_provenance(result, layers[CLAIMS])
    steps.setCurrentStep(1)
    consultation = linked_consultation(result)  # the register's records of these flags, if any
    result = attention_first(result, consultation)
    return result, stage_report(result, paths, title, feedback=steps, consultation=consultation)
