"""Building offline packs from the sample data, checked against shapely/pyproj computations."""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import fiona
import pytest
import shapely.geometry as sg
import shapely.wkt
from fiona.transform import transform_geom

from tests.support.reference_geod import Geod

AOI_NAME = "Sept-Iles plant site"
PACK = "sept-iles"
LAYERS = {"claims": "EPSG:4269", "parcels": "EPSG:32198", "territories": "EPSG:3857"}
CLAIM_COLOR = "18,52,86,255"
ZOOMS = (10, 13)
HALF_WORLD = 20037508.342789244


def sample_layer(gpkg: Path, table: str):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
    assert layer.isValid()
    return layer


def styled_layers(gpkg: Path) -> list:
    """The three sample layers, claims with a colour we can find again in layer_styles."""
    from qgis.core import QgsFillSymbol, QgsSingleSymbolRenderer

    layers = [sample_layer(gpkg, table) for table in LAYERS]
    symbol = QgsFillSymbol.createSimple({"color": CLAIM_COLOR, "outline_color": "200,10,10,255"})
    layers[0].setRenderer(QgsSingleSymbolRenderer(symbol))
    return layers


def aoi_feature(gpkg: Path):
    layer = sample_layer(gpkg, "aoi")
    feature = next(f for f in layer.getFeatures() if f["NAME"] == AOI_NAME)
    return feature.geometry(), layer.crs()


def shapely_aoi(gpkg: Path) -> sg.Polygon:
    with fiona.open(gpkg, layer="aoi") as source:
        return next(sg.shape(f["geometry"]) for f in source if f["properties"]["NAME"] == AOI_NAME)


def expected_inside(gpkg: Path, table: str, aoi: sg.Polygon) -> dict[int, sg.base.BaseGeometry]:
    """fid -> shapely geometry of the features whose area inside the AOI is > 0."""
    local = sg.shape(transform_geom("EPSG:32198", LAYERS[table], sg.mapping(aoi)))
    with fiona.open(gpkg, layer=table) as source:
        shapes = {int(f.id): sg.shape(f["geometry"]) for f in source}
    return {fid: shape for fid, shape in shapes.items() if shape.intersection(local).area > 0}


def build(gpkg: Path, out_dir: Path, **changes):
    from imperial_land.core.pack.build import build_pack
    from imperial_land.core.pack.request import PackRequest

    geometry, crs = aoi_feature(gpkg)
    layers = styled_layers(gpkg)
    values = dict(
        name=PACK,
        aoi=geometry,
        aoi_crs=crs,
        layers=layers,
        out_dir=out_dir,
        basemap_layers=layers,
        zoom_min=ZOOMS[0],
        zoom_max=ZOOMS[1],
    )
    values.update(changes)
    return build_pack(PackRequest(**values))


@pytest.fixture(scope="module")
def pack(qgis_app, tmp_path_factory):
    from imperial_land.core.common.paths import sample_gpkg

    out_dir = tmp_path_factory.mktemp("packs")
    return build(sample_gpkg(), out_dir)


def test_feature_counts_match_shapely_polygon_clip(pack, sample_gpkg):
    aoi = shapely_aoi(sample_gpkg)
    expected = {t: len(expected_inside(sample_gpkg, t, aoi)) for t in LAYERS}
    assert expected == {"claims": 5, "parcels": 30, "territories": 2}
    assert pack.feature_counts == expected
    with fiona.open(pack.folder / f"{PACK}.gpkg", layer="parcels") as packed:
        fids = sorted(int(f.id) for f in packed)
    assert fids == sorted(expected_inside(sample_gpkg, "parcels", aoi))
    # the AOI's bounding box would hold 34 parcels: the pack follows the polygon
    with fiona.open(sample_gpkg, layer="parcels") as source:
        in_bbox = [f.id for f in source if sg.shape(f["geometry"]).intersects(sg.box(*aoi.bounds))]
    assert len(in_bbox) == 34


