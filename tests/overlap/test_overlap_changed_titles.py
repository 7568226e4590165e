"""The overlap report re-run on changed titles only (the CHANGED_TITLES output of a GESTIM sync)."""

from __future__ import annotations

from qgis.core import QgsProcessingContext, QgsProject, QgsVectorLayer

from imperial_land.core.maplayers.fields import TerritoryFields
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.engine import OverlapOptions, run_overlap
from imperial_land.processing.base import split_holders, split_titles

ROLES = ("claims", "parcels", "territories", "aoi")
CLAIM_KINDS = {r.CLAIM_TERRITORY, r.PARCEL_CLAIM, r.AOI_CLAIM}


def _claim_key(pair: r.OverlapPair) -> str:
    return pair.a.key if pair.kind == r.CLAIM_TERRITORY else pair.b.key


def _signature(pair: r.OverlapPair) -> tuple:
    return (pair.kind, pair.a.key, pair.b.key, pair.relation, round(pair.overlap_ha, 6))


def test_split_titles_and_holders():
    assert split_titles("2512345, 2512346;2512347\n 2512348  ") == {
        "2512345",
        "2512346",
        "2512347",
        "2512348",
    }
    assert split_titles("") == set()
    # A holder name may hold a comma: holders split on lines and ';' only.
    assert split_holders("Exploration Côte-Nord, inc.; Imperial Mining Group Ltd.\n") == [
        "Exploration Côte-Nord, inc.",
        "Imperial Mining Group Ltd.",
    ]


def test_run_on_changed_titles_gives_exactly_their_pairs(
    qgis_app, plugin_provider, sample_gpkg, tmp_path
):
    import processing

    layers = [QgsVectorLayer(f"{sample_gpkg}|layername={role}", role, "ogr") for role in ROLES]
    full = run_overlap(
        *layers, options=OverlapOptions(territory_fields=TerritoryFields(distance="DISTANCE_M"))
    )
    claim_pairs = [p for p in full.pairs if p.kind in CLAIM_KINDS]
    # Two titles that sit on a parcel (so parcel x claim pairs are part of the check too).
    on_parcels = sorted({p.b.key for p in claim_pairs if p.kind == r.PARCEL_CLAIM})
    chosen = set(on_parcels[:2])
    assert len(chosen) == 2
    expected = sorted(_signature(p) for p in claim_pairs if _claim_key(p) in chosen)

    params = {role.upper(): f"{sample_gpkg}|layername={role}" for role in ROLES}
    params.update(
        DISTANCE_FIELD="DISTANCE_M",
        CLAIM_TITLES=", ".join(sorted(chosen)),
        CSV=str(tmp_path / "pairs.csv"),
    )
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    outputs = processing.run("imperial_land:overlapreport", params, context=context)

    limited = run_overlap(
        *layers,
        options=OverlapOptions(
            territory_fields=TerritoryFields(distance="DISTANCE_M"), claim_titles=chosen
        ),
    )
    got_claims = sorted(_signature(p) for p in limited.pairs if p.kind in CLAIM_KINDS)
    assert got_claims == expected
    assert {_claim_key(p) for p in limited.pairs if p.kind in CLAIM_KINDS} == chosen
    # Pairs without claims are untouched by the title filter.
    others = sorted(_signature(p) for p in full.pairs if p.kind not in CLAIM_KINDS)
    assert sorted(_signature(p) for p in limited.pairs if p.kind not in CLAIM_KINDS) == others
    assert outputs["PAIRS"] == len(limited.pairs)
    csv_text = (tmp_path / "pairs.csv").read_text(encoding="utf-8-sig")
    for title in chosen:
        assert title in csv_text
