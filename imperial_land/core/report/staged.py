"""The overlap report in two phases: every output but the PDF built off the main thread into
hidden folders, then the PDF (a QgsLayout, main thread only) and the move into place.

The PDF's map draws its own small table of the pairs it shows, written first: the PDF needs
only that and the report's tables, so the flags layer, HTML and CSV (seconds at province scale)
are written while the layout exports, which QGIS does in C++ without holding the GIL. The dock's
task hands the PDF over to the main thread and writes them itself (`run_and_stage`);
`write_report` (Processing, scripts: the main thread already) writes them on a thread during
the export.

Until `commit`, no target is touched: a cancel or an error in either phase leaves every target
as it was (`discard` removes what was built).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Callable

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingFeedback,
    QgsProcessingMultiStepFeedback,
    QgsVectorLayer,
)

from imperial_land.core.common import (
    StepProgress,
    UserError,
    check_cancelled,
    ensure_feedback,
    partial_folder,
    refuse_folder,
    tr,
)
from imperial_land.core.consultation import attention_first, linked_consultation
from imperial_land.core.maplayers import CLAIMS, unprompted_options
from imperial_land.core.overlap import (
    OverlapOptions,
    OverlapResult,
    add_provenance,
    run_overlap_where,
)
from imperial_land.core.report.csv import write_report_csv
from imperial_land.core.report.flags_gpkg import copy_gpkg, write_flags_table
from imperial_land.core.report.flags_layer import write_styled_flags
from imperial_land.core.report.html import report_html
from imperial_land.core.report.map import claims_on_sites, pairs_drawn
from imperial_land.core.report.model import ReportTable, claims_grouped, report_tables
from imperial_land.core.report.pdf import write_report_pdf

ROLES = ("html", "csv", "pdf", "flags_gpkg")
MAP_FLAGS_NAME = "map_flags.gpkg"  # StagedReport.map_flags
MAP_FLAGS_LAYER = "map_flags"


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
    # The flags layer, HTML and CSV when a PDF follows: written while the PDF's layout exports
    # (by `write_pdf`'s thread, or by the dock's task).
    text_writes: list[Callable[[], None]] = field(default_factory=list)
    pdf_written: bool = False

    @property
    def map_flags(self) -> Path | None:
        """The table of the pairs the PDF's map draws, beside the staged PDF (written first by
        `stage_report`, so the PDF does not wait for the flags layer); None without a PDF."""
        return None if self.built.pdf is None else self.built.pdf.parent / MAP_FLAGS_NAME

    def write_pdf(
        self,
        result: OverlapResult,
        layers: dict[str, QgsVectorLayer | None],
        title: str | None = None,
        feedback: QgsProcessingFeedback | None = None,
        consultation=None,
        with_text: bool = True,
    ) -> None:
        """Write the staged PDF, when one is asked for and not yet written, and the outputs
        left for it (on a thread while the layout exports; with `with_text` False they are left
        to the caller: the dock's task writes them meanwhile). Main thread only (print layout)."""
        if self.pdf_written:
            return
        if self.built.pdf is None:
            if with_text:
                self.write_text()
            return
        source = f"{self.map_flags}|layername={MAP_FLAGS_LAYER}"
        crs = QgsCoordinateReferenceSystem(result.crs_authid)
        flags = QgsVectorLayer(source, tr("Overlap flags"), "ogr", unprompted_options(crs))
        if claims_grouped(result) and layers.get(CLAIMS) is not None:
            layers = {**layers, CLAIMS: claims_on_sites(layers[CLAIMS], result)}
        view = consultation if consultation is not None else self.consultation
        tables = self.tables if result is self.tables_of and view is self.consultation else None
        pending = self.write_text if with_text and self.text_writes else None
        write_report_pdf(
            result, self.built.pdf, flags, layers, title, feedback, view, tables, pending
        )
        del flags  # close the GeoPackage before it moves
        self.pdf_written = True

    def pdf_step(self) -> str | None:
        """What the PDF's step tells the user (None without a PDF)."""
        if self.built.pdf is None:
            return None
        if self.text_writes:
            return tr("Writing the PDF report and the other outputs")
        return tr("Writing the PDF report")

    def write_text(self) -> None:
        """Write the flags layer, HTML and CSV still pending (any thread)."""
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
        folder = partial_folder(target.parent, ".imperial-report-")
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
        refuse_folder(target)


def stage_report(
    result: OverlapResult,
    paths: ReportPaths,
    title: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
    progress: StepProgress | None = None,
    consultation=None,
    text_beside_pdf: bool = False,
) -> StagedReport:
    """Build the flags GeoPackage, HTML and CSV asked for in `paths` (any thread), and the
    table of the pairs the PDF's map draws; the PDF is left to `StagedReport.write_pdf` on the
    main thread, the move to `commit`.

    `text_beside_pdf`: with a PDF asked for, the flags layer, HTML and CSV are left pending
    (`text_writes`), to be written while the layout exports: by `write_pdf` on a thread
    (Processing), or by the dock's task once it has handed the PDF over (`run_and_stage`).

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
    now = not (paths.pdf and text_beside_pdf)  # else written while the PDF exports
    try:
        steps.next(tr("Building the flags layer") if now and paths.flags_gpkg else None)
        if paths.pdf:
            built.pdf = staged.hidden(Path(paths.pdf))
            drawn = replace(result, pairs=pairs_drawn(result))
            write_flags_table(drawn, staged.map_flags, MAP_FLAGS_LAYER, feedback, consultation)
        if paths.flags_gpkg:
            built.flags_gpkg = staged.hidden(Path(paths.flags_gpkg))
            if Path(paths.flags_gpkg).exists() and not paths.flags_replace_file:
                copy_gpkg(Path(paths.flags_gpkg), built.flags_gpkg)  # keep its other layers
            staged.text_writes.append(partial(_write_flags, result, built, feedback, consultation))
        if now:
            staged.write_text()
        steps.next(_tables_step(paths, now))
        if paths.html or paths.pdf:
            staged.tables, staged.tables_of = report_tables(result, consultation), result
        if paths.html:
            built.html = staged.hidden(Path(paths.html))
            staged.text_writes.append(
                partial(_write_html, built.html, result, title, consultation, staged.tables)
            )
        if now:
            staged.write_text()
        steps.next(tr("Writing the CSV report") if now and paths.csv else None)
        if paths.csv:
            built.csv = staged.hidden(Path(paths.csv))
            staged.text_writes.append(partial(write_report_csv, result, built.csv, consultation))
        if now:
            staged.write_text()
        check_cancelled(feedback)
    except BaseException:
        staged.discard()
        raise
    return staged


def _tables_step(paths: ReportPaths, now: bool) -> str | None:
    """What the tables' step tells the user: the HTML written now, or the tables built for the
    outputs written beside the PDF."""
    if now:
        return tr("Writing the HTML report") if paths.html else None
    return tr("Building the report's tables")


def _write_flags(
    result: OverlapResult,
    built: ReportPaths,
    feedback: QgsProcessingFeedback,
    consultation: Any,
) -> None:
    """The flags layer, styled, into `built.flags_gpkg`."""
    flags = write_styled_flags(
        result,
        built.flags_gpkg,
        built.flags_layer_name,
        tr("Overlap flags"),
        feedback,
        consultation,
    )
    del flags  # close the GeoPackage before it moves


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
        steps.next(staged.pdf_step())
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
    hand_over: Callable[[tuple[OverlapResult, StagedReport]], None] | None = None,
) -> tuple[OverlapResult, StagedReport]:
    """The dock's task (any thread): the overlap run, its provenance, then `stage_report`.
    The caller then runs `StagedReport.write_pdf` and `commit` on the main thread.

    `hand_over((result, staged))`, with a PDF asked for: called as soon as the PDF can be
    written (the report's tables and the map's pairs ready); the caller writes it on the main
    thread while this writes the flags layer, HTML and CSV. From then on the staged report is
    the caller's to commit or discard, also when this fails."""
    feedback = ensure_feedback(feedback)
    steps = QgsProcessingMultiStepFeedback(2, feedback)
    result = run_overlap_where(layers, options, in_database, steps)
    add_provenance(result, layers[CLAIMS])
    steps.setCurrentStep(1)
    consultation = linked_consultation(result)  # the register's records of these flags, if any
    result = attention_first(result, consultation)
    early = hand_over is not None and paths.pdf is not None
    staged = stage_report(
        result, paths, title, feedback=steps, consultation=consultation, text_beside_pdf=early
    )
    if early:
        hand_over((result, staged))
        staged.write_text()
        check_cancelled(feedback)  # a Cancel while the PDF was written: nothing moves into place
    return result, staged
