"""The overlap report in two phases: every output but the PDF built off the main thread into
hidden folders, then the PDF (a QgsLayout, main thread only) and the move into place.

Until `commit`, no target is touched: a cancel or an error in either phase leaves every target
as it was (`discard` removes what was built).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.errors import UserError
from imperial_land.core.flags_gpkg import copy_gpkg
from imperial_land.core.flags_layer import style_flags_layer
from imperial_land.core.i18n import tr
from imperial_land.core.report import ReportPaths, write_report
from imperial_land.core.report_pdf import write_report_pdf
from imperial_land.core.results import OverlapResult

ROLES = ("html", "csv", "pdf", "flags_gpkg")
MAP_FLAGS_NAME = "map_flags.gpkg"


@dataclass
class StagedReport:
    """Outputs built beside their targets; `built` names the same files in hidden folders."""

    paths: ReportPaths
    built: ReportPaths
    folders: list[Path] = field(default_factory=list)

    def write_pdf(
        self,
        result: OverlapResult,
        layers: dict[str, QgsVectorLayer | None],
        title: str | None = None,
        feedback: QgsProcessingFeedback | None = None,
    ) -> None:
        """Write the staged PDF, when one is asked for. Main thread only (print layout)."""
        if self.built.pdf is None or self.built.flags_gpkg is None:
            return
        source = f"{self.built.flags_gpkg}|layername={self.built.flags_layer_name}"
        flags = QgsVectorLayer(source, tr("Overlap flags"), "ogr")
        style_flags_layer(flags)
        write_report_pdf(result, self.built.pdf, flags, layers, title, feedback)
        del flags  # close the GeoPackage before it moves

    def commit(self) -> list[Path]:
        """Move every built output into place; return the targets written."""
        written = []
        try:
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


def _check_targets(paths: ReportPaths) -> None:
    targets = paths.targets()
    if len({t.resolve() for t in targets}) != len(targets):
        raise UserError(tr("Two report outputs point to the same file; choose distinct files."))
    for target in targets:
        if target.is_dir():
            raise UserError(
                tr("'{path}' is a folder; choose a file name.").format(path=str(target))
            )


def stage_report(
    result: OverlapResult,
    paths: ReportPaths,
    layers: dict[str, QgsVectorLayer | None] | None = None,
    title: str | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> StagedReport:
    """Build the flags GeoPackage, HTML and CSV asked for in `paths` (any thread); the PDF
    is left to `StagedReport.write_pdf` on the main thread, the move to `commit`."""
    _check_targets(paths)
    staged = StagedReport(paths, ReportPaths(flags_layer_name=paths.flags_layer_name))

    def hidden(target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".imperial-report-", dir=target.parent))
        staged.folders.append(folder)
        return folder / target.name

    try:
        built = {role: hidden(Path(getattr(paths, role))) for role in ROLES if getattr(paths, role)}
        if paths.flags_gpkg and Path(paths.flags_gpkg).exists():
            copy_gpkg(Path(paths.flags_gpkg), built["flags_gpkg"])  # keep its other layers
        if paths.pdf and not paths.flags_gpkg:  # flags only drawn on the map, never moved
            built["flags_gpkg"] = built["pdf"].parent / MAP_FLAGS_NAME
        staged.built = replace(staged.built, **built)
        write_report(result, replace(staged.built, pdf=None), layers, title, feedback)
    except BaseException:
        staged.discard()
        raise
    return staged
