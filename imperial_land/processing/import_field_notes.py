"""Algorithm "Import field notes": the notes recorded in QField in a returned pack go into the
claim register (core/fieldnotes)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from imperial_land.core.common import default_register_path, tr
from imperial_land.core.consultation import linked_register
from imperial_land.core.fieldnotes import import_field_notes
from imperial_land.processing.base import ImperialAlgorithm


class ImportFieldNotesAlgorithm(ImperialAlgorithm):
    NAME = "importfieldnotes"

    def displayName(self) -> str:
        return tr("Import field notes")

    def shortHelpString(self) -> str:
        return tr(
            "Imports the field notes recorded in QField from a returned offline pack (its zip or "
            "its folder) into the claim register's field_notes table. The pack is checked "
            "first: its read-only files must match the manifest, its notes layer must be the "
            "one it left with and every photo it names must be there; otherwise nothing is "
            "imported and the message names what is wrong. Photos are copied beside a "
            "GeoPackage register (or into the photo folder given, which a PostGIS register "
            "needs). A note already imported is left alone; one edited since is updated and "
            "its previous content kept in field_note_versions."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                "PACK",
                tr("Returned pack (zip, or the manifest.json of its folder)"),
                QgsProcessingParameterFile.Behavior.File,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "REGISTER",
                tr(
                    "Claim register (GeoPackage path or pg:<connection>/<schema>; empty = the "
                    "register set in the plugin's settings)"
                ),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "PHOTO_FOLDER",
                tr("Photo folder (empty = beside a GeoPackage register)"),
                QgsProcessingParameterFile.Behavior.Folder,
                optional=True,
            )
        )
        self.addOutput(QgsProcessingOutputNumber("NEW", tr("New notes")))
        self.addOutput(QgsProcessingOutputNumber("UPDATED", tr("Updated notes")))
        self.addOutput(QgsProcessingOutputNumber("UNCHANGED", tr("Notes already imported")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary")))

    def run_core(self, parameters, context, feedback) -> dict:
        register = self.parameterAsString(parameters, "REGISTER", context).strip()
        photos = self.parameterAsString(parameters, "PHOTO_FOLDER", context).strip()
        result = import_field_notes(
            Path(self.parameterAsString(parameters, "PACK", context)),
            register or linked_register() or str(default_register_path()),
            Path(photos) if photos else None,
            feedback,
        )
        feedback.pushInfo(result.summary())
        return {
            "NEW": len(result.new),
            "UPDATED": len(result.updated),
            "UNCHANGED": len(result.unchanged),
            "SUMMARY": result.summary(),
        }
