"""Table model of an overlap run's pairs, and a proxy that filters them by Nation and flag."""

from __future__ import annotations

from typing import Any

from qgis.PyQt.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from imperial_land.core.overlap import OverlapPair
from imperial_land.core.report import pair_display, pair_headers

COLUMNS = ["kind", "relation", "flag", "nation", "a_key", "b_key", "overlap_ha", "distance_m"]
NUMERIC = {"overlap_ha", "distance_m"}
PAIR_ROLE = Qt.ItemDataRole.UserRole + 1  # the OverlapPair
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # numbers as numbers


class PairsModel(QAbstractTableModel):
    """One row per pair; row i is feature i + 1 of the run's memory flags layer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pairs: list[OverlapPair] = []
        self.shown: list[dict[str, str]] = []

    def set_pairs(self, pairs: list[OverlapPair]) -> None:
        self.beginResetModel()
        self.pairs = list(pairs)
        self.shown = [pair_display(p) for p in self.pairs]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return pair_headers()[COLUMNS[section]]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = COLUMNS[index.column()]
        pair = self.pairs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown[index.row()][column]
        if role == PAIR_ROLE:
            return pair
        if role == SORT_ROLE:
            if column in NUMERIC:
                value = getattr(pair, column)
                return -1.0 if value is None else float(value)
            return self.shown[index.row()][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PairsFilter(QSortFilterProxyModel):
    """Keeps the pairs of one Nation and / or one flag ('' = any)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.nation = ""
        self.flag: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_filter(self, nation: str, flag: str | None) -> None:
        self.nation, self.flag = nation, flag
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        source = self.sourceModel()
        pair = source.pairs[row] if isinstance(source, PairsModel) else None
        if pair is None:
            return True
        if self.nation and pair.nation != self.nation:
            return False
        return self.flag is None or pair.flag == self.flag