def test_cut_claim_keeps_full_area_and_clipped_area(pack, sample_gpkg):
    aoi = shapely_aoi(sample_gpkg)
    local = sg.shape(transform_geom("EPSG:32198", "EPSG:4269", sg.mapping(aoi)))
    inside = expected_inside(sample_gpkg, "claims", aoi)
    cut = {fid: shape for fid, shape in inside.items() if not local.contains(shape)}
    assert sorted(cut) == [5, 13, 22, 23]
    geod = Geod(ellps="GRS80")
    with fiona.open(pack.folder / f"{PACK}.gpkg", layer="claims") as packed:
        rows = {int(f.id): f for f in packed}
    for fid, shape in cut.items():
        row = rows[fid]["properties"]
        full_ha = abs(geod.geometry_area_perimeter(shape)[0]) / 1e4
        clipped_ha = abs(geod.geometry_area_perimeter(shape.intersection(local))[0]) / 1e4
        assert row["full_area_ha"] == pytest.approx(full_ha, rel=1e-4)
        assert row["clipped_area_ha"] == pytest.approx(clipped_ha, rel=1e-4)
        assert 0 < row["clipped_area_ha"] < row["full_area_ha"]
        assert sg.shape(rows[fid]["geometry"]).area == pytest.approx(
            shape.intersection(local).area, rel=1e-6
        )
    with fiona.open(sample_gpkg, layer="claims") as source:
        original = {int(f.id): dict(f["properties"]) for f in source}
    for fid in cut:  # every attribute kept whole
        packed_props = dict(rows[fid]["properties"])
        for name, value in original[fid].items():
            assert packed_props[name] == value


def test_styles_saved_as_default_in_layer_styles(pack):
    connection = sqlite3.connect(pack.folder / f"{PACK}.gpkg")
    rows = connection.execute(
        "SELECT f_table_name, useAsDefault, styleQML FROM layer_styles ORDER BY f_table_name"
    ).fetchall()
    connection.close()
    assert [(table, default) for table, default, _ in rows] == [
        ("claims", 1),
        ("parcels", 1),
        ("territories", 1),
    ]
    assert CLAIM_COLOR in rows[0][2]


def expected_tiles(aoi: sg.Polygon, zoom: int) -> tuple[int, int, int, int]:
    """x0, x1, y0, y1 (XYZ) of the tiles over the AOI's extent, by the tile formula."""
    x_min, y_min, x_max, y_max = sg.shape(
        transform_geom("EPSG:32198", "EPSG:3857", sg.mapping(aoi))
    ).bounds
    size = 2 * HALF_WORLD / 2**zoom
    return (
        math.floor((x_min + HALF_WORLD) / size),
        math.floor((x_max + HALF_WORLD) / size),
        math.floor((HALF_WORLD - y_max) / size),
        math.floor((HALF_WORLD - y_min) / size),
    )


def test_basemap_tiles_cover_exactly_the_aoi_extent(pack, sample_gpkg):
    aoi = shapely_aoi(sample_gpkg)
    connection = sqlite3.connect(pack.folder / "basemap.mbtiles")
    rows = connection.execute(
        "SELECT zoom_level, MIN(tile_column), MAX(tile_column), MIN(tile_row), MAX(tile_row),"
        " COUNT(*) FROM tiles GROUP BY zoom_level ORDER BY zoom_level"
    ).fetchall()
    metadata = dict(connection.execute("SELECT name, value FROM metadata").fetchall())
    connection.close()
    expected = []
    for zoom in range(ZOOMS[0], ZOOMS[1] + 1):
        x0, x1, y0, y1 = expected_tiles(aoi, zoom)
        flip = 2**zoom - 1  # MBTiles rows count from the south
        expected.append((zoom, x0, x1, flip - y1, flip - y0, (x1 - x0 + 1) * (y1 - y0 + 1)))
    assert rows == expected
    # zoom 13: one column, 2581 = floor((180 - 66.55) / 360 * 2**13), lon -66.577 to -66.533
    assert expected[-1][1:3] == (2581, 2581)
    assert (metadata["minzoom"], metadata["maxzoom"], metadata["format"]) == ("10", "13", "png")
    assert pack.tile_count == sum(row[-1] for row in expected)


