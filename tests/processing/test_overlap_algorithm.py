"""Algorithm "Overlap report" on the sample data: through processing.run and real qgis_process."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
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
from imperial_land.core.report.flags_gpkg import write_flags_table
from imperial_land.core.report.model import nation_summary
from imperial_land.processing.base import gpkg_destination, sink_file
from tests.support.feedback import RecordingFeedback
from tests.support.qgis_process_runner import QgisProcess, needs_qgis_process
from tests.support.report_reading import (
    csv_rows,
    gpkg_rows,
    html_tables,
    pdf_pages,
    pdf_text,
    report_csv_text,
)

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


def test_an_output_crs_that_names_none_is_refused(qgis_app, plugin_provider, sample_gpkg, tmp_path):
    """It was dropped for the default (the flags came out in EPSG:32198, unsaid)."""
    params = _params(sample_gpkg, tmp_path, OUTPUT_CRS="EPSG:999999")
    with pytest.raises(QgsProcessingException) as caught:
        _run(params)
    assert str(caught.value) == (
        "The output CRS 'EPSG:999999' is not a valid coordinate reference system."
    )
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
    # No "Using non-preferred coordinate operation between EPSG:32198 and EPSG:4326" (Quebec
    # Lambert's best operation to WGS 84 needs ca_nrc_NA83SCRS.tif, missing here), about an
    # operation the report never uses: QGIS printed it when the engine read the parcels'
    # extent (equal_area.layer_extent) and when the PDF map cloned them (settle_unprompted).
    assert "non-preferred" not in run.stdout + run.stderr


@pytest.fixture
def layer_tree_view(qgis_iface, monkeypatch):
    """A real layer tree view as iface.layerTreeView(): Processing's runAndLoadResults (3.44)
    hands it to C++, which refuses pytest-qgis's mock."""
    from qgis.core import QgsLayerTreeModel
    from qgis.gui import QgsLayerTreeView

    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot(), view))
    monkeypatch.setattr(qgis_iface, "layerTreeView", lambda: view, raising=False)
    return view


def test_flags_output_loaded_styled(
    qgis_app, layer_tree_view, plugin_provider, sample_gpkg, tmp_path
):
    import processing

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


def test_flags_gpkg_is_the_fast_writers_output(processing_run, sample_gpkg, tmp_path):
    """FLAGS=….gpkg goes through the engine's bulk writer: the same rows and geometry blobs."""
    outputs, out = processing_run
    assert outputs["FLAGS"] == str(out / "flags.gpkg")
    direct = _direct_result(sample_gpkg)
    write_flags_table(direct, tmp_path / "reference.gpkg", "flags")
    got = gpkg_rows(out / "flags.gpkg", "flags")
    assert len(got) == len(direct.pairs) > 100
    assert got == gpkg_rows(tmp_path / "reference.gpkg", "flags")
    assert got[0][1][:2] == b"GP"  # a GeoPackage geometry blob
    rtree = "rtree_flags_geom"
    assert gpkg_rows(out / "flags.gpkg", rtree, order="id") == gpkg_rows(
        tmp_path / "reference.gpkg", rtree, order="id"
    )
    with closing(sqlite3.connect(str(out / "flags.gpkg"))) as db:
        styles = db.execute("SELECT f_table_name, useAsDefault FROM layer_styles").fetchall()
    assert styles == [("flags", 1)]
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def _small_params(gpkg: Path, flags: str) -> dict:
    """Parcels x territories only (small and quick), FLAGS to `flags`, no other output."""
    params = _params(gpkg, Path("unused"), FLAGS=flags, HTML=None, CSV=None, PDF=None)
    params.update(CLAIMS=None, AOI=None)
    return params


