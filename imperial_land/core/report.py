"""Write the overlap report's files (HTML, CSV, PDF, flags GeoPackage) all or nothing."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.errors import UserError
from imperial_land.core.feedback import StepProgress, check_cancelled, ensure_feedback
from imperial_land.core.flags_gpkg import copy_gpkg
from imperial_land.core.flags_layer import write_styled_flags
from imperial_land.core.i18n import tr
from imperial_land.core.report_csv import write_report_csv
from imperial_land.core.report_html import report_html
from imperial_land.core.report_pdf import write_report_pdf
from imperial_land.core.results import OverlapResult


@dataclass
class ReportPaths:
    """Where each output goes; None: not wanted."""

    html: Path | None = None
    csv: Path | None = None
    pdf: Path | None = None
    flags_gpkg: Path | None = None
    flags_layer_name: str = "overlap_flags"

    def targets(self) -> list[Path]:
        return [Path(p) for p in (self.html, self.csv, self.pdf, self.flags_gpkg) if p]


def _check_targets(paths: ReportPaths) -> None:
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
        if target.exists() and target.is_dir():
            raise UserError(
                tr("'{path}' is a folder; choose a file name.").format(path=str(target))
            )


def write_report(
    result: OverlapResult,
    paths: ReportPaths,
    layers: dict[str, QgsVectorLayer | None] | None = None,
    title: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> list[Path]:
    """Build every output asked for in a temporary folder, then move them all into place.

    A cancel or an error before the move leaves every target as it was. `layers` (role ->
    layer) are drawn under the flags on the PDF's map. Returns the files written.
    """
    feedback = ensure_feedback(feedback)
    _check_targets(paths)
    steps = StepProgress(feedback, 5)
    staged: dict[Path, Path] = {}  # target -> built file
    folders: list[Path] = []

    def stage(target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".imperial-report-", dir=target.parent))
        folders.append(folder)
        staged[target] = folder / target.name
        return staged[target]

    try:
        steps.next(tr("Building the flags layer"))
        flags = None
        if paths.flags_gpkg or paths.pdf:
            target = Path(paths.flags_gpkg or Path(paths.pdf).with_suffix(".flags.gpkg"))
            built = stage(target)
            if paths.flags_gpkg and target.exists():
                copy_gpkg(target, built)
            flags = write_styled_flags(
                result, built, paths.flags_layer_name, tr("Overlap flags"), feedback
            )
            if not paths.flags_gpkg:
                del staged[target]  # only drawn on the PDF's map, never moved into place
        steps.next(tr("Writing the HTML report"))
        if paths.html:
            stage(Path(paths.html)).write_text(report_html(result, title), encoding="utf-8")
        steps.next(tr("Writing the CSV report"))
        if paths.csv:
            write_report_csv(result, stage(Path(paths.csv)))
        steps.next(tr("Writing the PDF report"))
        if paths.pdf:
            write_report_pdf(result, stage(Path(paths.pdf)), flags, layers or {}, title, feedback)
        del flags  # close the GeoPackage before it moves
        steps.next()
        check_cancelled(feedback)
        for target, built in staged.items():
            built.replace(target)
        feedback.setProgress(100.0)
        return list(staged)
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
