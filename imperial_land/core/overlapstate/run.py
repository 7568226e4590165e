"""The register's overlap state kept current: a full run when it is configured, then after each
sync a run on the changed titles only, whose pairs replace theirs in one transaction.

Why this equals a full run: a pair depends only on its claim and the other feature (areas,
relation, distance, flag), so the pairs of the titles a sync changed (new, gone, back, geometry,
holder, status or any other field) are all that can differ; a gone claim has no pairs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from qgis.core import QgsFeatureRequest, QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.common import UserError, ensure_feedback, settings, tr
from imperial_land.core.maplayers import (
    AOI,
    CLAIMS,
    PARCELS,
    TERRITORIES,
    ParcelFields,
    TerritoryFields,
)
from imperial_land.core.overlap import OverlapOptions, run_overlap
from imperial_land.core.register import (
    GONE_COLUMN,
    OverlapStateStore,
    RegisterBackend,
    StateLayer,
    StateRow,
)


@dataclass
class StateUpdate:
    """What one update of the overlap state did."""

    titles: list[str] = field(default_factory=list)
    pairs: int = 0
    seconds: float = 0.0
    problem: str = ""

    def lines(self) -> list[str]:
        if self.problem:
            return [
                tr("Overlap state not updated (the sync itself was applied): {problem}").format(
                    problem=self.problem
                )
            ]
        return [
            tr("Overlap state updated: {titles} titles, {pairs} pairs now held for them.").format(
                titles=len(self.titles), pairs=self.pairs
            )
        ]


def configure_overlap_state(
    register: RegisterBackend,
    layers: list[StateLayer],
    holders: list[str] | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> int:
    """Keep `layers` with the register and its full overlap state (one transaction); the number
    of pairs held."""
    rows = state_rows(register, layers, None, holders, feedback)
    OverlapStateStore(register).configure(layers, rows)
    return len(rows)


def update_overlap_state(
    register: RegisterBackend,
    run_id: int,
    holders: list[str] | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> StateUpdate | None:
    """Bring the state up to date with sync run `run_id` (None when the register keeps none)."""
    clock = time.monotonic()
    store = OverlapStateStore(register)
    if not store.configured():
        return None
    titles = sorted({change.title for change in register.changes(run_id)})
    update = StateUpdate(titles=titles)
    if titles:
        rows = state_rows(register, store.layers(), set(titles), holders, feedback)
        for row in rows:
            row.run_id = run_id
        store.replace(set(titles), rows)
        update.pairs = len(rows)
    update.seconds = time.monotonic() - clock
    return update


def state_rows(
    register: RegisterBackend,
    layers: list[StateLayer],
    titles: set[str] | None = None,
    holders: list[str] | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> list[StateRow]:
    """The pairs of the register's live claims (only `titles` when given) with the layers."""
    feedback = ensure_feedback(feedback)
    uri, provider = register.layer_uri()
    claims = QgsVectorLayer(uri, "claims", provider)
    if not claims.isValid():
        raise UserError(tr("The register's claims cannot be opened as a layer."))
    given: dict[str, QgsVectorLayer] = {}
    options = OverlapOptions(
        company_holders=settings.get("company/holders") if holders is None else holders,
        claim_titles=titles,
    )
    for layer in layers:
        opened = QgsVectorLayer(layer.source, layer.role, layer.provider)
        if not opened.isValid():
            raise UserError(
                tr("The {role} layer '{source}' of the overlap state cannot be opened.").format(
                    role=layer.role, source=layer.source
                )
            )
        given[layer.role] = opened
        if layer.role == PARCELS:
            options.parcel_fields = ParcelFields(**layer.fields)
        elif layer.role == TERRITORIES:
            options.territory_fields = TerritoryFields(**layer.fields)
            options.distance_m = layer.distance_m
    result = run_overlap(
        claims, given.get(PARCELS), given.get(TERRITORIES), given.get(AOI), options, feedback
    )
    gone = _gone_fids(claims)
    rows = []
    for pair in result.pairs:
        claim, other = (pair.a, pair.b) if pair.a.role == CLAIMS else (pair.b, pair.a)
        if claim.role != CLAIMS or claim.fid in gone:
            continue
        mine, theirs = (
            (pair.share_a_pct, pair.share_b_pct)
            if claim is pair.a
            else (pair.share_b_pct, pair.share_a_pct)
        )
        rows.append(
            StateRow(
                pair.kind, claim.key, claim.fid, other.role, other.fid, other.key,
                pair.relation, pair.overlap_ha, mine, theirs, pair.distance_m, pair.flag,
                pair.nation,
            )
        )  # fmt: skip
    return sorted(rows, key=StateRow.sort_key)


def _gone_fids(claims: QgsVectorLayer) -> set[int]:
    """Feature ids of the claims marked gone (they keep their row, and have no pairs)."""
    request = QgsFeatureRequest().setFilterExpression(f'"{GONE_COLUMN}" IS NOT NULL')
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes([GONE_COLUMN], claims.fields())
    return {feature.id() for feature in claims.getFeatures(request)}
