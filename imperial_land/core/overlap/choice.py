"""Run the overlap engine in process, or in the PostGIS database that holds every layer."""

from __future__ import annotations

from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.common import UserError, tr
from imperial_land.core.maplayers import ROLES
from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
from imperial_land.core.overlap.results import OverlapResult


def check_in_database(layers: dict[str, QgsVectorLayer | None]) -> None:
    """Raise a UserError naming the layers that keep the report from running in the database."""
    # The SQL engine (and psycopg, 0.1 s) loads when a run asks for it, not with the plugin.
    from imperial_land.core.overlap.sql.engine import can_run_in_database

    given = [layer for layer in layers.values() if layer is not None]
    if can_run_in_database(given):
        return
    elsewhere = [layer.name() for layer in given if layer.providerType() != "postgres"]
    if elsewhere:
        raise UserError(
            tr(
                "Computing the overlaps in the database needs every layer in one PostGIS "
                "database; not in PostGIS: {layers}. Untick the option to compute them here."
            ).format(layers=", ".join(elsewhere))
        )
    raise UserError(
        tr(
            "Computing the overlaps in the database needs every layer in the same PostGIS "
            "database; these come from different databases: {layers}. Untick the option to "
            "compute them here."
        ).format(layers=", ".join(layer.name() for layer in given))
    )


def run_overlap_where(
    layers: dict[str, QgsVectorLayer | None],
    options: OverlapOptions,
    in_database: bool = False,
    feedback: QgsProcessingFeedback | None = None,
) -> OverlapResult:
    """The overlap result of `layers` (role -> layer), computed by the database when asked."""
    args = [layers.get(role) for role in ROLES]
    if not in_database:
        return run_overlap(*args, options, feedback)
    check_in_database(layers)
    from imperial_land.core.overlap.sql.engine import run_overlap_sql

    return run_overlap_sql(*args, options, feedback)
