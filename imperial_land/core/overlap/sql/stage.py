"""Stage one PostGIS layer of an in-database overlap run into temporary tables.

`il_<role>` holds each feature's repaired polygon in the equal-area frame
(core/overlap/equal_area.py, reached through core/overlap/sql/frame.py) with its area and piece
count; `il_<role>_p` holds its pieces (halvings of the bounding box, down to at most
MAX_PIECE_VERTICES vertices; GIST-indexed).
Attributes are read once in Python, only the fields needed. Every table and field name is a
quoted identifier; every value a parameter.
"""

from __future__ import annotations

import math
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

import psycopg
import shapely
from psycopg import sql
from qgis.core import QgsDataSourceUri, QgsFeatureRequest, QgsVectorLayer

from imperial_land.core.common import UserError, tr
from imperial_land.core.maplayers import as_date
from imperial_land.core.overlap.geometry import MAX_PIECE_VERTICES, why_invalid
from imperial_land.core.overlap.inputs import DATE_ATTRIBUTES, LayerSpec, feature_key
from imperial_land.core.overlap.results import FeatureRef, GeometryIssue, InputInfo
from imperial_land.core.overlap.sql.frame import FrameSql

REPAIR = "method=structure keepcollapsed=false"
MAX_DEPTH = 48  # halvings of one polygon at most, as core/overlap/geometry.subdivide


@dataclass
class SourceTable:
    """Where a PostGIS layer's rows live."""

    schema: str
    table: str
    geometry: str
    key: str  # integer primary key: QGIS's feature id

    def ident(self) -> sql.Identifier:
        return sql.Identifier(self.schema, self.table)


@dataclass
class StagedRole:
    """One role staged in the database, with its features' references on the Python side."""

    role: str
    temp: str  # il_<role>
    refs: dict[int, FeatureRef] = field(default_factory=dict)
    issues: list[GeometryIssue] = field(default_factory=list)
    info: InputInfo | None = None
    outline: str | None = None  # il_<role>_b: runs of the outlines, for near pairs


def source_table(layer: QgsVectorLayer, role_label: str) -> SourceTable:
    """The table behind a PostGIS layer; UserError when it cannot be queried directly."""
    uri = QgsDataSourceUri(layer.source())
    keys = [layer.fields().at(i).name() for i in layer.primaryKeyAttributes()]
    key = uri.keyColumn().strip('"') or (keys[0] if len(keys) == 1 else "")
    if not uri.table() or not uri.geometryColumn() or not key or "," in key:
        raise UserError(
            tr(
                "The {what} layer '{layer}' is not a PostGIS table with one integer key; "
                "use the in-process overlap engine for it."
            ).format(what=role_label, layer=layer.name())
        )
    if layer.subsetString().strip():
        raise UserError(
            tr(
                "The {what} layer '{layer}' has a filter; the in-database report reads whole "
                "tables. Remove the filter or use the in-process engine."
            ).format(what=role_label, layer=layer.name())
        )
    return SourceTable(uri.schema() or "public", uri.table(), uri.geometryColumn(), key)


def _read_attributes(
    conn: psycopg.Connection, table: SourceTable, spec: LayerSpec
) -> tuple[list[int], list[dict[str, Any]]]:
    present = _columns_of(conn, table)
    roles = [role for role, name in spec.fields.items() if name and name in present]
    absent = [role for role, name in spec.fields.items() if name and name not in present]
    columns = [sql.Identifier(table.key)] + [
        sql.SQL("{}::float8").format(sql.Identifier(spec.fields[r]))
        if present[spec.fields[r]] == "numeric"
        else sql.Identifier(spec.fields[r])
        for r in roles
    ]
    query = sql.SQL("SELECT {} FROM {} ORDER BY 1").format(
        sql.SQL(", ").join(columns), table.ident()
    )
    found = conn.execute(query).fetchall()  # one C loop: iterating the cursor costs 2x
    fids = [int(row[0]) for row in found]
    columns = [list(column) for column in zip(*found)][1:] if found else [[] for _ in roles]
    for k, role in enumerate(roles):
        if role in DATE_ATTRIBUTES:  # a province has few distinct dates; strptime is slow
            dates = {value: as_date(value) for value in set(columns[k]) if value is not None}
            columns[k] = [None if value is None else dates[value] for value in columns[k]]
    names = roles + absent
    columns += [[None] * len(fids) for _ in absent]
    rows = [dict(zip(names, values)) for values in zip(*columns)] if names else [{} for _ in fids]
    return fids, rows


def _read_attributes_apart(
    conn: psycopg.Connection, table: SourceTable, spec: LayerSpec
) -> tuple[list[int], list[dict[str, Any]]]:
    """`_read_attributes` on a connection of its own (opened by the caller's thread, where
    QGIS's authentication is at hand), closed when done."""
    with conn:
        return _read_attributes(conn, table, spec)


