"""Views of overlap pairs that only the tests need."""

from __future__ import annotations

from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.results import OverlapPair


def nations_by_feature(pairs: list[OverlapPair]) -> dict[tuple[str, int], list[str]]:
    """For each (role, fid) of side A, the Nations to consult, sorted, each once."""
    found: dict[tuple[str, int], set[str]] = {}
    for pair in pairs:
        if pair.flag == r.FLAG_CONSULTATION:
            found.setdefault((pair.a.role, pair.a.fid), set()).add(pair.nation)
    return {key: sorted(names) for key, names in found.items()}
