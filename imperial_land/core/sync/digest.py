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
SAMPLE = 2000


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


def _few_values(column: list[Any]) -> bool:
    """Whether the column seems to repeat its values (then each is repr'd once)."""
    head = column[:SAMPLE]
    return len(set(head)) * 10 < len(head)


def _reprs(column: list[Any]) -> list[str]:
    """repr() of every value: once per distinct value when that is cheaper and exact (one type,
    hashable; never 0.0 with -0.0, equal but not the same repr)."""
    types = set(map(type, column))
    types.discard(_NONE)
    if len(types) > 1 or (str in types and not _few_values(column)):
        return list(map(repr, column))
    try:
        distinct = set(column)
    except TypeError:  # unhashable values
        return list(map(repr, column))
    if float in types and 0.0 in distinct:
        return list(map(repr, column))
    texts = {value: repr(value) for value in distinct}
    return list(map(texts.__getitem__, column))


def digests(columns: list[list[Any]], wkbs: list[bytes | None]) -> list[str]:
    """`digest` of every row from its columns (in the register's column order)."""
    while columns and all(value is None for value in columns[-1]):
        columns = columns[:-1]  # trailing empty columns: left out of every row's digest
    if len(columns) < 2:
        return [_digest(values, wkb) for values, wkb in zip(zip(*columns), wkbs)]
    texts = [_reprs(column) for column in columns]
    texts[0] = ["(" + text for text in texts[0]]
    texts[-1] = [text + ")" for text in texts[-1]]
    blake2b = hashlib.blake2b
    found = [
        blake2b(body.encode("utf-8") + (wkb or b""), digest_size=16).hexdigest()
        for body, wkb in zip(map(", ".join, zip(*texts)), wkbs)
    ]
    last = columns[-1]
    for index in [i for i, value in enumerate(last) if value is None]:  # more trailing None
        found[index] = _digest(tuple(column[index] for column in columns), wkbs[index])
    return found
