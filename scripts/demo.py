"""Run the plugin's jobs headless on the bundled sample data; write every output under OUT_DIR.

    .venv/bin/python scripts/demo.py [OUT_DIR]      (make demo: OUT_DIR = demo-output)

Each step is a function `step(out_dir: Path, project: QgsProject) -> list[Path]` listed in STEPS,
run in order on one shared project (a later step sees the layers an earlier one added).
To add a step: write the function in this file (imports inside it) and append it to STEPS.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append("/usr/share/qgis/python/plugins")  # QGIS's own Processing plugin

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsReferencedRectangle,
)

Step = Callable[[Path, QgsProject], "list[Path]"]
KEEP_ALIVE: list = []  # Python objects QGIS points to but does not own (the provider)


def overlay_step(out_dir: Path, project: QgsProject) -> list[Path]:
    """The styled overlay of the sample's claims, parcels and territories: project + PNG."""
    from imperial_land.core.maplayers.overlay import add_land_layers
    from imperial_land.core.maplayers.sample import sample_layers
    from imperial_land.core.maplayers.transform_context import record_transforms
    from tests.support.render import render_png

    claims, parcels, territories = sample_layers()
    loaded = add_land_layers(project, claims, parcels, territories)
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:32198"))
    record_transforms(project)  # the project's CRS changed: transforms for it too
    # Open on the claims (a project written headless has no map canvas to remember).
    claims_layer = loaded.layers["claims"]
    view = QgsCoordinateTransform(claims_layer.crs(), project.crs(), project)
    extent = view.transformBoundingBox(claims_layer.extent())
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, project.crs()))
    project_path = out_dir / "imperial_land_overlay.qgz"
    if not project.write(str(project_path)):
        raise RuntimeError(f"could not write {project_path}: {project.error()}")
    png_path = render_png(
        project,
        out_dir / "overlay_map.png",
        focus=[loaded.layers["claims"]],
        inset=[loaded.layers["parcels"]],
        title="Imperial Land & Claims - SYNTHETIC sample data",
    )
    return [project_path, png_path]


def pack_step(out_dir: Path, project: QgsProject) -> list[Path]:
    """An offline pack for the sample AOI "Sept-Iles plant site", loaded back and rendered."""
    import shutil

    from imperial_land.core.maplayers.sample import sample_layer
    from imperial_land.core.pack.build import build_pack
    from imperial_land.core.pack.load import load_pack
    from imperial_land.core.pack.request import PackRequest
    from imperial_land.core.pack.sources import default_layers
    from tests.support.render import render_layers_png

    aoi_layer = sample_layer("aoi")
    aoi = next(f for f in aoi_layer.getFeatures() if f["NAME"] == "Sept-Iles plant site")
    layers = default_layers(project) or [sample_layer(n) for n in ("claims", "parcels")]
    root = project.layerTreeRoot()
    visible = [n.layer() for n in root.findLayers() if n.isVisible() and n.layer() in layers]
    request = PackRequest(
        "sept-iles-plant-site",
        aoi.geometry(),
        aoi_layer.crs(),
        layers,
        out_dir / "packs",
        visible or layers,
        10,
        15,
        overwrite=True,
    )
    built = build_pack(request)
    check_dir = out_dir / "packs" / "loaded"
    shutil.rmtree(check_dir, ignore_errors=True)
    check_project = QgsProject()
    loaded = load_pack(built.zip_path, check_project, check_dir)
    extent = aoi.geometry().boundingBox().buffered(150)
    png = render_layers_png(loaded.layers, extent, aoi_layer.crs(), out_dir / "pack_preview.png")
    check_project.clear()
    return [built.folder, built.zip_path, png]


def overlap_report_step(out_dir: Path, project: QgsProject) -> list[Path]:
    """The overlap report on the sample: HTML, CSV, PDF and the flags GeoPackage.

    The flags layer is added to the project, styled, so the pack step takes it along.
    """
    from qgis.core import QgsVectorLayer

    from imperial_land.core.maplayers.fields import TerritoryFields
    from imperial_land.core.maplayers.sample import sample_layer
    from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
    from imperial_land.core.overlap.provenance import add_provenance
    from imperial_land.core.report.flags_layer import style_flags_layer
    from imperial_land.core.report.staged import ReportPaths, write_report

    layers = {role: sample_layer(role) for role in ("claims", "parcels", "territories", "aoi")}
    options = OverlapOptions(
        territory_fields=TerritoryFields(distance="DISTANCE_M"),
        transform_context=project.transformContext(),
    )
    result = add_provenance(run_overlap(*layers.values(), options=options), layers["claims"])
    paths = ReportPaths(
        html=out_dir / "overlap_report.html",
        csv=out_dir / "overlap_report.csv",
        pdf=out_dir / "overlap_report.pdf",
        flags_gpkg=out_dir / "overlap_flags.gpkg",
    )
    written = write_report(result, paths, layers, "Overlap report - sample data (synthetic)")
    flags = QgsVectorLayer(f"{paths.flags_gpkg}|layername={paths.flags_layer_name}", "", "ogr")
    flags.setName("Overlap flags")
    style_flags_layer(flags)
    project.addMapLayer(flags)
    return written


STEPS: list[Step] = [
    overlay_step,
    overlap_report_step,
    pack_step,  # after the report: the pack takes its flags layer
]


def start_qgis() -> QgsApplication:
    """A headless QGIS with Processing and the plugin's provider."""
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from imperial_land.processing.provider import ImperialLandProvider

    # The registry does not keep the Python object alive: hold it for the life of the script.
    KEEP_ALIVE.append(ImperialLandProvider())
    if not QgsApplication.processingRegistry().addProvider(KEEP_ALIVE[-1]):
        raise RuntimeError("could not register the Imperial Land processing provider")
    return app


def main() -> int:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "demo-output").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    app = start_qgis()
    project = QgsProject.instance()
    failed = 0
    for step in STEPS:
        print(f"demo: {step.__name__} ...", flush=True)
        try:
            for path in step(out_dir, project):
                print(f"  wrote {path}", flush=True)
        except Exception as exc:  # report and go on: one broken step must not hide the others
            failed += 1
            print(f"  FAILED: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
    print(f"demo: outputs in {out_dir}" + (f" ({failed} step(s) failed)" if failed else ""))
    app.exitQgis()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
