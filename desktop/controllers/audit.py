"""The Audit screen's flow: read the log a page at a time with filters, and check its chain.

Everything runs on the store's lane. The newest load wins, so changing several
filters quickly never paints an older answer over a newer one, and a page asked for
under older filters is dropped. Further pages are read only when the reviewer
scrolls to them, one at a time. The integrity check reports its progress and can be
stopped; a check already running ignores another click. The same check then runs
`rx verify`: every signed prescription against its signature and its SIGNED entry.

Before the chain is read, the head kept by a clinic's identity server (privacyIDEA's
checkpoint, read on the identity lane) is fetched, and the chain is compared with it as
`icorerx audit verify` does: entries cut off the end are named even when the anchor file
beside the database went with them.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from PySide6.QtCore import QObject, Signal

from desktop.audit_checkpoints import comparison_words, keeps_checkpoints, read_kept
from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController, Refusal
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.audit import AuditEvent, ChainReport, Outcome
from desktop.domain.audit_review import AuditPage, AuditQuery, Stretch
from desktop.domain.errors import generic_message
from desktop.store import audited
from desktop.store.audit_review import PAGE_SIZE, AuditReview
from desktop.store.audit_rows import UnreadableEntry
from desktop.store.audit_verify import VERIFY_CHUNK, CheckCancelled
from desktop.store.database import AppStore
from desktop.store.rx_verify import RxReport, verify_prescriptions

log = logging.getLogger(__name__)

UNREADABLE = (
    "Entry {seq} of the audit log cannot be read: the log may have been altered. "
    "Click \"Check the log's integrity\" and tell your practice's security contact."
)
CANCELLED = "cancelled"
"""The outcome recorded for a check the reviewer stopped: it was started, and ran this far."""


class AuditController(FlowController):
    """Signals:
    actorsLoaded(list): every username in the log, sorted, for the user filter.
    entriesLoaded(object): the first `AuditPage` of the latest load, with its `total`.
    moreLoaded(object): the next `AuditPage` of the same load, asked for by `load_more`.
    verifyProgress(int, int): entries checked so far, entries in the log.
    verified(object): the `ChainReport` of the latest integrity check.
    prescriptionsVerified(object): the `RxReport` of the same check, just before `verified`.
    checkpointCompared(str, bool): what the log's end was compared with at the identity
        service, in words ("" when it keeps no checkpoint), and whether that comparison
        could be made; just before `verified`.
    verifyCancelled(int, int): the check was stopped after this many entries, of so many.
    busyChanged(bool): an integrity check is running.
    failed(object): a `Refusal`: why the log could not be read or checked, and what to do.
    """

    actorsLoaded = Signal(list)
    entriesLoaded = Signal(object)
    moreLoaded = Signal(object)
    verifyProgress = Signal(int, int)
    verified = Signal(object)
    prescriptionsVerified = Signal(object)
    checkpointCompared = Signal(str, bool)
    verifyCancelled = Signal(int, int)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self._first_pending = False
        self._stretch: Stretch | None = None
        self._last_seq: int | None = None
        self._more = False
        self._more_pending = False
        self._verifying = False
        self._stop = threading.Event()
        self.page_size = PAGE_SIZE
        self.verify_chunk = VERIFY_CHUNK
        """Rows between two progress reports (and chances to stop)."""

    @property
    def verifying(self) -> bool:
        return self._verifying

    @async_slot(object)
    async def load(self, query: AuditQuery) -> None:
        """The first page of `query`, the users for the filter, and how many entries match."""
        self._generation += 1
        mine = self._generation
        self._first_pending = True
        limit = self.page_size

        def read(store: AppStore) -> tuple[list[str], AuditPage]:
            page = AuditReview(store.sql).first_page(query, limit)
            return store.audit.actors(), page

        try:
            actors, page = await self._context.store.run(read)
        except Exception as exc:  # noqa: BLE001 - explained, and logged in full
            if mine == self._generation:
                self._first_pending = False
                self._more = False  # no further pages of a stretch these filters did not pick
                self._fail(exc)
            return
        if mine != self._generation:
            return
        self._first_pending = False
        self._take(page)
        self.actorsLoaded.emit(actors)
        self.entriesLoaded.emit(page)

    @async_slot()
    async def load_more(self) -> None:
        """The next page of the latest load; ignored when none is due or one is on its way."""
        if self._first_pending or self._more_pending or not self._more:
            return
        stretch, before, limit = self._stretch, self._last_seq, self.page_size
        if stretch is None:
            return
        mine = self._generation
        self._more_pending = True
        try:
            page = await self._context.store.run(
                lambda store: AuditReview(store.sql).next_page(stretch, before, limit)
            )
        except Exception as exc:  # noqa: BLE001 - explained, and logged in full
            if mine == self._generation:
                self._more_pending = False
                self._fail(exc)
            return
        if mine != self._generation:
            return
        self._more_pending = False
        self._take(page)
        self.moreLoaded.emit(page)

    def _take(self, page: AuditPage) -> None:
        self._stretch = page.stretch
        self._last_seq = page.last_seq if page.rows else self._last_seq
        self._more = page.more

    def _fail(self, exc: Exception) -> None:
        if isinstance(exc, UnreadableEntry):
            log.warning("audit row %s cannot be read", exc.seq)
            self.failed.emit(Refusal(UNREADABLE.format(seq=exc.seq), "audit_entry_unreadable"))
        else:
            self.failed.emit(Refusal.of(exc, "reading the audit log"))

    @async_slot()
    async def verify(self) -> None:
        """Check the whole chain, then record that it was checked (and what was found).

        A stopped check is recorded too, as "cancelled" with the rows it read: the review
        shows a check was started, and that it did not vouch for the whole log.
        """
        if self._verifying:
            return
        self._stop = stop = threading.Event()
        self._set_verifying(True)
        user = self._context.user
        actor = user.username if user is not None else None
        loop = asyncio.get_running_loop()
        chunk = self.verify_chunk

        def progress(done: int, total: int) -> None:  # on the lane's thread
            loop.call_soon_threadsafe(self._progress, stop, done, total)

        keeps = keeps_checkpoints(self._context.identity)
        try:
            kept, unreadable = await self._read_checkpoint() if keeps else (None, "")
        except BaseException:
            self._set_verifying(False)
            raise
        compared = comparison_words(keeps, kept, unreadable)
        checkpoint_detail = (
            {"checkpoint": "unreadable" if unreadable else "compared" if kept else "none kept"}
            if keeps
            else {}
        )

        def check(store: AppStore) -> tuple[ChainReport, RxReport] | CheckCancelled:
            audit = store.audit
            try:
                report = audit.verify(
                    progress=progress, cancelled=stop.is_set, chunk=chunk, checkpoint=kept
                )
            except CheckCancelled as cancelled:
                audited.record(
                    store,
                    AuditEvent.AUDIT_VERIFIED,
                    actor,
                    CANCELLED,
                    reason="stopped before the end",
                    details={"rows": cancelled.checked, "rows_in_log": cancelled.total},
                )
                return cancelled
            # Every signed prescription against its signature and its SIGNED entry.
            prescriptions = verify_prescriptions(store)
            audited.record(
                store,
                AuditEvent.AUDIT_VERIFIED,
                actor,
                Outcome.SUCCESS if prescriptions.ok else Outcome.FAILURE,
                reason="" if prescriptions.ok else prescriptions.summary,
                details={
                    "scope": "prescriptions",
                    "rows": prescriptions.checked,
                    "bad_rows": ", ".join(f"#{p.rx_id}" for p in prescriptions.problems) or None,
                },
            )
            audited.record(  # fails closed: AuditUnavailable, and no report is shown
                store,
                AuditEvent.AUDIT_VERIFIED,
                actor,
                Outcome.SUCCESS if report.ok and not unreadable else Outcome.FAILURE,
                reason=report.problem or (compared if unreadable else ""),
                details={
                    "rows": report.checked,
                    "first_bad_seq": report.first_bad_seq,
                    **checkpoint_detail,
                },
            )
            return report, prescriptions

        try:
            result = await self._context.store.run(check)
        except Exception as exc:  # noqa: BLE001 - shown as a generic message, logged in full
            self.failed.emit(Refusal.of(exc, "checking the audit log"))
            return
        finally:
            self._set_verifying(False)
        if isinstance(result, CheckCancelled):
            self.verifyCancelled.emit(result.checked, result.total)
        else:
            report, prescriptions = result
            self.prescriptionsVerified.emit(prescriptions)
            self.checkpointCompared.emit(compared, not unreadable)
            self.verified.emit(report)

    async def _read_checkpoint(self) -> tuple[str | None, str]:
        """The head the identity service keeps for this log, read on its lane; or why not."""
        identity = self._context.identity
        try:
            log_id = await self._context.store.run(lambda store: store.audit.log_id)
            return await on_lane(identity.lane, read_kept, identity, log_id), ""
        except Exception as exc:  # noqa: BLE001 - said on screen and recorded; logged
            log.warning("the identity service's audit checkpoint could not be read: %s", exc)
            return None, str(generic_message(exc))

    def cancel_verify(self) -> None:
        """Stop the running check at its next chunk (or before it starts, if still queued)."""
        if self._verifying:
            self._stop.set()

    def _progress(self, stop: threading.Event, done: int, total: int) -> None:
        if self._verifying and stop is self._stop and not stop.is_set():
            self.verifyProgress.emit(done, total)

    def _set_verifying(self, verifying: bool) -> None:
        self._verifying = verifying
        self._set_busy(verifying)
