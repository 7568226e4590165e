"""The diff of a GESTIM batch against the register: row keys, digests, and the change rows.

Row key: ``TIT_NO-n``. GESTIM publishes one row per title and holder (and per cell), so the title
number alone repeats. The rows of one title are ordered by holder number (DET_NO), holder name,
then the cell's south-west corner, and numbered from 1. Most titles have one row, keyed
``TIT_NO-1`` whatever its holder: a transfer is then a holder change on the same row, not a gone
row plus a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any

import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsProject,
)

from imperial_land.core.errors import UserError
from imperial_land.core.feedback import check_cancelled, ensure_feedback
from imperial_land.core.gpkg_binary import as_multipolygon
from imperial_land.core.i18n import tr
from imperial_land.core.register_schema import (
    BACK,
    DATE,
    FIELD_CHANGE_KINDS,
    GEOMETRY,
    GESTIM_KINDS,
    GONE,
    GONE_COLUMN,
    INTEGER,
    NEW,
    OTHER,
    REAL,
    TEXT,
    Change,
    FieldSpec,
    RegisterBackend,
    RegisterDiff,
    RegisterRow,
    coerce,
    kind_of,
    to_text,
)

TITLE = "TIT_NO"
_PYTHON_TYPES = {TEXT: str, INTEGER: int, REAL: float, DATE: dt.date}
GEOMETRY_KEY = "geometry_wkb"
CHECK_EVERY = 5000
GEOMETRY_TOLERANCE = 1e-7  # register CRS units: about 1 cm in degrees


@dataclass
class DiffResult:
    """What a batch changes in the register."""

    diff: RegisterDiff
    changes: list[Change]
    keys_by_kind: dict[str, set[str]] = field(default_factory=dict)
    n_rows: int = 0
    skipped: int = 0  # source rows without a title number

    def counts(self) -> dict[str, int]:
        """Rows per kind of change (a row with two kinds counts in both)."""
        return {kind: len(keys) for kind, keys in self.keys_by_kind.items()}


def title_of_key(key: str) -> str:
    """The title number inside a row key."""
    return key.rsplit("-", 1)[0]


def _number_order(value: Any) -> tuple[int, str]:
    """Sort key that puts holder numbers in numeric order ("7" before "10")."""
    text = str(coerce(value, "text") or "")
    return (len(text), text) if text.isdigit() else (1 << 30, text)


def assign_keys(rows: list[dict[str, Any]]) -> list[str | None]:
    """The register key of each source row (None when the row has no title number)."""
    titles = [
        title if type(title) is str else coerce(title, TEXT)
        for title in map(methodcaller("get", TITLE), rows)
    ]
    counts = Counter(titles)
    keys: list[str | None] = [
        None if title is None or counts[title] > 1 else title + "-1" for title in titles
    ]
    groups: dict[str, list[int]] = {}
    for index, title in enumerate(titles):
        if title is not None and counts[title] > 1:
            groups.setdefault(title, []).append(index)
    shared = [i for members in groups.values() for i in members]
    corners: dict[int, tuple[float, float]] = {}
    present = [(i, rows[i].get(GEOMETRY_KEY)) for i in shared]
    present = [(i, w) for i, w in present if w is not None]
    if present:
        bounds = shapely.bounds(shapely.from_wkb([w for _i, w in present])).tolist()
        corners = {i: (b[0], b[1]) for (i, _w), b in zip(present, bounds)}
    for title, members in groups.items():
        members = sorted(
            members,
            key=lambda i: (
                _number_order(rows[i].get("DET_NO")),
                str(rows[i].get("DET_NOM") or ""),
                corners.get(i, (0.0, 0.0)),
                i,
            ),
        )
        for ordinal, index in enumerate(members, start=1):
            keys[index] = f"{title}-{ordinal}"
    return keys


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


def digests(columns: list[list[Any]], wkbs: list[bytes | None]) -> list[str]:
    """`digest` of every row from its columns (in `names` order): the sync's hot loop."""
    return [_digest(values, wkb) for values, wkb in zip(zip(*columns), wkbs)]


def _transformer(source_crs: str, target_crs: str):
    if not source_crs or source_crs == target_crs:
        return None
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem(source_crs),
        QgsCoordinateReferenceSystem(target_crs),
        QgsProject.instance(),
    )

    def apply(wkb: bytes) -> bytes:
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        geometry.transform(transform)
        return bytes(geometry.asWkb())

    return apply


def _geometry_text(wkb: bytes | None) -> str | None:
    if wkb is None:
        return None
    return shapely.to_wkt(shapely.from_wkb(wkb), rounding_precision=7)


