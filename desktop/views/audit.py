"""The Audit screen: the daily review of the audit log that 21 CFR 1311.150 asks for."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidgetItem, QWidget

from desktop.controllers.audit import AuditController
from desktop.domain.audit import AuditEntry, AuditEvent, ChainReport
from desktop.forms.ui_audit import Ui_AuditForm
from desktop.views.messages import show_message

DEFAULT_DAYS = 7
ALL_USERS = "All users"
ALL_EVENTS = "All events"
NO_ACTOR = "\u2014"


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
        header = self.ui.auditTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        today = QDate.currentDate()
        self.ui.auditFromDate.setDate(today.addDays(1 - DEFAULT_DAYS))
        self.ui.auditToDate.setDate(today)
        self.ui.auditUserCombo.addItem(ALL_USERS, None)
        self.ui.auditEventCombo.addItem(ALL_EVENTS, None)
        for event in AuditEvent:
            self.ui.auditEventCombo.addItem(event.label, event.value)
        show_message(self.ui.auditStatusLabel, "Reading the log\u2026", "muted")
        self.ui.auditFromDate.dateChanged.connect(self.reload)
        self.ui.auditToDate.dateChanged.connect(self.reload)
        self.ui.auditUserCombo.currentIndexChanged.connect(self.reload)
        self.ui.auditEventCombo.currentIndexChanged.connect(self.reload)
        self.ui.auditRefreshButton.clicked.connect(self.reload)
        self.ui.auditVerifyButton.clicked.connect(controller.verify)
        self.ui.auditBackButton.clicked.connect(self.backRequested.emit)
        controller.actorsLoaded.connect(self._show_actors)
        controller.entriesLoaded.connect(self._show_entries)
        controller.verified.connect(self._show_report)
        controller.busyChanged.connect(self._on_verifying)
        controller.failed.connect(
            lambda message: show_message(self.ui.auditStatusLabel, message, "error")
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.reload()

    def reload(self) -> None:
        """Query again with what the filters say now; dates are the workstation's days."""
        since = _local_midnight(self.ui.auditFromDate.date())
        until = _local_midnight(self.ui.auditToDate.date().addDays(1))
        actor = self.ui.auditUserCombo.currentData()
        value = self.ui.auditEventCombo.currentData()
        event = AuditEvent(value) if value else None
        self.controller.load(since, until, actor, event)

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

    def _show_entries(self, entries: list[AuditEntry]) -> None:
        table = self.ui.auditTable
        table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, text in enumerate(_cells(entry)):
                table.setItem(row, column, QTableWidgetItem(text))
        if entries:
            noun = "entry" if len(entries) == 1 else "entries"
            show_message(self.ui.auditStatusLabel, f"{len(entries)} {noun}, newest first.", "info")
        else:
            show_message(self.ui.auditStatusLabel, "No entries match these filters.", "info")

    def _show_report(self, report: ChainReport) -> None:
        if report.ok:
            show_message(self.ui.auditStatusLabel, report.summary, "ok")
        else:
            show_message(
                self.ui.auditStatusLabel,
                f"{report.summary}. Tell your practice's security contact today; keep the "
                "exported copies of the log.",
                "error",
            )

    def _on_verifying(self, busy: bool) -> None:
        self.ui.auditVerifyButton.setEnabled(not busy)
        if busy:
            show_message(self.ui.auditStatusLabel, "Checking every entry's seal\u2026", "muted")


def _local_midnight(day: QDate) -> dt.datetime:
    """The start of a day on this workstation's clock, as an aware datetime."""
    naive = dt.datetime(day.year(), day.month(), day.day())
    return naive.astimezone()


def _select_data(combo: QComboBox, data: object) -> None:
    index = combo.findData(data) if data is not None else 0
    combo.setCurrentIndex(max(index, 0))


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
