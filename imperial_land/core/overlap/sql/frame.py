"""The equal-area frame of core/overlap/equal_area.py as SQL expressions.

PostGIS transforms fast between SRIDs (PROJ objects cached per backend) but builds a new PROJ
object for every row when given a PROJ string. The frame is a Lambert cylindrical equal-area
projection; any two of those on the same ellipsoid differ by an affine map (x scaled by
k/k', y by k'/k, a shift for the central meridian). So the frame is reached as EPSG:6933
(cylindrical equal-area, lat_ts 30, WGS 84 whose ellipsoid equals GRS80 to 0.1 mm) followed
by ST_Affine. For another ellipsoid, or without EPSG:6933, the frame's own definition is used
(slower: PROJ objects built row by row).

The frame's datum is that of its base EPSG geographic CRS (core/overlap/equal_area.py): a
geometry first goes to that CRS by SRID (the EPSG datum operations, as QGIS picks them between
two EPSG CRSs), then, a mere conversion, to the frame: labelled WGS 84 (EPSG:4326, the ellipsoid
within 0.1 mm) on the way to EPSG:6933. A frame without datum is reached directly as before.
"""

from __future__ import annotations

import math
from typing import Any

import psycopg
from psycopg import sql
from qgis.core import QgsCoordinateReferenceSystem, QgsEllipsoidUtils

from imperial_land.core.overlap.equal_area import EqualAreaFrame

BASE_SRID = 6933
BASE_A = 6378137.0
BASE_B = 6356752.314245179  # WGS 84
BASE_LAT_TS = 30.0
LABEL_SRID = 4326  # EPSG:6933's base: a frame's datum coordinates reach it unshifted
SAME_ELLIPSOID_M = 0.01


def _k0(lat_ts: float, a: float, b: float) -> float:
    e2 = 1.0 - (b * b) / (a * a)
    s = math.sin(math.radians(lat_ts))
    return math.cos(math.radians(lat_ts)) / math.sqrt(1.0 - e2 * s * s)


def _srid(conn: psycopg.Connection, crs: QgsCoordinateReferenceSystem) -> int | None:
    """The SRID of an EPSG CRS when the database knows it."""
    authority, _, code = crs.authid().partition(":")
    if authority != "EPSG" or not code.isdigit():
        return None
    found = conn.execute(
        "SELECT srid FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND auth_srid = %s",
        (int(code),),
    ).fetchone()
    return int(found[0]) if found else None