def _same_shape(old: bytes | None, new: bytes | None) -> bool:
    """Equal within GEOMETRY_TOLERANCE, whatever the ring direction and start (a WFS gives the
    shapefile's shapes counter-clockwise, maybe rounded)."""
    if old is None or new is None:
        return old is new
    shapes = shapely.normalize(shapely.from_wkb([old, new]))  # ring order and start point
    return bool(shapely.equals_exact(shapes[0], shapes[1], GEOMETRY_TOLERANCE))


def assign_keys_by_holder(
    rows: list[dict[str, Any]], existing: dict[str, dict[str, Any]]
) -> list[str | None]:
    """Keys for an area source without holder numbers (WFS): a row takes the register row of the
    same title and holder, else one of the title's rows no other source row matched (a
    transfer), else the title's next free ordinal."""
    by_title: dict[str, list[tuple[str, str]]] = {}
    for key, values in existing.items():
        holder = " ".join(str(values.get("DET_NOM") or "").split()).casefold()
        by_title.setdefault(title_of_key(key), []).append((key, holder))
    titles = [coerce(row.get(TITLE), TEXT) for row in rows]
    keys: list[str | None] = [None] * len(rows)
    taken: set[str] = set()
    pending = []
    for index, (row, title) in enumerate(zip(rows, titles)):
        if title is None:
            continue
        holder = " ".join(str(row.get("DET_NOM") or "").split()).casefold()
        match = next(
            (k for k, h in by_title.get(title, []) if h == holder and k not in taken), None
        )
        if match is None:
            pending.append(index)
        else:
            keys[index] = match
            taken.add(match)
    for index in pending:
        title = titles[index]
        known = [k for k, _h in by_title.get(title, [])]
        free = next((k for k in sorted(known) if k not in taken), None)
        if free is None:
            used = [int(k.rsplit("-", 1)[1]) for k in [*known, *taken] if title_of_key(k) == title]
            free = f"{title}-{max(used, default=0) + 1}"
        keys[index] = free
        taken.add(free)
    return keys


class _Differ:
    """One diff run; holds the field specs and collects rows and changes."""

    def __init__(self, register: RegisterBackend, fields: list[str], full: bool) -> None:
        self.register = register
        self.full = full
        self.existing = register.source_fields()
        self.batch_fields = [f for f in fields if f != GEOMETRY_KEY]
        self.result = DiffResult(RegisterDiff(), [])

    def plan_fields(self, rows: list[dict[str, Any]]) -> list[FieldSpec]:
        known = {spec.name for spec in self.existing}
        added = []
        for name in self.batch_fields:
            if name in known:
                continue
            kind = GESTIM_KINDS.get(name)
            if kind is None:
                sample = next((r.get(name) for r in rows if r.get(name) not in (None, "")), "")
                kind = kind_of(sample)
            added.append(FieldSpec(name, kind))
        self.result.diff.new_fields = added
        self.specs = self.existing + added
        present = set(self.batch_fields)
        # a province file says what every field holds (absent = empty); an area source (WFS)
        # only speaks for the fields it has
        self.read_specs = self.specs if self.full else [s for s in self.specs if s.name in present]
        self.read_names = [s.name for s in self.read_specs]
        self.names = [s.name for s in self.specs]
        self.partial = len(self.read_specs) < len(self.specs)
        # fields whose values are not all of the field's Python type get converted value by
        # value; the others (nearly all: the readers type them) are used as they come
        self.columns = {n: list(map(methodcaller("get", n), rows)) for n in self.read_names}
        self.mixed = []
        for spec in self.read_specs:
            types = set(map(type, self.columns[spec.name]))
            types.discard(type(None))
            if types - {_PYTHON_TYPES[spec.kind]}:
                self.mixed.append((spec.name, spec.kind))
        return added

    def name_columns(self, count: int) -> list[list[Any]]:
        """The value columns in `names` order (None columns for fields the source lacks)."""
        empty = [None] * count
        return [self.columns.get(name, empty) for name in self.names]

    def prepare_rows(self, rows: list[dict[str, Any]], keys: list[str | None], transform) -> list:
        """Type the values (rows and columns) and take the geometries out: their WKB as
        MultiPolygon in the register's CRS, in row order."""
        wkbs = [row.pop(GEOMETRY_KEY, None) for row in rows]
        for name, kind in self.mixed:
            column = self.columns[name]
            for index, value in enumerate(column):
                if value is None or keys[index] is None:
                    continue
                try:
                    column[index] = coerce(value, kind)
                except (TypeError, ValueError) as exc:
                    raise UserError(
                        tr(
                            "Title {title}: a value cannot be read ({error}); the register is "
                            "unchanged."
                        ).format(title=title_of_key(keys[index]), error=exc)
                    ) from exc
            for row, value in zip(rows, column):
                row[name] = value
        return [
            None if wkb is None else as_multipolygon(transform(wkb) if transform else bytes(wkb))
            for wkb in wkbs
        ]

    def note(self, key: str, kind: str, name: str, old: Any, new: Any) -> None:
        self.result.changes.append(
            Change(key, title_of_key(key), name, to_text(old), to_text(new), kind)
        )
        self.result.keys_by_kind.setdefault(kind, set()).add(key)

    def compare(self, key: str, old: RegisterRow, values: dict, wkb: bytes | None) -> bool:
        """Note the field changes of `key`; True when something differs."""
        kinds = {s.name: s.kind for s in self.specs}
        changed = False
        for name in self.read_names:
            new = values.get(name)
            previous = coerce(old.values.get(name), kinds[name])
            if previous != new:
                self.note(key, FIELD_CHANGE_KINDS.get(name, OTHER), name, previous, new)
                changed = True
        if old.geometry_wkb != wkb and not _same_shape(old.geometry_wkb, wkb):
            old_text, new_text = _geometry_text(old.geometry_wkb), _geometry_text(wkb)
            self.note(key, GEOMETRY, "geometry", old_text, new_text)
            changed = True
        return changed


