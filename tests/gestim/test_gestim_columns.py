"""The reader's two column sources (Arrow, OGR feature by feature) and the sync's digests."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import shapely
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.gestim.columns import (
    arrow_available,
    arrow_columns,
    field_kinds,
    ogr_columns,
    open_vector,
)
from imperial_land.core.gestim.reader import vsi_path
from imperial_land.core.register.backend import TEXT
from imperial_land.core.sync.diff import _coerced
from imperial_land.core.sync.digest import digest, digests
from tests.support.gestim_builder import (
    GESTIM_SCHEMA,
    build_gestim_zip,
    cell_polygon,
    sample_rows,
    title_row,
)


def _expected_columns(rows: list[dict]) -> dict[str, list]:
    """What the reader must give for the builder's rows: every field, blanks as None."""
    columns = {name: [row[name] for row in rows] for name in GESTIM_SCHEMA}
    columns["DET_NOM"] = [value or None for value in columns["DET_NOM"]]
    return columns


@pytest.fixture
def null_zip(tmp_path):
    rows = sample_rows()
    rows.append(title_row(2512380, holder="", TIT_SUPRF=None, TIT_NB_REN=None, cell=(5, 5)))
    rows.append(title_row(2512381, holder="Mines Ôté & Fils", cell=(6, 6)))
    return rows, build_gestim_zip(tmp_path / "n.zip", rows)


def _both(path):
    vsi = vsi_path(path)
    feedback = QgsProcessingFeedback()
    dataset = open_vector(vsi, path.name, "CP1252")
    layer = dataset.GetLayer(0)
    fields = [name for name, _kind in field_kinds(layer)]
    by_ogr = ogr_columns(layer, fields, feedback)
    del layer, dataset
    return fields, arrow_columns(vsi, fields, path.name, feedback), by_ogr


def test_arrow_and_ogr_give_the_hand_built_columns(null_zip, qgis_app):
    rows, path = null_zip
    assert arrow_available()  # QGIS 3.22 on Debian 12 has GDAL 3.6
    fields, by_arrow, by_ogr = _both(path)
    expected = _expected_columns(rows)
    assert fields == list(GESTIM_SCHEMA)
    for columns in (by_arrow, by_ogr):
        assert {name: columns[name] for name in fields} == expected
        assert columns["TIT_SUPRF"][5] is None and columns["TIT_NB_REN"][5] is None  # NULL, not 0
        assert columns["DET_NOM"][6] == "Mines Ôté & Fils"
        assert columns["TIT_DAT_EX"][3] == dt.date(2026, 12, 1)
    assert by_arrow["geometry_wkb"] == by_ogr["geometry_wkb"]


def test_a_null_geometry_is_none_from_both_sources(tmp_path, qgis_app):
    rows = [title_row(2512390, cell=(1, 1)), title_row(2512391, geometry=None)]
    rows[1]["geometry"] = None
    rows.append(title_row(2512392, geometry=cell_polygon(2, 2, cells=2)))
    _fields, by_arrow, by_ogr = _both(build_gestim_zip(tmp_path / "g.zip", rows))
    for columns in (by_arrow, by_ogr):
        wkbs = columns["geometry_wkb"]
        assert wkbs[1] is None and wkbs[0] is not None and wkbs[2] is not None
        shapes = shapely.from_wkb([wkbs[0], wkbs[2]])
        expected = [cell_polygon(1, 1), cell_polygon(2, 2, cells=2)]
        assert shapely.bounds(shapes).ravel().tolist() == pytest.approx(
            shapely.bounds(expected).ravel().tolist(), abs=1e-9
        )
    assert by_arrow["TIT_NO"] == ["2512390", "2512391", "2512392"]


def test_cancel_stops_the_arrow_read(null_zip, qgis_app):
    _rows, path = null_zip
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(Cancelled):
        arrow_columns(vsi_path(path), list(GESTIM_SCHEMA), path.name, feedback)


def test_column_digests_are_exactly_the_row_digests():
    columns = [
        ["2512345", "2512346", 'O\'Neil "&" fils', "Société", None, "2512349"],
        [dt.date(2027, 3, 14), None, dt.date(2027, 3, 14), dt.date(2026, 1, 5), None, None],
        [0.0, -0.0, 52.87, None, float("nan"), 1e-7],
        [1, True, 1, 0, None, 7],  # bool and int are equal, not the same repr
        ["A", "A", None, "A", None, None],  # trailing None in rows 2, 4, 5
        [None] * 6,  # an empty last column changes no digest
    ]
    wkbs = [b"\x01\x02", None, b"", b"\x00" * 9, None, b"x"]
    names = [f"F{index}" for index in range(len(columns))]
    expected = [
        digest(dict(zip(names, values)), names, wkb) for values, wkb in zip(zip(*columns), wkbs)
    ]
    assert digests(columns, wkbs) == expected
    first = repr(("2512345", dt.date(2027, 3, 14), 0.0, 1, "A")).encode("utf-8") + b"\x01\x02"
    assert expected[0] == hashlib.blake2b(first, digest_size=16).hexdigest()
    assert digests([["7"]], [None]) == [hashlib.blake2b(b"('7',)", digest_size=16).hexdigest()]


def test_repeated_texts_are_digested_like_distinct_ones():
    titles = [str(2_500_000 + index) for index in range(3000)]
    status = ["A"] * 2999 + ["S"]
    wkbs = [bytes([index % 256]) for index in range(3000)]
    names = ["TIT_NO", "STI_CODE"]
    expected = [
        digest({"TIT_NO": t, "STI_CODE": s}, names, w) for t, s, w in zip(titles, status, wkbs)
    ]
    assert digests([titles, status], wkbs) == expected


def test_coerced_converts_each_value_and_names_the_bad_title():
    keys = ["7-1", None, "8-1", "9-1"]
    assert _coerced([10, 3, 1.0, True], TEXT, keys) == ["10", 3, "1", "True"]
    with pytest.raises(UserError) as error:
        _coerced(["20270314", "x", "20271345", "2027-13-01"], "date", keys)
    assert str(error.value).startswith("Title 8: a value cannot be read (")
    column = [1, {"unhashable": 1}, 2, None]
    assert _coerced(column, TEXT, keys) == ["1", {"unhashable": 1}, "2", None]
    assert column == [1, {"unhashable": 1}, 2, None]  # the batch's column is left as read
