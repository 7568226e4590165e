"""Digests of GESTIM rows (src_hash): what a sync compares to find the rows that changed.

A row's digest is BLAKE2b-128 of ``repr(values)`` (the GESTIM values in the register's column
order, trailing None left out so that a new empty column changes no digest) then the geometry
WKB. `digests` gives exactly the digests of `digest`, column by column: each distinct value is
repr'd once and a row's text is one join.
"""

from __future__ import annotations

import hashlib
from typing import Any

_NONE = type(None)


def _digest(ordered: tuple[Any, ...], wkb: bytes | None) -> str:
    while ordered and ordered[-1] is None:  # a new, empty column changes no digest
        ordered = ordered[:-1]
    hasher = hashlib.blake2b(repr(ordered).encode("utf-8"), digest_size=16)
    if wkb is not None:
        hasher.update(wkb)
    return hasher.hexdigest()


def digest(values: dict[str, Any], names: list[str], wkb: bytes | None) -> str:
    """Digest of the GESTIM values (in `names` order) and the geometry."""
    return _digest(tuple(map(values.get, names)), wkb)


def _reprs(column: list[Any]) -> list[str]:
    """repr() of every value; once per distinct value when the column holds one type that is
    not float (0.0 == -0.0 but their reprs differ)."""
    try:
        distinct = set(column)
    except TypeError:  # unhashable values
        return list(map(repr, column))
    types = set(map(type, distinct))
    types.discard(_NONE)
    if len(types) > 1 or float in types:
        return list(map(repr, column))
    texts = {value: repr(value) for value in distinct}
    return list(map(texts.__getitem__, column))


def digests(columns: list[list[Any]], wkbs: list[bytes | None]) -> list[str]:
    """`digest` of every row from its columns (in the register's column order)."""
    if len(columns) < 2:
        return [_digest(values, wkb) for values, wkb in zip(zip(*columns), wkbs)]
    bodies = map(", ".join, zip(*map(_reprs, columns)))
    last = columns[-1]
    blake2b = hashlib.blake2b
    found = []
    for index, (body, wkb) in enumerate(zip(bodies, wkbs)):
        if last[index] is None:  # trailing None: the slow, exact way
            found.append(_digest(tuple(column[index] for column in columns), wkb))
            continue
        data = ("(" + body + ")").encode("utf-8")
        found.append(blake2b(data + wkb if wkb else data, digest_size=16).hexdigest())
    return found
