"""The claim register's two parameters (a GeoPackage file, or a PostGIS target) and how an
algorithm reads them: shared by the algorithms that work on the register (not an algorithm:
the provider lists only ALGORITHMS)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from imperial_land.core.common import UserError, tr
from imperial_land.core.register import parse_pg_target
from imperial_land.processing.base import writable_destination


def add_register_parameters(algorithm: QgsProcessingAlgorithm) -> None:
    """REGISTER (a GeoPackage; empty: the default register) and REGISTER_PG (pg:conn/schema)."""
    algorithm.addParameter(
        QgsProcessingParameterFile(
            "REGISTER",
            tr("Claim register (GeoPackage; empty = the default register)"),
            fileFilter=tr("GeoPackage (*.gpkg)"),
            optional=True,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterString(
            "REGISTER_PG",
            tr(
                "Or a PostGIS register: pg:<connection>/<schema> (replaces the GeoPackage; "
                "empty = the GeoPackage above)"
            ),
            optional=True,
        )
    )


def register_target(
    algorithm: QgsProcessingAlgorithm,
    parameters: dict,
    context: QgsProcessingContext,
    existing: bool = False,
) -> str | None:
    """The register the user named: the PostGIS target (checked, so a mistyped one is never read
    as a file name), else the GeoPackage, else None (the default register). `existing`: a job
    that only reads the register refuses a GeoPackage path where there is no file (a mistyped
    path, rather than "no claims yet"); else a GeoPackage path with no file must be one where a
    file can be made (a sync makes it: refused before anything is downloaded)."""
    target_pg = algorithm.parameterAsString(parameters, "REGISTER_PG", context).strip()
    if target_pg:
        parse_pg_target(target_pg)
        return target_pg
    path = algorithm.parameterAsFile(parameters, "REGISTER", context).strip()
    if path and not Path(path).is_file():
        if existing:
            raise UserError(
                tr(
                    "There is no claim register at '{path}'; choose the GeoPackage a sync "
                    "wrote, or leave it empty for the default register."
                ).format(path=path)
            )
        writable_destination(Path(path), folder=False)
    return path or None
