"""The territories of an in-database run, prepared by the in-process engine's own rule.

A territory is the one big outline of a run (the bench province: 8 of 100,000 vertices). Its
edges are followed into the frame only where a feature of another layer comes within its
consultation distance (core/overlap/near_edges.py); the rest keep their chords and the area those
leave out is added to the territory's hectares. SQL cannot split edge by edge at that price
(ST_Segmentize splits every edge of a layer; followed in full, the province's territories grow
from 800,008 to 2.5 million vertices, and PostGIS's validity check and cut of them took 8 s of
the run on one core). So the few territory rows are read through QGIS, measured on a worker
thread while the server stages the other layers, followed near those layers' staged pieces,
repaired and cut as the in-process engine does (inputs.finish_layer, geometry.subdivide), and
written to `il_territories` / `il_territories_p` by binary COPY. Both engines then overlay the
very same territory outlines; only the claims, parcels and areas of interest are staged by SQL.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import psycopg
import shapely
from psycopg import sql
from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.overlap.engine import territory_limits, territory_reach
from imperial_land.core.overlap.equal_area import EqualAreaFrame
from imperial_land.core.overlap.geometry import CheckedPieces
from imperial_land.core.overlap.inputs import (
    LayerData,
    LayerSpec,
    RawLayer,
    finish_layer,
    moved_boxes,
    near_frame,
    read_raw,
)
from imperial_land.core.overlap.near_edges import MeasuredOutlines
from imperial_land.core.overlap.near_edges import measure as measure_outlines
from imperial_land.core.overlap.sql.frame import FrameSql
from imperial_land.core.overlap.sql.stage import (
    SourceTable,
    StagedRole,
    index_pieces,
    uncompressed,
)

OUTLINE_VERTICES = 256  # vertices per run of outline in `il_territories_b`


@dataclass
class _Prepared:
    """Territories in the frame (repaired, near edges followed) and their pieces."""

    data: LayerData
    pieces: list[np.ndarray]  # per feature: its pieces (itself when small)


class TerritoryStager:
    """Reads the territories (calling thread), then measures, follows and cuts them on a worker
    thread while the caller stages the other layers in the database."""

    def __init__(
        self,
        layer: QgsVectorLayer,
        spec: LayerSpec,
        frame: EqualAreaFrame,
        distance_m: float,
        feedback: QgsProcessingFeedback,
    ) -> None:
        self.frame = frame
        self.raw: RawLayer = read_raw(layer, spec, frame, feedback)  # QGIS: the layer's thread
        territory_limits(self.raw.rows, self.raw.keys, distance_m)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imperial-sql-terr")
        self.measuring: Future[MeasuredOutlines | None] = self.worker.submit(
            measure_outlines, self.raw.wkbs, self.raw.to_frame, self.raw.edge_tolerance_m
        )
        self.preparing: Future[_Prepared] | None = None

    def close(self) -> None:
        """Stop the worker (what has not started is dropped)."""
        self.worker.shutdown(wait=True, cancel_futures=True)

    def follow_near(self, boxes: np.ndarray) -> None:
        """Start following the edges near `boxes` (`source_boxes` of the other layers),
        repairing and cutting, on the worker."""
        self.preparing = self.worker.submit(self._prepare, boxes)

    def _prepare(self, boxes: np.ndarray) -> _Prepared:
        """The in-process engine's steps (engine._finish_territories): validity and pieces
        worked out one territory per task on the GEOS threads while the invalid are repaired."""
        raw = self.raw
        reach = territory_reach(raw.rows, self.frame)
        framed = near_frame(raw, self.measuring.result(), boxes, reach)  # as in-process
        checked = CheckedPieces(framed.geoms)
        data = finish_layer(raw, framed, checked.valid())
        ready = checked.pieces(data.geoms)  # every big one, the repaired ones too
        pieces: list[np.ndarray] = [
            np.array(ready.get(i, [g]), dtype=object) for i, g in enumerate(data.geoms)
        ]
        return _Prepared(data, pieces)

    def write(self, conn: psycopg.Connection, frame_sql: FrameSql) -> StagedRole:
        """`il_territories` and `il_territories_p` as the other roles' tables (stage.py), from
        the prepared territories; their fid is QGIS's feature id."""
        assert self.preparing is not None, "follow_near first"
        prepared = self.preparing.result()
        data = prepared.data
        staged = StagedRole(data.role, f"il_{data.role}")
        temp, pieces = sql.Identifier(staged.temp), sql.Identifier(staged.temp + "_p")
        srid = _frame_srid(conn, frame_sql)
        conn.execute(sql.SQL("DROP TABLE IF EXISTS pg_temp.{}, pg_temp.{}").format(temp, pieces))
        conn.execute(
            sql.SQL(
                "CREATE TEMP TABLE {} (fid bigint PRIMARY KEY, raw_null boolean, bad_wkb bytea, "
                "geom geometry, area_m2 float8, n_pieces integer)"
            ).format(temp)
        )
        conn.execute(
            sql.SQL(
                "CREATE TEMP TABLE {} (pid serial PRIMARY KEY, fid bigint, geom geometry)"
            ).format(pieces)
        )
        uncompressed(conn, temp)
        uncompressed(conn, pieces)
        fids = data.fids.tolist()
        wholes = _ewkb(data.geoms, srid)
        areas = (data.areas_ha * 10_000.0).tolist()
        with conn.cursor().copy(
            sql.SQL(
                "COPY {} (fid, raw_null, geom, area_m2, n_pieces) FROM STDIN (FORMAT BINARY)"
            ).format(temp)
        ) as copy:
            copy.set_types(["int8", "bool", "bytea", "float8", "int4"])
            for fid, wkb, m2, cut in zip(fids, wholes, areas, prepared.pieces):
                copy.write_row((fid, False, wkb, m2, len(cut)))
        with conn.cursor().copy(
            sql.SQL("COPY {} (fid, geom) FROM STDIN (FORMAT BINARY)").format(pieces)
        ) as copy:
            copy.set_types(["int8", "bytea"])
            for fid, cut in zip(fids, prepared.pieces):
                for wkb in _ewkb(cut, srid):
                    copy.write_row((fid, wkb))
        index_pieces(conn, staged.temp)
        staged.outline = staged.temp + "_b"
        outline = sql.Identifier(staged.outline)
        conn.execute(sql.SQL("DROP TABLE IF EXISTS pg_temp.{}").format(outline))
        conn.execute(sql.SQL("CREATE TEMP TABLE {} (fid bigint, geom geometry)").format(outline))
        with conn.cursor().copy(
            sql.SQL("COPY {} (fid, geom) FROM STDIN (FORMAT BINARY)").format(outline)
        ) as copy:
            copy.set_types(["int8", "bytea"])
            for fid, geom in zip(fids, data.geoms):
                for wkb in _ewkb(_outline_runs(geom), srid):
                    copy.write_row((fid, wkb))
        conn.execute(sql.SQL("CREATE INDEX ON {} USING GIST (geom)").format(outline))
        conn.execute(sql.SQL("ANALYZE {}").format(outline))
        staged.refs = dict(zip(fids, data.refs(np.arange(len(data)))))
        staged.issues = list(data.issues)
        staged.info = data.info
        return staged


