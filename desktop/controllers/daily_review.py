"""The daily audit review's flow: days, a day's report, marking it reviewed, exports.

Reads and writes run on the store's lane. The newest report load wins, so clicking
through days quickly never paints an older day over a newer one. Marking and exporting
ignore re-entry while one is in flight. The PDF is drawn on this thread by Qt's own
text engine (a day's report is a page or two) and written, with its audit entry, on
the lane.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QObject, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController, Refusal, Refused
from desktop.controllers.lanes import async_slot
from desktop.domain.daily_review import (
    DayReport,
    DaySummary,
    Review,
    ReviewRefused,
    clean_note,
)
from desktop.domain.daily_review_export import report_csv, report_html, saved_line
from desktop.store.daily_review import DailyReviews
from desktop.store.database import AppStore
from desktop.store.server_away import server_away_behind

log = logging.getLogger(__name__)

NOT_ADMIN = "not_a_practice_admin"
REVIEW_REFUSED = "review_refused"
"""The review was not recorded: a note is missing, or the day grew while it was read."""
EXPORT_REFUSED = "export_refused"
"""The file could not be written where the reviewer chose."""

ONLY_ADMINS = (
    "The daily audit review is for practice administrators: only they can mark a day "
    "reviewed. Ask one to review each day's security events."
)


class DailyReviewController(FlowController):
    """Signals:
    daysLoaded(list): every day with entries (`DaySummary`), newest first.
    pendingLoaded(list): past days not yet reviewed (`datetime.date`), oldest first.
    reportLoaded(object): the `DayReport` of the day last asked for.
    reviewed(object): the `Review` just recorded.
    exported(str): the path of the file just written.
    failed(object): a `Refusal`: the log could not be read, or a review or export was not
        recorded (code `review_refused` or `export_refused`: the form says what to fix).
    busyChanged(bool): a review or an export is being written.
    """

    daysLoaded = Signal(list)
    pendingLoaded = Signal(list)
    reportLoaded = Signal(object)
    reviewed = Signal(object)
    exported = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.tz: dt.tzinfo | None = None
        """The time zone whose days are reviewed; the workstation's when None."""
        self.clock: Callable[[], dt.datetime] | None = None
        self._generation = 0
        self.report: DayReport | None = None

    @property
    def may_review(self) -> bool:
        user = self._context.user
        return user is not None and user.is_practice_admin

    def _reviews(self, store: AppStore) -> DailyReviews:
        return DailyReviews(store, tz=self.tz, clock=self.clock)

    @async_slot()
    async def load_days(self) -> None:
        """The list of days and the days still to review."""
        async with self.flow("reading the audit days", busy=False) as run:
            days: list[DaySummary] = await self._context.store.run(
                lambda store: self._reviews(store).days()
            )
        if run.refused:
            return
        pending = sorted(summary.day for summary in days if summary.pending)
        self.daysLoaded.emit(days)
        self.pendingLoaded.emit(pending)

    @async_slot()
    async def load_pending(self) -> None:
        """Only the days still to review (for the Admin home's reminder)."""
        if not self.may_review:
            self.pendingLoaded.emit([])
            return
        try:
            pending = await self._context.store.run(lambda store: self._reviews(store).pending())
        except Exception as exc:  # noqa: BLE001 - a reminder that cannot be read is only logged
            if server_away_behind(exc) is not None:  # the status bar says so; read next time
                log.warning("the days still to review were not read: clinic database away")
            else:
                log.exception("reading the days still to review failed")
            return
        self.pendingLoaded.emit(pending)

    @async_slot(object)
    async def load_report(self, day: dt.date) -> None:
        self._generation += 1
        mine = self._generation
        async with self.flow(
            "reading a day's audit report", busy=False, wanted=lambda: mine == self._generation
        ) as run:
            report = await self._context.store.run(lambda store: self._reviews(store).report(day))
        if run.refused or mine != self._generation:
            return
        self.report = report
        self.reportLoaded.emit(report)

    @async_slot(object, int, bool, str)
    async def mark_reviewed(self, day: dt.date, head_seq: int, incident: bool, note: str) -> None:
        """Record the review of `day` up to entry `head_seq`; then read the days again."""
        if self.busy:
            return
        user = self._context.user
        if user is None or not user.is_practice_admin:
            self.decline(ONLY_ADMINS, NOT_ADMIN)
            return
        try:
            clean_note(incident, note)  # said at once, before the store is asked
        except ReviewRefused as refusal:
            self.decline(refusal.message, REVIEW_REFUSED, refusal.next_step)
            return
        reviewer = user.username
        async with self.flow("marking a day reviewed") as run:
            review: Review = await self._context.store.run(
                lambda store: self._reviews(store).mark_reviewed(
                    day, head_seq, reviewer, incident=incident, note=note
                )
            )
        if run.refusal is not None and run.refusal.code == REVIEW_REFUSED:
            self.load_report(day)  # the day grew meanwhile: show what is there now
            self.load_days()
        if run.refused:
            return
        self.reviewed.emit(review)
        self.load_report(day)
        self.load_days()

    @async_slot(str)
    async def export_pdf(self, path: str) -> None:
        report = self.report
        if report is None or self.busy:
            return
        html = report_html(report, self.tz, *self._heading())
        await self._export(Path(path), pdf_bytes(html), "pdf", report)

    @async_slot(str)
    async def export_csv(self, path: str) -> None:
        report = self.report
        if report is None or self.busy:
            return
        await self._export(Path(path), report_csv(report, self.tz, *self._heading()), "csv", report)

    def _heading(self) -> tuple[str, str]:
        """The practice, and who saves the copy when, for an exported report's head."""
        user = self._context.user
        practice = self._context.practice
        now = self.clock() if self.clock is not None else dt.datetime.now(dt.UTC)
        return (
            practice.name if practice is not None else "",
            saved_line(user.username if user is not None else None, now, self.tz),
        )

    async def _export(self, path: Path, data: bytes, kind: str, report: DayReport) -> None:
        user = self._context.user
        actor = user.username if user is not None else None
        async with self.flow("exporting a day's audit report") as run:
            try:
                await self._context.store.run(
                    lambda store: self._reviews(store).export(path, data, actor, kind, report.day)
                )
            except OSError as exc:
                raise Refused(
                    Refusal(
                        f"The report could not be saved to {path} ({exc.strerror or exc}).",
                        EXPORT_REFUSED,
                        "Choose another folder (your Documents folder, or a USB stick) and "
                        "try again.",
                    )
                ) from exc
        if run.refused:
            return
        self.exported.emit(str(path))

    def refusal(self, exc: Exception, what: str) -> Refusal:
        if isinstance(exc, ReviewRefused):
            return Refusal(exc.message, REVIEW_REFUSED, exc.next_step)
        return Refusal.of(exc, what)


def pdf_bytes(html: str) -> bytes:
    """`html` printed to a Letter-size PDF by Qt's own text engine."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle("iCoreRx audit review")
    writer.setCreator("iCoreRx")
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer  # ends the PDF: its pages and trailer are written to the buffer
    buffer.close()
    return bytes(data.data())
