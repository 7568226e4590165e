"""A hand-built OverlapResult (EPSG:32198, planar squares) whose every figure is known by hand.

Territories: T1 (Innu) 0..10000 m square = 10,000 ha; T2 (Naskapi) 5000..15000 m = 10,000 ha.
Parcel P1 (lot 4 516 943) 4000..6000 m = 400 ha. Claims: C1 5000..5500 = 25 ha (third party,
inside P1, T1 and T2); C2 5800..6300 x 4000..4500 = 25 ha (company, 10 ha on P1, inside T1);
C3 15300..15800 x 5000..5500 = 25 ha, 300 m from T2 (distance 500 m).
"""

from __future__ import annotations

import datetime as dt

from qgis.core import QgsGeometry, QgsRectangle

from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.results import (
    FeatureRef,
    GeometryIssue,
    InputInfo,
    OverlapPair,
    OverlapResult,
)

INNU = "Innu of Uashat mak Mani-utenam"
NASKAPI = "Naskapi Nation of Kawawachikamach"
THIRD_HOLDER = "Société Minière <Tierce> & fils"
COMPANY = "Imperial Mining Group Ltd."
LOT = "4 516 943"


def square(x0: float, y0: float, x1: float, y1: float) -> QgsGeometry:
    return QgsGeometry.fromRect(QgsRectangle(x0, y0, x1, y1))


GEOMS = {
    "T1": square(0, 0, 10000, 10000),
    "T2": square(5000, 5000, 15000, 15000),
    "P1": square(4000, 4000, 6000, 6000),
    "C1": square(5000, 5000, 5500, 5500),
    "C2": square(5800, 4000, 6300, 4500),
    "C3": square(15300, 5000, 15800, 5500),
}


def refs() -> dict[str, FeatureRef]:
    return {
        "T1": FeatureRef(
            "territories",
            1,
            "Nitassinan",
            10000.0,
            {"nation": INNU, "name": "Nitassinan", "distance_m": 500.0},
        ),
        "T2": FeatureRef(
            "territories",
            2,
            "Naskapi territory",
            10000.0,
            {"nation": NASKAPI, "name": "Naskapi territory", "distance_m": 500.0},
        ),
        "P1": FeatureRef("parcels", 7, LOT, 400.0, {"lot": LOT}),
        "C1": FeatureRef(
            "claims",
            11,
            "2512345",
            25.0,
            {"holder": THIRD_HOLDER, "status": "Actif", "expiry": dt.date(2027, 3, 14)},
        ),
        "C2": FeatureRef(
            "claims",
            12,
            "2512346",
            25.0,
            {"holder": COMPANY, "status": "Actif", "expiry": dt.date(2028, 1, 2)},
        ),
        "C3": FeatureRef(
            "claims", 13, "2512347", 25.0, {"holder": COMPANY, "status": "Suspendu", "expiry": None}
        ),
    }


def _pair(kind, a, b, relation, ha, sa, sb, flag, nation="", distance=None):
    f = refs()
    geometry = GEOMS[a] if relation == r.NEAR else GEOMS[a].intersection(GEOMS[b])
    wkb = geometry.asWkb()
    return OverlapPair(kind, f[a], f[b], relation, ha, sa, sb, distance, flag, nation, bytes(wkb))


def hand_result() -> OverlapResult:
    """Eight pairs, two issues, three inputs (see the module docstring)."""
    pairs = [
        _pair(
            r.CLAIM_TERRITORY, "C1", "T1", r.WITHIN, 25.0, 100.0, 0.25, r.FLAG_CONSULTATION, INNU
        ),
        _pair(
            r.CLAIM_TERRITORY, "C1", "T2", r.WITHIN, 25.0, 100.0, 0.25, r.FLAG_CONSULTATION, NASKAPI
        ),
        _pair(
            r.CLAIM_TERRITORY, "C2", "T1", r.WITHIN, 25.0, 100.0, 0.25, r.FLAG_CONSULTATION, INNU
        ),
        _pair(
            r.CLAIM_TERRITORY,
            "C3",
            "T2",
            r.NEAR,
            0.0,
            0.0,
            0.0,
            r.FLAG_CONSULTATION,
            NASKAPI,
            300.0,
        ),
        _pair(
            r.PARCEL_TERRITORY, "P1", "T1", r.WITHIN, 400.0, 100.0, 4.0, r.FLAG_CONSULTATION, INNU
        ),
        _pair(
            r.PARCEL_TERRITORY,
            "P1",
            "T2",
            r.OVERLAPS,
            100.0,
            25.0,
            1.0,
            r.FLAG_CONSULTATION,
            NASKAPI,
        ),
        _pair(r.PARCEL_CLAIM, "P1", "C1", r.CONTAINS, 25.0, 6.25, 100.0, r.FLAG_THIRD_PARTY_TITLE),
        _pair(r.PARCEL_CLAIM, "P1", "C2", r.OVERLAPS, 10.0, 2.5, 40.0, r.FLAG_COMPANY_TITLE),
    ]
    issues = [
        GeometryIssue("territories", 3, "Bow-tie", "repaired", "Self-intersection"),
        GeometryIssue("claims", 14, "2512348", "skipped", "No geometry"),
    ]
    inputs = [
        InputInfo(
            "claims",
            "claims",
            "/data/claims.gpkg|layername=claims",
            "EPSG:4269",
            5,
            dt.date(2026, 11, 23),
        ),
        InputInfo("parcels", "parcels", "/data/parcels.gpkg", "EPSG:32198", 1),
        InputInfo("territories", "territories", "/data/territories.gpkg", "EPSG:32198", 3),
    ]
    return OverlapResult(
        pairs=pairs,
        issues=issues,
        inputs=inputs,
        crs_authid="EPSG:32198",
        slivers_dropped=2,
        sliver_threshold_ha=0.01,
        ellipsoid="GRS80",
        company_holders=[COMPANY],
        created=dt.datetime(2026, 11, 25, 10, 30),
    )


def layers_for_map():
    """Memory layers for the PDF map: claims, parcels, territories (EPSG:32198)."""
    from qgis.core import QgsFeature, QgsVectorLayer

    from imperial_land.core.common import compat

    out = {}
    for role, keys, name in (
        ("claims", ["C1", "C2", "C3"], "Claims"),
        ("parcels", ["P1"], "Parcels"),
        ("territories", ["T1", "T2"], "Territories"),
    ):
        layer = QgsVectorLayer("Polygon?crs=EPSG:32198", name, "memory")
        layer.dataProvider().addAttributes([compat.field("key", "string")])
        layer.updateFields()
        features = []
        for key in keys:
            feature = QgsFeature(layer.fields())
            feature["key"] = refs()[key].key
            feature.setGeometry(GEOMS[key])
            features.append(feature)
        layer.dataProvider().addFeatures(features)
        layer.updateExtents()
        out[role] = layer
    return out