def test_project_opens_with_valid_layers_and_relative_paths(pack, qgis_app, sample_gpkg):
    from qgis.core import QgsProject

    with zipfile.ZipFile(pack.project_path) as archive:
        qgs = next(n for n in archive.namelist() if n.endswith(".qgs"))
        root = ET.fromstring(archive.read(qgs))
    sources = sorted(e.text for e in root.iter("datasource") if e.text)
    assert sources == [
        "./basemap.mbtiles",
        "./field_notes.gpkg|layername=field_notes",
        f"./{PACK}.gpkg|layername=claims",
        f"./{PACK}.gpkg|layername=parcels",
        f"./{PACK}.gpkg|layername=territories",
    ]
    assert root.find("mapcanvas/extent/xmin") is not None
    canvas = [
        float(root.find(f"mapcanvas/extent/{tag}").text) for tag in ("xmin", "ymin", "xmax", "ymax")
    ]
    assert canvas == pytest.approx(shapely_aoi(sample_gpkg).bounds)  # opens on the AOI
    project = QgsProject()
    assert project.read(str(pack.project_path))
    layers = list(project.mapLayers().values())
    assert sorted(layer.name() for layer in layers) == [
        "Basemap",
        "Field notes",
        "claims",
        "parcels",
        "territories",
    ]
    assert all(layer.isValid() for layer in layers)
    group = project.layerTreeRoot().findGroup(PACK)
    assert [node.name() for node in group.children()] == [
        "Field notes",
        "claims",
        "parcels",
        "territories",
        "Basemap",
    ]
    claims = project.mapLayersByName("claims")[0]
    assert claims.featureCount() == 5
    assert claims.renderer().symbol().color().name() == "#123456"
    extent = project.viewSettings().defaultViewExtent()
    assert (round(extent.xMinimum(), 1), round(extent.yMaximum(), 1)) == (137325.4, 688372.5)
    project.clear()


