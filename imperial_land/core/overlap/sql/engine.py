"""The overlap report as SQL, when every layer is a table of one PostGIS database.

Same contract and results as `core/engine.run_overlap` (pairs, relations, ellipsoidal areas,
near distances, flags), computed in the database: each layer is moved into the same equal-area
frame of core/overlap/equal_area.py (core/overlap/sql/frame.py; planar areas there are ellipsoidal),
repaired (ST_MakeValid), cut into GIST-indexed pieces (core/overlap/sql/stage.py), joined piece
by piece, and only the pairs found come back. The few big territory rows are prepared by the
in-process engine's own rule on a worker thread while the server stages the other layers
(core/overlap/sql/territories.py); each other layer's attributes are read on a second
connection while the server stages its geometries (core/overlap/sql/stage.py). Each kind is
overlaid in chunks of its B features, each chunk's pairs built and their geometries moved out
of the frame by client threads while the server overlays the next. Near distances are
measured on the ellipsoid between the closest points, as the in-process engine does.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import psycopg
import shapely
from psycopg import errors as pg_errors
from psycopg import sql
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt

from imperial_land.core.common import (
    Cancelled,
    StepProgress,
    UserError,
    check_cancelled,
    ensure_feedback,
    tr,
)
from imperial_land.core.maplayers import AOI, CLAIMS, PARCELS, TERRITORIES, role_name
from imperial_land.core.overlap import results as r
from imperial_land.core.overlap.consultation import flag_pairs
from imperial_land.core.overlap.edges import layer_max_edge
from imperial_land.core.overlap.engine import (
    PAIR_KINDS,
    OverlapOptions,
    checked_options,
    layer_specs,
    overlap_figures,
)
from imperial_land.core.overlap.equal_area import (
    EqualAreaFrame,
    frame_over,
    layer_extent,
    move_wkbs,
    moved_wkb,
)
from imperial_land.core.overlap.geometry import polygonal
from imperial_land.core.overlap.pairs import TOUCH_M2, union_parts
from imperial_land.core.overlap.results import FeatureRef, OverlapPair, OverlapResult
from imperial_land.core.overlap.sql.frame import FrameSql
from imperial_land.core.overlap.sql.stage import StagedRole, source_table, stage_role
from imperial_land.core.overlap.sql.territories import TerritoryStager, source_boxes
from imperial_land.core.storage import connect_uri, privilege_error, same_database

FETCH = 2000  # rows per round trip of the server-side cursor
MOVE_ROWS = 20_000  # pair geometries moved out of the frame per worker task
_RELATIONS = {"within": r.WITHIN, "contains": r.CONTAINS}
# The outer side's geometry read once per row: a territory piece of 768 vertices (12 kB) is
# stored out of line, and each function given the stored value reads it again from the TOAST
# table (ST_ContainsProperly, ST_Intersects, the clip ...: 40 % of the overlay's pieces step).
LOADED = sql.SQL("ST_Force2D(geom)")
CHUNKS = 8  # parts of B overlaid in turn, each one's pairs built while the next is overlaid
COVER_TOLERANCE = 1e-6
# A is within B when the pieces of B cover all of A's area but a 1e-9 part (0.5 m2 of a 50 ha
# claim): an exact ST_Covers against a territory of 100,000 vertices costs ms per pair.
WITHIN_TOLERANCE = 1e-9


def can_run_in_database(layers: list[QgsVectorLayer | None]) -> bool:
    """Whether the layers given are all PostGIS tables of one database."""
    given = [layer for layer in layers if layer is not None]
    if not given or any(layer.providerType() != "postgres" for layer in given):
        return False
    return same_database([QgsDataSourceUri(layer.source()) for layer in given])


def run_overlap_sql(
    claims: QgsVectorLayer | None,
    parcels: QgsVectorLayer | None,
    territories: QgsVectorLayer | None,
    aoi: QgsVectorLayer | None = None,
    options: OverlapOptions | None = None,
    feedback: QgsProcessingFeedback | None = None,
) -> OverlapResult:
    """`run_overlap`, computed by the PostGIS database that holds every layer."""
    feedback = ensure_feedback(feedback)
    opts = options or OverlapOptions()
    layers = {CLAIMS: claims, PARCELS: parcels, TERRITORIES: territories, AOI: aoi}
    given = {role: layer for role, layer in layers.items() if layer is not None}
    specs = layer_specs(given, opts)
    sliver_ha, ellipsoid, holders, out_crs = checked_options(given, specs, opts)
    if not can_run_in_database(list(given.values())):
        raise UserError(
            tr(
                "The in-database report needs every layer in one PostGIS database; "
                "use the in-process overlap engine."
            )
        )
    tables = {role: source_table(layer, role_name(role)) for role, layer in given.items()}
    kinds = [k for k in PAIR_KINDS if k[1] in given and k[2] in given]
    progress = StepProgress(feedback, len(given) + len(kinds) + 1)
    context = opts.transform_context or QgsProject.instance().transformContext()
    extents = {role: layer_extent(lyr) for role, lyr in given.items()}
    frame = frame_over(ellipsoid, context, [(extents[r], given[r].crs()) for r in given])
    first = next(iter(given.values()))

    def connect() -> psycopg.Connection:
        return connect_uri(QgsDataSourceUri(first.source()), first.name())

    conn = connect()
    conn.execute("SET jit = off")  # compiling costly PostGIS plans takes longer than running them
    # Sorts, groupings and the recursive cut of the territories stay in memory (the default
    # 4 MB spills them to disk); this session only.
    conn.execute("SET work_mem = '256MB'")
    # The planner puts a Memoize node on each LATERAL step of the staging query; keyed on whole
    # geometries that never repeat, they only hash and copy them (claims: 5.4 s -> 1.5 s).
    conn.execute("SET enable_memoize = off")
    # The overlay's grouping of 395,000 claim x territory pairs: the planner, which sees 16,000
    # groups in its CTE, picks a hash that spills to disk (1.2 s); sorting takes 0.1 s.
    conn.execute("SET enable_hashagg = off")
    frame_sql = FrameSql(conn, frame, frame.lon_centre, out_crs)
    run = _SqlRun(conn, frame, frame_sql, out_crs, sliver_ha * 10_000.0, feedback)
    cancel = _cancel_on_feedback(conn, feedback)
    territories: TerritoryStager | None = None
    try:
        if TERRITORIES in given:  # read first: followed on a worker while the others stage
            territories = TerritoryStager(
                given[TERRITORIES], specs[TERRITORIES], frame, opts.distance_m, feedback
            )
            others = [(tables[r], given[r]) for r in given if r != TERRITORIES]
            territories.follow_near(source_boxes(conn, others, frame))
        staged: dict[str, StagedRole] = {}
        for role, layer in given.items():
            if role == TERRITORIES:
                continue
            progress.next(
                tr("Reading the {what} layer '{layer}'...").format(
                    what=role_name(role), layer=layer.name()
                )
            )
            try:
                max_edge = layer_max_edge(extents[role], layer.crs(), frame)
                staged[role] = stage_role(
                    conn, layer, tables[role], specs[role], frame_sql, max_edge, connect
                )
            except pg_errors.InsufficientPrivilege as exc:
                table = tables[role]
                raise privilege_error(exc, f"{table.schema}.{table.table}", "SELECT") from None
        by_kind: dict[str, list[OverlapPair]] = {}
        if territories is not None:
            # The kinds without territories run while the worker follows and cuts them.
            for kind, role_a, role_b in kinds:
                if TERRITORIES not in (role_a, role_b):
                    by_kind[kind] = _kind(run, progress, kind, staged[role_a], staged[role_b])
            progress.next(
                tr("Reading the {what} layer '{layer}'...").format(
                    what=role_name(TERRITORIES), layer=given[TERRITORIES].name()
                )
            )
            staged[TERRITORIES] = territories.write(conn, frame_sql)
            run.store_limits(staged[TERRITORIES], opts.distance_m)
        for kind, role_a, role_b in kinds:
            if kind not in by_kind:
                by_kind[kind] = _kind(run, progress, kind, staged[role_a], staged[role_b])
        pairs = [pair for kind, _a, _b in kinds for pair in by_kind[kind]]
        staged = {role: staged[role] for role in given}  # issues and inputs in the layers' order
        progress.next(tr("Writing the overlap geometries..."))
    except pg_errors.QueryCanceled:
        raise Cancelled(tr("Cancelled by the user; nothing was written.")) from None
    except psycopg.Error:
        # A cancel that lands inside a GEOS call comes back as "GEOS ... threw an error!"
        # (PostGIS interrupts GEOS), not as QueryCanceled: the user's cancel all the same.
        if feedback.isCanceled():
            raise Cancelled(tr("Cancelled by the user; nothing was written.")) from None
        raise
    finally:
        if territories is not None:
            territories.close()
        cancel()
        conn.close()
    flag_pairs(pairs, holders)
    feedback.setProgress(100.0)
    return OverlapResult(
        pairs=pairs,
        issues=[issue for s in staged.values() for issue in s.issues],
        inputs=[s.info for s in staged.values() if s.info is not None],
        crs_authid=out_crs.authid(),
        slivers_dropped=run.slivers,
        sliver_threshold_ha=sliver_ha,
        ellipsoid=ellipsoid,
        company_holders=list(holders),
    )


def _kind(
    run: _SqlRun, progress: StepProgress, kind: str, a: StagedRole, b: StagedRole
) -> list[OverlapPair]:
    """The pairs of one kind, its progress step announced."""
    progress.next(tr("Overlaying {a} with {b}...").format(a=role_name(a.role), b=role_name(b.role)))
    return run.kind_pairs(kind, a, b)


def _cancel_on_feedback(
    conn: psycopg.Connection, feedback: QgsProcessingFeedback
) -> Callable[[], None]:
    """Cancel the running statement when the user cancels; returns the disconnect function."""

    def cancel() -> None:
        conn.cancel_safe(timeout=5.0)

    feedback.canceled.connect(cancel, Qt.ConnectionType.DirectConnection)
    return lambda: feedback.canceled.disconnect(cancel)


class _SqlRun:
    """The SQL of one run: overlaps and near pairs of one kind at a time."""

    def __init__(
        self,
        conn: psycopg.Connection,
        frame: EqualAreaFrame,
        frame_sql: FrameSql,
        out_crs: QgsCoordinateReferenceSystem,
        sliver_m2: float,
        feedback: QgsProcessingFeedback,
    ) -> None:
        self.conn = conn
        self.frame = frame
        self.frame_sql = frame_sql
        self.out_crs = out_crs
        self.keep_m2 = max(sliver_m2, TOUCH_M2)
        self.feedback = feedback
        self.slivers = 0

    def store_limits(self, territories: StagedRole, default_m: float) -> None:
        """Each territory's consultation distance (field, else default) into il_territories."""
        fids, limits = [], []
        for fid, ref in territories.refs.items():
            fids.append(fid)
            limits.append(_limit(ref, default_m))
        self.conn.execute("ALTER TABLE il_territories ADD COLUMN limit_m float8 DEFAULT 0")
        self.conn.execute(
            "UPDATE il_territories t SET limit_m = v.m FROM "
            "unnest(%s::bigint[], %s::float8[]) AS v(fid, m) WHERE v.fid = t.fid",
            (fids, limits),
        )

    def kind_pairs(self, kind: str, a: StagedRole, b: StagedRole) -> list[OverlapPair]:
        """The overlap (and, with territories, near) pairs of one kind, sorted by fids."""
        self._new_pairs_table()

        def build(rows: list[tuple]) -> list[OverlapPair]:
            made = _overlap_pairs(kind, a, b, rows)
            return mover.pairs(zip(made, (row[4] for row in rows), (row[5] for row in rows)))

        # B's features in chunks, each overlaid and its pairs fetched in turn: the pairs of
        # one chunk are built (builder) and their geometries moved (mover) while the server
        # overlays the next, instead of the server and Python waiting for each other.
        with (
            _Mover(self.frame, self.out_crs) as mover,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="imperial-sql-pairs") as builder,
        ):
            built: list[Future[list[OverlapPair]]] = []
            join = self._piece_join(a, b)
            for chunk in self._chunks(b):
                built.append(builder.submit(build, self._overlay(a, b, join, chunk)))
                check_cancelled(self.feedback)
            pairs = [pair for job in built for pair in job.result()]
            self._contacts_and_nears(kind, a, b, pairs)
        check_cancelled(self.feedback)
        return sorted(pairs, key=lambda p: (p.a.fid, p.b.fid))

    def _contacts_and_nears(
        self, kind: str, a: StagedRole, b: StagedRole, pairs: list[OverlapPair]
    ) -> None:
        """Slivers counted; with territories, the near pairs (and contacts) added to `pairs`."""
        contacts = self.conn.execute(
            "SELECT fa, fb, m2 FROM pg_temp.il_pairs WHERE relation = 'overlaps' AND m2 < %s",
            (self.keep_m2,),
        ).fetchall()
        self.slivers += sum(1 for _fa, _fb, m2 in contacts if m2 >= TOUCH_M2)
        if b.role == TERRITORIES:
            nears = {(fa, fb): 0.0 for fa, fb, _m2 in contacts}
            nears.update(self._nears(a, b))
            geoms = self._geometries(a, sorted({fa for fa, _fb in nears}))
            for (fa, fb), metres in nears.items():
                pairs.append(_near_pair(kind, a.refs[fa], b.refs[fb], metres, geoms[fa]))

    def _new_pairs_table(self) -> None:
        """An empty il_pairs for the next kind."""
        self.conn.execute("DROP TABLE IF EXISTS pg_temp.il_pairs")
        self.conn.execute(
            "CREATE TEMP TABLE il_pairs (fa bigint, fb bigint, m2 float8, relation text)"
        )

    def _chunks(self, b: StagedRole) -> list[tuple[int, int]]:
        """Ranges (low, high] of B's fids holding about as many of its pieces each."""
        cuts = self.conn.execute(
            sql.SQL(
                "SELECT min(fid) - 1, percentile_disc(%(at)s::float8[]) WITHIN GROUP (ORDER BY fid)"
                " FROM {}"
            ).format(sql.Identifier(b.temp + "_p")),
            {"at": [(i + 1) / CHUNKS for i in range(CHUNKS)]},
        ).fetchone()
        if cuts[0] is None:
            return []
        bounds = [int(cuts[0]), *sorted({int(cut) for cut in cuts[1]})]
        return list(zip(bounds[:-1], bounds[1:]))

    def _overlay(
        self, a: StagedRole, b: StagedRole, join: sql.Composed, chunk: tuple[int, int]
    ) -> list[tuple]:
        """Into il_pairs: every (a, b) whose pieces intersect, with area and relation, for the
        B features in `chunk` (fids low < fid <= high); returns the kept ones with their parts
        (rows of the kept query; one statement, the parts never written to a table)."""
        overlay = sql.SQL(
            "WITH parts AS MATERIALIZED ("
            " SELECT pa.fid AS fa, pb.fid AS fb, pa.pid AS pa_id, c.inside,"
            " CASE WHEN c.inside THEN pa.geom"
            # A lat/lon cell is an exact rectangle in the frame: the rectangle clip
            # (linear) gives the same part as the overlay, 14x faster on the province.
            " WHEN ST_NPoints(pa.geom) = 5 AND abs(ST_Area(pa.geom) - ST_Area(ST_Envelope("
            "  pa.geom))) <= 1e-9 * ST_Area(ST_Envelope(pa.geom))"
            " THEN ST_CollectionExtract(ST_ClipByBox2D(pb.geom, ST_MakeEnvelope("
            "  ST_XMin(pa.geom), ST_YMin(pa.geom), ST_XMax(pa.geom), ST_YMax(pa.geom))), 3)"
            " ELSE ST_CollectionExtract(ST_Intersection(pa.geom, CASE WHEN ST_IsValid(pb.geom)"
            "  THEN pb.geom ELSE ST_MakeValid(pb.geom) END), 3) END AS part"  # see stage.py
            " FROM {join}"
            " CROSS JOIN LATERAL (SELECT ST_ContainsProperly(pb.geom, pa.geom) AS inside"
            " OFFSET 0) c"  # OFFSET 0: computed once, not once per use
            # Pieces whose boxes meet: one that lies inside needs no second test (most).
            " WHERE c.inside OR ST_Intersects(pa.geom, pb.geom)"
            "), grouped AS ("
            " SELECT fa, fb, sum(ST_Area(part)) AS m2, bool_and(inside) AS all_inside,"
            # The A pieces met, for the rare "contains" test: repeats do no harm there, and
            # DISTINCT sorted each of the province's 395,000 groups.
            " count(*) AS hits, ST_Collect(part) AS parts, array_agg(pa_id) AS a_ids"
            " FROM parts GROUP BY fa, fb"
            "), ordered AS MATERIALIZED ("
            " SELECT g.*, a.n_pieces, a.area_m2 AS a_m2, b.area_m2 AS b_m2"
            " FROM grouped g JOIN {at} a ON a.fid = g.fa JOIN {bt} b ON b.fid = g.fb"
            "), p AS MATERIALIZED ("  # contains: B against the union of the A pieces it meets
            " SELECT o.fa, o.fb, o.m2, CASE"
            " WHEN o.all_inside AND o.hits = o.n_pieces THEN 'within'"
            " WHEN o.m2 > %(touch)s AND o.m2 >= o.a_m2 * (1 - %(within_tol)s) THEN 'within'"
            " WHEN o.m2 > %(touch)s AND o.m2 >= o.b_m2 * (1 - %(tol)s) AND ST_Covers("
            "  (SELECT ST_Union(geom) FROM {ap} WHERE pid = ANY(o.a_ids)),"
            "  (SELECT geom FROM {bt} WHERE fid = o.fb)) THEN 'contains'"
            " ELSE 'overlaps' END AS relation, o.hits, o.parts FROM ordered o"
            "), saved AS (INSERT INTO il_pairs SELECT fa, fb, m2, relation FROM p) "
        ).format(join=join, **_temp_tables(a, b))
        return self.conn.execute(
            self._kept_query(a, b, overlay),
            {
                "keep": self.keep_m2,
                "touch": TOUCH_M2,
                "tol": COVER_TOLERANCE,
                "within_tol": WITHIN_TOLERANCE,
                "low": chunk[0],
                "high": chunk[1],
            },
        ).fetchall()

    def _piece_join(self, a: StagedRole, b: StagedRole) -> sql.Composed:
        """The pieces of A and B whose boxes meet, the side with fewer pieces outside (the
        overlay keeps those that intersect).

        Each outer piece is then met by a run of inner pieces, so PostGIS prepares it once
        (its cache keeps the geometry repeated from call to call) for ST_ContainsProperly and
        ST_Intersects: 300,000 claims inside 13,000 territory pieces take 4 s that way
        and 24 s the other way round, which the planner chose. OFFSET 0 keeps the order.
        """
        tables = _temp_tables(a, b)
        counts = [
            self.conn.execute(sql.SQL("SELECT count(*) FROM {}").format(tables[t])).fetchone()[0]
            for t in ("ap", "bp")
        ]
        if counts[1] <= counts[0]:
            return sql.SQL(
                "(SELECT pid, fid, {loaded} AS geom FROM {bp}"
                " WHERE fid > %(low)s AND fid <= %(high)s OFFSET 0) pb"
                " CROSS JOIN LATERAL (SELECT pid, fid, geom FROM {ap}"
                " WHERE geom && pb.geom OFFSET 0) pa"
            ).format(loaded=LOADED, **tables)
        return sql.SQL(
            "(SELECT pid, fid, {loaded} AS geom FROM {ap} OFFSET 0) pa"
            " CROSS JOIN LATERAL (SELECT pid, fid, geom FROM {bp}"
            " WHERE pa.geom && geom AND fid > %(low)s AND fid <= %(high)s OFFSET 0) pb"
        ).format(loaded=LOADED, **tables)

    def _kept_query(self, a: StagedRole, b: StagedRole, overlay: sql.Composed) -> sql.Composed:
        """The kept pairs among those of `overlay` (its last CTE, `p`), their geometries in
        the frame."""
        overlap = sql.SQL(
            "CASE WHEN p.relation = 'within' THEN a.geom WHEN p.relation = 'contains' THEN b.geom"
            # One piece pair: its part as it is (ST_UnaryUnion of one jagged part costs
            # 0.5 ms, 7 s for the province's 13,000); several: their parts, which the client
            # joins with GEOS's coverage union (ST_UnaryUnion: 1.2 ms per pair; PostGIS 3.3
            # has no ST_CoverageUnion), as the in-process engine does.
            " WHEN p.hits = 1 THEN ST_CollectionExtract(p.parts, 3) ELSE p.parts END"
        )
        # In the frame: the client moves them out (_Mover), as the in-process engine does.
        query = sql.SQL(
            "SELECT p.fa, p.fb, p.m2, p.relation,"
            " p.relation = 'overlaps' AND p.hits > 1, ST_AsBinary({}, 'NDR') "
            "FROM p JOIN {} a ON a.fid = p.fa JOIN {} b ON b.fid = p.fb "
            "WHERE p.relation <> 'overlaps' OR p.m2 >= %(keep)s"
        ).format(overlap, sql.Identifier(a.temp), sql.Identifier(b.temp))
        return sql.SQL("{}{}").format(overlay, query)

    def _stream(self, query: tuple[sql.Composed, dict[str, Any]]) -> Iterator[tuple]:
        """Rows of `query` through a server-side cursor, FETCH at a time.

        A thread fetches the next rows while the caller turns the last ones into pairs, so the
        server and Python's work overlap instead of running in turn.
        """
        with self.conn.transaction(), self.conn.cursor(name="il_stream") as cursor:
            cursor.itersize = FETCH
            cursor.execute(*query)
            batches: queue.Queue = queue.Queue(maxsize=2)
            stop = threading.Event()

            def fetch() -> None:
                try:
                    while not stop.is_set():
                        rows = cursor.fetchmany(FETCH)
                        _put(batches, stop, rows)
                        if not rows:
                            return
                except BaseException as exc:  # handed to the caller's thread
                    _put(batches, stop, exc)

            worker = threading.Thread(target=fetch, name="il_stream", daemon=True)
            worker.start()
            try:
                while True:
                    rows = batches.get()
                    if isinstance(rows, BaseException):
                        raise rows
                    if not rows:
                        return
                    check_cancelled(self.feedback)
                    yield from rows
            finally:
                stop.set()
                worker.join()

    def _nears(self, a: StagedRole, b: StagedRole) -> dict[tuple[int, int], float]:
        """Pairs without contact within the territory's distance, measured on the ellipsoid."""
        # Candidates by box first, the pairs already found (overlaps and contacts) left out
        # before any distance is measured (the in-process engine's order): most claims near a
        # territory piece lie in it, and measuring them first took 12 s on the province.
        # Against runs of B's outline when staged (territories.py): A there is outside B, so
        # its distance to B is to the outline, and only the features near it are candidates
        # (the province: 388,000 candidates near the pieces, almost all inside).
        tables = _temp_tables(a, b)
        if b.outline is not None:
            tables["bp"] = sql.Identifier(b.outline)
        # The nearest pieces and points where x / k and y * k are ellipsoidal metres, k the
        # frame's scale at the middle of A's piece (overlap/pairs.near, the same rule); the
        # line comes back stretched, with its k.
        query = sql.SQL(
            "SELECT DISTINCT ON (pa.fid, pb.fid) pa.fid, pb.fid, t.limit_m, s.k,"
            " ST_AsBinary(ST_ShortestLine(s.ga, s.gb)) "
            "FROM {bt} t JOIN (SELECT fid, {loaded} AS geom FROM {bp} OFFSET 0) pb"
            " ON pb.fid = t.fid "
            "CROSS JOIN LATERAL (SELECT q.fid, q.geom FROM {ap} q"
            " WHERE q.geom && ST_Expand(pb.geom, t.limit_m * %(scale)s + 1)"
            " AND NOT EXISTS (SELECT 1 FROM pg_temp.il_pairs p"
            "  WHERE p.fa = q.fid AND p.fb = pb.fid) OFFSET 0) pa "
            "CROSS JOIN LATERAL (SELECT c.k, ST_Scale(pa.geom, 1 / c.k, c.k) AS ga,"
            " ST_Scale(pb.geom, 1 / c.k, c.k) AS gb FROM (SELECT {k} AS k) c) s "
            "WHERE t.limit_m > 0 AND ST_DWithin(pa.geom, pb.geom, t.limit_m * %(scale)s + 1) "
            "ORDER BY pa.fid, pb.fid, ST_Distance(s.ga, s.gb)"
        ).format(
            loaded=LOADED,
            k=self.frame_sql.local_scale(sql.SQL("(ST_YMin(pa.geom) + ST_YMax(pa.geom)) / 2")),
            **tables,
        )
        top = self.conn.execute(
            sql.SQL("SELECT coalesce(max(limit_m), 0) FROM {}").format(sql.Identifier(b.temp))
        ).fetchone()[0]
        if top <= 0:
            return {}
        self.conn.execute("CREATE INDEX ON pg_temp.il_pairs (fa, fb)")
        self.conn.execute("ANALYZE pg_temp.il_pairs")
        found: dict[tuple[int, int], float] = {}
        params = {"scale": self.frame.max_scale, **self.frame_sql.params}
        for fa, fb, limit_m, k, line in self._stream((query, params)):
            metres = _line_metres(self.frame, bytes(line), k)
            if metres <= limit_m + 1e-6:
                found[(fa, fb)] = metres
        return found

    def _geometries(self, a: StagedRole, fids: list[int]) -> dict[int, bytes]:
        """A's whole geometries in the output CRS, for near pairs."""
        rows = self.conn.execute(
            sql.SQL("SELECT fid, ST_AsBinary({}) FROM {} WHERE fid = ANY(%(fids)s)").format(
                self.frame_sql.to_output(sql.SQL("geom")), sql.Identifier(a.temp)
            ),
            {**self.frame_sql.params, "fids": fids},
        ).fetchall()
        return {fid: bytes(wkb) for fid, wkb in rows}