class FrameSql:
    """SQL to move geometries into the frame and out of it; `params` go with every query."""

    def __init__(
        self,
        conn: psycopg.Connection,
        frame: EqualAreaFrame,
        lon_centre: float,
        out: QgsCoordinateReferenceSystem,
    ) -> None:
        axes = QgsEllipsoidUtils.ellipsoidParameters(frame.ellipsoid)
        a, b = axes.semiMajor, axes.semiMinor
        base = QgsCoordinateReferenceSystem(f"EPSG:{BASE_SRID}")
        self.fast = (
            abs(a - BASE_A) < SAME_ELLIPSOID_M
            and abs(b - BASE_B) < SAME_ELLIPSOID_M
            and _srid(conn, base) == BASE_SRID
            and _srid(conn, QgsCoordinateReferenceSystem(f"EPSG:{LABEL_SRID}")) == LABEL_SRID
        )
        # The frame's datum: its base CRS by SRID when the database knows it.
        self.datum_srid = _srid(conn, frame.base) if frame.base is not None else None
        if frame.base is not None and self.datum_srid is None:
            self.fast = False  # the frame's own WKT from the layer's CRS, row by row
        k_frame, k_base = _k0(round(frame.lat_ts, 6), a, b), _k0(BASE_LAT_TS, BASE_A, BASE_B)
        lon_0 = math.radians(round(lon_centre, 6))  # as in the frame's definition
        self.out_srid = _srid(conn, out)
        self.params: dict[str, Any] = {
            # PostGIS reads a text CRS as PROJ does (WKT or PROJ string).
            "f_proj": frame.wkt if frame.base is not None else frame.proj,
            "f_datum": frame.base.authid() if frame.base is not None else "",
            "f_sx": k_frame / k_base,
            "f_sy": k_base / k_frame,
            "f_dx": -a * k_frame * lon_0,
            "f_ix": k_base / k_frame,
            "f_iy": k_frame / k_base,
            "f_idx": a * k_base * lon_0,
            "f_out": self.out_srid or 0,
            "f_out_proj": out.toProj(),
            # EqualAreaFrame.local_scale's terms
            **{f"s_{name}": value for name, value in frame.scale_terms.items()},
        }

    def to_frame(self, geometry: sql.Composable) -> sql.Composed:
        """`geometry` (with its SRID) in the frame."""
        if self.datum_srid:
            in_datum = sql.SQL("ST_Transform({}, {})").format(
                geometry, sql.Literal(self.datum_srid)
            )
            if self.fast:
                return sql.SQL(
                    "ST_Affine(ST_Transform(ST_SetSRID({}, {}), {}), "
                    "%(f_sx)s, 0, 0, %(f_sy)s, %(f_dx)s, 0)"
                ).format(in_datum, sql.Literal(LABEL_SRID), sql.Literal(BASE_SRID))
            return sql.SQL("ST_Transform({}, %(f_datum)s, %(f_proj)s)").format(in_datum)
        if self.fast:
            return sql.SQL(
                "ST_Affine(ST_Transform({}, {}), %(f_sx)s, 0, 0, %(f_sy)s, %(f_dx)s, 0)"
            ).format(geometry, sql.Literal(BASE_SRID))
        return sql.SQL("ST_Transform({}, %(f_proj)s)").format(geometry)

    def to_output(self, geometry: sql.Composable) -> sql.Composed:
        """`geometry` (in the frame) in the output CRS."""
        if self.datum_srid:
            if self.fast:
                in_datum = sql.SQL(
                    "ST_SetSRID(ST_Transform(ST_SetSRID(ST_Affine({}, %(f_ix)s, 0, 0, %(f_iy)s, "
                    "%(f_idx)s, 0), {}), {}), {})"
                ).format(
                    geometry,
                    sql.Literal(BASE_SRID),
                    sql.Literal(LABEL_SRID),
                    sql.Literal(self.datum_srid),
                )
            else:
                in_datum = sql.SQL("ST_Transform({}, %(f_proj)s, {})").format(
                    geometry, sql.Literal(self.datum_srid)
                )
            if self.out_srid:
                return sql.SQL("ST_Transform({}, %(f_out)s)").format(in_datum)
            return sql.SQL("ST_Transform({}, %(f_out_proj)s)").format(in_datum)
        if self.fast and self.out_srid:
            return sql.SQL(
                "ST_Transform(ST_SetSRID(ST_Affine({}, %(f_ix)s, 0, 0, %(f_iy)s, %(f_idx)s, 0), "
                "{}), %(f_out)s)"
            ).format(geometry, sql.Literal(BASE_SRID))
        if self.out_srid:
            return sql.SQL("ST_Transform({}, %(f_proj)s, %(f_out)s)").format(geometry)
        return sql.SQL("ST_Transform({}, %(f_proj)s, %(f_out_proj)s)").format(geometry)

    @staticmethod
    def local_scale(y: sql.Composable) -> sql.Composed:
        """EqualAreaFrame.local_scale at frame ordinate `y`, the same formula in SQL (the
        nearest points of two features are sought with x / k and y * k, overlap/pairs.near)."""
        beta = sql.SQL("asin(least(1.0, greatest(-1.0, ({}) / %(s_y_pole)s)))").format(y)
        phi = sql.SQL(
            "({b} + %(s_c2)s * sin(2 * {b}) + %(s_c4)s * sin(4 * {b}) + %(s_c6)s * sin(6 * {b}))"
        ).format(b=beta)
        return sql.SQL("(%(s_k0)s * sqrt(1 - %(s_es)s * power(sin({p}), 2)) / cos({p}))").format(
            p=phi
        )
