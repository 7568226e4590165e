"""What every Imperial Land algorithm shares: names, translation, errors as Processing errors,
the inputs Processing opens."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterString,
    QgsVectorLayer,
)

from imperial_land.core.common import UserError, refuse_folder, settings, tr
from imperial_land.core.maplayers import settle_unprompted


def split_holders(text: str) -> list[str]:
    """Holder names given one per line or separated by ';' (a name may hold a comma)."""
    return [name.strip() for name in text.replace(";", "\n").splitlines() if name.strip()]


def split_titles(text: str) -> set[str]:
    """Title numbers separated by commas, semicolons, spaces or lines (as syncgestim outputs)."""
    return {title for title in re.split(r"[\s,;]+", text) if title}


# Processing's "save to GeoPackage" form of a sink destination: a named layer in a file.
OGR_GPKG_URI = re.compile(r"^ogr:dbname='(?P<path>.+?\.gpkg)' table=\"(?P<table>[^\"]+)\"", re.I)


PROVIDER_URI = re.compile(r"^[A-Za-z][\w.+-]+:(?![\\/])")  # provider:uri, not C:/ or C:\\


def sink_file(destination: str) -> tuple[Path, str | None] | None:
    """(file, layer name or None) of a sink destination written to a file; None for no output,
    a temporary or memory layer or another provider (`postgres:...`)."""
    found = OGR_GPKG_URI.match(destination)
    if found:
        return Path(found["path"]), found["table"]
    if not destination or PROVIDER_URI.match(destination):
        return None
    return Path(destination), None


def gpkg_destination(destination: str) -> tuple[Path, str | None] | None:
    """(file, layer name or None) when a sink destination is a GeoPackage file, else None:
    Processing's own sink writes any other format."""
    found = sink_file(destination)
    if found is None or not str(found[0]).lower().endswith(".gpkg"):
        return None
    return found


def writable_destination(path: Path, folder: bool) -> None:
    """UserError unless `path` (a file, or a folder when `folder`) can be written: its nearest
    existing folder takes a file (tried, then removed) and nothing of the wrong kind is there."""
    if folder and path.exists() and not path.is_dir():
        raise UserError(tr("'{path}' is a file, not a folder.").format(path=str(path)))
    if not folder:
        refuse_folder(path)
    base = path if folder else path.parent
    while not base.exists() and base != base.parent:
        base = base.parent
    try:
        handle, probe = tempfile.mkstemp(prefix=".imperial-check-", dir=base)
    except OSError as exc:
        raise UserError(
            tr("Cannot write in '{folder}' (for '{path}'): {reason}.").format(
                folder=str(base), path=str(path), reason=exc.strerror or str(exc)
            )
        ) from exc
    os.close(handle)
    os.unlink(probe)


def file_error(exc: OSError) -> str:
    """A file system error as one plain line naming the file."""
    reason = exc.strerror or str(exc)
    if exc.filename:
        return tr("Cannot use '{path}': {reason}.").format(path=str(exc.filename), reason=reason)
    return reason


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
            self.check_destinations(parameters, context)
            return self.run_core(parameters, context, feedback)
        except UserError as exc:
            raise QgsProcessingException(str(exc)) from exc
        except OSError as exc:  # a file or folder the job could not use: said, not a traceback
            raise QgsProcessingException(file_error(exc)) from exc

    def check_destinations(self, parameters, context) -> None:
        """UserError, before any work, for an output file or folder that cannot be written
        (a folder that cannot be made or written in, a file named where a folder is wanted or
        the other way round): a sync must not commit its register and then fail on its CSV."""
        for definition in self.destinationParameterDefinitions():
            name, kind = definition.name(), definition.type()
            if kind == "folderDestination":
                value = self.parameterAsString(parameters, name, context)
            elif kind == "fileDestination":
                value = self.parameterAsFileOutput(parameters, name, context)
            elif kind == "sink":  # a provider's URI (memory:, postgres:...) is left to it
                found = sink_file(self.parameterAsOutputLayer(parameters, name, context))
                value = str(found[0]) if found else ""
            else:
                continue
            if value:
                writable_destination(Path(value), folder=kind == "folderDestination")

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