class _Mover:
    """Overlap geometries moved out of the frame on two worker threads, while the caller builds
    the next pairs and the server looks for the near pairs.

    The query gives each pair's geometry in the frame, and whether it holds parts to be joined
    first (joined with GEOS's coverage union, as the in-process engine does). Moving them
    through QGIS, in bulk (ST_Transform row by row took 7 s for the province's pairs), took
    3.6 s of the province's run on the one thread that also fetched the rows.
    """

    def __init__(self, frame: EqualAreaFrame, out_crs: QgsCoordinateReferenceSystem) -> None:
        self.frame, self.out_crs = frame, out_crs
        self.local = threading.local()  # a transform per worker: one is not for two threads
        self.worker = ThreadPoolExecutor(max_workers=2, thread_name_prefix="imperial-sql-move")
        self.jobs: list[Future[None]] = []

    def __enter__(self) -> _Mover:
        return self

    def __exit__(self, *exc_info: object) -> None:
        cancelled = exc_info[0] is not None
        self.worker.shutdown(wait=True, cancel_futures=cancelled)
        if not cancelled:
            for job in self.jobs:
                job.result()  # a failure in a worker is the run's

    def pairs(self, made: Iterable[tuple[OverlapPair, bool, Any]]) -> list[OverlapPair]:
        """The pairs of (pair, join, frame WKB); their geometries are set by the workers, a
        chunk at a time (all set once the block is left)."""
        pairs: list[OverlapPair] = []
        given: list[tuple[bool, Any]] = []
        for pair, join, wkb in made:
            pairs.append(pair)
            given.append((join, wkb))
            if len(given) == MOVE_ROWS:
                self.jobs.append(self.worker.submit(self._move, pairs[-len(given) :], given))
                given = []
        if given:
            self.jobs.append(self.worker.submit(self._move, pairs[-len(given) :], given))
        return pairs

    def _move(self, pairs: list[OverlapPair], given: list[tuple[bool, Any]]) -> None:
        transform = getattr(self.local, "transform", None)
        if transform is None:
            transform = self.local.transform = self.frame.transform(self.out_crs, False)
        wkbs = [bytes(wkb) if wkb is not None else None for _join, wkb in given]
        joined = [i for i, (join, _wkb) in enumerate(given) if join and wkbs[i] is not None]
        if joined:
            collections = shapely.from_wkb(np.array([wkbs[i] for i in joined], dtype=object))
            for i, collection in zip(joined, collections):
                whole = polygonal(union_parts(shapely.get_parts(collection)))
                wkbs[i] = shapely.to_wkb(whole, output_dimension=2) if whole is not None else None
        moved = move_wkbs(wkbs, transform)
        if moved is None:  # not all 2D little-endian (multi)polygons: through GEOS
            present = [i for i, wkb in enumerate(wkbs) if wkb is not None]
            geoms = shapely.from_wkb(np.array([wkbs[i] for i in present], dtype=object))
            moved = [None] * len(wkbs)
            for i, wkb in zip(present, moved_wkb(geoms, transform)):
                moved[i] = wkb
        for pair, wkb in zip(pairs, moved):
            pair.geometry_wkb = wkb


