"""Filling the panels' tables without redrawing what they already show."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem


def fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """Show `rows`; a table that already shows them is left alone (no relayout, no repaint)."""
    if _rows(table) == rows:
        return
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(text))


def _rows(table: QTableWidget) -> list[tuple[str, ...]]:
    def text(row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    columns = range(table.columnCount())
    return [tuple(text(row, column) for column in columns) for row in range(table.rowCount())]
