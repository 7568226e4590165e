"""The diff of a GESTIM batch against the register: row keys, digests, and the change rows.

Row key: ``TIT_NO-n``. GESTIM publishes one row per title and holder (and per cell), so the title
number alone repeats. The rows of one title are ordered by holder number (DET_NO), holder name,
then the cell's south-west corner, and numbered from 1. Most titles have one row, keyed
``TIT_NO-1`` whatever its holder: a transfer is then a holder change on the same row, not a gone
row plus a new one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from operator import ne
from typing import Any

import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsProject,
)

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, tr
from imperial_land.core.gestim import Columns
from imperial_land.core.register import (
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
from imperial_land.core.storage import as_multipolygon
from imperial_land.core.sync.digest import digest, digests

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


def holder_text(value: Any) -> str:
    """A holder name as compared: spacing and case ignored ("" for None)."""
    return " ".join(str(value or "").split()).casefold()


def _number_order(value: Any) -> tuple[int, str]:
    """Sort key that puts holder numbers in numeric order ("7" before "10")."""
    text = str(value) if type(value) is int else str(coerce(value, TEXT) or "")
    return (len(text), text) if text.isdigit() else (1 << 30, text)


def assign_keys(rows: list[dict[str, Any]]) -> list[str | None]:
    """The register key of each source row (None when the row has no title number)."""
    names = [TITLE, "DET_NO", "DET_NOM", GEOMETRY_KEY]
    return assign_column_keys({name: [row.get(name) for row in rows] for name in names})


def assign_column_keys(columns: Columns) -> list[str | None]:
    """`assign_keys` over the batch's columns (TIT_NO, DET_NO, DET_NOM, geometry_wkb)."""
    count = len(columns[TITLE])
    empty = [None] * count
    det_nos, holders = columns.get("DET_NO", empty), columns.get("DET_NOM", empty)
    wkbs = columns.get(GEOMETRY_KEY, empty)
    titles = [t if type(t) is str else coerce(t, TEXT) for t in columns[TITLE]]
    counts = Counter(titles)
    # a title on one row is keyed TIT_NO-1; the rows of the shared titles are renumbered below
    keys: list[str | None] = [None if title is None else title + "-1" for title in titles]
    shared_titles = {title for title, count in counts.items() if count > 1}
    shared_titles.discard(None)
    groups: dict[str, list[int]] = {}
    for index in [i for i, title in enumerate(titles) if title in shared_titles]:
        groups.setdefault(titles[index], []).append(index)
    order = {
        i: (_number_order(det_nos[i]), str(holders[i] or ""))
        for members in groups.values()
        for i in members
    }
    # the cell's corner decides only between rows of one title with the same holder
    tied = [
        i
        for members in groups.values()
        if len({order[i] for i in members}) < len(members)
        for i in members
        if wkbs[i] is not None
    ]
    corners: dict[int, tuple[float, float]] = {}
    if tied:
        bounds = shapely.bounds(shapely.from_wkb([wkbs[i] for i in tied])).tolist()
        corners = {i: (b[0], b[1]) for i, b in zip(tied, bounds)}
    for title, members in groups.items():
        members = sorted(members, key=lambda i: (*order[i], corners.get(i, (0.0, 0.0)), i))
        for ordinal, index in enumerate(members, start=1):
            keys[index] = f"{title}-{ordinal}"
    return keys


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


