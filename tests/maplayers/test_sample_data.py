"""The bundled synthetic sample: layers, CRSs, fields, realistic values, a re-runnable script."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
import shapely
from qgis.core import (
    NULL,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from imperial_land.core.common.paths import bundled_sample_gpkg

ROOT = Path(__file__).resolve().parents[2]
CLAIM_FIELDS = [
    "TIT_NO",
    "TT_CODE",
    "TT_DES_FR",
    "TT_DES_AN",
    "STI_CODE",
    "STI_DES_FR",
    "STI_DES_AN",
    "TIT_DAT_EM",
    "TIT_DAT_EX",
    "TIT_NB_REN",
    "TIT_SUPRF",
    "DET_NOM",
    "DET_POURC",
    "DET_NO",
    "FEU_NO",
    "TIT_CRE_CU",
    "TIT_DR_REQ",
    "TIT_TR_REQ",
]
NATIONS = {
    "Innu of Uashat mak Mani-utenam",
    "Innu of Matimekush-Lac John",
    "Naskapi Nation of Kawawachikamach",
    "Nunavik Inuit",
}


def _layer(gpkg: Path, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    return layer


def _about(gpkg: Path) -> dict[str, str]:
    return {f["KEY"]: f["VALUE"] for f in _layer(gpkg, "about").getFeatures()}


def _script():
    spec = importlib.util.spec_from_file_location(
        "make_sample", ROOT / "scripts" / "make_sample_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_layers_crs_and_size(qgis_app, sample_gpkg):
    expected_crs = {
        "claims": "EPSG:4269",
        "parcels": "EPSG:32198",
        "territories": "EPSG:3857",
        "aoi": "EPSG:32198",
    }
    for name, authid in expected_crs.items():
        assert _layer(sample_gpkg, name).crs().authid() == authid
    assert 1800 <= _layer(sample_gpkg, "claims").featureCount() <= 2200
    assert 30 <= _layer(sample_gpkg, "parcels").featureCount() <= 100
    assert _layer(sample_gpkg, "territories").featureCount() == 4
    assert sample_gpkg.stat().st_size < 5 * 1024 * 1024


def test_labelled_synthetic(qgis_app, sample_gpkg):
    about = _about(sample_gpkg)
    assert about["synthetic"] == "yes"
    assert "SYNTHETIC" in about["notice"]
    for name in ("claims", "parcels", "territories", "aoi"):
        assert int(about[f"count_{name}"]) == _layer(sample_gpkg, name).featureCount()
    assert "SYNTHETIC" in (bundled_sample_gpkg().parent / "README.md").read_text(encoding="utf-8")


def test_claims_look_like_gestim(qgis_app, sample_gpkg):
    claims = _layer(sample_gpkg, "claims")
    assert claims.fields().names()[1:] == CLAIM_FIELDS  # after the fid
    rows = list(claims.getFeatures())
    assert all(re.fullmatch(r"\d{7}", f["TIT_NO"]) for f in rows)
    assert all(re.fullmatch(r"\d{2}[A-P]\d{2}", f["FEU_NO"]) for f in rows)
    types = Counter(f["TT_CODE"] for f in rows)
    assert set(types) == {"CDC", "CL", "BM"} and types["CDC"] > 0.9 * len(rows)
    statuses = {(f["STI_CODE"], f["STI_DES_FR"]) for f in rows}
    assert statuses == {("A", "Actif"), ("S", "Suspendu"), ("R", "En attente de renouvellement")}
    holders = {f["DET_NOM"] for f in rows}
    assert {"Imperial Mining Group Ltd.", "Société minière du Nord ltée"} <= holders
    # One title on several rows: two holders at 50/50.
    per_title: dict[str, list] = {}
    for f in rows:
        per_title.setdefault(f["TIT_NO"], []).append(f)
    shared = [fs for fs in per_title.values() if len(fs) > 1]
    assert shared
    for features in shared:
        assert [f["DET_POURC"] for f in features] == [50.0, 50.0]
        assert len({f["DET_NOM"] for f in features}) == 2


def test_claim_cells_are_30_seconds_and_areas_match(qgis_app, sample_gpkg):
    from qgis.core import QgsDistanceArea

    claims = _layer(sample_gpkg, "claims")
    measure = QgsDistanceArea()
    measure.setSourceCrs(claims.crs(), QgsProject.instance().transformContext())
    measure.setEllipsoid("GRS80")
    for feature in list(claims.getFeatures())[:50]:
        box = feature.geometry().boundingBox()
        assert box.width() == pytest.approx(1 / 120, abs=1e-9)
        assert box.height() == pytest.approx(1 / 120, abs=1e-9)
        # 30"x30" near 50-53 N: about 55 ha (DOMAIN.md)
        assert 48 < feature["TIT_SUPRF"] < 58
        area_ha = measure.measureArea(feature.geometry()) / 10000
        assert feature["TIT_SUPRF"] == pytest.approx(area_ha, abs=0.02)


def test_expiry_dates_in_past_soon_and_later(qgis_app, sample_gpkg):
    today = dt.date.fromisoformat(_about(sample_gpkg)["reference_date"])
    expiries = [f["TIT_DAT_EX"].toPyDate() for f in _layer(sample_gpkg, "claims").getFeatures()]
    past = sum(d < today for d in expiries)
    soon = sum(today <= d <= today + dt.timedelta(days=90) for d in expiries)
    later = sum(d > today + dt.timedelta(days=90) for d in expiries)
    assert past > 50 and soon > 100 and later > 1000


def test_parcels_lot_numbers(qgis_app, sample_gpkg):
    lots = [f["NO_LOT"] for f in _layer(sample_gpkg, "parcels").getFeatures()]
    assert all(re.fullmatch(r"\d \d{3} \d{3}", lot) for lot in lots)
    assert len(set(lots)) == len(lots)


def _geometries(layer: QgsVectorLayer, crs: str) -> list[tuple[dict, QgsGeometry]]:
    transform = QgsCoordinateTransform(
        layer.crs(), QgsCoordinateReferenceSystem(crs), QgsProject.instance()
    )
    out = []
    for feature in layer.getFeatures():
        geometry = QgsGeometry(feature.geometry())
        geometry.transform(transform)
        out.append((feature.attributes(), feature, geometry))
    return [(dict(zip(layer.fields().names(), attrs)), geom) for attrs, _f, geom in out]


def test_territories_overlap_and_one_is_invalid(qgis_app, sample_gpkg):
    territories = _geometries(_layer(sample_gpkg, "territories"), "EPSG:32198")
    assert {t["NATION"] for t, _g in territories} == NATIONS
    invalid = [t["NATION"] for t, g in territories if not g.isGeosValid()]
    assert invalid == ["Innu of Matimekush-Lac John"]
    assert all(g.constGet().nCoordinates() >= 2000 for _t, g in territories)
    distances = {t["NATION"]: t["DISTANCE_M"] for t, _g in territories}
    assert distances["Innu of Uashat mak Mani-utenam"] == 1000.0
    assert distances["Innu of Matimekush-Lac John"] == 500.0
    assert distances["Naskapi Nation of Kawawachikamach"] == 0.0
    assert distances["Nunavik Inuit"] == NULL
    repaired = {t["NATION"]: g.makeValid() for t, g in territories}
    uashat = repaired["Innu of Uashat mak Mani-utenam"]
    assert uashat.intersects(repaired["Innu of Matimekush-Lac John"])
    # Large: hundreds of km across.
    assert uashat.boundingBox().width() > 200_000
    # The industrial park lies in at least two territories.
    park = QgsGeometry.unaryUnion(
        [g for _p, g in _geometries(_layer(sample_gpkg, "parcels"), "EPSG:32198")]
    )
    holding = sorted(n for n, g in repaired.items() if g.contains(park))
    assert holding == ["Innu of Matimekush-Lac John", "Innu of Uashat mak Mani-utenam"]


def test_lots_and_aois_cross_claims(qgis_app, sample_gpkg):
    claims = [g for _c, g in _geometries(_layer(sample_gpkg, "claims"), "EPSG:32198")]
    claims_union = QgsGeometry.unaryUnion(claims)
    parcels = [g for _p, g in _geometries(_layer(sample_gpkg, "parcels"), "EPSG:32198")]
    on_claims = sum(p.intersection(claims_union).area() > 0 for p in parcels)
    assert 0 < on_claims < len(parcels)
    aois = {a["NAME"]: g for a, g in _geometries(_layer(sample_gpkg, "aoi"), "EPSG:32198")}
    assert set(aois) == {"Sept-Iles plant site", "Crater Lake field area"}
    plant = aois["Sept-Iles plant site"]
    assert sum(plant.contains(p) for p in parcels) > 0
    crater = aois["Crater Lake field area"]
    assert crater.area() == pytest.approx(4e8, rel=1e-6)  # 20 x 20 km
    for aoi in aois.values():
        crossing = [c for c in claims if c.intersects(aoi) and not aoi.contains(c)]
        assert crossing, "the area must cross claim boundaries"


def test_script_is_deterministic(qgis_app, sample_gpkg, tmp_path):
    script = _script()
    today = dt.date.fromisoformat(_about(sample_gpkg)["reference_date"])
    first = script.make_sample(tmp_path / "a.gpkg", today)
    second = script.make_sample(tmp_path / "b.gpkg", today)
    assert first == second
    assert (tmp_path / "a.gpkg").read_bytes() == (tmp_path / "b.gpkg").read_bytes()
    # The committed file is what the script writes for its reference date: the same content
    # (another GDAL lays out the SQLite file differently, so not the same bytes).
    written, committed = _content(tmp_path / "a.gpkg"), _content(sample_gpkg)
    assert {name: layer[:4] for name, layer in written.items()} == {
        name: layer[:4] for name, layer in committed.items()
    }
    for name, layer in written.items():
        tolerance = 1e-6 / 111_320 if layer[0] else 1e-6  # 1e-6 m, in degrees when geographic
        for fid, shape in layer[4].items():
            other = committed[name][4][fid]
            assert (shape is None) == (other is None), (name, fid)
            if shape is not None:
                assert shapely.get_type_id(shape) == shapely.get_type_id(other), (name, fid)
                assert shapely.equals_exact(shape, other, tolerance=tolerance), (name, fid)


def _content(gpkg: Path) -> dict:
    """Every layer of `gpkg`: (geographic, CRS, fields, attributes by fid, geometries by fid)."""
    from osgeo import ogr

    dataset = ogr.Open(str(gpkg))
    layers = {}
    for index in range(dataset.GetLayerCount()):
        layer = dataset.GetLayer(index)
        srs = layer.GetSpatialRef()
        crs = f"{srs.GetAuthorityName(None)}:{srs.GetAuthorityCode(None)}" if srs else None
        definition = layer.GetLayerDefn()
        fields = [
            (definition.GetFieldDefn(i).GetName(), definition.GetFieldDefn(i).GetTypeName())
            for i in range(definition.GetFieldCount())
        ]
        attributes, shapes = {}, {}
        for feature in layer:
            attributes[feature.GetFID()] = [feature.GetField(i) for i in range(len(fields))]
            geometry = feature.GetGeometryRef()
            shapes[feature.GetFID()] = (
                None if geometry is None else shapely.from_wkb(bytes(geometry.ExportToIsoWkb()))
            )
        geographic = bool(srs is not None and srs.IsGeographic())
        layers[layer.GetName()] = (geographic, crs, fields, attributes, shapes)
    return layers
