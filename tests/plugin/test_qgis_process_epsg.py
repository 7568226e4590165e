"""Every algorithm of the plugin run in one qgis_process session leaves GDAL's EPSG look-ups
working: the plugin never loads a second GDAL/PROJ (fiona's wheel did: on PROJ 9.6 every EPSG
look-up through GDAL then failed for the rest of the session)."""

from __future__ import annotations

import json
import shutil

from qgis.core import QgsProject

from imperial_land.core.common.paths import sample_gpkg
from tests.support.gestim_builder import build_gestim_zip, sample_rows
from tests.support.qgis_process_runner import ROOT, QgisProcess, needs_qgis_process

pytestmark = needs_qgis_process


def test_epsg_look_ups_work_after_every_algorithm(tmp_path):
    qgis_process = QgisProcess(tmp_path / "qgis")
    gpkg = sample_gpkg()
    layers = {role: f"{gpkg}|layername={role}" for role in ("claims", "parcels", "territories")}
    out = tmp_path / "out"
    runs = [
        ["imperial_land:loadlandlayers", {
            "CLAIMS": layers["claims"], "PARCELS": layers["parcels"],
            "TERRITORIES": layers["territories"], "PROJECT_FILE": str(out / "overlay.qgz"),
        }],
        ["imperial_land:overlapreport", {
            "CLAIMS": layers["claims"], "PARCELS": layers["parcels"],
            "TERRITORIES": layers["territories"], "DISTANCE_FIELD": "DISTANCE_M",
            "FLAGS": str(out / "flags.gpkg"), "CSV": str(out / "pairs.csv"),
        }],
        ["imperial_land:syncgestim", {
            "SOURCE": str(build_gestim_zip(tmp_path / "TITRES.zip", sample_rows())),
            "REGISTER": str(out / "register.gpkg"),
        }],
        ["imperial_land:buildpack", {
            "AOI": f"{gpkg}|layername=aoi", "LAYERS": list(layers.values()),
            "NAME": "epsg-pack", "OUTPUT_FOLDER": str(out), "ZOOM_MIN": 12, "ZOOM_MAX": 12,
        }],
        ["imperial_land:loadpack", {
            "PACK": str(out / "epsg-pack.zip"), "TARGET_FOLDER": str(out / "loaded"),
        }],
        # no PostGIS connection named so: the algorithm runs and fails, as it would for a user
        ["imperial_land:initpgregister", {"CONNECTION": "no-such-connection"}],
    ]  # fmt: skip
    (out / "loaded").mkdir(parents=True)
    (tmp_path / "runs.json").write_text(json.dumps(runs), encoding="utf-8")
    report_path = tmp_path / "report.json"
    # a user script of the private profile (QGIS 3.22's qgis_process runs no script by path)
    scripts = tmp_path / "qgis" / "profile" / "profiles" / "default" / "processing" / "scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "support" / "epsg_check_algorithm.py", scripts / "epsg_check.py")
    project = QgsProject()  # loadpack adds the pack's layers to the open project
    assert project.write(str(tmp_path / "empty.qgz"))
    run = qgis_process.run(
        "run",
        "script:epsgcheck",
        f"--project_path={tmp_path / 'empty.qgz'}",
        "--",
        f"RUNS={tmp_path / 'runs.json'}",
        f"OUT={report_path}",
        timeout=600,
    )
    assert report_path.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    algorithms = [entry["after"] for entry in report["runs"][1:]]
    assert algorithms == [algorithm for algorithm, _params in runs]
    assert {a.split(":")[1] for a in algorithms} == {
        "loadlandlayers", "overlapreport", "syncgestim", "buildpack", "loadpack", "initpgregister"
    }  # fmt: skip
    first = report["runs"][0]
    for entry in report["runs"]:
        where = entry["after"] or "before any algorithm"
        assert entry["osr_epsg"] and entry["gdal_gpkg"] and entry["qgis_crs"], (where, entry)
        assert entry["proj_search_paths"] == first["proj_search_paths"], where
        if entry["after"] != "imperial_land:initpgregister":
            assert entry["ok"], (where, entry["error"])
    assert report["modules"] == []
