"""Algorithm "Load offline map pack": check a pack (zip or folder) and add its layers."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingOutputFolder,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingParameterFile,
)

from imperial_land.core.common import UserError, tr
from imperial_land.core.pack import load_pack
from imperial_land.processing.base import ImperialAlgorithm


class LoadPackAlgorithm(ImperialAlgorithm):
    NAME = "loadpack"

    def displayName(self) -> str:
        return tr("Load offline map pack")

    def shortHelpString(self) -> str:
        return tr(
            "Loads an offline map pack, its zip or its folder: checks every file against the "
            "manifest (missing or altered files are named), refuses zip entries that would land "
            "outside the target folder, and adds the styled layers in a group named after the "
            "pack. A zip is unzipped into the target folder (default: beside the zip)."
        )

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                "PACK",
                tr("Pack (zip, or the manifest.json of its folder)"),
                QgsProcessingParameterFile.Behavior.File,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "TARGET_FOLDER",
                tr("Unzip into folder"),
                QgsProcessingParameterFile.Behavior.Folder,
                optional=True,
            )
        )
        self.addOutput(QgsProcessingOutputFolder("FOLDER", tr("Pack folder")))
        self.addOutput(QgsProcessingOutputMultipleLayers("LAYERS", tr("Layers added")))

    def run_core(self, parameters, context, feedback) -> dict:
        project = context.project()
        if project is None:
            raise UserError(tr("Loading a pack needs an open project."))
        target = self.parameterAsString(parameters, "TARGET_FOLDER", context)
        loaded = load_pack(
            Path(self.parameterAsString(parameters, "PACK", context)),
            project,
            Path(target) if target else None,
            feedback,
        )
        return {"FOLDER": str(loaded.folder), "LAYERS": [layer.id() for layer in loaded.layers]}
