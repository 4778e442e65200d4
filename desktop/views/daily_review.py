"""Admin > Daily audit review: the days, a day's security report, the reviewer's mark.

The report is the same HTML the PDF export prints, so what the reviewer read is what
the archive holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTableWidgetItem, QWidget

from desktop.controllers.daily_review import ONLY_ADMINS, REVIEW_REFUSED, DailyReviewController
from desktop.controllers.flow import Refusal
from desktop.domain.daily_review import DayReport, DayStatus, DaySummary, Review, pending_text
from desktop.domain.daily_review_export import report_html, spoken_day
from desktop.forms.ui_audit_review import Ui_AuditReviewForm
from desktop.views.messages import clear_message, mark_invalid, show_message, show_refusal

_DAY_ROLE = Qt.ItemDataRole.UserRole


class DailyReviewView(QWidget):
    """Signals:
    backRequested(): back to the Admin screen.
    """

    backRequested = Signal()

    def __init__(self, controller: DailyReviewController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AuditReviewForm()
        self.ui.setupUi(self)
        self.controller = controller
        self._wanted: dt.date | None = None
        self._filling = False
        table = self.ui.auditReviewDaysTable
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        clear_message(self.ui.auditReviewPendingLabel)
        clear_message(self.ui.auditReviewMessageLabel)
        if controller.may_review:
            clear_message(self.ui.auditReviewWhoLabel)
        else:
            show_message(self.ui.auditReviewWhoLabel, ONLY_ADMINS, "info")
        self._enable_marking(None)
        self.ui.auditReviewPdfButton.setEnabled(False)
        self.ui.auditReviewCsvButton.setEnabled(False)
        table.itemSelectionChanged.connect(self._on_day_chosen)
        self.ui.auditReviewRefreshButton.clicked.connect(lambda: self.refresh(self.chosen_day()))
        self.ui.auditReviewMarkButton.clicked.connect(self.mark_reviewed)
        self.ui.auditReviewPdfButton.clicked.connect(lambda: self._ask_export("pdf"))
        self.ui.auditReviewCsvButton.clicked.connect(lambda: self._ask_export("csv"))
        self.ui.auditReviewBackButton.clicked.connect(self.backRequested.emit)
        self.ui.auditReviewNoteEdit.textChanged.connect(
            lambda _text: mark_invalid(self.ui.auditReviewNoteEdit, False)
        )
        controller.daysLoaded.connect(self._show_days)
        controller.pendingLoaded.connect(self._show_pending)
        controller.reportLoaded.connect(self._show_report)
        controller.reviewed.connect(self._on_reviewed)
        controller.exported.connect(self._on_exported)
        controller.failed.connect(self._on_failed)
        controller.busyChanged.connect(self._on_busy)

    def refresh(self, select: dt.date | None = None) -> None:
        """Read the days again; then show `select` (else the oldest day still to review)."""
        self._wanted = select
        self.controller.load_days()

    def focus_first(self) -> None:
        self.ui.auditReviewDaysTable.setFocus()

    def chosen_day(self) -> dt.date | None:
        rows = self.ui.auditReviewDaysTable.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.ui.auditReviewDaysTable.item(rows[0].row(), 0)
        day = item.data(_DAY_ROLE) if item is not None else None
        return day if isinstance(day, dt.date) else None

    def select_day(self, day: dt.date) -> bool:
        table = self.ui.auditReviewDaysTable
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            if item is not None and item.data(_DAY_ROLE) == day:
                table.selectRow(row)
                table.scrollToItem(item)
                return True
        return False

    # showing -------------------------------------------------------------------------------
    def _show_days(self, days: list[DaySummary]) -> None:
        table = self.ui.auditReviewDaysTable
        keep = self._wanted or self.chosen_day()
        self._filling = True
        table.setRowCount(len(days))
        for row, summary in enumerate(days):
            day = QTableWidgetItem(summary.day.strftime("%m/%d/%Y"))
            day.setData(_DAY_ROLE, summary.day)
            count = QTableWidgetItem(f"{summary.entries:,}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            status = QTableWidgetItem(summary.status.value)
            if summary.pending:
                font = status.font()
                font.setBold(True)
                status.setFont(font)
            for column, item in enumerate((day, count, status)):
                table.setItem(row, column, item)
        self._filling = False
        pending = sorted(s.day for s in days if s.pending)
        past = [s.day for s in days if s.status is not DayStatus.TODAY]
        choice = keep or (pending[0] if pending else (past[0] if past else None))
        if days and not (choice is not None and self.select_day(choice)):
            table.selectRow(0)
        if not days:
            self.ui.auditReviewReportView.setPlainText("The audit log has no entries yet.")
        self._wanted = None
        self._on_day_chosen()

    def _show_pending(self, pending: list[dt.date]) -> None:
        text = pending_text(pending)
        if pending:
            show_message(self.ui.auditReviewPendingLabel, text, "error")
        else:
            show_message(self.ui.auditReviewPendingLabel, text, "ok")

    def _on_day_chosen(self) -> None:
        if self._filling:
            return
        day = self.chosen_day()
        if day is not None and (
            self.controller.report is None or self.controller.report.day != day
        ):
            self.ui.auditReviewReportView.setPlainText(f"Reading {spoken_day(day)}\u2026")
            self.controller.report = None
            self._enable_marking(None)
        if day is not None:
            self.controller.load_report(day)

    def _show_report(self, report: DayReport) -> None:
        if report.day != self.chosen_day():
            return
        self.ui.auditReviewReportView.setHtml(report_html(report, self.controller.tz))
        self.ui.auditReviewPdfButton.setEnabled(True)
        self.ui.auditReviewCsvButton.setEnabled(True)
        self._enable_marking(report)

    def _enable_marking(self, report: DayReport | None) -> None:
        able = (
            self.controller.may_review
            and report is not None
            and report.reviewable
            and not self.controller.busy
        )
        for widget in (
            self.ui.auditReviewMarkButton,
            self.ui.auditReviewIncidentCheck,
            self.ui.auditReviewNoteEdit,
        ):
            widget.setEnabled(able)
        tip = ""
        if not self.controller.may_review:
            tip = ONLY_ADMINS
        elif report is not None and not report.reviewable:
            tip = f"{spoken_day(report.day)}: {report.status.value}."
        self.ui.auditReviewMarkButton.setToolTip(
            tip or "Record that you read this day's events, up to its last entry."
        )

    # acting --------------------------------------------------------------------------------
    def mark_reviewed(self) -> None:
        report = self.controller.report
        if report is None or report.head is None or not self.ui.auditReviewMarkButton.isEnabled():
            return
        clear_message(self.ui.auditReviewMessageLabel)
        self.controller.mark_reviewed(
            report.day,
            report.head.seq,
            self.ui.auditReviewIncidentCheck.isChecked(),
            self.ui.auditReviewNoteEdit.text(),
        )

    def _on_reviewed(self, review: Review) -> None:
        flag = " and flagged as a possible security incident" if review.incident else ""
        show_message(
            self.ui.auditReviewMessageLabel,
            f"{spoken_day(review.day)} marked reviewed up to entry {review.head_seq:,}{flag}.",
            "ok",
        )
        self.ui.auditReviewIncidentCheck.setChecked(False)
        self.ui.auditReviewNoteEdit.clear()
        self._wanted = review.day

    def _on_exported(self, path: str) -> None:
        show_message(self.ui.auditReviewMessageLabel, f"Saved {path}.", "ok")

    def _on_failed(self, refusal: Refusal) -> None:
        show_refusal(self.ui.auditReviewMessageLabel, refusal)
        note = self.ui.auditReviewNoteEdit
        if (
            refusal.code == REVIEW_REFUSED
            and self.ui.auditReviewIncidentCheck.isChecked()
            and not note.text()
        ):
            mark_invalid(note, True)  # the note an incident needs
            note.setFocus()

    def _on_busy(self, _busy: bool) -> None:
        self._enable_marking(self.controller.report)

    def _ask_export(self, kind: str) -> None:
        report = self.controller.report
        if report is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"audit-review-{report.day.isoformat()}.{kind}")
        what = "PDF files (*.pdf)" if kind == "pdf" else "CSV files (*.csv)"
        path, _chosen = QFileDialog.getSaveFileName(self, "Save the day's report", suggested, what)
        if path:
            self.export_to(path, kind)

    def export_to(self, path: str, kind: str) -> None:
        """Save the shown report as `kind` ("pdf" or "csv") to `path` (the buttons ask where)."""
        clear_message(self.ui.auditReviewMessageLabel)
        if kind == "pdf":
            self.controller.export_pdf(path)
        else:
            self.controller.export_csv(path)
