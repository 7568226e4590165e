"""The claim register's schema and the backend interface shared by GeoPackage and PostGIS.

Tables (names and columns are the same on every backend):

- ``claims``: ``fid`` (integer primary key), ``geom`` (MultiPolygon in the register CRS),
  ``reg_key`` (text, unique: see `make_key` in core/sync/run.py), every GESTIM field as published
  (upper-case names, kinds below; unknown source fields are added as new columns by a sync),
  ``src_hash`` (text: digest of the GESTIM fields + geometry, computed by core/sync/run.py),
  ``gone_date`` (date: set when the row left the source, cleared when it comes back),
  ``first_run_id`` / ``last_run_id`` (integer: run that inserted / last changed the row),
  and the LOCAL fields a sync never writes: ``local_notes``, ``local_priority``,
  ``local_project``, ``local_contact``.
- ``sync_runs``: one row per sync (see `SyncRun`); ``n_<kind>`` counts for every CHANGE_KINDS.
- ``changes``: one row per changed field (see `Change`).

A backend writes a sync with ONE call to `RegisterBackend.apply`, in one transaction; it calls
`self.step(name)` before each write step of WRITE_STEPS so tests can inject a failure there.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import TextEnum


class FieldKind(TextEnum):
    """Kinds of register field; each backend maps them to its SQL type."""

    TEXT = "text"
    INTEGER = "integer"
    REAL = "real"
    DATE = "date"


class ChangeKind(TextEnum):
    """Kinds of change, in report order. A changed row gives one Change per changed field, with
    the kind of that field (FIELD_CHANGE_KINDS, else OTHER); GEOMETRY for a new shape."""

    NEW = "new"
    STATUS = "status"
    HOLDER = "holder"
    EXPIRY = "expiry"
    AREA = "area"
    GEOMETRY = "geometry"
    OTHER = "other"
    GONE = "gone"
    BACK = "back"


# The values rows and columns carry (plain text: common/enums.py says why).
TEXT, INTEGER, REAL, DATE = (kind.value for kind in FieldKind)
GPKG_TYPES = {TEXT: "TEXT", INTEGER: "INTEGER", REAL: "REAL", DATE: "DATE"}
PG_TYPES = {TEXT: "text", INTEGER: "bigint", REAL: "double precision", DATE: "date"}

CLAIMS_TABLE = "claims"
RUNS_TABLE = "sync_runs"
CHANGES_TABLE = "changes"
GEOMETRY_COLUMN = "geom"
GEOMETRY_TYPE = "MULTIPOLYGON"
KEY_COLUMN = "reg_key"
HASH_COLUMN = "src_hash"
GONE_COLUMN = "gone_date"
DEFAULT_CRS = "EPSG:4269"  # GESTIM's NAD83 geographic; a register keeps the CRS it was made with
HOLDER_FIELD = "DET_NOM"  # the holder text of a row (GESTIM's); the register indexes it
SCHEMA_VERSION = 4  # 2: the consultation tables (register/consultation_schema.py)
# 3: the field-note tables (register/fieldnotes_schema.py)
# 4: the overlap-state tables and the claims' holder index (register/overlap_state_schema.py)


@dataclass(frozen=True)
class FieldSpec:
    """One column: its name and kind (TEXT, INTEGER, REAL, DATE)."""

    name: str
    kind: str


# GESTIM's fields as published (DOMAIN.md), in source order; identifiers are text.
GESTIM_FIELDS: list[FieldSpec] = [
    FieldSpec("TIT_NO", TEXT),
    FieldSpec("TER_CODE", TEXT),
    FieldSpec("TT_CODE", TEXT),
    FieldSpec("TT_DES_FR", TEXT),
    FieldSpec("TT_DES_AN", TEXT),
    FieldSpec("STI_CODE", TEXT),
    FieldSpec("STI_DES_FR", TEXT),
    FieldSpec("STI_DES_AN", TEXT),
    FieldSpec("TIT_DAT_EM", DATE),
    FieldSpec("TIT_DAT_EX", DATE),
    FieldSpec("TIT_NB_REN", INTEGER),
    FieldSpec("TIT_SUPRF", REAL),
    FieldSpec("DET_NOM", TEXT),
    FieldSpec("DET_POURC", REAL),
    FieldSpec("DET_NO", TEXT),
    FieldSpec("FEU_NO", TEXT),
    FieldSpec("FEU_NO_NOM", TEXT),
    FieldSpec("TIT_CRE_CU", REAL),
    FieldSpec("TIT_DR_REQ", REAL),
    FieldSpec("TIT_TR_REQ", REAL),
]
GESTIM_KINDS: dict[str, str] = {spec.name: spec.kind for spec in GESTIM_FIELDS}

# The company's own fields: never written by a sync.
LOCAL_FIELDS: list[FieldSpec] = [
    FieldSpec("local_notes", TEXT),
    FieldSpec("local_priority", INTEGER),
    FieldSpec("local_project", TEXT),
    FieldSpec("local_contact", TEXT),
]

# Bookkeeping columns of `claims` besides fid and geom.
BOOKKEEPING_FIELDS: list[FieldSpec] = [
    FieldSpec(KEY_COLUMN, TEXT),
    FieldSpec(HASH_COLUMN, TEXT),
    FieldSpec(GONE_COLUMN, DATE),
    FieldSpec("first_run_id", INTEGER),
    FieldSpec("last_run_id", INTEGER),
]

NEW, STATUS, HOLDER, EXPIRY, AREA, GEOMETRY, OTHER, GONE, BACK = (k.value for k in ChangeKind)
CHANGE_KINDS = [kind.value for kind in ChangeKind]
FIELD_CHANGE_KINDS: dict[str, str] = {
    "STI_CODE": STATUS,
    "STI_DES_FR": STATUS,
    "STI_DES_AN": STATUS,
    "DET_NOM": HOLDER,
    "DET_POURC": HOLDER,
    "TIT_DAT_EX": EXPIRY,
    "TIT_SUPRF": AREA,
}

# sync_runs.outcome
APPLIED = "applied"  # changes written
NO_CHANGES = "no_changes"  # source read, identical to the register
NOT_MODIFIED = "not_modified"  # source unchanged (304 / same checksum): nothing downloaded

RUN_FIELDS: list[FieldSpec] = [
    FieldSpec("started", TEXT),  # ISO 8601 UTC datetime
    FieldSpec("finished", TEXT),
    FieldSpec("source", TEXT),
    FieldSpec("source_date", DATE),
    FieldSpec("etag", TEXT),
    FieldSpec("last_modified", TEXT),
    FieldSpec("sha256", TEXT),
    FieldSpec("size", INTEGER),
    *[FieldSpec(f"n_{kind}", INTEGER) for kind in CHANGE_KINDS],
    FieldSpec("n_rows", INTEGER),  # rows in the source
    FieldSpec("outcome", TEXT),
    FieldSpec("message", TEXT),
]
CHANGE_FIELDS: list[FieldSpec] = [
    FieldSpec("run_id", INTEGER),
    FieldSpec(KEY_COLUMN, TEXT),
    FieldSpec("title", TEXT),  # TIT_NO
    FieldSpec("field", TEXT),  # GESTIM field name, "geometry", or "" for new/gone/back
    FieldSpec("old_value", TEXT),  # canonical text (see `to_text`), None when absent
    FieldSpec("new_value", TEXT),
    FieldSpec("kind", TEXT),  # one of CHANGE_KINDS
]

# Write steps of `apply`, in order; `RegisterBackend.step(name)` is called before each.
WRITE_STEPS = ["run", "columns", "insert", "update", "gone", "back", "changes", "commit"]


@dataclass
class RegisterRow:
    """A row as the sync writes it: GESTIM values by name, geometry WKB in the register CRS."""

    key: str
    values: dict[str, Any]  # GESTIM fields only, coerced with `coerce`
    geometry_wkb: bytes | None
    src_hash: str


class RowState(NamedTuple):
    """What the diff needs of every register row."""

    src_hash: str
    gone_date: dt.date | None


@dataclass
class RegisterDiff:
    """What one sync writes to `claims`."""

    new_fields: list[FieldSpec] = field(default_factory=list)  # columns to add first
    new: list[RegisterRow] = field(default_factory=list)  # insert (first_run_id = run)
    changed: list[RegisterRow] = field(default_factory=list)  # update GESTIM cols + geom + hash
    gone: list[str] = field(default_factory=list)  # keys: set gone_date = run date
    back: list[RegisterRow] = field(default_factory=list)  # update like changed + gone_date NULL
    gone_date: dt.date | None = None  # the date written to gone rows (the run's date)

    def is_empty(self) -> bool:
        return not (self.new_fields or self.new or self.changed or self.gone or self.back)

    def n_rows(self) -> int:
        """Rows of `claims` this diff writes (inserted, updated, marked gone, back)."""
        return len(self.new) + len(self.changed) + len(self.gone) + len(self.back)


@dataclass
class SyncRun:
    """One row of sync_runs."""

    started: dt.datetime
    finished: dt.datetime | None
    source: str
    outcome: str
    source_date: dt.date | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    size: int | None = None
    counts: dict[str, int] = field(default_factory=dict)  # kind -> rows (CHANGE_KINDS)
    n_rows: int = 0
    message: str = ""
    id: int | None = None


@dataclass
class Change:
    """One row of changes."""

    key: str
    title: str
    field: str
    old_value: str | None
    new_value: str | None
    kind: str
    run_id: int | None = None


def coerce(value: Any, kind: str) -> Any:
    """`value` as the Python type of `kind` (str, int, float, datetime.date) or None."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if kind == TEXT:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind == INTEGER:
        return int(float(value)) if isinstance(value, str) else int(value)
    if kind == REAL:
        return float(value)
    if kind == DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return dt.date.fromisoformat(text[:10])
    raise ValueError(kind)


