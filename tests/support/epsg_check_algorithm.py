"""A Processing script for qgis_process (tests/test_qgis_process_epsg.py): runs the algorithms
listed in RUNS (a JSON file: [[algorithm id, parameters], ...]) one after the other in this one
QGIS session and, before the first and after each, checks GDAL's EPSG look-ups (OSR, a GeoPackage
layer created through GDAL) and QGIS's; writes what it saw to the JSON file OUT."""

import json

from osgeo import ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)


def _epsg_checks(gpkg_path):
    srs = osr.SpatialReference()
    found = {"osr_epsg": srs.ImportFromEPSG(32198) == 0}
    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.CreateDataSource(gpkg_path)
    layer = None
    if dataset is not None and found["osr_epsg"]:
        layer = dataset.CreateLayer("check", srs, ogr.wkbPolygon)
    found["gdal_gpkg"] = layer is not None
    dataset = None
    found["qgis_crs"] = QgsCoordinateReferenceSystem("EPSG:32198").isValid()
    found["proj_search_paths"] = list(osr.GetPROJSearchPaths() or [])
    return found


class EpsgCheck(QgsProcessingAlgorithm):
    def name(self):
        return "epsgcheck"

    def displayName(self):
        return "EPSG check"

    def createInstance(self):
        return EpsgCheck()

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile("RUNS", "Runs"))
        self.addParameter(QgsProcessingParameterString("OUT", "Report"))

    def processAlgorithm(self, parameters, context, feedback):
        import sys

        import processing

        with open(self.parameterAsFile(parameters, "RUNS", context)) as stream:
            runs = json.load(stream)
        out = self.parameterAsString(parameters, "OUT", context)
        report = [{"after": None, "ok": True, **_epsg_checks(out + ".0.gpkg")}]
        for index, (algorithm, params) in enumerate(runs, start=1):
            ok, error = True, ""
            try:
                processing.run(algorithm, params, context=context, feedback=feedback)
            except QgsProcessingException as exc:
                ok, error = False, str(exc)
            checks = _epsg_checks(f"{out}.{index}.gpkg")
            report.append({"after": algorithm, "ok": ok, "error": error, **checks})
        modules = sorted({"fiona", "pyproj", "rasterio", "pyogrio"} & set(sys.modules))
        with open(out, "w") as stream:
            json.dump({"runs": report, "modules": modules}, stream)
        return {}