def test_manifest_checksums_counts_and_zip(pack, sample_gpkg):
    manifest = json.loads((pack.folder / "manifest.json").read_text(encoding="utf-8"))
    on_disk = sorted(p.name for p in pack.folder.iterdir() if p.name != "manifest.json")
    assert sorted(e["path"] for e in manifest["files"]) == on_disk
    for entry in manifest["files"]:
        data = (pack.folder / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
    assert manifest["name"] == PACK
    assert manifest["aoi"]["crs"] == "EPSG:32198"
    assert shapely_aoi(sample_gpkg).equals_exact(shapely.wkt.loads(manifest["aoi"]["wkt"]), 1e-6)
    counts = {e["table"]: e["feature_count"] for e in manifest["layers"]}
    assert counts == {"claims": 5, "parcels": 30, "territories": 2}
    sources = {Path(e["source"]).name for e in manifest["layers"]}
    assert sources == {sample_gpkg.name}
    assert all(e["source_date"] for e in manifest["layers"])
    assert manifest["basemap"]["zoom_min"] == 10 and manifest["basemap"]["zoom_max"] == 13
    with zipfile.ZipFile(pack.zip_path) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(f"{PACK}/{n}" for n in [*on_disk, "manifest.json"])
        assert archive.read(f"{PACK}/manifest.json") == (pack.folder / "manifest.json").read_bytes()


def test_claims_date_is_the_last_good_sync_even_after_a_failed_one(qgis_app, tmp_path, sample_gpkg):
    import datetime as dt

    from qgis.core import QgsVectorLayer

    from imperial_land.core.pack.sources import layer_provenance
    from imperial_land.core.register.backend import RegisterDiff, SyncRun
    from imperial_land.core.register.gpkg import GpkgRegister

    register = GpkgRegister(tmp_path / "register.gpkg")
    register.ensure_schema("EPSG:4269")
    # Monday 16: a good sync of GESTIM's file of the 15th; Monday 23: a sync that failed.
    for day, outcome in ((16, "no_changes"), (23, "failed")):
        started = dt.datetime(2026, 11, day, 8, 0, tzinfo=dt.timezone.utc)
        run = SyncRun(started, started + dt.timedelta(minutes=3), "GESTIM", outcome)
        run.source_date = dt.date(2026, 11, day - 1)
        register.apply(RegisterDiff(), run, [])
    register.close()
    uri, provider = register.layer_uri()
    claims = QgsVectorLayer(uri, "claims", provider)
    assert claims.isValid()
    assert layer_provenance(claims) == {
        "source": str(tmp_path / "register.gpkg"),
        "source_date": "2026-11-15",
        "date_kind": "gestim_sync",
    }
    parcels = sample_layer(sample_gpkg, "parcels")
    pack = build(sample_gpkg, tmp_path / "out", layers=[claims, parcels], basemap_layers=[])
    manifest = json.loads((pack.folder / "manifest.json").read_text(encoding="utf-8"))
    dates = {e["title"]: (e["source_date"], e["date_kind"]) for e in manifest["layers"]}
    assert dates["claims"] == ("2026-11-15", "gestim_sync")
    assert dates["parcels"][1] == "file_modified"


# Bad input: a clear message and nothing under the pack's name


def test_empty_aoi_is_refused(qgis_app, tmp_path, sample_gpkg):
    from qgis.core import QgsGeometry

    from imperial_land.core.common.errors import UserError

    with pytest.raises(UserError, match="The area of interest is empty"):
        build(sample_gpkg, tmp_path, aoi=QgsGeometry())
    assert list(tmp_path.iterdir()) == []


def test_aoi_outside_every_layer_is_refused(qgis_app, tmp_path, sample_gpkg):
    from qgis.core import QgsGeometry

    from imperial_land.core.common.errors import UserError

    far_away = QgsGeometry.fromWkt(
        "POLYGON((-900000 100000,-890000 100000,-890000 110000,-900000 100000))"
    )
    with pytest.raises(
        UserError, match=r"lies outside every chosen layer \(claims, parcels, territories\)"
    ):
        build(sample_gpkg, tmp_path, aoi=far_away)
    assert list(tmp_path.iterdir()) == []


def test_aoi_with_no_features_is_refused(qgis_app, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    from imperial_land.core.common.errors import UserError

    layer = QgsVectorLayer("Polygon?crs=EPSG:32198&field=NO_LOT:string", "lots", "memory")
    squares = [
        "POLYGON((0 0,10 0,10 10,0 10,0 0))",
        "POLYGON((100 100,110 100,110 110,100 110,100 100))",
    ]
    features = []
    for wkt in squares:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    gap = QgsGeometry.fromWkt("POLYGON((40 40,60 40,60 60,40 60,40 40))")
    from imperial_land.core.pack.build import build_pack
    from imperial_land.core.pack.request import PackRequest

    request = PackRequest("gap", gap, layer.crs(), [layer], tmp_path, [layer], 10, 12)
    with pytest.raises(UserError, match=r"holds no feature of the chosen layers \(lots\)"):
        build_pack(request)
    assert list(tmp_path.iterdir()) == []


def test_cancelled_build_leaves_nothing(qgis_app, tmp_path, sample_gpkg):
    from qgis.core import QgsProcessingFeedback

    from imperial_land.core.common.errors import Cancelled
    from imperial_land.core.pack.build import build_pack
    from imperial_land.core.pack.request import PackRequest

    geometry, crs = aoi_feature(sample_gpkg)
    layers = styled_layers(sample_gpkg)
    feedback = QgsProcessingFeedback()
    seen: list[float] = []

    def cancel_in_basemap(value: float) -> None:
        seen.append(value)
        if value > 45:  # clipping is done, the basemap is being rendered
            feedback.cancel()

    feedback.progressChanged.connect(cancel_in_basemap)
    request = PackRequest(PACK, geometry, crs, layers, tmp_path, layers, 10, 13)
    with pytest.raises(Cancelled):
        build_pack(request, feedback)
    assert max(seen) < 100
    assert list(tmp_path.iterdir()) == []


def test_existing_pack_is_kept_and_bad_zoom_refused(qgis_app, tmp_path, sample_gpkg):
    from imperial_land.core.common.errors import UserError

    (tmp_path / PACK).mkdir()
    (tmp_path / PACK / "notes.txt").write_text("keep me")
    with pytest.raises(UserError, match="already exists"):
        build(sample_gpkg, tmp_path)
    with pytest.raises(UserError, match="zoom range 14-10 is not valid"):
        build(sample_gpkg, tmp_path, name="other", zoom_min=14, zoom_max=10)
    assert sorted(p.name for p in tmp_path.iterdir()) == [PACK]
    assert (tmp_path / PACK / "notes.txt").read_text() == "keep me"


# The Processing algorithm


def test_buildpack_algorithm_from_aoi_layer(
    plugin_provider, qgis_new_project, tmp_path, sample_gpkg
):
    import processing
    from qgis.core import QgsVectorLayer

    aoi = QgsVectorLayer(
        f"{sample_gpkg}|layername=aoi|subset=\"NAME\" = '{AOI_NAME}'", "aoi", "ogr"
    )
    assert aoi.featureCount() == 1
    result = processing.run(
        "imperial_land:buildpack",
        {
            "AOI": aoi,
            "LAYERS": styled_layers(sample_gpkg),
            "BASEMAP_LAYERS": [sample_layer(sample_gpkg, "parcels")],
            "ZOOM_MIN": 12,
            "ZOOM_MAX": 12,
            "NAME": "alg-pack",
            "OUTPUT_FOLDER": str(tmp_path),
        },
    )
    manifest = json.loads((tmp_path / "alg-pack" / "manifest.json").read_text(encoding="utf-8"))
    assert result["ZIP"] == str(tmp_path / "alg-pack.zip")
    assert result["PROJECT"] == str(tmp_path / "alg-pack" / "alg-pack.qgz")
    assert {e["table"]: e["feature_count"] for e in manifest["layers"]} == {
        "claims": 5,
        "parcels": 30,
        "territories": 2,
    }
    x0, x1, y0, y1 = expected_tiles(shapely_aoi(sample_gpkg), 12)
    assert manifest["basemap"]["tiles"] == (x1 - x0 + 1) * (y1 - y0 + 1) == 2
    assert manifest["basemap"]["layers"] == ["parcels"]


def test_buildpack_algorithm_refuses_aoi_layer_without_features(
    plugin_provider, qgis_new_project, tmp_path, sample_gpkg
):
    import processing
    from qgis.core import QgsProcessingException, QgsVectorLayer

    empty = QgsVectorLayer(f"{sample_gpkg}|layername=aoi|subset=\"NAME\" = 'nowhere'", "aoi", "ogr")
    layers = styled_layers(sample_gpkg)
    # The project owns the layers: Python-owned layers left in a failed run's context crash at exit.
    qgis_new_project.addMapLayers([empty, *layers])
    with pytest.raises(QgsProcessingException, match="area-of-interest layer has no"):
        processing.run(
            "imperial_land:buildpack",
            {"AOI": empty, "LAYERS": layers, "OUTPUT_FOLDER": str(tmp_path)},
        )
    assert list(tmp_path.iterdir()) == []


def test_basemap_drawn_only_inside_the_aoi_extent(pack, sample_gpkg, qgis_app):
    from qgis.PyQt.QtGui import QImage

    aoi = shapely_aoi(sample_gpkg)
    x_min, y_min, x_max, y_max = sg.shape(
        transform_geom("EPSG:32198", "EPSG:3857", sg.mapping(aoi))
    ).bounds
    x0, x1, y0, y1 = expected_tiles(aoi, 10)
    assert (x0, x1, y0, y1) == (x0, x0, y0, y0)  # one zoom-10 tile, about 24 km wide
    size = 2 * HALF_WORLD / 2**10
    connection = sqlite3.connect(pack.folder / "basemap.mbtiles")
    (data,) = connection.execute(
        "SELECT tile_data FROM tiles WHERE zoom_level = 10 AND tile_column = ? AND tile_row = ?",
        (x0, 2**10 - 1 - y0),
    ).fetchone()
    connection.close()
    image = QImage.fromData(data)
    tile_left, tile_top = -HALF_WORLD + x0 * size, HALF_WORLD - y0 * size

    def pixel(x: float, y: float) -> tuple[int, int]:
        return int((x - tile_left) / size * 256), int((tile_top - y) / size * 256)

    left, top = pixel(x_min, y_max)
    right, bottom = pixel(x_max, y_min)
    assert 0 < left < right < 255 and 0 < top < bottom < 255  # the AOI is ~20x17 px here
    inside = image.pixelColor(*pixel((x_min + x_max) / 2, (y_min + y_max) / 2))
    assert inside.alpha() == 255  # the territory's fill covers the AOI
    for x, y in [(left - 3, top), (right + 3, bottom), (left, top - 3), (right, bottom + 3)]:
        assert image.pixelColor(x, y).alpha() == 0  # nothing drawn outside the AOI's extent


def test_failed_build_leaves_nothing_and_overwrite_replaces(qgis_app, tmp_path, sample_gpkg):
    from imperial_land.core.common import settings
    from imperial_land.core.common.errors import UserError

    settings.set_value("pack/max_tiles", 3)
    try:  # 7 tiles for zooms 10-13 (see test_basemap_tiles...): fails after the clipping
        with pytest.raises(UserError, match=r"The basemap would need 7 tiles \(at most 3\)"):
            build(sample_gpkg, tmp_path)
    finally:
        settings.reset("pack/max_tiles")
    assert list(tmp_path.iterdir()) == []
    first = build(sample_gpkg, tmp_path, basemap_layers=[])
    (first.folder / "crew-notes.txt").write_text("old")
    second = build(sample_gpkg, tmp_path, zoom_min=12, zoom_max=12, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [PACK, f"{PACK}.zip"]
    assert sorted(p.name for p in second.folder.iterdir()) == [
        "basemap.mbtiles",
        "field_notes.gpkg",
        "manifest.json",
        f"{PACK}.gpkg",
        f"{PACK}.qgz",
    ]
    manifest = json.loads((second.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["basemap"]["zoom_min"] == 12


def test_default_layers_pick_roles_and_flags(qgis_app, sample_gpkg):
    from qgis.core import QgsProject, QgsVectorLayer

    from imperial_land.core.pack.sources import default_layers
    from imperial_land.core.report.model import PAIR_COLUMNS

    project = QgsProject()
    fields = "&".join(f"field={name}:string" for name in PAIR_COLUMNS)
    flags = QgsVectorLayer(f"MultiPolygon?crs=EPSG:32198&{fields}", "Overlap flags", "memory")
    layers = [sample_layer(sample_gpkg, t) for t in ("aoi", "territories", "claims", "parcels")]
    project.addMapLayers([flags, *layers])
    chosen = default_layers(project)
    assert [layer.name() for layer in chosen] == [
        "claims",
        "parcels",
        "territories",
        "Overlap flags",
    ]
    project.clear()


def test_buildpack_runs_headless_in_qgis_process(tmp_path, sample_gpkg):
    """The real qgis_process (batch use, docs/offline-packs.md) builds the same pack."""
    from tests.support.qgis_process_runner import QgisProcess

    run = QgisProcess(tmp_path).run
    out_dir = tmp_path / "packs"
    result = run(
        "run",
        "imperial_land:buildpack",
        "--",
        f"AOI={sample_gpkg}|layername=aoi|subset=\"NAME\" = '{AOI_NAME}'",
        f"LAYERS={sample_gpkg}|layername=claims",
        f"LAYERS={sample_gpkg}|layername=parcels",
        f"BASEMAP_LAYERS={sample_gpkg}|layername=parcels",
        "ZOOM_MIN=12",
        "ZOOM_MAX=12",
        "NAME=batch",
        f"OUTPUT_FOLDER={out_dir}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["batch", "batch.zip"]
    manifest = json.loads((out_dir / "batch" / "manifest.json").read_text(encoding="utf-8"))
    assert {e["table"]: e["feature_count"] for e in manifest["layers"]} == {
        "claims": 5,
        "parcels": 30,
    }
    assert manifest["basemap"]["tiles"] == 2


def test_a_layer_without_crs_or_only_empty_layers_write_no_pack(sample_gpkg, tmp_path, qgis_app):
    """Named for what they are, where "the area lies outside every chosen layer" was said."""
    from qgis.core import QgsVectorLayer

    from imperial_land.core.common.errors import UserError
    from tests.support.watch_helpers import crs_less_layer

    bare = crs_less_layer(tmp_path / "in", "bare", "NAME")
    with pytest.raises(UserError) as caught:
        build(sample_gpkg, tmp_path / "out", layers=[*styled_layers(sample_gpkg), bare])
    assert str(caught.value) == (
        "The layer 'bare' chosen for the pack has no coordinate reference system; set one."
    )
    empty = [
        QgsVectorLayer(f'{sample_gpkg}|layername={name}|subset="fid" < 0', name, "ogr")
        for name in ("claims", "parcels")
    ]
    with pytest.raises(UserError) as caught:
        build(sample_gpkg, tmp_path / "out", layers=empty, basemap_layers=[])
    assert str(caught.value) == (
        "The layers chosen for the pack hold no features (claims, parcels); no pack was written."
    )
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_buildpack_algorithm_refuses_a_map_theme_the_project_lacks(
    plugin_provider, qgis_new_project, tmp_path, sample_gpkg
):
    """An unknown basemap theme stops the run (it wrote a pack without basemap, unsaid)."""
    import processing
    from qgis.core import QgsMapThemeCollection, QgsProcessingException

    layers = styled_layers(sample_gpkg)
    qgis_new_project.addMapLayers(layers)
    qgis_new_project.mapThemeCollection().insert("Field", QgsMapThemeCollection.MapThemeRecord())
    with pytest.raises(QgsProcessingException) as caught:
        processing.run(
            "imperial_land:buildpack",
            {
                "EXTENT": "-66.40,-66.30,50.20,50.25 [EPSG:4326]",
                "LAYERS": layers,
                "BASEMAP_THEME": "Feild",
                "OUTPUT_FOLDER": str(tmp_path),
            },
        )
    assert str(caught.value) == "The project has no map theme 'Feild' (its themes: Field)."
    assert list(tmp_path.iterdir()) == []