def _overlap_pairs(kind: str, a: StagedRole, b: StagedRole, rows: list[tuple]) -> list[OverlapPair]:
    """The pairs of the kept rows (fa, fb, m2, relation, ...), without their geometries yet
    (the _Mover's job); areas and shares worked out for all rows at once."""
    if not rows:
        return []
    columns = list(zip(*rows))
    refs_a = [a.refs[fid] for fid in columns[0]]
    refs_b = [b.refs[fid] for fid in columns[1]]
    relations = [_RELATIONS.get(name, r.OVERLAPS) for name in columns[3]]
    overlap_ha, share_a, share_b = overlap_figures(
        np.array(columns[2], dtype=float) / 10_000.0,
        np.array([ref.area_ha for ref in refs_a]),
        np.array([ref.area_ha for ref in refs_b]),
        np.array([name == "within" for name in columns[3]], dtype=bool),
        np.array([name == "contains" for name in columns[3]], dtype=bool),
    )
    return [
        OverlapPair(kind, ref_a, ref_b, relation, ha, sa, sb)
        for ref_a, ref_b, relation, ha, sa, sb in zip(
            refs_a, refs_b, relations, overlap_ha.tolist(), share_a.tolist(), share_b.tolist()
        )
    ]


def _put(batches: queue.Queue, stop: threading.Event, item: object) -> None:
    """Put `item` unless the reader has stopped (it then reads no more)."""
    while not stop.is_set():
        try:
            batches.put(item, timeout=0.1)
            return
        except queue.Full:
            continue


