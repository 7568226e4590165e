"""Algorithm "Overlap report" on the sample data: through processing.run and real qgis_process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from imperial_land.core.maplayers.fields import TerritoryFields
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
from imperial_land.core.report.model import nation_summary
from tests.support.qgis_process_runner import QgisProcess, needs_qgis_process
from tests.support.report_reading import csv_rows, html_tables, pdf_pages, pdf_text, report_csv_text

ROOT = Path(__file__).resolve().parents[2]
ALGORITHM = "imperial_land:overlapreport"
ROLES = ("claims", "parcels", "territories", "aoi")


def _params(gpkg: Path, out: Path, **extra) -> dict:
    params = {role.upper(): f"{gpkg}|layername={role}" for role in ROLES}
    params.update(
        DISTANCE_FIELD="DISTANCE_M",
        FLAGS=str(out / "flags.gpkg"),
        HTML=str(out / "report.html"),
        CSV=str(out / "pairs.csv"),
        PDF=str(out / "report.pdf"),
    )
    params.update(extra)
    return params


def _run(params: dict, feedback: QgsProcessingFeedback | None = None) -> dict:
    import processing

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return processing.run(ALGORITHM, params, context=context, feedback=feedback)


def _direct_result(gpkg: Path) -> r.OverlapResult:
    layers = [QgsVectorLayer(f"{gpkg}|layername={role}", role, "ogr") for role in ROLES]
    options = OverlapOptions(territory_fields=TerritoryFields(distance="DISTANCE_M"))
    return run_overlap(*layers, options=options)


_SHARED_RUN: dict[str, tuple[dict, Path]] = {}


@pytest.fixture
def processing_run(qgis_app, plugin_provider, sample_gpkg, tmp_path_factory) -> tuple[dict, Path]:
    """One full run on the sample data (made once, shared by the checks below)."""
    if "run" not in _SHARED_RUN:
        out = tmp_path_factory.mktemp("overlap_run")
        _SHARED_RUN["run"] = (_run(_params(sample_gpkg, out)), out)
    return _SHARED_RUN["run"]


def test_outputs_match_the_engine(processing_run, sample_gpkg):
    outputs, out = processing_run
    direct = _direct_result(sample_gpkg)
    assert outputs["PAIRS"] == len(direct.pairs) > 100
    assert outputs["FLAGGED"] == len(direct.flagged())
    expected_csv = report_csv_text(direct).encode("utf-8-sig")
    assert (out / "pairs.csv").read_bytes() == expected_csv
    rows = csv_rows(out / "pairs.csv")
    assert len(rows) == len(direct.pairs) + 1
    flags = QgsVectorLayer(f"{out / 'flags.gpkg'}|layername=flags", "flags", "ogr")
    assert flags.isValid() and flags.featureCount() == len(direct.pairs)
    assert flags.crs().authid() == "EPSG:32198"
    nations = html_tables((out / "report.html").read_text(encoding="utf-8"))["nations"][1:]
    assert [(row[0], row[2]) for row in nations] == [
        (s.nation, str(s.touched)) for s in nation_summary(direct)
    ]


def test_pdf_has_map_and_tables(processing_run, sample_gpkg):
    _outputs, out = processing_run
    direct = _direct_result(sample_gpkg)
    assert pdf_pages(out / "report.pdf") >= 2
    text = pdf_text(out / "report.pdf")
    lots = [p.a.key for p in direct.pairs if p.kind == r.PARCEL_TERRITORY]
    assert lots and lots[0] in text
    for nation in {p.nation for p in direct.pairs if p.nation}:
        assert nation in text


def test_needs_two_layers_and_writes_nothing(qgis_app, plugin_provider, sample_gpkg, tmp_path):
    params = _params(sample_gpkg, tmp_path, PARCELS=None, TERRITORIES=None, AOI=None)
    with pytest.raises(QgsProcessingException, match="Choose at least two layers"):
        _run(params)
    assert list(tmp_path.iterdir()) == []


def test_cancelled_run_writes_nothing(qgis_app, plugin_provider, sample_gpkg, tmp_path):
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        _run(_params(sample_gpkg, tmp_path), feedback)
    assert list(tmp_path.iterdir()) == []


def test_selected_areas_of_interest_only(qgis_app, plugin_provider, sample_gpkg, tmp_path):
    aoi = QgsVectorLayer(f"{sample_gpkg}|layername=aoi", "aoi", "ogr")
    QgsProject.instance().addMapLayer(aoi)
    try:
        params = _params(sample_gpkg, tmp_path, AOI=aoi.id(), AOI_SELECTED=True)
        with pytest.raises(QgsProcessingException, match="No feature is selected"):
            _run(params)
        assert list(tmp_path.iterdir()) == []
        site = next(f for f in aoi.getFeatures() if f["NAME"] == "Sept-Iles plant site")
        aoi.selectByIds([site.id()])
        _run(params)
    finally:
        QgsProject.instance().removeMapLayer(aoi.id())
    rows = csv_rows(tmp_path / "pairs.csv")
    aoi_keys = {row[6] for row in rows[1:] if row[4] == "Area of interest"}
    assert aoi_keys == {"Sept-Iles plant site"}


@needs_qgis_process
def test_qgis_process_gives_the_same_csv(processing_run, sample_gpkg, tmp_path):
    _outputs, first = processing_run
    qgis_process = QgisProcess(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    params = _params(sample_gpkg, out)
    run = qgis_process.run(
        "run", ALGORITHM, "--json", "--", *[f"{k}={v}" for k, v in params.items()]
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    results = json.loads(run.stdout)["results"]
    assert results["CSV"] == str(out / "pairs.csv")
    assert results["PAIRS"] == len(csv_rows(first / "pairs.csv")) - 1
    assert (out / "pairs.csv").read_bytes() == (first / "pairs.csv").read_bytes()
    assert pdf_pages(out / "report.pdf") >= 2


def test_flags_output_loaded_styled(
    qgis_app, qgis_iface, plugin_provider, sample_gpkg, tmp_path, monkeypatch
):
    import processing
    from qgis.core import QgsLayerTreeModel
    from qgis.gui import QgsLayerTreeView

    # Processing (3.44) hands iface.layerTreeView() to C++: a real view, not pytest-qgis's mock
    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot(), view))
    monkeypatch.setattr(qgis_iface, "layerTreeView", lambda: view, raising=False)
    params = _params(sample_gpkg, tmp_path, FLAGS="TEMPORARY_OUTPUT", HTML=None, PDF=None)
    params.update(CLAIMS=None, AOI=None)  # parcels x territories only: small and quick
    outputs = processing.runAndLoadResults(ALGORITHM, params)
    layer = QgsProject.instance().mapLayer(outputs["FLAGS"])
    try:
        assert layer is not None and layer.featureCount() == outputs["PAIRS"] > 0
        assert layer.renderer().type() == "categorizedSymbol"
        assert layer.renderer().classAttribute() == "flag"
        kinds = {f["kind"] for f in layer.getFeatures()}
        assert kinds == {r.PARCEL_TERRITORY}
    finally:
        QgsProject.instance().removeMapLayer(outputs["FLAGS"])
