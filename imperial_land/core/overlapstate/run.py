"""The register's overlap state kept current: a full run when it is configured, then after each
sync a run on the changed titles only, whose pairs replace theirs in one transaction.

Why this equals a full run: a pair depends only on its claim and the other feature (areas,
relation, distance, flag), so the pairs of the titles a sync changed (new, gone, back, geometry,
holder, status or any other field) are all that can differ; a gone claim has no pairs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import QgsFeatureRequest, QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.common import (
    UserError,
    ensure_feedback,
    gc_paused,
    profile_dir,
    settings,
    tr,
)
from imperial_land.core.maplayers import (
    AOI,
    CLAIMS,
    PARCELS,
    TERRITORIES,
    ClaimFields,
    ParcelFields,
    TerritoryFields,
)
from imperial_land.core.overlap import (
    AOI_CLAIM,
    CLAIM_TERRITORY,
    PARCEL_CLAIM,
    OverlapOptions,
    layer_extent,
    run_overlap,
)
from imperial_land.core.register import (
    GONE_COLUMN,
    OverlapStateStore,
    RegisterBackend,
    StateLayer,
    StateRow,
)
from imperial_land.core.storage import quote

# Up to this many changed titles the claims layer is filtered to them in the provider (an IN list
# on the register's title index); a bigger sync reads every claim in bulk and filters in Python.
FILTER_MAX_TITLES = 20_000
# The rules that make the pairs, part of each compared layer's digest: a version of the plugin
# that measures pairs otherwise changes it, and the next sync then makes the state again in
# full instead of keeping pairs measured the old way (2026-12-05: near distances as the least
# geodesic, pairs.near; earlier states held overstated distances and lacked some near pairs).
PAIR_RULES = "2026-12-05 near: least geodesic"
# The state keeps each claim's pairs: the kinds with a claim on one side (no parcel x territory).
CLAIM_PAIR_KINDS = frozenset({CLAIM_TERRITORY, PARCEL_CLAIM, AOI_CLAIM})


@dataclass
class StateUpdate:
    """What one update of the overlap state did."""

    titles: list[str] = field(default_factory=list)
    pairs: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the process's CPU time meanwhile (every thread), for benchmarks
    problem: str = ""
    full: bool = False  # a compared layer had changed: the whole state was computed again

    def lines(self) -> list[str]:
        if self.problem:
            return [
                tr("Overlap state not updated (the sync itself was applied): {problem}").format(
                    problem=self.problem
                )
            ]
        if self.full:
            return [
                tr(
                    "Overlap state computed again in full (a compared layer or the plugin's "
                    "pair rules changed): {pairs} pairs."
                ).format(pairs=self.pairs)
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
    kept = [dataclasses.replace(layer, digest=layer_digest(layer)) for layer in layers]
    OverlapStateStore(register).configure(kept, rows)
    return len(rows)


def update_overlap_state(
    register: RegisterBackend,
    run_id: int,
    holders: list[str] | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> StateUpdate | None:
    """Bring the state up to date with sync run `run_id` (None when the register keeps none)."""
    clock, cpu = time.monotonic(), time.process_time()
    store = OverlapStateStore(register)
    if not store.configured():
        return None
    layers = store.layers()
    if any(layer_digest(layer) != layer.digest for layer in layers):
        # A compared layer was edited since: every pair may differ, never keep a stale one.
        pairs = configure_overlap_state(register, layers, holders, feedback)
        return StateUpdate(
            full=True,
            pairs=pairs,
            seconds=time.monotonic() - clock,
            cpu_seconds=time.process_time() - cpu,
        )
    titles = sorted({change.title for change in register.changes(run_id)})
    update = StateUpdate(titles=titles)
    if titles:
        with gc_paused():  # right after a sync's rows: no collector walk in the middle
            rows = state_rows(register, layers, set(titles), holders, feedback)
            for row in rows:
                row.run_id = run_id
            store.replace(set(titles), rows)
        update.pairs = len(rows)
    update.seconds, update.cpu_seconds = time.monotonic() - clock, time.process_time() - cpu
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
        prepared_cache=prepared_cache_dir(register),
        pair_kinds=CLAIM_PAIR_KINDS,
    )
    if titles is not None and len(titles) <= FILTER_MAX_TITLES:
        # Only the changed titles' rows are read (the engine's title filter stays the exact
        # rule); the frame still covers every claim, so the pairs are the full run's.
        options.frame_extents = [(layer_extent(claims), claims.crs())]
        if not claims.setSubsetString(titles_subset(titles)):
            raise UserError(tr("The register's claims cannot be filtered by title."))
    for layer in layers:
        given[layer.role] = opened = _open(layer)
        for name in layer.fields.values():
            if name and opened.fields().indexOf(name) < 0:
                raise UserError(
                    tr("The {role} layer '{source}' has no field '{field}'.").format(
                        role=layer.role, source=layer.source, field=name
                    )
                )
        if layer.role == PARCELS:
            options.parcel_fields = ParcelFields(**layer.fields)
        elif layer.role == TERRITORIES:
            options.territory_fields = TerritoryFields(**layer.fields)
            options.distance_m = layer.distance_m
    result = run_overlap(
        claims, given.get(PARCELS), given.get(TERRITORIES), given.get(AOI), options, feedback
    )
    claim_ids = {ref.fid for pair in result.pairs for ref in (pair.a, pair.b) if ref.role == CLAIMS}
    live = _live_claims(claims, claim_ids)
    rows = []
    for pair in result.pairs:
        claim, other = (pair.a, pair.b) if pair.a.role == CLAIMS else (pair.b, pair.a)
        if claim.role != CLAIMS or claim.fid not in live:
            continue
        mine, theirs = (
            (pair.share_a_pct, pair.share_b_pct)
            if claim is pair.a
            else (pair.share_b_pct, pair.share_a_pct)
        )
        rows.append(
            StateRow(
                pair.kind, claim.key, live[claim.fid], other.role, other.fid, other.key,
                pair.relation, pair.overlap_ha, mine, theirs, pair.distance_m, pair.flag,
                pair.nation,
            )
        )  # fmt: skip
    return sorted(rows, key=StateRow.sort_key)


def titles_subset(titles: set[str]) -> str:
    """A provider filter keeping the register rows of `titles`, as stored and stripped (the
    engine compares stripped titles); the register indexes the title (schema version 4)."""
    forms = sorted({t for title in titles for t in (title, title.strip())})
    quoted = ", ".join("'" + t.replace("'", "''") + "'" for t in forms)
    return f"{quote(ClaimFields().title)} IN ({quoted})" if quoted else "0 = 1"


def prepared_cache_dir(register: RegisterBackend) -> Path:
    """Where the register's prepared territories are kept: beside a GeoPackage register
    (`<name>.prepared/`), in the QGIS profile for a PostGIS one (one folder per schema)."""
    path = getattr(register, "path", None)
    if path is not None:
        return Path(path).with_name(Path(path).name + ".prepared")
    name = hashlib.sha256(repr(register.layer_uri()).encode()).hexdigest()[:16]
    return profile_dir("prepared") / name


def layer_digest(layer: StateLayer) -> str:
    """SHA-256 of a compared layer's content: every feature's id, attributes and geometry (WKB),
    in the provider's order, with PAIR_RULES; an edit anywhere changes it. UserError when it
    cannot be opened."""
    opened = _open(layer)
    digest = hashlib.sha256(PAIR_RULES.encode())
    digest.update(opened.crs().toWkt().encode())
    digest.update("\x1f".join(opened.fields().names()).encode())
    for feature in opened.getFeatures():
        digest.update(str(feature.id()).encode())
        digest.update(repr([plain(v) for v in feature.attributes()]).encode())
        digest.update(bytes(feature.geometry().asWkb()))
    return digest.hexdigest()


def plain(value):
    """A QVariant attribute as plain text for the digest (NULL as None)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value.toString() if hasattr(value, "toString") else value


def _open(layer: StateLayer) -> QgsVectorLayer:
    opened = QgsVectorLayer(layer.source, layer.role, layer.provider)
    if not opened.isValid():
        raise UserError(
            tr("The {role} layer '{source}' of the overlap state cannot be opened.").format(
                role=layer.role, source=layer.source
            )
        )
    return opened


def _live_claims(claims: QgsVectorLayer, ids: set[int]) -> dict[int, int]:
    """QGIS feature id -> the register's fid, for the claims of `ids` not marked gone (a gone
    claim keeps its row and has no pairs). PostGIS layers number their features themselves, so
    the register's own `fid` column is read; a GeoPackage's feature id is its fid."""
    if not ids:
        return {}
    has_fid = claims.fields().indexOf("fid") >= 0
    request = QgsFeatureRequest().setFilterFids(sorted(ids))
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    names = [GONE_COLUMN, "fid"] if has_fid else [GONE_COLUMN]
    request.setSubsetOfAttributes(names, claims.fields())
    live = {}
    for feature in claims.getFeatures(request):
        if plain(feature[GONE_COLUMN]) is None:
            live[feature.id()] = int(feature["fid"]) if has_fid else feature.id()
    return live
