"""Table model of an overlap run's pairs, filtered by Nation and flag, sorted by a column.

A province run has ~400,000 pairs: their text worked out up front took 6 s on the main thread,
a QSortFilterProxyModel's sort asked `data()` for every comparison (40 s a click) and its
filter told the view of every run of rows it hid (10 s for one Nation). So a row's text is
made when the view shows it, and the model itself filters (one reset) and sorts (one key per
pair). Figures: docs/decisions.md.
"""

from __future__ import annotations

from typing import Any, Callable

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from imperial_land.core.consultation import CONSULTATION_COLUMNS, consultation_headers
from imperial_land.core.overlap import OverlapPair
from imperial_land.core.report import column_sort_keys, pair_display, pair_headers

COLUMNS = ["kind", "relation", "flag", "nation", "a_key", "b_key", "overlap_ha", "distance_m"]
NUMERIC = {"overlap_ha", "distance_m"}
PAIR_ROLE = Qt.ItemDataRole.UserRole + 1  # the OverlapPair
FID_ROLE = Qt.ItemDataRole.UserRole + 2  # its feature id in the run's flags layer
SHOWN_KEPT = 5_000  # rows' text kept for the view's next paint, then worked out again


class PairsModel(QAbstractTableModel):
    """The pairs of one Nation and / or one flag ('' = any), in the run's order or sorted by a
    column: row r shows pair `order[r]` of the run, feature `order[r] + 1` of its flags layer.
    With the consultation register linked, each row ends with its consultation cells (why it
    needs attention, status, last contact, open commitments), as in the CSV."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pairs: list[OverlapPair] = []
        self.columns: list[str] = list(COLUMNS)
        self._headers = pair_headers()  # translated once, not at each paint
        self.order: list[int] = []
        self._cells: Callable[[OverlapPair], list[str]] | None = None
        self.nation = ""
        self.flag: str | None = None
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._sorted: list[int] | None = None  # every pair in `sorted_by` order
        self._shown: dict[int, dict[str, str]] = {}

    def set_pairs(self, pairs: list[OverlapPair], consultation=None) -> None:
        """Show a new run's pairs, with the filter and sort already chosen; `consultation`: the
        register's view of the run (core/consultation), or None."""
        self.beginResetModel()
        self.pairs = list(pairs)
        self._cells = consultation.text_cells() if consultation is not None else None
        self.columns = COLUMNS + (CONSULTATION_COLUMNS if consultation is not None else [])
        self._headers = {**pair_headers(), **consultation_headers()}
        if self.sorted_by is not None and self.sorted_by[0] >= len(self.columns):
            self.sorted_by = None
        self._sorted = None
        self._shown.clear()
        self.order = self._visible()
        self.endResetModel()

    def set_filter(self, nation: str, flag: str | None) -> None:
        """Keep the pairs of `nation` ('' = any) with `flag` (None = any, '' = no flag)."""
        self.beginResetModel()
        self.nation, self.flag = nation, flag
        self.order = self._visible()
        self.endResetModel()

    def row_of(self, fid: int) -> int | None:
        """The row showing flags feature `fid` (pair `fid - 1`), or None when filtered out."""
        try:
            return self.order.index(fid - 1)
        except ValueError:
            return None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[self.columns[section]]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        number = self.order[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column in CONSULTATION_COLUMNS and self._cells is not None:
                return self._cells(self.pairs[number])[CONSULTATION_COLUMNS.index(column)]
            return self._text(number)[column]
        if role == PAIR_ROLE:
            return self.pairs[number]
        if role == FID_ROLE:
            return number + 1
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Rows by the column's values as shown (numbers as numbers, no value first); column
        -1: the run's order. The selection follows its pairs."""
        wanted = (column, order) if 0 <= column < len(self.columns) else None
        if wanted == self.sorted_by:
            return  # already so (Qt's sortByColumn asks twice)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        numbers_before = [self.order[index.row()] for index in before]
        self.sorted_by, self._sorted = wanted, None
        self.order = self._visible()
        row_of = {number: row for row, number in enumerate(self.order)}
        self.changePersistentIndexList(
            before,
            [self.index(row_of[n], index.column()) for n, index in zip(numbers_before, before)],
        )
        self.layoutChanged.emit()

    def _visible(self) -> list[int]:
        """The pairs the filter keeps, in the chosen order."""
        if self.sorted_by is None:
            numbers: list[int] | range = range(len(self.pairs))
        else:
            if self._sorted is None:
                column, order = self.sorted_by
                keys = self._sort_keys(self.columns[column])
                descending = order == Qt.SortOrder.DescendingOrder
                self._sorted = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
            numbers = self._sorted
        if not self.nation and self.flag is None:
            return list(numbers)
        pairs, nation, flag = self.pairs, self.nation, self.flag
        return [
            n
            for n in numbers
            if (not nation or pairs[n].nation == nation) and (flag is None or pairs[n].flag == flag)
        ]

    def _sort_keys(self, column: str) -> list[Any]:
        if column in CONSULTATION_COLUMNS and self._cells is not None:
            at = CONSULTATION_COLUMNS.index(column)
            return [self._cells(pair)[at] for pair in self.pairs]
        return column_sort_keys(self.pairs, column)

    def _text(self, number: int) -> dict[str, str]:
        shown = self._shown.get(number)
        if shown is None:
            if len(self._shown) >= SHOWN_KEPT:
                self._shown.clear()
            shown = self._shown[number] = pair_display(self.pairs[number])
        return shown
