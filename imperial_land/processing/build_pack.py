"""Algorithm "Build offline map pack": clipped styled layers, basemap, project, manifest, zip."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsGeometry,
    QgsProcessing,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMapTheme,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.pack import MAX_ZOOM, PackRequest, build_pack, default_layers
from imperial_land.processing.base import ImperialAlgorithm


class BuildPackAlgorithm(ImperialAlgorithm):
    NAME = "buildpack"

    def displayName(self) -> str:
        return tr("Build offline map pack")

    def shortHelpString(self) -> str:
        return tr(
            "Packs the layers for an area of interest into one folder and one zip for field "
            "crews: the vector layers clipped to the area's polygon (a cut feature keeps its full "
            "area in full_area_ha), styled, in one GeoPackage; a basemap rendered to MBTiles "
            "tiles; a QGIS project with relative paths that QField opens; a manifest with the "
            "sources, dates, feature counts and SHA-256 of every file. The area is the union of "
            "the area layer's (selected) features, or else the extent given. Default layers: "
            "the project's claims, parcels and territories and the last overlap flags; default "
            "basemap: the map theme given, else the layers given, else the visible layers."
        )

    def initAlgorithm(self, config=None) -> None:
        polygons = [QgsProcessing.SourceType.TypeVectorPolygon]
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "AOI", tr("Area of interest (polygon layer)"), polygons, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterExtent(
                "EXTENT", tr("Area of interest (extent, when no layer)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                "LAYERS",
                tr("Layers to pack"),
                QgsProcessing.SourceType.TypeVectorAnyGeometry,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterMapTheme("BASEMAP_THEME", tr("Basemap map theme"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                "BASEMAP_LAYERS",
                tr("Basemap layers (when no map theme)"),
                QgsProcessing.SourceType.TypeMapLayer,
                optional=True,
            )
        )
        for name, label, key in (
            ("ZOOM_MIN", tr("Basemap minimum zoom"), "pack/zoom_min"),
            ("ZOOM_MAX", tr("Basemap maximum zoom"), "pack/zoom_max"),
        ):
            self.addParameter(
                QgsProcessingParameterNumber(
                    name,
                    label,
                    QgsProcessingParameterNumber.Type.Integer,
                    settings.get(key),
                    minValue=0,
                    maxValue=MAX_ZOOM,
                )
            )
        self.addParameter(QgsProcessingParameterString("NAME", tr("Pack name"), "field-pack"))
        self.addParameter(
            QgsProcessingParameterBoolean("OVERWRITE", tr("Replace a pack of that name"), False)
        )
        self.addParameter(
            QgsProcessingParameterString(
                "CONSULTATION_REGISTER",
                tr(
                    "Consultation records to carry, read-only (a register: GeoPackage, "
                    "pg:<connection>/<schema>, or 'default'; empty = none)"
                ),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination("OUTPUT_FOLDER", tr("Folder for the pack"))
        )
        self.addOutput(QgsProcessingOutputFolder("FOLDER", tr("Pack folder")))
        self.addOutput(QgsProcessingOutputFile("ZIP", tr("Pack zip")))
        self.addOutput(QgsProcessingOutputFile("PROJECT", tr("Pack project")))

    def _aoi(self, parameters, context):
        source = self.parameterAsSource(parameters, "AOI", context)
        if source is not None:
            geometries = [f.geometry() for f in source.getFeatures() if f.hasGeometry()]
            if not geometries:
                raise UserError(
                    tr("The area-of-interest layer has no (selected) feature; pick one.")
                )
            return QgsGeometry.unaryUnion(geometries), source.sourceCrs()
        if parameters.get("EXTENT"):
            crs = self.parameterAsExtentCrs(parameters, "EXTENT", context)
            return self.parameterAsExtentGeometry(parameters, "EXTENT", context, crs), crs
        raise UserError(tr("Give the area of interest: a polygon layer or an extent."))

    def _basemap(self, parameters, context) -> list:
        project = context.project()
        theme = self.parameterAsString(parameters, "BASEMAP_THEME", context)
        if theme:
            themes = project.mapThemeCollection() if project is not None else None
            if themes is None or not themes.hasMapTheme(theme):
                names = ", ".join(themes.mapThemes()) if themes is not None else ""
                raise UserError(
                    tr("The project has no map theme '{theme}' (its themes: {themes}).").format(
                        theme=theme, themes=names or tr("none")
                    )
                )
            return themes.mapThemeVisibleLayers(theme)
        chosen = self.parameterAsLayerList(parameters, "BASEMAP_LAYERS", context)
        if chosen or project is None:
            return chosen
        root = project.layerTreeRoot()
        visible = {node.layer() for node in root.findLayers() if node.isVisible()}
        return [layer for layer in root.layerOrder() if layer in visible]

    def _consultation(self, parameters, context) -> str | None:
        text = self.parameterAsString(parameters, "CONSULTATION_REGISTER", context).strip()
        if text.lower() == "default":
            from imperial_land.core.common import settings

            return str(settings.get("register/path") or settings.default_register_path())
        return text or None

    def run_core(self, parameters, context, feedback) -> dict:
        aoi, aoi_crs = self._aoi(parameters, context)
        layers = self.parameterAsLayerList(parameters, "LAYERS", context)
        if not layers and context.project() is not None:
            layers = default_layers(context.project())
        request = PackRequest(
            name=self.parameterAsString(parameters, "NAME", context).strip(),
            aoi=aoi,
            aoi_crs=aoi_crs,
            layers=layers,
            out_dir=Path(self.parameterAsString(parameters, "OUTPUT_FOLDER", context)),
            basemap_layers=self._basemap(parameters, context),
            zoom_min=self.parameterAsInt(parameters, "ZOOM_MIN", context),
            zoom_max=self.parameterAsInt(parameters, "ZOOM_MAX", context),
            overwrite=self.parameterAsBoolean(parameters, "OVERWRITE", context),
            consultation_register=self._consultation(parameters, context),
        )
        result = build_pack(request, feedback)
        feedback.pushInfo(
            tr("Pack written: {folder} ({tiles} basemap tiles).").format(
                folder=str(result.folder), tiles=result.tile_count
            )
        )
        return {
            "FOLDER": str(result.folder),
            "ZIP": str(result.zip_path),
            "PROJECT": str(result.project_path),
        }