def _second(connect: Callable[[], psycopg.Connection] | None) -> psycopg.Connection | None:
    """A second connection, or None when there is no way to open one or the server refuses it
    (a server at its connection limit): the attributes are then read on the first."""
    if connect is None:
        return None
    try:
        return connect()
    except UserError:
        return None


def _columns_of(conn: psycopg.Connection, table: SourceTable) -> dict[str, str]:
    """Column name -> data type of the source table."""
    rows = conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s",
        (table.schema, table.table),
    ).fetchall()
    return dict(rows)


def stage_role(
    conn: psycopg.Connection,
    layer: QgsVectorLayer,
    table: SourceTable,
    spec: LayerSpec,
    frame: FrameSql,
    max_edge: float = math.inf,
    second_connection: Callable[[], psycopg.Connection] | None = None,
) -> StagedRole:
    """Create `il_<role>` and `il_<role>_p` for the layer; read its attributes and issues.
    `second_connection` opens a connection to the same database: the attributes are then read
    on it while the server stages the geometries (each statement sees its own snapshot either
    way: the connections commit every statement).

    Edges longer than `max_edge` (layer units) are split (ST_Segmentize) before the move into
    the frame, so the moved outline follows the source's straight edges (core/overlap/edges.py
    gives the length). Validity is the data's own: a geometry is listed as repaired only when it
    is invalid in its layer's CRS; one made invalid by the move alone is repaired silently.
    """
    staged = StagedRole(spec.role, f"il_{spec.role}")
    reading: Future[tuple[list[int], list[dict[str, Any]]]] | None = None
    fids: list[int] | None = None
    # Every row staged: the client reads their attributes (Python's work, ~1.5 s for a
    # province's claims) on a second connection while the server stages the geometries.
    reader = _second(second_connection) if spec.keep is None else None
    if reader is not None:
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imperial-sql-attributes")
        reading = worker.submit(_read_attributes_apart, reader, table, spec)
        worker.shutdown(wait=False)
    else:
        fids, rows = _read_attributes(conn, table, spec)
        if spec.keep is not None:
            kept = [i for i, row in enumerate(rows) if spec.keep(row)]
            fids, rows = [fids[i] for i in kept], [rows[i] for i in kept]
    try:
        _stage_geometries(conn, staged.temp, table, spec, frame, max_edge, fids)
    except BaseException:
        if reading is not None:  # stop the read on `reader`; its connection closes with it
            reader.cancel_safe(timeout=5.0)
            reading.exception()
        raise
    if reading is not None:
        fids, rows = reading.result()
    key_type = _columns_of(conn, table).get(table.key, "")
    # QGIS's feature id is the key itself for a 4- or 2-byte integer key (its PktInt key);
    # other keys (bigint) it maps itself, so they are read back through QGIS.
    qgis_fids = {} if key_type in ("integer", "smallint") else _qgis_fids(layer, table.key)
    staged.refs, staged.issues = _refs_and_issues(conn, staged, fids, rows, spec, qgis_fids)
    staged.info = InputInfo(
        role=spec.role,
        name=layer.name(),
        source=layer.publicSource(),
        crs=layer.crs().authid(),
        feature_count=len(fids),
    )
    return staged


