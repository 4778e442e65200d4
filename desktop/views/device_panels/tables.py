"""Filling the panels' tables without redrawing what they already show."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem


def fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> bool:
    """Show `rows`, changing only the cells whose text differs; True when any changed.

    A table that already shows them is left alone (no relayout, no repaint), and a new
    list that changes one row (a token's status after a sync) rewrites that row's changed
    cells in place: the other rows keep their items, their selection and their tooltips.
    """
    changed = False
    if table.rowCount() != len(rows):
        table.setRowCount(len(rows))
        changed = True
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            item = table.item(row, column)
            if item is None:
                table.setItem(row, column, QTableWidgetItem(text))
                changed = True
            elif item.text() != text:
                item.setText(text)
                changed = True
    return changed


def set_tip(item: QTableWidgetItem | None, tip: str) -> None:
    """A tooltip, set only when it differs: each change repaints the cell."""
    if item is not None and item.toolTip() != tip:
        item.setToolTip(tip)
