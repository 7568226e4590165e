"""The province-speed paths give exactly what the plain per-item code gives."""

from __future__ import annotations

import datetime as dt
import gc

import numpy as np
import pytest
import shapely

from imperial_land.core.common.bulk import gc_paused
from imperial_land.core.maplayers import as_date
from imperial_land.core.overlap.geometry import valid_in_threads
from imperial_land.core.overlap.inputs import _date_column
from imperial_land.core.overlap.results import FeatureRef, OverlapPair
from imperial_land.core.report.model import pair_row, pair_rows
from tests.support.report_cases import hand_result


def test_pair_rows_equal_pair_row_for_every_kind():
    result = hand_result()
    assert list(pair_rows(result.pairs)) == [tuple(pair_row(p)) for p in result.pairs]
    assert len(result.pairs) == 8


def test_pair_rows_convert_each_title_expiry_once():
    claim = FeatureRef(
        "claims", 11, "2512345", 50.0, {"holder": "H", "expiry": dt.date(2027, 3, 14)}
    )
    undated = FeatureRef("claims", 12, "2512346", 50.0, {"holder": "H", "expiry": None})
    territory = FeatureRef("territories", 1, "Nitassinan", 900.0, {"name": "Nitassinan"})
    pairs = [
        OverlapPair("claim_territory", claim, territory, "within", 50.0, 100.0, 5.5),
        OverlapPair("claim_territory", claim, territory, "within", 50.0, 100.0, 5.5),
        OverlapPair("claim_territory", undated, territory, "near", 0.0, 0.0, 0.0, 120.0),
    ]
    seen: list[object] = []

    def expiry(date: object) -> object:
        seen.append(date)
        return f"<{date}>"

    rows = list(pair_rows(pairs, expiry))
    assert rows[0] == rows[1] == (
        "claim_territory", "within", "", "",
        "claims", 11, "2512345", "",
        "territories", 1, "Nitassinan", "Nitassinan",
        "H", "", "<2027-03-14>", "",
        50.0, 100.0, 5.5, None,
    )  # fmt: skip
    assert rows[2][12:15] == ("H", "", None) and rows[2][-1] == 120.0
    assert seen == [dt.date(2027, 3, 14)]  # once per title, never for a missing date


def test_gc_paused_restores_the_collector_even_on_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError("stop")
    assert gc.isenabled()


def test_valid_in_threads_matches_is_valid_on_big_polygons():
    circle = shapely.Point(0, 0).buffer(1000.0, quad_segs=40_000)  # 160,001 vertices
    bow_tie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    geoms = np.array([circle, bow_tie, None, circle, shapely.box(0, 0, 1, 1)], dtype=object)
    assert valid_in_threads(geoms).tolist() == [True, False, False, True, True]
    assert valid_in_threads(geoms).tolist() == shapely.is_valid(geoms).tolist()


def test_date_column_matches_per_value_parsing():
    values = ["20270314", "20270314", "2027-03-14", 20270314, dt.date(2026, 1, 2), None, "bad"]
    values.append(dt.datetime(2026, 1, 2, 5, 0))
    expected = [as_date(v) for v in values]
    assert _date_column(values) == expected
    assert expected[:5] == [dt.date(2027, 3, 14)] * 4 + [dt.date(2026, 1, 2)]
    assert expected[5:] == [None, None, dt.date(2026, 1, 2)]