@pytest.mark.parametrize("name", ["flags.geojson", "flags.shp"])
def test_flags_other_formats_go_through_the_sink(
    qgis_app, plugin_provider, sample_gpkg, tmp_path, name
):
    outputs = _run(_small_params(sample_gpkg, str(tmp_path / name)))
    layer = QgsVectorLayer(outputs["FLAGS"], "flags", "ogr")
    assert layer.isValid() and layer.featureCount() == outputs["PAIRS"] > 0
    direct = _direct_result(sample_gpkg)
    expected = sorted(
        (p.a.key, p.b.key, p.flag, round(p.overlap_ha, 4))
        for p in direct.pairs
        if p.kind == r.PARCEL_TERRITORY
    )
    got = sorted(
        (f["a_key"], f["b_key"], f["flag"], round(f["overlap_ha"], 4)) for f in layer.getFeatures()
    )
    assert got == expected
    assert layer.crs().authid() == "EPSG:32198"


def test_flags_gpkg_loaded_styled(
    qgis_app, layer_tree_view, plugin_provider, sample_gpkg, tmp_path
):
    import processing

    target = tmp_path / "flags.gpkg"
    outputs = processing.runAndLoadResults(ALGORITHM, _small_params(sample_gpkg, str(target)))
    assert outputs["FLAGS"] == str(target)
    loaded = [
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.source().startswith(str(target))
    ]
    try:
        assert len(loaded) == 1
        layer = loaded[0]
        assert layer.featureCount() == outputs["PAIRS"] > 0
        assert layer.name() == "Overlap flags"
        assert layer.renderer().type() == "categorizedSymbol"
        assert layer.renderer().classAttribute() == "flag"
    finally:
        for layer in loaded:
            QgsProject.instance().removeMapLayer(layer.id())


def test_flags_named_layer_keeps_the_files_other_layers(
    qgis_app, plugin_provider, sample_gpkg, tmp_path
):
    target = tmp_path / "work.gpkg"
    write_flags_table(_direct_result(sample_gpkg), target, "earlier")
    uri = f"ogr:dbname='{target}' table=\"overlap\" (geom)"
    outputs = _run(_small_params(sample_gpkg, uri))
    assert outputs["FLAGS"] == f"{target}|layername=overlap"
    layer = QgsVectorLayer(outputs["FLAGS"], "flags", "ogr")
    assert layer.isValid() and layer.featureCount() == outputs["PAIRS"] > 0
    with closing(sqlite3.connect(str(target))) as db:
        tables = db.execute("SELECT table_name FROM gpkg_contents ORDER BY 1").fetchall()
    assert ("earlier",) in tables and ("overlap",) in tables


def test_flags_and_reports_are_written_together_or_not_at_all(
    qgis_app, plugin_provider, sample_gpkg, tmp_path
):
    (tmp_path / "flags.gpkg").write_bytes(b"earlier")
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: value >= 60 and feedback.cancel())
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        _run(_params(sample_gpkg, tmp_path), feedback)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flags.gpkg"]
    assert (tmp_path / "flags.gpkg").read_bytes() == b"earlier"


def test_which_flags_destinations_take_the_bulk_writer():
    assert gpkg_destination("/data/out/flags.gpkg") == (Path("/data/out/flags.gpkg"), None)
    assert gpkg_destination("C:/data/Flags.GPKG") == (Path("C:/data/Flags.GPKG"), None)
    uri = "ogr:dbname='/data/work.gpkg' table=\"overlap\" (geom)"
    assert gpkg_destination(uri) == (Path("/data/work.gpkg"), "overlap")
    for other in (
        "",
        "TEMPORARY_OUTPUT",
        "memory:Overlap flags",
        "/data/flags.shp",
        "/data/flags.geojson",
        "postgres:dbname='gis' table=\"flags\" (geom)",
    ):
        assert gpkg_destination(other) is None, other
    # Which destinations are files (checked writable before the run): any format's file
    assert sink_file("/data/flags.shp") == (Path("/data/flags.shp"), None)
    assert sink_file("C:\\data\\flags.geojson") == (Path("C:\\data\\flags.geojson"), None)
    assert sink_file(uri) == (Path("/data/work.gpkg"), "overlap")
    for provider in ("", "memory:Overlap flags", "postgres:dbname='gis' table=\"flags\" (geom)"):
        assert sink_file(provider) is None, provider


