import pytest

from desktop.domain.spreadsheet import read_cell, safe_cell


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "'=1", "'"],
)
def test_formula_cells_are_written_as_text(value: str) -> None:
    written = safe_cell(value)
    assert written.startswith("'")
    assert read_cell(written) == value


@pytest.mark.parametrize("value", ["", "doctor", "AW1234563", "1+1", "a=b"])
def test_plain_cells_are_written_as_they_are(value: str) -> None:
    assert safe_cell(value) == value
    assert read_cell(value) == value