def compute_diff(
    register: RegisterBackend,
    rows: list[dict[str, Any]],
    fields: list[str],
    crs_authid: str,
    run_date: dt.date,
    full: bool = True,
    feedback: QgsProcessingFeedback | None = None,
) -> DiffResult:
    """The rows to insert/update/mark gone and the change rows. `full`: the source holds every
    title (a province download), so register rows missing from it are gone; an area source
    (WFS) never marks rows gone. `rows` is consumed (emptied) to keep one copy in memory."""
    feedback = ensure_feedback(feedback)
    if TITLE not in fields:
        raise UserError(
            tr("The source has no '{field}' field; the register is unchanged.").format(field=TITLE)
        )
    differ = _Differ(register, fields, full)
    differ.plan_fields(rows)
    result, diff = differ.result, differ.result.diff
    diff.gone_date = run_date
    transform = _transformer(crs_authid, register.crs_authid())
    states = register.read_states()
    if full:
        keys = assign_keys(rows)
    else:
        keys = assign_keys_by_holder(rows, register.read_values([TITLE, "DET_NOM"]))
    wkbs = differ.prepare_rows(rows, keys, transform)
    check_cancelled(feedback)
    hashes = digests(differ.name_columns(len(rows)), wkbs)
    differ.columns = {}
    check_cancelled(feedback)
    seen: set[str] = set()
    suspects: dict[str, tuple[dict[str, Any], bytes | None]] = {}
    for index, key in enumerate(keys):
        if index % CHECK_EVERY == 0:
            check_cancelled(feedback)
        values, rows[index] = rows[index], None  # consumed: keeps one copy of the rows in memory
        if key is None:
            result.skipped += 1
            continue
        seen.add(key)
        state = states.get(key)
        if state is None:
            if differ.partial:
                values = {name: values.get(name) for name in differ.names}
            diff.new.append(RegisterRow(key, values, wkbs[index], hashes[index]))
            differ.note(key, NEW, "", None, None)
        elif differ.partial or state.gone_date is not None or hashes[index] != state.src_hash:
            suspects[key] = (values, wkbs[index])
    result.n_rows = len(seen)
    old_rows = register.read_rows(list(suspects))
    for index, (key, (values, wkb)) in enumerate(suspects.items()):
        if index % CHECK_EVERY == 0:
            check_cancelled(feedback)
        old = old_rows[key]
        merged = {name: old.values.get(name) for name in differ.names}
        merged.update(values)
        row = RegisterRow(key, merged, wkb, digest(merged, differ.names, wkb))
        gone_date = states[key].gone_date
        if gone_date is not None:
            differ.note(key, BACK, GONE_COLUMN, gone_date, None)
            differ.compare(key, old, values, wkb)
            diff.back.append(row)
        elif differ.compare(key, old, values, wkb) or row.src_hash != old.src_hash:
            diff.changed.append(row)
    if full:
        for key, state in states.items():
            if state.gone_date is None and key not in seen:
                diff.gone.append(key)
                differ.note(key, GONE, GONE_COLUMN, None, run_date)
    return result