def to_text(value: Any) -> str | None:
    """Canonical text of a value (changes table, digests): dates ISO, floats repr, None kept."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def kind_of(value: Any) -> str:
    """The kind of an unknown source field, from one of its non-empty values."""
    if isinstance(value, bool):
        return INTEGER
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return REAL
    if isinstance(value, (dt.date, dt.datetime)):
        return DATE
    return TEXT


class RegisterBackend(ABC):
    """A claim register (GeoPackage in core/register/gpkg.py, PostGIS in core/register/pg.py).

    Lifecycle: open with the backend's own constructor/factory, `ensure_schema()`, read, `apply()`,
    `close()`. `open_register(target)` in core/register/gpkg.py picks the backend: a target starting
    with "pg:" goes to `imperial_land.core.register.pg.open_pg_register(target)`.
    """

    #: Tests set this to a callable(step_name) that may raise, to kill a sync at a write step.
    step_hook: Callable[[str], None] | None = None

    def step(self, name: str) -> None:
        """Called by `apply` before write step `name` (one of WRITE_STEPS)."""
        if self.step_hook is not None:
            self.step_hook(name)

    def lock(self, feedback: QgsProcessingFeedback | None = None) -> None:
        """Keep other syncs out from the diff to the end of `apply` (no-op unless overridden)."""
        return None

    def unlock(self) -> None:
        """Release what `lock` took (idempotent)."""
        return None

    def exists(self) -> bool:
        """Whether the register already holds its tables (False: `ensure_schema` creates them)."""
        return True

    @abstractmethod
    def ensure_schema(self, crs_authid: str | None = None) -> bool:
        """Create the tables when absent (claims in `crs_authid`, default DEFAULT_CRS).

        Returns True when it created them, False when the register was already there."""

    @abstractmethod
    def crs_authid(self) -> str:
        """The CRS of `claims.geom`, e.g. "EPSG:4269"."""

    @abstractmethod
    def source_fields(self) -> list[FieldSpec]:
        """The GESTIM columns present in `claims` (known and previously added ones), in order."""

    @abstractmethod
    def read_states(self) -> dict[str, RowState]:
        """reg_key -> (src_hash, gone_date) for every row of `claims`, gone rows included."""

    def read_digests(self) -> tuple[dict[str, str], dict[str, dt.date]]:
        """(reg_key -> src_hash for every row, reg_key -> gone_date for the gone rows): what
        `read_states` says, in the shape the diff uses (override for speed)."""
        states = self.read_states()
        hashes = {key: state.src_hash for key, state in states.items()}
        gone = {key: state.gone_date for key, state in states.items() if state.gone_date}
        return hashes, gone

    @abstractmethod
    def read_rows(self, keys: list[str]) -> dict[str, RegisterRow]:
        """The GESTIM values + geometry of the rows with these keys (missing keys left out)."""

    def read_values(self, fields: list[str]) -> dict[str, dict[str, Any]]:
        """reg_key -> {field: value} for rows NOT gone, without geometry (override for speed)."""
        live = [key for key, state in self.read_states().items() if state.gone_date is None]
        rows = self.read_rows(live)
        return {key: {name: row.values.get(name) for name in fields} for key, row in rows.items()}

    def holder_texts(self) -> list[str | None]:
        """The distinct holder texts (DET_NOM) of the rows not gone (an override may add those of
        gone rows), so a caller decides each text once with the one holder rule (override for
        speed: the register's holder index)."""
        return sorted(
            {values[HOLDER_FIELD] for values in self.read_values([HOLDER_FIELD]).values()},
            key=lambda text: (text is None, text or ""),
        )

    def read_live(
        self,
        fields: list[str],
        keys: list[str] | None = None,
        holders: list[str] | None = None,
    ) -> dict[str, RegisterRow]:
        """The rows NOT gone among `keys`, or whose holder text (DET_NOM) is one of `holders`
        (exact text), with the named GESTIM fields and their geometry: what the staking watch
        reads instead of every claim (override for speed: one filtered query)."""
        live = self.read_values([HOLDER_FIELD])
        if keys is not None:
            chosen = [key for key in keys if key in live]
        else:
            wanted = set(holders or [])
            chosen = [key for key, values in live.items() if values[HOLDER_FIELD] in wanted]
        rows = self.read_rows(chosen)
        for row in rows.values():
            row.values = {name: row.values.get(name) for name in fields}
        return rows

    @abstractmethod
    def apply(
        self,
        diff: RegisterDiff,
        run: SyncRun,
        changes: list[Change],
        feedback: QgsProcessingFeedback | None = None,
    ) -> int:
        """Write run, diff and changes in ONE transaction (all or nothing); return the run id.

        Never writes the LOCAL_FIELDS. Sets last_run_id on every written row. Calls
        `self.step(name)` before each of WRITE_STEPS; on any exception rolls back and re-raises.
        Checks feedback for cancel between batches (raise Cancelled -> rollback).
        """

    @abstractmethod
    def runs(self, limit: int | None = None) -> list[SyncRun]:
        """Recorded runs, newest first."""

    @abstractmethod
    def changes(self, run_id: int) -> list[Change]:
        """Changes of one run, in the order written."""

    @abstractmethod
    def layer_uri(self) -> tuple[str, str]:
        """(data source URI, provider key) of `claims` for a QgsVectorLayer ("ogr" / "postgres")."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (idempotent)."""
