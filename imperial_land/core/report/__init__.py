"""The overlap report's outputs: the model and labels, HTML, CSV, PDF and its map, the flags
layer and its GeoPackage, and the staged writer. Entry points: staged.write_report,
staged.stage_report, staged.run_and_stage (the dock's task); the grouping of claims per Nation
and holder at province scale: model.claim_groups, model.claims_grouped.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.report import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "PAIR_COLUMNS": "model",
    "ReportPaths": "staged",
    "StagedReport": "staged",
    "WKB_TYPE": "flags_layer",
    "check_targets": "staged",
    "column_sort_keys": "model",
    "flag_label": "labels",
    "flags_fields": "flags_layer",
    "nations": "model",
    "pair_display": "model",
    "pair_features": "flags_layer",
    "pair_headers": "model",
    "run_and_stage": "staged",
    "stage_report": "staged",
    "style_flags_layer": "flags_layer",
    "write_report": "staged",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.report.flags_layer import WKB_TYPE as WKB_TYPE
    from imperial_land.core.report.flags_layer import flags_fields as flags_fields
    from imperial_land.core.report.flags_layer import pair_features as pair_features
    from imperial_land.core.report.flags_layer import style_flags_layer as style_flags_layer
    from imperial_land.core.report.labels import flag_label as flag_label
    from imperial_land.core.report.model import PAIR_COLUMNS as PAIR_COLUMNS
    from imperial_land.core.report.model import column_sort_keys as column_sort_keys
    from imperial_land.core.report.model import nations as nations
    from imperial_land.core.report.model import pair_display as pair_display
    from imperial_land.core.report.model import pair_headers as pair_headers
    from imperial_land.core.report.staged import ReportPaths as ReportPaths
    from imperial_land.core.report.staged import StagedReport as StagedReport
    from imperial_land.core.report.staged import check_targets as check_targets
    from imperial_land.core.report.staged import run_and_stage as run_and_stage
    from imperial_land.core.report.staged import stage_report as stage_report
    from imperial_land.core.report.staged import write_report as write_report


__getattr__ = lazy_exports(__name__, _EXPORTS)
