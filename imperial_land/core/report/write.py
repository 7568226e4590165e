"""Write the overlap report's files (HTML, CSV, PDF, flags GeoPackage) all or nothing."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.common.feedback import StepProgress, check_cancelled, ensure_feedback
from imperial_land.core.common.i18n import tr
from imperial_land.core.overlap.results import OverlapResult
from imperial_land.core.report.staged import ReportPaths, stage_report

__all__ = ["ReportPaths", "write_report"]


def write_report(
    result: OverlapResult,
    paths: ReportPaths,
    layers: dict[str, QgsVectorLayer | None] | None = None,
    title: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> list[Path]:
    """Build every output asked for in hidden folders, then move them all into place.

    A cancel or an error before the move leaves every target as it was. `layers` (role ->
    layer) are drawn under the flags on the PDF's map. Returns the files written.
    """
    feedback = ensure_feedback(feedback)
    steps = StepProgress(feedback, 5)
    staged = stage_report(result, paths, title, feedback, steps)
    try:
        steps.next(tr("Writing the PDF report"))
        staged.write_pdf(result, layers or {}, title, feedback)
        steps.next()
        check_cancelled(feedback)
        written = staged.commit()
    finally:
        staged.discard()
    feedback.setProgress(100.0)
    return written