def _temp_tables(a: StagedRole, b: StagedRole) -> dict[str, sql.Identifier]:
    """The staged tables of A and B: at, bt (features) and ap, bp (their pieces)."""
    return {
        "at": sql.Identifier(a.temp),
        "bt": sql.Identifier(b.temp),
        "ap": sql.Identifier(a.temp + "_p"),
        "bp": sql.Identifier(b.temp + "_p"),
    }


def _line_metres(frame: EqualAreaFrame, wkb: bytes, k: float) -> float:
    """Ellipsoidal length between the ends of a shortest line given in the frame stretched
    by (1 / k, k)."""
    (x1, y1), (x2, y2) = shapely.get_coordinates(shapely.from_wkb(wkb))[[0, -1]]
    return frame.geodesic_m(float(x1) * k, float(y1) / k, float(x2) * k, float(y2) / k)


def _limit(ref: FeatureRef, default_m: float) -> float:
    """The territory's distance field, else the default; UserError for a bad value."""
    value = ref.attributes.get("distance_m")
    if value is None or str(value).strip() == "":
        ref.attributes["distance_m"] = float(default_m)
        return float(default_m)
    try:
        metres = float(value)
    except (TypeError, ValueError):
        metres = -1.0
    if metres != metres or metres < 0 or metres == float("inf"):
        raise UserError(
            tr(
                "Territory '{name}' has a consultation distance of '{value}'; "
                "give zero or more metres."
            ).format(name=ref.key, value=value)
        )
    ref.attributes["distance_m"] = metres
    return metres


def _near_pair(
    kind: str, a: FeatureRef, b: FeatureRef, metres: float, wkb: bytes | None
) -> OverlapPair:
    return OverlapPair(
        kind=kind,
        a=a,
        b=b,
        relation=r.NEAR,
        overlap_ha=0.0,
        share_a_pct=0.0,
        share_b_pct=0.0,
        distance_m=float(metres),
        geometry_wkb=wkb,
    )
