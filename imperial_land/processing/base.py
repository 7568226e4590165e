"""What every Imperial Land algorithm shares: names, translation, errors as Processing errors,
the inputs Processing opens."""

from __future__ import annotations

import re
from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterString,
    QgsVectorLayer,
)

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.maplayers import settle_unprompted


def split_holders(text: str) -> list[str]:
    """Holder names given one per line or separated by ';' (a name may hold a comma)."""
    return [name.strip() for name in text.replace(";", "\n").splitlines() if name.strip()]


def split_titles(text: str) -> set[str]:
    """Title numbers separated by commas, semicolons, spaces or lines (as syncgestim outputs)."""
    return {title for title in re.split(r"[\s,;]+", text) if title}


# Processing's "save to GeoPackage" form of a sink destination: a named layer in a file.
OGR_GPKG_URI = re.compile(r"^ogr:dbname='(?P<path>.+?\.gpkg)' table=\"(?P<table>[^\"]+)\"", re.I)


def gpkg_destination(destination: str) -> tuple[Path, str | None] | None:
    """(file, layer name or None) when a sink destination is a GeoPackage file, else None.

    None for no output, a temporary or memory layer, another provider (`postgres:...`) or any
    other format: Processing's own sink writes those.
    """
    found = OGR_GPKG_URI.match(destination)
    if found:
        return Path(found["path"]), found["table"]
    if re.match(r"^[A-Za-z][\w.+-]+:(?![\\/])", destination):  # provider:uri, not C:/ or C:\\
        return None
    if destination.lower().endswith(".gpkg"):
        return Path(destination), None
    return None


def holders_parameter(name: str) -> QgsProcessingParameterString:
    """The company's holder names, defaulting to the settings."""
    return QgsProcessingParameterString(
        name,
        tr("Company title holders (one per line or separated by ';')"),
        defaultValue="\n".join(settings.get("company/holders")),
        multiLine=True,
        optional=True,
    )


class ImperialAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set NAME, implement displayName/shortHelpString/init/run_core."""

    NAME = ""

    def name(self) -> str:
        return self.NAME

    def group(self) -> str:
        return tr("Land and claims")

    def groupId(self) -> str:
        return "land_claims"

    def createInstance(self) -> ImperialAlgorithm:
        return type(self)()

    def processAlgorithm(self, parameters, context, feedback):
        try:
            return self.run_core(parameters, context, feedback)
        except UserError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def run_core(self, parameters, context, feedback) -> dict:
        """The algorithm's work; raise UserError for anything the user must fix."""
        raise NotImplementedError

    def vector_input(self, parameters, name: str, context) -> QgsVectorLayer | None:
        """The vector layer of parameter `name`. One that Processing opened itself (qgis_process:
        outside any project) gets the operation to WGS 84 the plugin gives its own layers
        (`settle_unprompted`): its styled copies then work out their WGS 84 extent without QGIS
        printing "Using non-preferred coordinate operation" about a grid the job never uses."""
        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is not None and context.temporaryLayerStore().mapLayer(layer.id()) is not None:
            settle_unprompted(layer)
        return layer
