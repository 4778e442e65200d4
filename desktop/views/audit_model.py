"""The Audit screen's table model: the pages read so far, and a request for the next.

A QTableWidget refilled in place, with columns sized to their contents, froze the
window for 25 s at 306 rows. This model holds only what was read, a page at a time;
its cells are formatted once, when a page arrives, and the view's columns keep fixed
widths, so drawing costs the rows on screen, not the rows in the log. When the
reviewer scrolls to the end, Qt asks `fetchMore`; the model only says so
(`moreWanted`) and the screen's controller reads the next page on the store's lane.

The cells live in C++ (a QStandardItemModel), not behind a Python `data()`: Qt asks
`data()` seven times per cell per paint (some 1,600 calls for one screenful), and
while the integrity check keeps the store's lane busy in Python, each of those calls
waits its turn for the interpreter lock. Scrolling during a check then stuttered
(a Python model's worst 5 ms-timer gap was about twice this one's, measured side by
side); here a paint calls no Python at all.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItemModel

from desktop.domain.audit import AuditEntry
from desktop.domain.audit_review import ClockDoubt, ReviewRow

HEADERS = ("When", "Who", "Workstation", "Event", "Patient", "Token", "Outcome", "Reason")
WHEN = 0
TOOLTIP = Qt.ItemDataRole.ToolTipRole
NO_ACTOR = "\u2014"
DOUBT_MARK = "\u26a0 "
DOUBT_WORDS = {
    ClockDoubt.FUTURE: "It is dated in the future.",
    ClockDoubt.BEFORE_PREVIOUS: "It is dated before the entry written just before it.",
    ClockDoubt.AFTER_NEXT: "It is dated after the entry written just after it.",
    ClockDoubt.OUTSIDE_DATES: "It is dated outside the chosen days.",
}
DOUBT_ADVICE = (
    "The workstation's clock was probably wrong when it was written. It is listed where "
    "it was written, among its neighbours, not by its date."
)

Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QStandardItemModel):
    """Signals:
    moreWanted(): the view reached the last row read and more entries match.
    """

    moreWanted = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self._rows: list[ReviewRow] = []
        self._more = False
        self._asked = False

    # what the screen feeds it -----------------------------------------
    def show_first_page(self, rows: list[ReviewRow], more: bool) -> None:
        """Replace everything with the first page of a new answer."""
        self._more = False  # no fetch while the rows change
        self.removeRows(0, self.rowCount())
        self._rows = []
        self._add(rows)
        self._more, self._asked = more, False

    def add_page(self, rows: list[ReviewRow], more: bool) -> None:
        """Append the next page, below the rows already shown (they are newer)."""
        self._more = False
        self._add(rows)
        self._more, self._asked = more, False

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row].entry

    def review_row(self, row: int) -> ReviewRow:
        return self._rows[row]

    @property
    def more(self) -> bool:
        """Entries beyond those read match the filters."""
        return self._more

    def _add(self, rows: list[ReviewRow]) -> None:
        """Append rows whose items Qt makes itself, so no Python wrapper outlives the call.

        (Items made in Python stay wrapped, about eight objects a row; removing 2,200
        rows then took 27 ms instead of 4.) The cells are set with signals held back,
        then announced in one dataChanged: one notice per page, not one per cell.
        """
        if not rows:
            return
        first = len(self._rows)
        self.insertRows(first, len(rows))
        set_data, index = self.setData, self.index
        self.blockSignals(True)
        try:
            for number, row in enumerate(rows, first):
                cells = _cells(row.entry)
                if row.doubts:
                    cells = (DOUBT_MARK + cells[WHEN], *cells[1:])
                    set_data(index(number, WHEN), _doubt_tip(row), TOOLTIP)
                for column, text in enumerate(cells):
                    set_data(index(number, column), text)
                self._rows.append(row)
        finally:
            self.blockSignals(False)
        last = len(self._rows) - 1
        self.dataChanged.emit(index(first, 0), index(last, len(HEADERS) - 1))

    # fetching on scroll (Qt calls these when the view nears the end) ------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's
        return not parent.isValid() and self._more and not self._asked

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt's
        """Ask once; the page arrives later through `add_page` (or a new first page)."""
        if self.canFetchMore(parent):
            self._asked = True
            self.moreWanted.emit()


def _cells(entry: AuditEntry) -> tuple[str, ...]:
    return (
        entry.at.astimezone().strftime("%m/%d/%Y %I:%M:%S %p"),
        entry.actor or NO_ACTOR,
        entry.workstation,
        entry.event.label,
        "" if entry.patient_id is None else str(entry.patient_id),
        entry.token_serial or "",
        entry.outcome.capitalize(),
        entry.reason,
    )


def _doubt_tip(row: ReviewRow) -> str:
    if not row.doubts:
        return ""
    said = " ".join(DOUBT_WORDS[doubt] for doubt in ClockDoubt if doubt in row.doubts)
    return f"{said} {DOUBT_ADVICE}"