def _stage_geometries(
    conn: psycopg.Connection,
    name: str,
    table: SourceTable,
    spec: LayerSpec,
    frame: FrameSql,
    max_edge: float,
    fids: list[int] | None,
) -> None:
    """`stage_role`'s tables `name` and `name_p`: each row moved, repaired, measured and cut
    into pieces by the server; `fids`: the rows to stage (None: every row)."""
    temp, pieces = sql.Identifier(name), sql.Identifier(name + "_p")
    conn.execute(sql.SQL("DROP TABLE IF EXISTS pg_temp.{}, pg_temp.{}").format(temp, pieces))
    conn.execute(
        sql.SQL(
            "CREATE TEMP TABLE {} (fid bigint PRIMARY KEY, raw_null boolean, bad_wkb bytea, "
            "geom geometry, area_m2 float8, n_pieces integer)"
        ).format(temp)
    )
    uncompressed(conn, temp)
    geom = sql.Identifier(table.geometry)
    source = sql.SQL("ST_Force2D(ST_CurveToLine(t.{}))").format(geom)

    def followed(outline: str) -> sql.Composable:
        segmentized = f"ST_Segmentize({outline}, %(max_edge)s)"
        return frame.to_frame(sql.SQL(segmentized if math.isfinite(max_edge) else outline))

    # Repaired as drawn (before ST_Segmentize and the move) when invalid in the layer's CRS, as
    # the in-process engine does (core/overlap/inputs.py): both repair the same outline. Only
    # rows invalid in the frame are checked in their own CRS (the move keeps their crossings).
    conn.execute(
        sql.SQL(
            "INSERT INTO {temp} (fid, raw_null, bad_wkb, geom, area_m2, n_pieces) "
            "SELECT t.{key}, t.{geom} IS NULL OR ST_IsEmpty(t.{geom}), "
            "CASE WHEN NOT v.src_valid THEN ST_AsBinary(s.src) END, "
            "CASE WHEN a.m2 > 0 THEN r.fixed END, CASE WHEN a.m2 > 0 THEN a.m2 END, "
            "CASE WHEN a.m2 > 0 AND ST_NPoints(r.fixed) <= %(max)s THEN 1 END "
            "FROM {source} t "
            "CROSS JOIN LATERAL (SELECT {src} AS src OFFSET 0) s "
            "CROSS JOIN LATERAL (SELECT {moved} AS moved OFFSET 0) m "
            "CROSS JOIN LATERAL (SELECT ST_IsValid(m.moved) AS valid OFFSET 0) g "
            "CROSS JOIN LATERAL (SELECT g.valid OR ST_IsValid(s.src) AS src_valid OFFSET 0) v "
            "CROSS JOIN LATERAL (SELECT CASE WHEN v.src_valid THEN m.moved ELSE {again} END "
            " AS moved OFFSET 0) f "
            "CROSS JOIN LATERAL (SELECT ST_CollectionExtract(CASE WHEN g.valid THEN m.moved "
            " WHEN ST_IsValid(f.moved) THEN f.moved "
            " ELSE ST_MakeValid(f.moved, %(repair)s) END, 3) AS fixed OFFSET 0) r "
            "CROSS JOIN LATERAL (SELECT coalesce(ST_Area(r.fixed), 0) AS m2 OFFSET 0) a "
            "{where}"
        ).format(
            temp=temp,
            key=sql.Identifier(table.key),
            geom=geom,
            source=table.ident(),
            src=source,
            moved=followed("s.src"),
            again=followed("ST_CollectionExtract(ST_MakeValid(s.src, %(repair)s), 3)"),
            # Every row unless some were filtered out (a 300,000-key array costs 0.5 s to send).
            where=sql.SQL("WHERE t.{} = ANY(%(fids)s)").format(sql.Identifier(table.key))
            if spec.keep is not None
            else sql.SQL(""),
        ),
        {
            **frame.params,
            "repair": REPAIR,
            "fids": fids,
            "max": MAX_PIECE_VERTICES,
            "max_edge": max_edge if math.isfinite(max_edge) else 0.0,
        },
    )
    _make_pieces(conn, name)


def _make_pieces(conn: psycopg.Connection, name: str) -> None:
    """Pieces of at most MAX_PIECE_VERTICES vertices that tile each polygon.

    The in-process engine's cut (core/overlap/geometry.subdivide): a polygon too big is halved
    along the longer side of its box with ST_ClipByBox2D (GEOS clip-by-rectangle, linear), and
    each half again (one recursive query: each level is one pass over the vertices). A half
    stays one (multi)polygon. ST_Subdivide does the same job but took 14 s for one territory of
    320,000 vertices, and the k x k grid of clips of the whole polygon used before is k^2
    passes (25 s for the province's 8 territories; this cut: 3 s).

    A clip of a valid polygon is not checked for validity here (13,220 pieces of the province,
    all valid, took 5 s to check): the overlay repairs a piece in the one step that needs a
    valid input (ST_Intersection); rectangle clips and predicates accept any piece.
    """
    temp, pieces = sql.Identifier(name), sql.Identifier(name + "_p")
    conn.execute(
        sql.SQL("CREATE TEMP TABLE {} (pid serial PRIMARY KEY, fid bigint, geom geometry)").format(
            pieces
        )
    )
    uncompressed(conn, pieces)
    conn.execute(
        sql.SQL(
            "INSERT INTO {pieces} (fid, geom) SELECT fid, geom FROM {temp} "
            "WHERE geom IS NOT NULL AND n_pieces = 1"
        ).format(pieces=pieces, temp=temp)
    )
    conn.execute(
        sql.SQL(
            "INSERT INTO {pieces} (fid, geom) "
            "WITH RECURSIVE cut (fid, geom, depth, n) AS ("
            " SELECT fid, geom, 0, ST_NPoints(geom) FROM {temp}"
            " WHERE geom IS NOT NULL AND n_pieces IS NULL "
            " UNION ALL"
            " SELECT t.fid, h.geom, t.depth + 1, ST_NPoints(h.geom) FROM cut t"
            " CROSS JOIN LATERAL (SELECT ST_XMin(t.geom) AS x0, ST_YMin(t.geom) AS y0,"
            "  ST_XMax(t.geom) AS x1, ST_YMax(t.geom) AS y1 OFFSET 0) b"
            " CROSS JOIN LATERAL (SELECT b.x1 - b.x0 >= b.y1 - b.y0 AS wide,"
            "  (b.x0 + b.x1) / 2 AS xm, (b.y0 + b.y1) / 2 AS ym) m"
            " CROSS JOIN LATERAL (VALUES (0), (1)) AS side(n)"
            " CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_ClipByBox2D(t.geom,"
            "  ST_MakeEnvelope("
            "   CASE WHEN m.wide AND side.n = 1 THEN m.xm ELSE b.x0 END,"
            "   CASE WHEN NOT m.wide AND side.n = 1 THEN m.ym ELSE b.y0 END,"
            "   CASE WHEN m.wide AND side.n = 0 THEN m.xm ELSE b.x1 END,"
            "   CASE WHEN NOT m.wide AND side.n = 0 THEN m.ym ELSE b.y1 END)), 3) AS geom"
            "  OFFSET 0) h"
            " WHERE t.n > %(max)s AND t.depth < %(depth)s AND NOT ST_IsEmpty(h.geom)"
            ") SELECT fid, geom FROM cut "
            "WHERE depth > 0 AND (n <= %(max)s OR depth >= %(depth)s) AND ST_Area(geom) > 0"
        ).format(pieces=pieces, temp=temp),
        {"max": MAX_PIECE_VERTICES, "depth": MAX_DEPTH},
    )
    conn.execute(
        sql.SQL(
            "UPDATE {temp} t SET n_pieces = (SELECT count(*) FROM {pieces} p WHERE p.fid = t.fid) "
            "WHERE t.n_pieces IS NULL AND t.geom IS NOT NULL"  # big polygons only: few rows
        ).format(temp=temp, pieces=pieces)
    )
    index_pieces(conn, name)


