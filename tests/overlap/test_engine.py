"""The overlap engine on hand-built layers with hand-computed values, and on the sample data."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsFeature,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

from imperial_land.core.common import compat
from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
from tests.support.geodesic import nearest_on_segment_m
from tests.support.pairs import nations_by_feature

CELL = 1.0 / 120.0
GRS80_A, GRS80_F = 6378137.0, 1 / 298.257222101
COMPANY = ["Imperial Mining Group Ltd."]


def _layer(authid: str, fields: list[str], rows: list[tuple[str | None, list]]) -> QgsVectorLayer:
    """A memory polygon layer: rows of (WKT or None, attribute values)."""
    layer = QgsVectorLayer(f"Polygon?crs={authid}", "test", "memory")
    provider = layer.dataProvider()
    provider.addAttributes([compat.field(name, "string") for name in fields])
    layer.updateFields()
    features = []
    for wkt, values in rows:
        feature = QgsFeature(layer.fields())
        if wkt:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes(values)
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    return layer


def _box(x0: float, y0: float, x1: float, y1: float) -> str:
    return shapely.box(x0, y0, x1, y1).wkt


def _claims(rows: list[tuple[str | None, str, str]]) -> QgsVectorLayer:
    """Claims in EPSG:4269: (WKT, title, holder)."""
    fields = ["TIT_NO", "STI_DES_FR", "TIT_DAT_EX", "DET_NOM"]
    return _layer(
        "EPSG:4269", fields, [(wkt, [title, "Actif", "20270115", who]) for wkt, title, who in rows]
    )


def _territories(authid: str, rows: list[tuple[str, str, str]]) -> QgsVectorLayer:
    """Territories: (WKT, Nation, name)."""
    return _layer(authid, ["NATION", "NAME"], [(wkt, [n, name]) for wkt, n, name in rows])


def _parcels(rows: list[tuple[str, str]]) -> QgsVectorLayer:
    return _layer("EPSG:32198", ["NO_LOT"], [(wkt, [lot]) for wkt, lot in rows])


def _measure(authid: str) -> QgsDistanceArea:
    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem(authid), QgsCoordinateTransformContext())
    measure.setEllipsoid("GRS80")
    return measure


def _options(**kwargs) -> OverlapOptions:
    kwargs.setdefault("company_holders", COMPANY)
    kwargs.setdefault("sliver_ha", 0.01)
    return OverlapOptions(**kwargs)


TERRITORY = _box(-67.0, 50.0, -66.0, 51.0)


def test_claim_half_inside_a_territory_is_50_percent(qgis_app):
    half = _box(-66.0 - CELL / 2, 50.5, -66.0 + CELL / 2, 50.5 + CELL)
    claims = _claims([(half, "2500001", "Exploration Côte-Nord inc.")])
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu of Uashat", "Nitassinan")])
    result = run_overlap(claims, None, territories, options=_options())
    assert len(result.pairs) == 1
    pair = result.pairs[0]
    assert (pair.kind, pair.relation, pair.flag) == (
        r.CLAIM_TERRITORY,
        r.OVERLAPS,
        r.FLAG_CONSULTATION,
    )
    assert (pair.a.key, pair.b.key, pair.nation) == ("2500001", "Nitassinan", "Innu of Uashat")
    assert pair.share_a_pct == pytest.approx(50.0, abs=1e-6)
    cell_ha = _measure("EPSG:4269").measureArea(QgsGeometry.fromWkt(half)) / 10_000
    assert pair.a.area_ha == pytest.approx(cell_ha, rel=1e-7)
    assert pair.overlap_ha == pytest.approx(cell_ha / 2, rel=1e-7)
    whole_ha = _measure("EPSG:4269").measureArea(QgsGeometry.fromWkt(TERRITORY)) / 10_000
    assert pair.share_b_pct == pytest.approx(100 * cell_ha / 2 / whole_ha, rel=1e-3)
    assert pair.a.attributes["expiry"].isoformat() == "2027-01-15"
    overlap = QgsGeometry()
    overlap.fromWkb(pair.geometry_wkb)
    assert result.crs_authid == "EPSG:32198"
    assert _measure("EPSG:32198").measureArea(overlap) / 10_000 == pytest.approx(
        cell_ha / 2, rel=1e-4
    )


def test_edge_touching_claim_is_near_at_zero_metres_not_an_overlap(qgis_app):
    touching = _box(-66.0, 50.5, -66.0 + CELL, 50.5 + CELL)
    far = _box(-65.0, 50.5, -65.0 + CELL, 50.5 + CELL)
    claims = _claims([(touching, "2500002", "X"), (far, "2500003", "X")])
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu of Uashat", "Nitassinan")])
    result = run_overlap(claims, None, territories, options=_options())
    assert [(p.a.key, p.relation, p.overlap_ha, p.distance_m) for p in result.pairs] == [
        ("2500002", r.NEAR, 0.0, 0.0)
    ]
    assert result.slivers_dropped == 0


def _lat_offset_deg(lat: float, metres: float) -> float:
    """Latitude step for `metres` along a meridian (meridian radius of curvature, by hand)."""
    e2 = GRS80_F * (2 - GRS80_F)
    phi = math.radians(lat)
    meridian_radius = GRS80_A * (1 - e2) / (1 - e2 * math.sin(phi) ** 2) ** 1.5
    return math.degrees(metres / meridian_radius)


def test_claim_200_m_from_a_territory_with_500_m_is_near_200_m(qgis_app):
    north = 51.0 + _lat_offset_deg(51.0, 200.0)
    beyond = 51.0 + _lat_offset_deg(51.0, 600.0)
    claims = _claims(
        [
            (_box(-66.5, north, -66.5 + CELL, north + CELL), "2500004", "X"),
            (_box(-66.3, beyond, -66.3 + CELL, beyond + CELL), "2500005", "X"),
        ]
    )
    territories = _territories("EPSG:4269", [(TERRITORY, "Naskapi Nation", "Territory N")])
    result = run_overlap(claims, None, territories, options=_options(distance_m=500.0))
    assert [(p.a.key, p.relation, p.flag, p.nation) for p in result.pairs] == [
        ("2500004", r.NEAR, r.FLAG_CONSULTATION, "Naskapi Nation")
    ]
    assert result.pairs[0].distance_m == pytest.approx(200.0, abs=0.05)
    assert result.pairs[0].b.attributes["distance_m"] == 500.0


def test_parcel_on_two_overlapping_territories_names_both_nations(qgis_app):
    parcels = _parcels([(_box(100_000, 700_000, 100_400, 700_250), "4 516 943")])
    territories = _territories(
        "EPSG:32198",
        [
            (_box(90_000, 690_000, 110_000, 710_000), "Innu of Uashat mak Mani-utenam", "A"),
            (_box(95_000, 695_000, 130_000, 730_000), "Naskapi Nation", "B"),
        ],
    )
    result = run_overlap(None, parcels, territories, options=_options())
    assert [(p.kind, p.relation, p.nation, p.share_a_pct) for p in result.pairs] == [
        (r.PARCEL_TERRITORY, r.WITHIN, "Innu of Uashat mak Mani-utenam", 100.0),
        (r.PARCEL_TERRITORY, r.WITHIN, "Naskapi Nation", 100.0),
    ]
    parcel_ha = _measure("EPSG:32198").measureArea(
        QgsGeometry.fromWkt(_box(100_000, 700_000, 100_400, 700_250))
    )
    assert result.pairs[0].overlap_ha == pytest.approx(parcel_ha / 10_000, rel=1e-6)
    assert nations_by_feature(result.pairs) == {
        ("parcels", 1): ["Innu of Uashat mak Mani-utenam", "Naskapi Nation"]
    }


def test_bow_tie_territory_is_repaired_listed_and_used(qgis_app):
    bow_tie = "POLYGON ((-67 50, -66 51, -66 50, -67 51, -67 50))"
    inside_lobe = _box(-66.2, 50.45, -66.2 + CELL, 50.45 + CELL)
    claims = _claims([(inside_lobe, "2500006", "X")])
    territories = _territories("EPSG:4269", [(bow_tie, "Innu", "Bow tie")])
    result = run_overlap(claims, None, territories, options=_options())
    assert [(i.role, i.fid, i.key, i.action, i.reason) for i in result.issues] == [
        ("territories", 1, "Bow tie", "repaired", "Self-intersection")
    ]
    assert [(p.a.key, p.relation) for p in result.pairs] == [("2500006", r.WITHIN)]
    lobes_ha = (
        _measure("EPSG:4269").measureArea(
            QgsGeometry.fromWkt(
                "MULTIPOLYGON (((-67 50,-66.5 50.5,-67 51,-67 50)),"
                "((-66 50,-66 51,-66.5 50.5,-66 50)))"
            )
        )
        / 10_000
    )
    assert result.pairs[0].b.area_ha == pytest.approx(lobes_ha, rel=1e-4)


def test_hectares_match_qgsdistancearea_across_crs(qgis_app):
    """Claims in EPSG:4269 against a parcel in EPSG:32198 that holds one claim and cuts another."""
    measure_4269, measure_32198 = _measure("EPSG:4269"), _measure("EPSG:32198")
    cell_a = _box(-66.5, 50.2, -66.5 + CELL, 50.2 + CELL)
    cell_b = _box(-66.5 + CELL, 50.2, -66.5 + 2 * CELL, 50.2 + CELL)
    claims = _claims([(cell_a, "2500007", "Imperial Mining Group Ltd."), (cell_b, "2500008", "Y")])
    to_32198 = QgsGeometry.fromWkt(cell_a)
    from qgis.core import QgsCoordinateTransform

    to_32198.transform(
        QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:4269"),
            QgsCoordinateReferenceSystem("EPSG:32198"),
            QgsCoordinateTransformContext(),
        )
    )
    box = to_32198.boundingBox()
    parcel = _box(
        box.xMinimum() - 50, box.yMinimum() - 50, box.xMaximum() + 300, box.yMaximum() + 50
    )
    result = run_overlap(claims, _parcels([(parcel, "1 000 001")]), None, options=_options())
    assert [(p.kind, p.b.key, p.relation, p.flag) for p in result.pairs] == [
        (r.PARCEL_CLAIM, "2500007", r.CONTAINS, r.FLAG_COMPANY_TITLE),
        (r.PARCEL_CLAIM, "2500008", r.OVERLAPS, r.FLAG_THIRD_PARTY_TITLE),
    ]
    whole, cut = result.pairs
    assert whole.a.area_ha == pytest.approx(
        measure_32198.measureArea(QgsGeometry.fromWkt(parcel)) / 10_000, rel=1e-4
    )
    assert whole.overlap_ha == pytest.approx(
        measure_4269.measureArea(QgsGeometry.fromWkt(cell_a)) / 10_000, rel=1e-4
    )
    assert whole.share_b_pct == pytest.approx(100.0)
    cut_geometry = QgsGeometry()
    cut_geometry.fromWkb(cut.geometry_wkb)
    assert cut.overlap_ha == pytest.approx(
        measure_32198.measureArea(cut_geometry) / 10_000, rel=1e-4
    )


def test_empty_layer_gives_no_pairs_and_is_listed(qgis_app):
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu", "T")])
    result = run_overlap(_claims([]), None, territories, options=_options())
    assert result.pairs == [] and result.issues == []
    assert [(i.role, i.feature_count) for i in result.inputs] == [("claims", 0), ("territories", 1)]


def test_null_geometry_is_skipped_and_listed(qgis_app):
    inside = _box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL)
    claims = _claims([(None, "2500009", "X"), (inside, "2500010", "X")])
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu", "T")])
    result = run_overlap(claims, None, territories, options=_options())
    assert [(i.role, i.fid, i.key, i.action, i.reason) for i in result.issues] == [
        ("claims", 1, "2500009", "skipped", "No geometry")
    ]
    assert [(p.a.key, p.relation, p.share_a_pct) for p in result.pairs] == [
        ("2500010", r.WITHIN, 100.0)
    ]


def test_claim_titles_limit_the_run(qgis_app):
    cells = [
        (_box(-66.5 + i * CELL, 50.5, -66.5 + (i + 1) * CELL, 50.5 + CELL), f"25{i}", "X")
        for i in range(3)
    ]
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu", "T")])
    result = run_overlap(
        _claims(cells), None, territories, options=_options(claim_titles={"251", "252 "})
    )
    assert [p.a.key for p in result.pairs] == ["251", "252"]


def test_pair_kinds_limit_the_run_to_those_kinds(qgis_app):
    claim = _box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL)
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu", "T")])
    layers = (
        _claims([(claim, "251", "X")]),
        _layer("EPSG:4269", ["NO_LOT"], [(claim, ["4 516 943"])]),
        territories,
    )
    every = run_overlap(*layers, options=_options())
    assert [p.kind for p in every.pairs] == [r.CLAIM_TERRITORY, r.PARCEL_TERRITORY, r.PARCEL_CLAIM]
    only = run_overlap(
        *layers, options=_options(pair_kinds=frozenset({r.CLAIM_TERRITORY, r.PARCEL_CLAIM}))
    )
    assert [(p.kind, p.overlap_ha) for p in only.pairs] == [
        (p.kind, p.overlap_ha) for p in every.pairs if p.kind != r.PARCEL_TERRITORY
    ]


class _CancelAfter(QgsProcessingFeedback):
    """Cancels itself after `steps` progress reports."""

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.left = steps
        self.progressChanged.connect(self._count)

    def _count(self, _value: float) -> None:
        self.left -= 1
        if self.left <= 0:
            self.cancel()


@pytest.mark.parametrize("steps", [0, 1, 3])
def test_cancel_raises_cancelled(qgis_app, steps):
    claims = _claims([(_box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL), "1", "X")])
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu", "T")])
    feedback = _CancelAfter(steps)
    if steps == 0:
        feedback.cancel()
    with pytest.raises(Cancelled, match="Cancelled by the user"):
        run_overlap(claims, None, territories, options=_options(), feedback=feedback)
    assert claims.featureCount() == 1 and territories.featureCount() == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"distance_m": -5.0}, "consultation distance must be zero or more"),
        ({"sliver_ha": -1.0}, "sliver threshold must be zero or more"),
        ({"output_crs": "EPSG:999999"}, "is not a valid coordinate reference system"),
        ({"ellipsoid": "NOPE"}, "Unknown ellipsoid 'NOPE'"),
    ],
)
def test_bad_options_say_what_is_wrong(qgis_app, options, message):
    claims = _claims([(_box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL), "1", "X")])
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu", "T")])
    with pytest.raises(UserError, match=message):
        run_overlap(claims, None, territories, options=_options(**options))
    assert claims.featureCount() == 1 and territories.featureCount() == 1


def test_bad_layers_say_what_is_wrong(qgis_app):
    claims = _claims([(_box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL), "1", "X")])
    with pytest.raises(UserError, match="Choose at least two layers"):
        run_overlap(claims, None, None)
    no_nation = _layer("EPSG:4269", ["NAME"], [(TERRITORY, ["T"])])
    with pytest.raises(UserError, match="has no field 'NATION'"):
        run_overlap(claims, None, no_nation, options=_options())
    points = QgsVectorLayer("Point?crs=EPSG:4269", "pts", "memory")
    with pytest.raises(UserError, match="is not a polygon layer"):
        run_overlap(claims, None, points, options=_options())
    bad_distance = _layer("EPSG:4269", ["NATION", "NAME", "DIST"], [(TERRITORY, ["I", "T", "x"])])
    from imperial_land.core.maplayers.fields import TerritoryFields

    with pytest.raises(UserError, match="Territory 'T' has a consultation distance of 'x'"):
        run_overlap(
            claims,
            None,
            bad_distance,
            options=_options(territory_fields=TerritoryFields(distance="DIST")),
        )
    assert claims.featureCount() == 1 and bad_distance.featureCount() == 1


def test_sliver_is_dropped_and_counted(qgis_app):
    # A claim reaching 1/1000 of a cell (~0.055 ha) over the territory's east edge.
    sliver = _box(-66.0 - CELL / 1000, 50.5, -66.0 + CELL, 50.5 + CELL)
    claims = _claims([(sliver, "2500011", "X")])
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu", "T")])
    kept = run_overlap(claims, None, territories, options=_options(sliver_ha=0.01))
    assert [(p.relation, p.overlap_ha > 0.05) for p in kept.pairs] == [(r.OVERLAPS, True)]
    assert kept.slivers_dropped == 0
    dropped = run_overlap(claims, None, territories, options=_options(sliver_ha=0.1))
    assert dropped.slivers_dropped == 1
    assert [(p.relation, p.distance_m) for p in dropped.pairs] == [(r.NEAR, 0.0)]


# --- the sample data against a brute force over every pair ------------------------------------

ROLE_KINDS = {
    r.CLAIM_TERRITORY: ("claims", "territories"),
    r.PARCEL_TERRITORY: ("parcels", "territories"),
    r.PARCEL_CLAIM: ("parcels", "claims"),
    r.AOI_TERRITORY: ("aoi", "territories"),
    r.AOI_CLAIM: ("aoi", "claims"),
    r.AOI_PARCEL: ("aoi", "parcels"),
}


def _read_brute(layer: QgsVectorLayer, frame) -> tuple[list[int], np.ndarray]:
    """Every feature densified in its own CRS (straight edges followed to 20 m or 0.001 degree),
    transformed one by one with QgsGeometry.transform, then made valid."""
    # The frame's own transform: in a long session QGIS 3.22 can refuse a plain
    # QgsCoordinateTransform to the frame (the engine's fallback, equal_area._buildable).
    transform = frame.transform(layer.crs(), True)
    step = 1e-3 if layer.crs().isGeographic() else 20.0
    fids, geoms = [], []
    for feature in layer.getFeatures():
        geometry = QgsGeometry(feature.geometry())
        if geometry.isNull():
            continue
        geometry = QgsGeometry.fromWkt(
            shapely.segmentize(shapely.from_wkb(bytes(geometry.asWkb())), step).wkt
        )
        geometry.transform(transform)
        geom = shapely.make_valid(shapely.from_wkb(bytes(geometry.asWkb())), method="structure")
        fids.append(feature.id())
        geoms.append(geom)
    return fids, np.array(geoms, dtype=object)


def _brute_pairs(layers: dict, frame, sliver_ha: float) -> tuple[dict, int]:
    """{(kind, a fid, b fid): (relation, overlap ha, distance m)} over every pair, and slivers."""
    data = {role: _read_brute(layer, frame) for role, layer in layers.items()}
    limits = [
        float(f["DISTANCE_M"])
        if f["DISTANCE_M"] not in (None, "") and f["DISTANCE_M"] == f["DISTANCE_M"]
        else 0.0
        for f in layers["territories"].getFeatures()
    ]
    found, slivers = {}, 0
    for kind, (role_a, role_b) in ROLE_KINDS.items():
        (fids_a, a), (fids_b, b) = data[role_a], data[role_b]
        ia, ib = (
            m.ravel() for m in np.meshgrid(np.arange(len(a)), np.arange(len(b)), indexing="ij")
        )
        ga, gb = a[ia], b[ib]
        hits = shapely.intersects(ga, gb)
        area = np.where(hits, shapely.area(shapely.intersection(ga, gb)), 0.0)
        for k in range(len(ia)):
            i, j = int(ia[k]), int(ib[k])
            key = (kind, fids_a[i], fids_b[j])
            if hits[k]:
                if shapely.covers(gb[k], ga[k]):
                    found[key] = (r.WITHIN, area[k] / 1e4, None)
                    continue
                if shapely.covers(ga[k], gb[k]):
                    found[key] = (r.CONTAINS, area[k] / 1e4, None)
                    continue
                if area[k] >= max(sliver_ha * 1e4, 1e-4):
                    found[key] = (r.OVERLAPS, area[k] / 1e4, None)
                    continue
                slivers += int(area[k] >= 1e-4)
                if role_b == "territories":
                    found[key] = (r.NEAR, 0.0, 0.0)
            elif role_b == "territories" and limits[j] > 0:
                line = shapely.shortest_line(ga[k], gb[k])
                (x1, y1), (x2, y2) = shapely.get_coordinates(line)
                metres = frame.geodesic_m(x1, y1, x2, y2)
                if metres <= limits[j]:
                    found[key] = (r.NEAR, 0.0, metres)
    return found, slivers


def test_sample_pairs_equal_a_brute_force_over_every_pair(qgis_app, sample_gpkg):
    from imperial_land.core.maplayers.fields import TerritoryFields
    from imperial_land.core.overlap.equal_area import EqualAreaFrame, lat_lon_band

    layers = {
        name: QgsVectorLayer(f"{sample_gpkg}|layername={name}", name, "ogr")
        for name in ("claims", "parcels", "territories", "aoi")
    }
    options = _options(territory_fields=TerritoryFields(distance="DISTANCE_M"))
    result = run_overlap(
        layers["claims"], layers["parcels"], layers["territories"], layers["aoi"], options
    )
    context = QgsCoordinateTransformContext()
    band = lat_lon_band([(lyr.extent(), lyr.crs()) for lyr in layers.values()], context)
    frame = EqualAreaFrame("GRS80", context, band[0], band[1])
    expected, slivers = _brute_pairs(layers, frame, 0.01)
    got = {
        (p.kind, p.a.fid, p.b.fid): (p.relation, p.overlap_ha, p.distance_m) for p in result.pairs
    }
    assert len(got) == len(result.pairs) > 100
    assert sorted(got) == sorted(expected)
    for key, (relation, overlap_ha, metres) in expected.items():
        assert got[key][0] == relation, key
        # Within the engine's edge tolerance (0.01 m): the issue's 0.01 % or 0.001 ha.
        assert got[key][1] == pytest.approx(overlap_ha, rel=1e-4, abs=1e-3), key
        if metres is not None:
            assert got[key][2] == pytest.approx(metres, abs=0.01), key
    assert result.slivers_dropped == slivers
    assert {k[0] for k in got} == set(ROLE_KINDS)
    assert [(i.role, i.action, i.reason) for i in result.issues] == [
        ("territories", "repaired", "Self-intersection")
    ]


def test_fast_geopackage_read_equals_the_feature_iterator(qgis_app, sample_gpkg):
    from imperial_land.core.overlap.fast_read import arrow_columns
    from imperial_land.core.overlap.inputs import iterate_features

    names = ["DET_NOM", "STI_DES_FR", "TIT_DAT_EX", "TIT_NO"]
    claims = QgsVectorLayer(f"{sample_gpkg}|layername=claims", "claims", "ogr")
    fast = arrow_columns(claims, names)
    assert fast is not None
    fids, wkbs, columns = iterate_features(claims, names, QgsProcessingFeedback())
    assert fast[0] == fids and len(fids) == claims.featureCount()
    assert all(
        shapely.from_wkb(a).equals_exact(shapely.from_wkb(b), 0) for a, b in zip(fast[1], wkbs)
    )
    assert fast[2]["TIT_NO"] == columns["TIT_NO"]
    assert fast[2]["DET_NOM"] == columns["DET_NOM"]
    assert fast[2]["TIT_DAT_EX"] == [d.toPyDate() for d in columns["TIT_DAT_EX"]]
    territories = QgsVectorLayer(f"{sample_gpkg}|layername=territories", "t", "ogr")
    distances = arrow_columns(territories, ["DISTANCE_M"])[2]["DISTANCE_M"]
    assert distances == [1000.0, 500.0, 0.0, None]  # NULL stays NULL, not 0
    chosen = sorted(set(columns["TIT_NO"]))[:2]  # an attribute filter: OGR applies it to both
    assert claims.setSubsetString(f"\"TIT_NO\" IN ('{chosen[0]}', '{chosen[1]}')")
    filtered = arrow_columns(claims, names)
    fids, wkbs, columns = iterate_features(claims, names, QgsProcessingFeedback())
    assert filtered is not None and filtered[0] == fids and 2 <= len(fids) < len(fast[0])
    assert filtered[2]["TIT_NO"] == columns["TIT_NO"] and set(columns["TIT_NO"]) == set(chosen)
    assert all(
        shapely.from_wkb(a).equals_exact(shapely.from_wkb(b), 0) for a, b in zip(filtered[1], wkbs)
    )
    assert arrow_columns(_claims([]), names) is None  # so is a memory layer


def test_optional_fields_may_be_missing(qgis_app):
    """No NAME on territories (the Nation becomes the key), no STI_CODE / TT_CODE on claims."""
    inside = _box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL)
    territories = _layer("EPSG:4269", ["NATION"], [(TERRITORY, ["Nunavik Inuit"])])
    result = run_overlap(_claims([(inside, "7", "X")]), None, territories, options=_options())
    assert [(p.b.key, p.nation) for p in result.pairs] == [("Nunavik Inuit", "Nunavik Inuit")]
    assert result.pairs[0].a.attributes == {
        "title": "7",
        "holder": "X",
        "status": "Actif",
        "expiry": dt.date(2027, 1, 15),
    }
    empty_territories = _territories("EPSG:4269", [])
    assert run_overlap(_claims([(inside, "7", "X")]), None, empty_territories).pairs == []


def test_claims_with_only_a_title_field_run_and_leave_the_rest_empty(qgis_app, tmp_path):
    """A claims layer that is not a GESTIM export (title only) is compared, not refused."""
    from imperial_land.core.report.csv import write_csv_stream

    inside = _box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL)
    claims = _layer("EPSG:4269", ["TIT_NO"], [(inside, ["7"])])
    territories = _layer("EPSG:4269", ["NATION"], [(TERRITORY, ["Nunavik Inuit"])])
    result = run_overlap(claims, None, territories, options=_options())
    assert [(p.a.key, p.relation, p.nation) for p in result.pairs] == [
        ("7", r.WITHIN, "Nunavik Inuit")
    ]
    assert result.pairs[0].a.attributes == {"title": "7"}
    with (tmp_path / "pairs.csv").open("w", encoding="utf-8", newline="") as stream:
        write_csv_stream(result, stream)
    header, row = (tmp_path / "pairs.csv").read_text(encoding="utf-8").splitlines()[:2]
    cells = dict(zip(header.lstrip("\ufeff").split(","), row.split(",")))
    assert (cells["A key"], cells["Title holder"], cells["Title status"]) == ("7", "", "")
    assert cells["Title expiry"] == ""


def test_a_crs_proj_cannot_transform_stops_the_run_instead_of_skipping_the_move(qgis_app):
    """QGIS passes points through an invalid transform unchanged: the run must say so, not
    compare degrees of Mars with metres of Quebec."""
    inside = _box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL)
    mars = "+proj=longlat +a=3396190 +b=3376200 +no_defs +type=crs"
    territories = QgsVectorLayer("Polygon", "mars", "memory")
    territories.setCrs(QgsCoordinateReferenceSystem.fromProj(mars))
    territories.dataProvider().addAttributes([compat.field("NATION", "string")])
    territories.updateFields()
    feature = QgsFeature(territories.fields())
    feature.setGeometry(QgsGeometry.fromWkt(TERRITORY))
    feature.setAttributes(["Nunavik Inuit"])
    territories.dataProvider().addFeatures([feature])
    territories.updateExtents()
    with pytest.raises(UserError) as raised:
        run_overlap(_claims([(inside, "7", "X")]), None, territories, options=_options())
    assert str(raised.value).startswith("QGIS cannot transform coordinates from ")
    assert str(raised.value).endswith(
        "to the equal-area frame (PROJ could not build the operation); check the layer's CRS "
        "and the PROJ installation."
    )


def test_big_aoi_over_claims_matches_qgis_geometry(qgis_app):
    """An AOI of 2,000 vertices (subdivided) over a 10 x 10 block of cells, checked with QGIS."""
    from qgis.core import QgsCoordinateTransform

    cells = [
        (
            _box(-66.6 + i * CELL, 50.2 + j * CELL, -66.6 + (i + 1) * CELL, 50.2 + (j + 1) * CELL),
            f"{i}{j}",
            "X",
        )
        for i in range(10)
        for j in range(10)
    ]
    claims = _claims(cells)
    to_32198 = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4269"),
        QgsCoordinateReferenceSystem("EPSG:32198"),
        QgsCoordinateTransformContext(),
    )
    centre = QgsGeometry.fromWkt(f"POINT ({-66.6 + 5 * CELL} {50.2 + 5 * CELL})")
    centre.transform(to_32198)
    circle = shapely.Point(centre.asPoint().x(), centre.asPoint().y()).buffer(2500, quad_segs=500)
    aoi = _layer("EPSG:32198", ["NAME"], [(circle.wkt, ["Site A"])])
    result = run_overlap(claims, None, None, aoi, options=_options())
    assert {p.kind for p in result.pairs} == {r.AOI_CLAIM}
    aoi_geometry = QgsGeometry.fromWkt(circle.wkt)
    measure = _measure("EPSG:32198")
    expected_contains, expected_ha = set(), {}
    for wkt, title, _holder in cells:
        cell = QgsGeometry.fromWkt(wkt)
        cell.transform(to_32198)
        if aoi_geometry.contains(cell):
            expected_contains.add(title)
        part = aoi_geometry.intersection(cell)
        if not part.isEmpty() and measure.measureArea(part) / 10_000 >= 0.01:
            expected_ha[title] = measure.measureArea(part) / 10_000
    got = {p.b.key: p for p in result.pairs}
    assert set(got) == set(expected_ha)
    assert {k for k, p in got.items() if p.relation == r.CONTAINS} == expected_contains
    assert len(expected_contains) > 10 and len(expected_ha) > len(expected_contains)
    for title, hectares in expected_ha.items():
        assert got[title].overlap_ha == pytest.approx(hectares, rel=1e-4), title
    assert {p.a.key for p in result.pairs} == {"Site A"}


def test_claims_inside_a_territory_share_exactly_100_percent_of_their_own_hectares(qgis_app):
    """Whether the pieces' test or the whole geometries' cover test finds a claim inside (one
    along the territory's western edge, one in the open), its overlap is its own hectares and
    its share exactly 100 %, in any frame (engine.overlap_figures)."""
    on_edge = _box(-67.0, 50.3, -67.0 + CELL, 50.3 + CELL)  # shares the territory's edge
    inside = _box(-66.5, 50.5, -66.5 + CELL, 50.5 + CELL)
    claims = _claims([(on_edge, "2500011", "X"), (inside, "2500012", "X")])
    territories = _territories("EPSG:4269", [(TERRITORY, "Innu", "T")])
    for far_east in (-66.0, -60.0):  # a second layer moves the frame's centre by 3 degrees
        aoi = _layer("EPSG:4269", ["NAME"], [(_box(far_east - 0.01, 50.0, far_east, 50.01), ["x"])])
        result = run_overlap(claims, None, territories, aoi, options=_options())
        claim_pairs = [p for p in result.pairs if p.kind == "claim_territory"]
        assert [(p.a.key, p.relation, p.share_a_pct) for p in claim_pairs] == [
            ("2500011", r.WITHIN, 100.0),
            ("2500012", r.WITHIN, 100.0),
        ]
        assert [p.overlap_ha for p in claim_pairs] == [p.a.area_ha for p in claim_pairs]


def test_near_distance_is_the_least_ellipsoidal_distance_far_from_the_frames_middle(qgis_app):
    """A claim 60 N beside a territory edge running NE, the frame's band reaching 45 N (an AOI
    there): the frame stretches x by 1.2 and y by 1 / 1.2 at 60 N, and its own nearest points
    lay metres off. The distance is the brute-force least geodesic from the claim's nearest
    corner to the edge (within 1 cm), and a territory distance just above it flags the pair."""
    start, end = (-68.0, 59.9), (-67.0, 60.1)  # the territory's edge, straight in NAD83
    territory = shapely.Polygon([start, end, (-68.0, 60.1), start]).wkt  # it lies NW of the edge
    x0, y0 = -67.492, 59.9987  # SE of the edge's middle, about 300 m away
    claim = _box(x0, y0 - CELL, x0 + CELL, y0)
    reference = nearest_on_segment_m((x0, y0), start, end)  # its NW corner is the nearest
    assert 250.0 < reference < 350.0
    aoi = _layer("EPSG:4269", ["NAME"], [(_box(-68.0, 45.0, -67.99, 45.01), ["south"])])
    result = run_overlap(
        _claims([(claim, "2600001", "X")]),
        None,
        _territories("EPSG:4269", [(territory, "Innu", "T")]),
        aoi,
        options=_options(distance_m=reference + 0.5),
    )
    near = [p for p in result.pairs if p.kind == "claim_territory"]
    assert [(p.a.key, p.relation) for p in near] == [("2600001", r.NEAR)]
    assert near[0].distance_m == pytest.approx(reference, abs=0.01)
