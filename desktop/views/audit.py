"""The Audit screen: the daily review of the audit log that 21 CFR 1311.150 asks for.

The table is a model over pages read on the store's lane (see `audit_model`); its
columns have fixed starting widths the reviewer can drag, never sized to contents,
which measured every cell of every row and froze the window for minutes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QWidget

from desktop.controllers.audit import AuditController
from desktop.domain.audit import AuditEvent, ChainReport
from desktop.domain.audit_review import AuditPage, AuditQuery
from desktop.forms.ui_audit import Ui_AuditForm
from desktop.views.audit_model import DOUBT_MARK, HEADERS, AuditTableModel
from desktop.views.messages import show_message, show_refusal

if TYPE_CHECKING:
    from desktop.store.rx_verify import RxReport

DEFAULT_DAYS = 7
RX_PROBLEMS_SHOWN = 5
"""Prescriptions named on the screen; `icorerx rx verify` names every one."""
ALL_USERS = "All users"
ALL_EVENTS = "All events"
COLUMN_SAMPLES = (
    DOUBT_MARK + "12/31/2026 12:59:59 PM",
    "frontdesk.name",
    "workstation-01",
    "Role or permission changed",
    "Patient",
    "GALH12345678",
    "Refused",
)
"""The widest text each column usually holds (Reason stretches to the edge)."""
COLUMN_PADDING = 24
WAITING_FOR_CHECK = (
    "Checking every entry's seal\u2026 The list will follow these filters when the check "
    "ends, or at once if you stop it."
)


class AuditView(QWidget):
    """Signals:
    backRequested(): back to the Admin screen.
    """

    backRequested = Signal()

    def __init__(self, controller: AuditController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AuditForm()
        self.ui.setupUi(self)
        self.controller = controller
        self._shown_once = False
        self._keep_report = False
        self._prescriptions: RxReport | None = None
        self._checkpoint: tuple[str, bool] = ("", True)
        """What the log's end was compared with at the identity service, and if it could be."""
        self.model = AuditTableModel(self)
        self.ui.auditTable.setModel(self.model)
        _size_columns(self.ui.auditTable)
        today = QDate.currentDate()
        self.ui.auditFromDate.setDate(today.addDays(1 - DEFAULT_DAYS))
        self.ui.auditToDate.setDate(today)
        self.ui.auditUserCombo.addItem(ALL_USERS, None)
        self.ui.auditEventCombo.addItem(ALL_EVENTS, None)
        for event in AuditEvent:
            self.ui.auditEventCombo.addItem(event.label, event.value)
        self.ui.auditVerifyProgress.hide()
        self.ui.auditVerifyCancelButton.hide()
        show_message(self.ui.auditStatusLabel, "Reading the log\u2026", "muted")
        self.ui.auditFromDate.dateChanged.connect(self.reload)
        self.ui.auditToDate.dateChanged.connect(self.reload)
        self.ui.auditAllDatesCheck.toggled.connect(self._on_all_dates)
        self.ui.auditUserCombo.currentIndexChanged.connect(self.reload)
        self.ui.auditEventCombo.currentIndexChanged.connect(self.reload)
        self.ui.auditRefreshButton.clicked.connect(self.reload)
        self.ui.auditVerifyButton.clicked.connect(controller.verify)
        self.ui.auditVerifyCancelButton.clicked.connect(self._cancel_verify)
        self.ui.auditBackButton.clicked.connect(self.backRequested.emit)
        self.model.moreWanted.connect(controller.load_more)
        controller.actorsLoaded.connect(self._show_actors)
        controller.entriesLoaded.connect(self._show_first_page)
        controller.moreLoaded.connect(self._show_more)
        controller.verifyProgress.connect(self._show_progress)
        controller.prescriptionsVerified.connect(self._take_prescriptions)
        controller.checkpointCompared.connect(self._take_checkpoint)
        controller.verified.connect(self._show_report)
        controller.verifyCancelled.connect(self._show_cancelled)
        controller.busyChanged.connect(self._on_verifying)
        controller.failed.connect(lambda refusal: show_refusal(self.ui.auditStatusLabel, refusal))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Leaving the screen stops a running check: nobody would see its result, and it
        would hold the store's lane (every other screen's reads) until the end."""
        super().hideEvent(event)
        if not event.spontaneous():
            self.controller.cancel_verify()

    def reload(self) -> None:
        """Query again with what the filters say now; dates are the workstation's days.

        The store reads one thing at a time: during a check the new list waits its turn.
        """
        self._keep_report = False
        if self.controller.verifying:
            show_message(self.ui.auditStatusLabel, WAITING_FOR_CHECK, "muted")
        self.controller.load(self.query())

    def query(self) -> AuditQuery:
        actor = self.ui.auditUserCombo.currentData()
        value = self.ui.auditEventCombo.currentData()
        event = AuditEvent(value) if value else None
        if self.ui.auditAllDatesCheck.isChecked():
            return AuditQuery(actor=actor, event=event)
        first, last = self.ui.auditFromDate.date(), self.ui.auditToDate.date()
        return AuditQuery(
            since=_local_midnight(first),
            until=_local_midnight(last.addDays(1)),
            to_newest=last >= QDate.currentDate(),
            actor=actor,
            event=event,
        )

    def _on_all_dates(self, all_dates: bool) -> None:
        for widget in (
            self.ui.auditFromDate,
            self.ui.auditToDate,
            self.ui.auditFromLabel,
            self.ui.auditToLabel,
        ):
            widget.setEnabled(not all_dates)
        self.reload()

    def _show_actors(self, actors: list[str]) -> None:
        combo = self.ui.auditUserCombo
        current = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(ALL_USERS, None)
            for actor in actors:
                combo.addItem(actor, actor)
            _select_data(combo, current)
        finally:
            combo.blockSignals(False)

    def _show_first_page(self, page: AuditPage) -> None:
        self.model.show_first_page(page.rows, page.more)
        self.ui.auditTable.scrollToTop()
        if self._keep_report:
            return  # a check's result outranks a count asked for before it came
        total = page.total or 0
        if not total:
            show_message(self.ui.auditStatusLabel, "No entries match these filters.", "info")
            return
        noun = "entry" if total == 1 else "entries"
        text = f"{total:,} {noun}, newest first, in the order they were written."
        if outside := page.outside_dates:
            verb = "is" if outside == 1 else "are"
            text += (
                f" {outside:,} of them {verb} dated outside these days (marked "
                f"{DOUBT_MARK.strip()}): written under a wrong clock, each is listed where it "
                "was written."
            )
        show_message(self.ui.auditStatusLabel, text, "info")

    def _show_more(self, page: AuditPage) -> None:
        self.model.add_page(page.rows, page.more)

    def _cancel_verify(self) -> None:
        self.ui.auditVerifyCancelButton.setEnabled(False)
        self.controller.cancel_verify()

    def _show_progress(self, done: int, total: int) -> None:
        bar = self.ui.auditVerifyProgress
        if bar.maximum() != max(total, 1):
            bar.setMaximum(max(total, 1))
        bar.setValue(done)
        bar.setFormat(f"{done:,} of {total:,} entries" if total else "")

    def _take_prescriptions(self, report: RxReport) -> None:
        self._prescriptions = report

    def _take_checkpoint(self, words: str, compared: bool) -> None:
        self._checkpoint = (words, compared)

    def _show_report(self, report: ChainReport) -> None:
        self._keep_report = True
        prescriptions, self._prescriptions = self._prescriptions, None
        (checkpoint_words, compared), self._checkpoint = self._checkpoint, ("", True)
        if checkpoint_words:
            checkpoint_words = "\n" + checkpoint_words
        rx_words = ""
        if prescriptions is not None:
            rx_words = "\n" + prescriptions.summary
            shown = prescriptions.problems[:RX_PROBLEMS_SHOWN]
            rx_words += "".join(f"\n\u2022 {problem.text}." for problem in shown)
            more = len(prescriptions.problems) - len(shown)
            if more > 0:
                rx_words += f"\n\u2022 and {more:,} more (run icorerx rx verify for all)."
            if not prescriptions.ok:
                rx_words += "\nDo not send these prescriptions."
        if report.ok and compared and (prescriptions is None or prescriptions.ok):
            show_message(
                self.ui.auditStatusLabel, f"{report.summary}{checkpoint_words}{rx_words}", "ok"
            )
        elif report.ok and (prescriptions is None or prescriptions.ok):
            # Intact as far as it could be checked: the server's copy of its end was not read.
            show_message(
                self.ui.auditStatusLabel, f"{report.summary}.{checkpoint_words}{rx_words}", "error"
            )
        else:
            show_message(
                self.ui.auditStatusLabel,
                f"{report.summary}.{checkpoint_words}{rx_words}\nTell your practice's security "
                "contact today; keep the exported copies of the log.",
                "error",
            )

    def _show_cancelled(self, checked: int, total: int) -> None:
        self._keep_report = True
        done = (
            f"Check stopped after {checked:,} of {total:,} entries; those were intact."
            if checked
            else "Check stopped before it read any entry."
        )
        show_message(
            self.ui.auditStatusLabel, f"{done} Check again to cover the whole log.", "info"
        )

    def _on_verifying(self, busy: bool) -> None:
        self.ui.auditVerifyButton.setEnabled(not busy)
        self.ui.auditVerifyCancelButton.setEnabled(busy)
        self.ui.auditVerifyCancelButton.setVisible(busy)
        self.ui.auditVerifyProgress.setVisible(busy)
        if busy:
            self._show_progress(0, 0)
            show_message(self.ui.auditStatusLabel, "Checking every entry's seal\u2026", "muted")


def _size_columns(table: QTableView) -> None:
    """Fixed starting widths from the font, draggable; Reason takes the rest."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    metrics = table.fontMetrics()
    for column, sample in enumerate(COLUMN_SAMPLES):
        title = HEADERS[column]
        width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
        header.resizeSection(column, width + COLUMN_PADDING)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(metrics.height() + 10)


def _local_midnight(day: QDate) -> dt.datetime:
    """The start of a day on this workstation's clock, as an aware datetime."""
    naive = dt.datetime(day.year(), day.month(), day.day())
    return naive.astimezone()


def _select_data(combo: QComboBox, data: object) -> None:
    index = combo.findData(data) if data is not None else 0
    combo.setCurrentIndex(max(index, 0))
