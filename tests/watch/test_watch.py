"""The staking watch after a sync: exact rows, CSV and styled layer, bad input (GeoPackage
register; tests/watch/test_watch_pg.py runs the same sync into PostGIS)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from qgis.core import QgsVectorLayer

from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.core.sync.run import sync_register
from imperial_land.core.watch import WatchedLayer, WatchResult, runs_between, watch_runs
from tests.support.gestim_builder import (
    COMPANY,
    gestim_zip_bytes,
    sample_rows,
    title_row,
)
from tests.support.watch_helpers import (
    company_land,
    crs_less_layer,
    ellipsoid_ha,
    geodesic_m,
    lat,
    lon,
    week_two,
    west_half,
)

TODAY = dt.date(2026, 10, 1)
SOURCE_DATE = dt.date(2026, 11, 23)  # the test server's Last-Modified


@pytest.fixture
def run_sync(tmp_path, gestim_server, fast_http, qgis_app):
    """sync_register against the local server into tmp_path/register.gpkg."""

    def run(**options):
        options.setdefault("holders", [COMPANY])
        options.setdefault("watched", [])
        return sync_register(
            gestim_server.url,
            tmp_path / "register.gpkg",
            today=TODAY,
            cache_dir=tmp_path / "cache",
            http_options=fast_http,
            **options,
        )

    return run


def test_watch_after_a_sync_gives_exact_rows(run_sync, gestim_server):
    first = run_sync()
    assert first.watch.lines() == [
        "Staking watch: this first sync filled the register; the watch starts with the next sync."
    ]
    gestim_server.publish(gestim_zip_bytes(week_two()), etag='"w2"')
    land = company_land()
    report = run_sync(watched=land)
    watch = report.watch
    assert watch.problems == [] and watch.run_ids == [2]
    got = [
        (r.event, r.title, r.key, r.holder, r.status, r.date, r.target_kind, r.target,
         r.target_layer, r.run_id)
        for r in watch.rows
    ]  # fmt: skip
    transfer = ("transfer", "2512348", "2512348-1", "Nouvelle Exploration inc.", "Actif")
    new_a = ("new", "2512350", "2512350-1", "Prospecteur A", "Actif")
    new_b = ("new", "2512351", "2512351-1", "Prospecteur B", "Actif")
    new_c = ("new", "2512352", "2512352-1", "Prospecteur C", "Actif")
    assert got == [
        (*transfer, SOURCE_DATE, "company_claim", "2512345", "", 2),
        (*transfer, SOURCE_DATE, "company_claim", "2512346", "", 2),
        (*transfer, SOURCE_DATE, "company_claim", "2512347", "", 2),
        (*new_a, SOURCE_DATE, "company_claim", "2512345", "", 2),
        (*new_a, SOURCE_DATE, "company_claim", "2512346", "", 2),
        (*new_a, SOURCE_DATE, "company_claim", "2512347", "", 2),
        (*new_b, SOURCE_DATE, "company_claim", "2512346", "", 2),
        (*new_c, SOURCE_DATE, "parcel", "4 516 943", "Parcels", 2),
        (*new_c, SOURCE_DATE, "aoi", "Plant site", "AOI", 2),
    ]
    metres = [r.distance_m for r in watch.rows]
    # Touching cells are 0 m; the others along a parallel or a meridian, measured by hand.
    assert metres[:3] == [0.0, 0.0, 0.0] and metres[4] == 0.0 and metres[7] == 0.0
    assert metres[3] == pytest.approx(geodesic_m(lon(1), lat(0), lon(2), lat(0)), abs=0.01)
    assert metres[5] == pytest.approx(geodesic_m(lon(1), lat(1), lon(2), lat(1)), abs=0.01)
    assert metres[6] == pytest.approx(geodesic_m(lon(2), lat(0), lon(5), lat(0)), abs=0.01)
    assert metres[8] == pytest.approx(geodesic_m(lon(60), lat(1), lon(60), lat(3)), abs=0.01)
    assert 1850.0 < metres[8] < 1900.0  # inside the AOI's own 1900 m, not parcel 9's 2000 m
    hectares = [r.overlap_ha for r in watch.rows]
    half_cell = ellipsoid_ha(west_half())
    assert hectares[7] == pytest.approx(half_cell, rel=1e-9)
    assert hectares[:7] + hectares[8:] == [0.0] * 8
    assert 25.0 < half_cell < 30.0
    assert report.summary().splitlines()[-10:] == [
        "Staking watch: 4 titles near company land (9 rows).",
        "Title 2512348 (Nouvelle Exploration inc., transfer to a third party): company claim "
        "2512345, 0 m, 0.00 ha",
        "Title 2512348 (Nouvelle Exploration inc., transfer to a third party): company claim "
        "2512346, 0 m, 0.00 ha",
        "Title 2512348 (Nouvelle Exploration inc., transfer to a third party): company claim "
        "2512347, 0 m, 0.00 ha",
        "Title 2512350 (Prospecteur A, new title): company claim 2512345, 591 m, 0.00 ha",
        "Title 2512350 (Prospecteur A, new title): company claim 2512346, 0 m, 0.00 ha",
        "Title 2512350 (Prospecteur A, new title): company claim 2512347, 591 m, 0.00 ha",
        "Title 2512351 (Prospecteur B, new title): company claim 2512346, 1774 m, 0.00 ha",
        f"Title 2512352 (Prospecteur C, new title): parcel 4 516 943, 0 m, {half_cell:.2f} ha",
        "Title 2512352 (Prospecteur C, new title): area of interest Plant site, 1854 m, 0.00 ha",
    ]


def test_watch_csv_and_styled_layer(run_sync, gestim_server, tmp_path):
    run_sync()
    gestim_server.publish(gestim_zip_bytes(week_two()), etag='"w2"')
    out_csv, out_gpkg = tmp_path / "out" / "watch.csv", tmp_path / "out" / "watch.gpkg"
    report = run_sync(watched=company_land(), watch_csv=out_csv, watch_layer=out_gpkg)
    assert (report.watch.csv_path, report.watch.layer_path) == (str(out_csv), str(out_gpkg))
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        cells = list(csv.reader(handle))
    assert cells[0] == [
        "Staking event", "Title", "Row key", "Holder", "Status", "Date", "Touches", "Company land",
        "Layer", "Distance (m)", "Overlap (ha)", "Sync run",
    ]  # fmt: skip
    assert len(cells) == 10
    assert cells[1] == [
        "transfer to a third party", "2512348", "2512348-1", "Nouvelle Exploration inc.",
        "Actif", "2026-11-23", "company claim", "2512345", "", "0.0", "0.0000", "2",
    ]  # fmt: skip
    half = f"{ellipsoid_ha(west_half()):.4f}"
    assert cells[8] == [
        "new title", "2512352", "2512352-1", "Prospecteur C", "Actif", "2026-11-23", "parcel",
        "4 516 943", "Parcels", "0.0", half, "2",
    ]  # fmt: skip
    assert cells[7][9] == f"{geodesic_m(lon(2), lat(0), lon(5), lat(0)):.1f}"
    layer = QgsVectorLayer(f"{out_gpkg}|layername=staking_watch", "watch", "ogr")
    assert layer.isValid() and layer.featureCount() == 9
    assert layer.renderer().type() == "categorizedSymbol"  # the default style stored in the file
    assert [c.value() for c in layer.renderer().categories()] == ["new", "transfer", "back"]
    features = sorted(layer.getFeatures(), key=lambda f: f.id())
    first = features[0]
    assert (first["event"], first["title"], first["target"], first["distance_m"]) == (
        "transfer", "2512348", "2512345", 0.0,
    )  # fmt: skip
    assert first.geometry().boundingBox().toString(6) == (
        f"{lon(1):.6f},{lat(1):.6f} : {lon(2):.6f},{lat(2):.6f}"
    )
    assert not [p for p in out_csv.parent.iterdir() if p.name.startswith(".watch-")]


def test_a_sync_with_nothing_near_company_land_says_so(run_sync, gestim_server, tmp_path):
    run_sync()
    rows = [*sample_rows(), title_row(2512360, holder="Prospecteur D", cell=(60, 60))]
    gestim_server.publish(gestim_zip_bytes(rows), etag='"w2"')
    out_csv = tmp_path / "watch.csv"
    report = run_sync(watched=company_land(), watch_csv=out_csv)
    assert report.counts["new"] == 1 and report.watch.rows == []
    assert report.summary().splitlines()[-1] == "Staking watch: no new titles near company land."
    assert out_csv.read_text(encoding="utf-8-sig").splitlines()[1:] == []


@pytest.mark.parametrize("problem", ["gone", "field", "crs"])
def test_a_watched_layer_gone_or_missing_a_field_stops_only_the_watch(
    run_sync, gestim_server, tmp_path, problem
):
    run_sync()
    gestim_server.publish(gestim_zip_bytes(week_two()), etag='"w2"')
    out_csv = tmp_path / "watch.csv"
    out_csv.write_text("last week's watch\n", encoding="utf-8")
    land = company_land()
    if problem == "gone":
        land[0] = WatchedLayer("parcel", source=str(tmp_path / "moved.gpkg"), key_field="NO_LOT")
        message = (
            f"The watched layer '{tmp_path / 'moved.gpkg'}' cannot be opened (gone or moved?)."
        )
    elif problem == "field":
        land[0].key_field = "LOT_ID"
        message = "The watched layer 'Parcels' has no field 'LOT_ID'."
    else:  # drawn without a CRS: named, where PROJ's blank "from  to the frame" was said
        bare = crs_less_layer(tmp_path, "Bare", "NO_LOT")
        land[0] = WatchedLayer("parcel", layer=bare, key_field="NO_LOT")
        message = "The watched layer 'Bare' has no coordinate reference system; set one."
    report = run_sync(watched=land, watch_csv=out_csv, watch_layer=tmp_path / "watch.gpkg")
    assert report.outcome == "applied" and report.run_id == 2  # the sync itself applied
    assert [r.id for r in GpkgRegister(tmp_path / "register.gpkg").runs()] == [2, 1]
    assert report.watch.problems == [message] and report.watch.rows == []
    assert report.summary().splitlines()[-1] == (
        f"Staking watch not done (the sync itself was applied): {message}"
    )
    assert out_csv.read_text(encoding="utf-8") == "last week's watch\n"  # nothing partial
    assert not (tmp_path / "watch.gpkg").exists()


def test_titles_back_from_gone_and_a_watch_over_several_runs(run_sync, gestim_server, tmp_path):
    run_sync()
    gestim_server.publish(gestim_zip_bytes(sample_rows()[:4]), etag='"w2"')  # 2512348 gone
    assert run_sync().watch.rows == []
    gestim_server.publish(gestim_zip_bytes(week_two()), etag='"w3"')  # back, transferred
    report = run_sync()
    assert [(r.event, r.title, r.target) for r in report.watch.rows][:3] == [
        ("transfer", "2512348", "2512345"),
        ("transfer", "2512348", "2512346"),
        ("transfer", "2512348", "2512347"),
    ]  # back and transferred in one run: the holder change is the last event recorded
    register = GpkgRegister(tmp_path / "register.gpkg")
    assert runs_between(register, 1, 3) == [2, 3]
    assert runs_between(register, 2) == [3]
    assert runs_between(register, None, 2) == [1, 2]
    today = register.runs()[0].started.date()
    assert runs_between(register, today, today) == [1, 2, 3]
    assert runs_between(register, today + dt.timedelta(days=1)) == []
    both = watch_runs(register, [2, 3], watched=[], holders=[COMPANY])
    assert [(r.event, r.title, r.run_id) for r in both.rows] == [
        (r.event, r.title, r.run_id) for r in report.watch.rows
    ]
    register.close()


def test_back_from_gone_is_its_own_event(run_sync, gestim_server, tmp_path):
    run_sync()
    gestim_server.publish(gestim_zip_bytes(sample_rows()[:4]), etag='"w2"')
    run_sync()
    gestim_server.publish(gestim_zip_bytes(sample_rows()), etag='"w3"')
    report = run_sync()
    assert [(r.event, r.title, r.target, r.distance_m) for r in report.watch.rows] == [
        ("back", "2512348", "2512346", 0.0),
        ("back", "2512348", "2512347", 0.0),
    ]


def test_the_watch_speaks_french(run_sync, gestim_server, tmp_path):
    from imperial_land.core.common.i18n import install_translator, remove_translator

    run_sync()
    gestim_server.publish(gestim_zip_bytes(week_two()), etag='"w2"')
    assert install_translator("fr") == "fr"
    try:
        report = run_sync(watched=company_land(), watch_csv=tmp_path / "veille.csv")
        nothing = WatchResult().lines()
        lines = report.watch.lines()
    finally:
        remove_translator()
    assert nothing == [
        "Veille de jalonnement : aucun nouveau titre près des terrains de l'entreprise."
    ]
    assert lines[:2] == [
        "Veille de jalonnement : 4 titres près des terrains de l'entreprise (9 lignes).",
        "Titre 2512348 (Nouvelle Exploration inc., transfert à un tiers) : titre de "
        "l'entreprise 2512345, 0 m, 0.00 ha",
    ]
    with (tmp_path / "veille.csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = list(csv.reader(handle))
    assert cells[0][:3] == ["Événement", "Titre", "Clé de ligne"]
    assert cells[1][0] == "transfert à un tiers" and cells[8][6] == "lot"


def test_a_watch_output_that_is_a_folder_is_refused_with_every_job_s_message(tmp_path, qgis_app):
    """The one rule of outputs (common/partial.refuse_folder), nothing written."""
    from imperial_land.core.common.errors import UserError
    from imperial_land.core.watch import write_watch

    (tmp_path / "watch.csv").mkdir()
    with pytest.raises(UserError) as caught:
        write_watch(WatchResult(), tmp_path / "watch.csv", tmp_path / "watch.gpkg")
    assert str(caught.value) == f"'{tmp_path / 'watch.csv'}' is a folder; choose a file name."
    assert [p.name for p in tmp_path.iterdir()] == ["watch.csv"]