def index_pieces(conn: psycopg.Connection, name: str) -> None:
    """The GIST index of `<name>_p` and the planner's statistics of both tables."""
    temp, pieces = sql.Identifier(name), sql.Identifier(name + "_p")
    conn.execute(sql.SQL("CREATE INDEX ON {} USING GIST (geom)").format(pieces))
    conn.execute(sql.SQL("ANALYZE {}").format(pieces))
    conn.execute(sql.SQL("ANALYZE {}").format(temp))


def uncompressed(conn: psycopg.Connection, table: sql.Identifier) -> None:
    """Geometries of `table` stored out of line but not compressed: pglz gains little on
    coordinates and costs on every write and every read (a territory of 300,000 vertices is
    read whole by each function that takes it)."""
    conn.execute(sql.SQL("ALTER TABLE {} ALTER COLUMN geom SET STORAGE EXTERNAL").format(table))


def _qgis_fids(layer: QgsVectorLayer, key: str) -> dict[int, int]:
    """Key value -> QGIS feature id (they differ for bigint keys, which QGIS maps itself)."""
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes([key], layer.fields())
    return {int(f[key]): f.id() for f in layer.getFeatures(request)}


def _refs_and_issues(
    conn: psycopg.Connection,
    staged: StagedRole,
    fids: list[int],
    rows: list[dict[str, Any]],
    spec: LayerSpec,
    qgis_fids: dict[int, int],
) -> tuple[dict[int, FeatureRef], list[GeometryIssue]]:
    """FeatureRefs by key value (their fid is QGIS's feature id) and the geometry issues."""
    by_fid = dict(zip(fids, rows))
    refs: dict[int, FeatureRef] = {}
    issues: list[GeometryIssue] = []
    query = sql.SQL("SELECT fid, raw_null, bad_wkb, area_m2 FROM {} ORDER BY fid").format(
        sql.Identifier(staged.temp)
    )
    for pk, raw_null, bad_wkb, area_m2 in conn.execute(query).fetchall():
        row = by_fid[pk]
        fid = qgis_fids.get(pk, pk)
        key = feature_key(row.get(spec.key), fid) if spec.key else str(fid)
        reason = (why_invalid(shapely.from_wkb(bytes(bad_wkb))) or "") if bad_wkb else ""
        if area_m2 is None:
            text = (
                tr("No geometry")
                if raw_null
                else tr("No area left after repair ({reason})").format(reason=reason or tr("empty"))
            )
            issues.append(GeometryIssue(spec.role, fid, key, "skipped", text))
            continue
        if bad_wkb:
            issues.append(GeometryIssue(spec.role, fid, key, "repaired", reason))
        refs[pk] = FeatureRef(spec.role, fid, key, float(area_m2) / 10_000.0, row)
    return refs, sorted(issues, key=lambda issue: issue.fid)