def test_the_log_says_what_is_written(qgis_app, plugin_provider, sample_gpkg, tmp_path):
    """The steps the log names are those the run takes: no PDF step without a PDF; the flags
    GeoPackage, HTML and CSV written beside the PDF say so; the sink says it writes the flags."""
    said = {}
    for case, outputs in {
        "flags_csv": {"FLAGS": "f.gpkg", "CSV": "p.csv"},
        "all": {"FLAGS": "f.gpkg", "CSV": "p.csv", "HTML": "r.html", "PDF": "r.pdf"},
        "shapefile": {"FLAGS": "f.shp"},
    }.items():
        feedback = RecordingFeedback()
        params = {role.upper(): f"{sample_gpkg}|layername={role}" for role in ROLES}
        params.update({name: str(tmp_path / case / file) for name, file in outputs.items()})
        (tmp_path / case).mkdir()
        _run(params, feedback)
        said[case] = [
            text
            for text in feedback.said
            if text.startswith(("Writing", "Building")) and not text.endswith("...")  # engine's
        ]
    assert said == {
        "flags_csv": ["Building the flags layer", "Writing the CSV report"],
        "all": ["Building the report's tables", "Writing the PDF report and the other outputs"],
        "shapefile": ["Writing the flags layer"],
    }


def test_a_second_run_takes_the_territories_prepared_by_the_first(
    qgis_app, plugin_provider, sample_gpkg, tmp_path, kept_prepared, prepare_calls
):
    """With "overlap/keep_prepared" on (the default), the first run prepares the territories
    near the other layers and keeps them in the profile; the next one, on the same layers,
    skips their preparation, with the same outputs as the first and as the engine given the
    same cache."""
    first, second = tmp_path / "first", tmp_path / "second"
    logs = []
    for out in (first, second):
        out.mkdir()
        logs.append(RecordingFeedback())
        _run(_params(sample_gpkg, out, HTML=None, PDF=None), logs[-1])
    assert prepare_calls == ["territories"]  # the second run read it back
    # The layer as Processing names it (its file's name), as in the log's "Reading ..." line.
    told = [[line for line in log.said if line.startswith("The ancestral")] for log in logs]
    assert told == [
        [
            "The ancestral territories layer 'imperial_land_sample' was prepared near the other "
            f"layers and is kept for the next runs ({kept_prepared})."
        ],
        ["The ancestral territories layer 'imperial_land_sample' was read back as an earlier run "
         "prepared it."],
    ]  # fmt: skip
    assert [p.name.startswith("prepared-") for p in kept_prepared.iterdir()] == [True]
    assert gpkg_rows(second / "flags.gpkg", "flags") == gpkg_rows(first / "flags.gpkg", "flags")
    assert (second / "pairs.csv").read_bytes() == (first / "pairs.csv").read_bytes()
    layers = [QgsVectorLayer(f"{sample_gpkg}|layername={role}", role, "ogr") for role in ROLES]
    options = OverlapOptions(
        territory_fields=TerritoryFields(distance="DISTANCE_M"), prepared_cache=kept_prepared
    )
    direct = run_overlap(*layers, options=options)
    assert (first / "pairs.csv").read_bytes() == report_csv_text(direct).encode("utf-8-sig")
    assert prepare_calls == ["territories"]


def test_an_output_that_cannot_be_written_is_refused_before_the_run(
    qgis_app, plugin_provider, sample_gpkg, tmp_path
):
    """Each output aimed where nothing can be written, the flags layer among them: one plain
    line naming it, no traceback, nothing written beside the other outputs."""
    gpkg_layer = "ogr:dbname='/proc/g.gpkg' table=\"flags\" (geom)"
    for name, value, path in (
        ("CSV", "/proc/x.csv", "/proc/x.csv"),
        ("PDF", "/proc/r/x.pdf", "/proc/r/x.pdf"),
        ("FLAGS", "/proc/f.gpkg", "/proc/f.gpkg"),
        ("FLAGS", gpkg_layer, "/proc/g.gpkg"),
    ):
        with pytest.raises(QgsProcessingException) as error:
            _run(_params(sample_gpkg, tmp_path, **{name: value}))
        assert str(error.value).startswith(f"Cannot write in '/proc' (for '{path}'): "), value
        assert list(tmp_path.iterdir()) == []