def _holders_by_title(rows: dict[str, dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """title -> [(reg_key, holder text)] of register rows given as reg_key -> values."""
    by_title: dict[str, list[tuple[str, str]]] = {}
    for key, values in rows.items():
        by_title.setdefault(title_of_key(key), []).append((key, holder_text(values.get("DET_NOM"))))
    return by_title


def assign_keys_by_holder(
    titles: list[Any],
    holders: list[Any],
    existing: dict[str, dict[str, Any]],
    gone: dict[str, dict[str, Any]] | None = None,
) -> list[str | None]:
    """Keys for an area source without holder numbers (WFS). A row takes, in this order:
    the register row of the same title and holder; a row of that title and holder gone from
    GESTIM (it comes back); one of the title's rows no other source row matched (a transfer);
    one of its gone rows; the title's next free ordinal (past the gone rows' too).

    `existing` and `gone`: reg_key -> values (DET_NOM at least) of the live and the gone rows.
    """
    live = _holders_by_title(existing)
    returning = _holders_by_title(gone or {})
    titles = [coerce(title, TEXT) for title in titles]
    keys: list[str | None] = [None] * len(titles)
    taken: set[str] = set()
    pending = []
    for index, (raw_holder, title) in enumerate(zip(holders, titles)):
        if title is None:
            continue
        holder = holder_text(raw_holder)
        candidates = [*live.get(title, []), *returning.get(title, [])]
        match = next((k for k, h in candidates if h == holder and k not in taken), None)
        if match is None:
            pending.append(index)
        else:
            keys[index] = match
            taken.add(match)
    for index in pending:
        title = titles[index]
        known = sorted(k for k, _h in live.get(title, []))
        back = sorted(k for k, _h in returning.get(title, []))
        free = next((k for k in [*known, *back] if k not in taken), None)
        if free is None:
            used = [
                int(k.rsplit("-", 1)[1])
                for k in [*known, *back, *taken]
                if title_of_key(k) == title
            ]
            free = f"{title}-{max(used, default=0) + 1}"
        keys[index] = free
        taken.add(free)
    return keys


def _coerced(column: list[Any], kind: str, keys: list[str | None]) -> list[Any]:
    """A copy of `column` with its values as the Python type of `kind` (each distinct value
    converted once); rows without a key keep their value. UserError names the first row's title
    whose value cannot be converted."""
    pairs = list(zip(map(type, column), column))  # 1, 1.0 and True are equal, not the same
    try:
        distinct = set(pairs)
    except TypeError:  # unhashable values: one by one
        distinct, pairs = None, None
    converted: dict[tuple[type, Any], Any] = {}
    failed: dict[tuple[type, Any], Exception] = {}
    for pair in distinct or ():
        try:
            converted[pair] = coerce(pair[1], kind)
        except (TypeError, ValueError) as exc:
            failed[pair] = exc
    result = list(column)
    for index, value in enumerate(column) if pairs is None or failed else ():
        if value is None or keys[index] is None:
            continue
        try:
            result[index] = coerce(value, kind)
        except (TypeError, ValueError) as exc:
            raise UserError(
                tr(
                    "Title {title}: a value cannot be read ({error}); the register is unchanged."
                ).format(title=title_of_key(keys[index]), error=exc)
            ) from exc
    if pairs is not None and not failed:
        result = list(map(converted.__getitem__, pairs))
        for index in [i for i, key in enumerate(keys) if key is None]:
            result[index] = column[index]
    return result


class _Differ:
    """One diff run; holds the field specs and collects rows and changes."""

    def __init__(self, register: RegisterBackend, fields: list[str], full: bool) -> None:
        self.register = register
        self.full = full
        self.existing = register.source_fields()
        self.batch_fields = [f for f in fields if f != GEOMETRY_KEY]
        self.result = DiffResult(RegisterDiff(), [])

    def plan_fields(self, source: Columns) -> list[FieldSpec]:
        known = {spec.name for spec in self.existing}
        added = []
        for name in self.batch_fields:
            if name in known:
                continue
            kind = GESTIM_KINDS.get(name)
            if kind is None:
                sample = next((v for v in source[name] if v not in (None, "")), "")
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
        self.kinds = {s.name: s.kind for s in self.specs}
        self.partial = len(self.read_specs) < len(self.specs)
        self.count = len(source[TITLE])
        empty = [None] * self.count
        self.columns = {n: source.get(n, empty) for n in self.read_names}
        # fields whose values are not all of the field's Python type get converted value by
        # value; the others (nearly all: the readers type them) are used as they come
        self.mixed = []
        for spec in self.read_specs:
            types = set(map(type, self.columns[spec.name]))
            types.discard(type(None))
            if types - {_PYTHON_TYPES[spec.kind]}:
                self.mixed.append((spec.name, spec.kind))
        return added

    def name_columns(self) -> list[list[Any]]:
        """The value columns in `names` order (None columns for fields the source lacks)."""
        empty = [None] * self.count
        return [self.columns.get(name, empty) for name in self.names]

    def values(self, index: int) -> dict[str, Any]:
        """The source row at `index`: its fields' typed values by name."""
        return {name: self.columns[name][index] for name in self.batch_fields}

    def prepare(self, wkbs: list[bytes | None], keys: list[str | None], transform) -> list:
        """Type the mixed columns (on copies: the batch is left as read) and give the geometries
        as MultiPolygon WKB in the register's CRS, in row order."""
        for name, kind in self.mixed:
            self.columns[name] = _coerced(self.columns[name], kind, keys)
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
        changed = False
        for name in self.read_names:
            new = values.get(name)
            previous = coerce(old.values.get(name), self.kinds[name])
            if previous != new:
                self.note(key, FIELD_CHANGE_KINDS.get(name, OTHER), name, previous, new)
                changed = True
        if old.geometry_wkb != wkb and not _same_shape(old.geometry_wkb, wkb):
            old_text, new_text = _geometry_text(old.geometry_wkb), _geometry_text(wkb)
            self.note(key, GEOMETRY, "geometry", old_text, new_text)
            changed = True
        return changed


def _candidates(
    keys: list[str | None], hashes: list[str], stored: dict[str, str], gone: dict, every: bool
) -> list[int]:
    """Indexes of the source rows that may differ from the register: new rows, rows whose digest
    changed, rows back from gone (all rows when `every`), in source order."""
    if every:
        return list(range(len(keys)))
    found = list(compress(range(len(keys)), map(ne, map(stored.get, keys), hashes)))
    if gone:
        found.extend(index for index, key in enumerate(keys) if key in gone)
        found = sorted(set(found))
    return found


def compute_diff(
    register: RegisterBackend,
    columns: Columns,
    fields: list[str],
    crs_authid: str,
    run_date: dt.date,
    full: bool = True,
    feedback: QgsProcessingFeedback | None = None,
) -> DiffResult:
    """The rows to insert/update/mark gone and the change rows. `columns`: the source's values by
    field (+ geometry_wkb), as in GestimBatch; left unchanged. `full`: the source holds every
    title (a province download), so register rows missing from it are gone; an area source
    (WFS) never marks rows gone."""
    feedback = ensure_feedback(feedback)
    if TITLE not in fields:
        raise UserError(
            tr("The source has no '{field}' field; the register is unchanged.").format(field=TITLE)
        )
    differ = _Differ(register, fields, full)
    differ.plan_fields(columns)
    result, diff = differ.result, differ.result.diff
    diff.gone_date = run_date
    transform = _transformer(crs_authid, register.crs_authid())
    stored, gone = register.read_digests()
    if full:
        keys = assign_column_keys(columns)
    else:
        holders = columns.get("DET_NOM", [None] * differ.count)
        existing = register.read_values([TITLE, "DET_NOM"])
        in_source = {coerce(title, TEXT) for title in columns[TITLE]}
        back = register.read_rows([key for key in gone if title_of_key(key) in in_source])
        returning = {key: row.values for key, row in back.items()}
        keys = assign_keys_by_holder(columns[TITLE], holders, existing, returning)
    wkbs = differ.prepare(columns.get(GEOMETRY_KEY, [None] * differ.count), keys, transform)
    check_cancelled(feedback)
    hashes = digests(differ.name_columns(), wkbs)
    check_cancelled(feedback)
    seen = set(keys)
    seen.discard(None)
    result.skipped = len(keys) - len(seen)
    result.n_rows = len(seen)
    suspects: dict[str, tuple[dict[str, Any], bytes | None]] = {}
    for done, index in enumerate(_candidates(keys, hashes, stored, gone, differ.partial)):
        if done % CHECK_EVERY == 0:
            check_cancelled(feedback)
        key = keys[index]
        if key is None:
            continue
        values = differ.values(index)
        if key not in stored:
            if differ.partial:
                values = {name: values.get(name) for name in differ.names}
            diff.new.append(RegisterRow(key, values, wkbs[index], hashes[index]))
            differ.note(key, NEW, "", None, None)
        else:
            suspects[key] = (values, wkbs[index])
    old_rows = register.read_rows(list(suspects))
    for index, (key, (values, wkb)) in enumerate(suspects.items()):
        if index % CHECK_EVERY == 0:
            check_cancelled(feedback)
        old = old_rows[key]
        merged = {name: old.values.get(name) for name in differ.names}
        merged.update(values)
        row = RegisterRow(key, merged, wkb, digest(merged, differ.names, wkb))
        gone_date = gone.get(key)
        if gone_date is not None:
            differ.note(key, BACK, GONE_COLUMN, gone_date, None)
            differ.compare(key, old, values, wkb)
            diff.back.append(row)
        elif differ.compare(key, old, values, wkb) or (full and row.src_hash != old.src_hash):
            # an area source (WFS) rewrites nothing it does not change: its shapes come with
            # other ring directions and rounding, same within the tolerance
            diff.changed.append(row)
    if full:
        for key in stored:
            if key not in gone and key not in seen:
                diff.gone.append(key)
                differ.note(key, GONE, GONE_COLUMN, None, run_date)
    return result
