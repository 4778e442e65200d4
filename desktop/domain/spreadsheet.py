"""Cells for CSV files a person opens in a spreadsheet program.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula
by Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"). Such a cell is written with
a leading apostrophe, which spreadsheets show as text. A cell that already begins with an
apostrophe gets one more, so `read_cell(safe_cell(x)) == x` for every string: an exported
audit trail can still be checked value for value against its hashes.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def safe_cell(value: str) -> str:
    """The text to write for `value` so that no spreadsheet evaluates it."""
    if value.startswith(FORMULA_STARTS) or value.startswith(_QUOTE):
        return _QUOTE + value
    return value


def read_cell(cell: str) -> str:
    """The value `safe_cell` was given, from the text it wrote."""
    return cell[1:] if cell.startswith(_QUOTE) else cell
