"""The dock's pairs table: text made for the rows shown, its own sort (numbers as numbers,
labels as read) and filter, the selection kept through a sort, each row naming its flags
feature."""

from __future__ import annotations

import pytest
from qgis.PyQt.QtCore import QItemSelectionModel, Qt
from qgis.PyQt.QtWidgets import QTableView

from imperial_land.core.consultation.report_link import consultation_view
from imperial_land.core.overlap import results as r
from imperial_land.core.report import pair_display
from imperial_land.gui import overlap_model
from imperial_land.gui.overlap_model import COLUMNS, FID_ROLE, PAIR_ROLE, PairsModel
from tests.support.consultation_cases import TODAY, contacted_register
from tests.support.report_cases import INNU, LOT, NASKAPI, hand_result

HA = COLUMNS.index("overlap_ha")
DISTANCE = COLUMNS.index("distance_m")
FLAG = COLUMNS.index("flag")


@pytest.fixture
def table(qgis_app):
    model = PairsModel()
    result = hand_result()
    model.set_pairs(result.pairs)
    return model, result


def _rows(model: PairsModel, role=PAIR_ROLE) -> list:
    return [model.data(model.index(row, 0), role) for row in range(model.rowCount())]


def test_rows_start_in_the_runs_order_each_naming_its_flags_feature(table):
    model, result = table
    assert _rows(model) == result.pairs
    assert _rows(model, FID_ROLE) == list(range(1, 9))
    shown = [model.data(model.index(0, column)) for column in range(len(COLUMNS))]
    assert shown == [pair_display(result.pairs[0])[column] for column in COLUMNS]
    assert shown[HA] == "25.00"


def test_sorting_by_hectares_orders_numbers_as_numbers_and_keeps_feature_ids(table):
    model, result = table
    model.sort(HA, Qt.SortOrder.DescendingOrder)
    hectares = [model.data(model.index(row, HA)) for row in range(8)]
    assert hectares == ["400.00", "100.00", "25.00", "25.00", "25.00", "25.00", "10.00", "0.00"]
    assert _rows(model, FID_ROLE) == [5, 6, 1, 2, 3, 7, 8, 4]  # ties keep the run's order
    assert [result.pairs[fid - 1] for fid in _rows(model, FID_ROLE)] == _rows(model)
    model.sort(DISTANCE, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, DISTANCE)) == "300"
    assert _rows(model, FID_ROLE)[0] == 4
    assert [model.data(model.index(row, DISTANCE)) for row in range(1, 8)] == [""] * 7


def test_sorting_by_flag_follows_the_label_people_read(table):
    """In French the labels' order is not the codes' (company_title < consultation): a sort
    by code would put the company's title first."""
    from imperial_land.core.common.i18n import install_translator, remove_translator

    model, _result = table
    assert install_translator("fr") == "fr"
    try:
        model.sort(FLAG, Qt.SortOrder.AscendingOrder)
        labels = [model.data(model.index(row, FLAG)) for row in range(8)]
    finally:
        remove_translator()
    assert labels == ["Consultation"] * 6 + ["Titre de la société", "Titre de tiers"]
    assert labels == sorted(labels)
    assert _rows(model, FID_ROLE) == [1, 2, 3, 4, 5, 6, 8, 7]


def test_a_filter_on_a_sorted_table_keeps_the_order(table):
    model, result = table
    model.sort(HA, Qt.SortOrder.AscendingOrder)
    model.set_filter(INNU, r.FLAG_CONSULTATION)
    assert _rows(model, FID_ROLE) == [1, 3, 5]
    assert all(pair.nation == INNU for pair in _rows(model))
    model.set_filter("", None)
    assert len(_rows(model)) == len(result.pairs)


def test_the_selected_pair_stays_selected_through_a_sort(table):
    model, result = table
    view = QTableView()
    view.setModel(model)
    view.selectionModel().select(
        model.index(3, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    model.sort(HA, Qt.SortOrder.AscendingOrder)
    selected = view.selectionModel().selectedRows()
    assert [model.data(index, PAIR_ROLE) for index in selected] == [result.pairs[3]]
    assert selected[0].row() == 0  # the near pair (0 ha) comes first


def test_a_new_run_is_shown_in_the_last_sort(table):
    model, result = table
    model.sort(HA, Qt.SortOrder.DescendingOrder)
    model.set_pairs(list(reversed(result.pairs)))
    assert model.data(model.index(0, HA)) == "400.00"
    assert _rows(model, FID_ROLE)[0] == 4  # pair P1 x T1 is feature 4 of the new run


def test_only_the_rows_a_view_shows_get_their_text(table, monkeypatch):
    model, result = table
    made = []

    def counted(pair):
        made.append(pair)
        return pair_display(pair)

    monkeypatch.setattr(overlap_model, "pair_display", counted)
    model.set_pairs(result.pairs * 5_000)  # 40,000 pairs
    model.sort(HA, Qt.SortOrder.DescendingOrder)
    model.set_filter(INNU, None)
    assert model.rowCount() == 15_000  # three of the eight pairs are Innu
    assert made == []
    assert model.data(model.index(14_999, HA)) == "25.00"
    assert len(made) == 1


def test_column_minus_one_goes_back_to_the_runs_order(table):
    model, result = table
    model.sort(HA, Qt.SortOrder.DescendingOrder)
    model.sort(-1, Qt.SortOrder.AscendingOrder)
    assert _rows(model) == result.pairs


def test_with_the_register_linked_each_row_ends_with_its_consultation(tmp_path, qgis_app):
    result = hand_result()
    view = consultation_view(result, contacted_register(tmp_path / "r.gpkg"), TODAY, 90)
    model = PairsModel()
    model.set_pairs(result.pairs, view)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[len(COLUMNS) :] == [
        "Needs attention",
        "Consultation status",
        "Last contact",
        "Open commitments",
    ]
    grew = next(
        row
        for row in range(model.rowCount())
        if model.data(model.index(row, 0), PAIR_ROLE).a.key == LOT
        and model.data(model.index(row, 0), PAIR_ROLE).nation == NASKAPI
    )
    cells = [model.data(model.index(grew, c)) for c in range(len(COLUMNS), len(headers))]
    assert cells[0] == "Overlap grew since the last contact"
    assert cells[2] == "2026-10-20"
    model.sort(len(COLUMNS), Qt.SortOrder.DescendingOrder)  # by why it needs attention
    assert model.data(model.index(0, len(COLUMNS))) != ""
    assert model.data(model.index(model.rowCount() - 1, len(COLUMNS))) == ""
    why = [model.data(model.index(row, len(COLUMNS))) for row in range(model.rowCount())]
    assert (
        why
        == ["Overlap grew since the last contact"] + ["No consultation record yet"] * 4 + [""] * 3
    )
    assert _rows(model, FID_ROLE) == [6, 1, 2, 3, 4, 5, 7, 8]  # ties keep the run's order
    model.set_pairs(result.pairs)  # a run without the register: its columns go
    assert model.columnCount() == len(COLUMNS)
    assert model.sorted_by is None
