"""The Audit screen's flow: read the log with filters, and check its chain.

Both run on the store's lane. The newest load wins, so changing several filters
quickly never paints an older answer over a newer one; a check already running
ignores another click.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot
from desktop.domain.audit import AuditEntry, AuditEvent, ChainReport, Outcome
from desktop.domain.errors import generic_message
from desktop.store import audited
from desktop.store.audit import UnreadableEntry
from desktop.store.database import AppStore

log = logging.getLogger(__name__)

UNREADABLE = (
    "Entry {seq} of the audit log cannot be read: the log may have been altered. "
    "Click \"Check the log's integrity\" and tell your practice's security contact."
)


class AuditController(QObject):
    """Signals:
    actorsLoaded(list): every username in the log, sorted, for the user filter.
    entriesLoaded(list): `AuditEntry` values matching the latest load, newest first.
    verified(object): the `ChainReport` of the latest integrity check.
    busyChanged(bool): an integrity check is running.
    failed(str): why the log could not be read or checked, and what to do.
    """

    actorsLoaded = Signal(list)
    entriesLoaded = Signal(list)
    verified = Signal(object)
    busyChanged = Signal(bool)
    failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self._verifying = False

    @property
    def verifying(self) -> bool:
        return self._verifying

    @async_slot(object, object, object, object)
    async def load(
        self,
        since: dt.datetime | None,
        until: dt.datetime | None,
        actor: str | None,
        event: AuditEvent | None,
    ) -> None:
        """Entries from `since` (inclusive) to `until` (exclusive), optionally by user/event."""
        self._generation += 1
        mine = self._generation

        def read(store: AppStore) -> tuple[list[str], list[AuditEntry]]:
            audit = store.audit
            found = audit.entries(since=since, until=until, actor=actor, event=event)
            return audit.actors(), found

        try:
            actors, entries = await self._context.store.run(read)
        except UnreadableEntry as exc:
            log.warning("audit row %s cannot be read", exc.seq)
            if mine == self._generation:
                self.failed.emit(UNREADABLE.format(seq=exc.seq))
            return
        except Exception as exc:  # noqa: BLE001 - shown as a generic message, logged in full
            log.exception("reading the audit log failed")
            if mine == self._generation:
                self.failed.emit(str(generic_message(exc)))
            return
        if mine != self._generation:
            return
        self.actorsLoaded.emit(actors)
        self.entriesLoaded.emit(entries)

    @async_slot()
    async def verify(self) -> None:
        """Check the whole chain, then record that it was checked (and what was found)."""
        if self._verifying:
            return
        self._set_verifying(True)
        user = self._context.user
        actor = user.username if user is not None else None

        def check(store: AppStore) -> ChainReport:
            report = store.audit.verify()
            audited.record(  # fails closed: AuditUnavailable, and no report is shown
                store,
                AuditEvent.AUDIT_VERIFIED,
                actor,
                Outcome.SUCCESS if report.ok else Outcome.FAILURE,
                reason=report.problem,
                details={"rows": report.checked, "first_bad_seq": report.first_bad_seq},
            )
            return report

        try:
            report = await self._context.store.run(check)
        except Exception as exc:  # noqa: BLE001 - shown as a generic message, logged in full
            log.exception("checking the audit log failed")
            self.failed.emit(str(generic_message(exc)))
            return
        finally:
            self._set_verifying(False)
        self.verified.emit(report)

    def _set_verifying(self, verifying: bool) -> None:
        self._verifying = verifying
        self.busyChanged.emit(verifying)