def _outline_runs(geom: object) -> np.ndarray:
    """The rings of a (multi)polygon as lines of at most OUTLINE_VERTICES vertices (each run
    ends where the next begins): a feature outside the territory is as far from it as from
    the nearest run, and far fewer features lie near its outline than near its pieces."""
    runs: list[np.ndarray] = []
    for ring in shapely.get_rings(shapely.get_parts(geom)).tolist():
        xy = shapely.get_coordinates(ring)
        runs.extend(
            xy[start : start + OUTLINE_VERTICES + 1]
            for start in range(0, len(xy) - 1, OUTLINE_VERTICES)
        )
    if not runs:
        return np.zeros(0, dtype=object)
    index = np.repeat(np.arange(len(runs)), [len(run) for run in runs])
    return shapely.linestrings(np.concatenate(runs), indices=index)


def _ewkb(geoms: np.ndarray, srid: int) -> list[bytes]:
    """EWKB of `geoms` with `srid` (PostGIS's binary input of a geometry column)."""
    return list(shapely.to_wkb(shapely.set_srid(geoms, srid), include_srid=True, flavor="extended"))


def _frame_srid(conn: psycopg.Connection, frame_sql: FrameSql) -> int:
    """The SRID the frame's SQL gives moved geometries (the claims' pieces carry it too)."""
    point = sql.SQL("ST_SetSRID(ST_MakePoint(0, 0), 4326)")
    query = sql.SQL("SELECT ST_SRID({})").format(frame_sql.to_frame(point))
    return int(conn.execute(query, frame_sql.params).fetchone()[0])


def source_boxes(
    conn: psycopg.Connection,
    sources: list[tuple[SourceTable, QgsVectorLayer]],
    frame: EqualAreaFrame,
) -> np.ndarray:
    """Each source feature's box in the frame (n x 4), grown so that its image lies inside, by
    the in-process engine's rule (`inputs.moved_boxes` of the boxes the server reads from the
    rows). Known before the layers are staged, so the territories are followed on the
    worker while the server stages the other layers."""
    parts = [np.zeros((0, 4))]
    for table, layer in sources:
        geom = sql.Identifier(table.geometry)
        query = sql.SQL(
            "SELECT ST_XMin({g}), ST_YMin({g}), ST_XMax({g}), ST_YMax({g}) FROM {t}"
            " WHERE {g} IS NOT NULL AND NOT ST_IsEmpty({g})"
        ).format(g=geom, t=table.ident())
        with conn.cursor(binary=True) as cursor:
            rows = cursor.execute(query).fetchall()
        if not rows:
            continue
        moved = moved_boxes(np.array(rows, dtype=float), frame.transform(layer.crs(), True))
        if moved is None:  # a corner outside the CRS's area: no near test, every edge followed
            return np.zeros((0, 4))
        parts.append(moved)
    return np.concatenate(parts)
