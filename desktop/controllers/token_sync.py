"""Manage Token > Add Token: two codes, one Submit, one request, whatever the user does.

The flow ignores re-entry itself (a double click, Enter held down, a second call from a
script), not only by disabling the button. Each distinct (serial, code, code) attempt
carries one idempotency key, reused if the same attempt is sent again after a timeout,
so the service answers a retry with its first answer and never counts it twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.flow import UNEXPECTED, FlowController, Refusal, Refused
from desktop.controllers.lanes import async_slot, on_lane
from desktop.controllers.step_up import StepUpSession
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import SUPPORT_CONTACT, AuditUnavailable, StorageProblem, storage_problem
from desktop.domain.token_form import check_token_form
from desktop.exostar import refusals
from desktop.exostar.base import AdapterError, TokenSyncResult

log = logging.getLogger(__name__)
R = TypeVar("R")

SYNC_TIMEOUT_S = 60.0
TOKEN_BLANK_SECONDS = 30
BUSY_RETRY_S = (1.0, 2.0)
"""Pauses before asking again when the identity service's data file is held by another
program: a backup or a second window usually lets go within seconds, and the request's
idempotency key makes asking again safe."""
QUIET = frozenset({"step_up_required", "identical_codes", "audit_unavailable"})
"""Refusals that say what to do without the support line."""


class TokenSyncController(FlowController):
    """Signals:
    busyChanged(bool): a sync is in flight: the form is read-only, the screen stays put.
    elapsed(int): seconds since Submit, while syncing.
    otp1Wait(int): seconds left before the token's button should be pressed again.
    synced(object): the `TokenSyncResult`: the token is Active.
    failed(object): a `Refusal`; `codes_spent` says whether the typed codes must be cleared.
    """

    elapsed = Signal(int)
    otp1Wait = Signal(int)
    synced = Signal(object)

    def __init__(
        self, context: AppContext, step_up: StepUpSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.step_up = step_up
        self.timeout_s = SYNC_TIMEOUT_S
        self._started = 0.0
        self._keys: dict[tuple[str, str, str], str] = {}
        self._late: set[str] = set()
        """Keys of requests that timed out and whose answer was recorded when it came."""
        self._asking: tuple[str, str] | None = None
        """(serial, key) while the identity service is asked: its refusal is audited."""
        self._elapsed_timer = QTimer(self, interval=1000)
        self._elapsed_timer.timeout.connect(self._tick_elapsed)
        self._otp1_deadline = 0.0
        self._otp1_timer = QTimer(self, interval=1000)
        self._otp1_timer.timeout.connect(self._tick_otp1)

    def otp1_entered(self) -> None:
        """Start the 'wait until the digits disappear' countdown."""
        self._otp1_deadline = time.monotonic() + TOKEN_BLANK_SECONDS
        self._otp1_timer.start()
        self._tick_otp1()

    def otp1_cleared(self) -> None:
        self._otp1_timer.stop()
        self._otp1_deadline = 0.0
        self.otp1Wait.emit(-1)

    @async_slot(str, str, str)
    async def submit(self, serial: str, otp1: str, otp2: str) -> None:
        if self.busy:
            return  # a second click, Enter held down, a script: the first request stands
        check = check_token_form(serial, otp1, otp2)
        grant = self.step_up.grant
        if not check.valid:
            self.decline(
                check.problem or check.serial_problem or "Fill in all three fields.", "invalid_form"
            )
            return
        if grant is None:
            self.decline(
                "Confirm it is you first: click Authenticate under Manage Phones and type "
                "the code sent to your phone. What you typed here is kept.",
                "step_up_required",
            )
            return
        attempt = (check.serial, otp1, otp2)
        key = self._keys.setdefault(attempt, uuid.uuid4().hex)
        identity = self._context.identity
        account = self._context.require_user().exostar_account or ""
        async with self.flow("token sync", record=self._audit_failure) as run:
            # The idempotency key is the attempt's id: start-up can ask the service about it.
            await audit_trail.record(
                self._context,
                AuditEvent.TOKEN_SYNC_STARTED,
                Outcome.SUCCESS,
                token_serial=check.serial,
                details=audit_trail.attempt_details(key),
            )
            self._asking = (check.serial, key)
            call = asyncio.ensure_future(
                _patiently(
                    identity.lane,
                    identity.add_token,
                    account,
                    check.serial,
                    otp1,
                    otp2,
                    grant.id,
                    key,
                )
            )
            try:
                result: TokenSyncResult = await asyncio.wait_for(
                    asyncio.shield(call), self.timeout_s
                )
            except TimeoutError:
                log.warning("token sync: no answer within %.0f s", self.timeout_s)
                call.add_done_callback(lambda done: self._record_late(done, check.serial, key))
                # Not the outcome: the request may still be answered (then recorded), or be
                # resolved at the next start.
                raise refusals.sync_not_answered(self.timeout_s) from None
            self._asking = None
            if key in self._late:
                self._late.discard(key)  # a retry answered with the first answer, recorded
            else:
                await self._record_outcome_or_say(result, key)
        self._asking = None
        if run.refused:
            return
        self._keys.clear()
        self.otp1_cleared()
        self.synced.emit(result)

    async def _record_outcome_or_say(self, result: TokenSyncResult, key: str) -> None:
        try:
            await self._record_outcome(result, key)
        except AuditUnavailable as exc:
            raise Refused(
                Refusal(
                    exc.after(
                        f"Token {result.token.serial} was synced",
                        f"{exc.next_step} Then click Submit again with the same codes: "
                        "the identity service answers with its first result, and that is "
                        "recorded.",
                    ),
                    "audit_unavailable",
                )
            ) from exc

    async def _record_outcome(self, result: TokenSyncResult, key: str) -> None:
        event = AuditEvent.TOKEN_RESYNCED if result.resynced else AuditEvent.TOKEN_ADDED
        await audit_trail.record(
            self._context,
            event,
            Outcome.SUCCESS,
            token_serial=result.token.serial,
            details={"attempt": key, "replaced": ", ".join(result.replaced) or None},
        )

    def _record_late(self, call: asyncio.Future[TokenSyncResult], serial: str, key: str) -> None:
        """A request that timed out was answered after all: record what it did."""
        if call.cancelled():
            return
        self._late.add(key)
        asyncio.ensure_future(self._record_late_outcome(call, serial, key))

    async def _record_late_outcome(
        self, call: asyncio.Future[TokenSyncResult], serial: str, key: str
    ) -> None:
        try:
            error = call.exception()
            if error is None:
                await self._record_outcome(call.result(), key)
            elif isinstance(error, Exception):
                await self._record_failed(serial, key, error)
        except Exception:  # noqa: BLE001 - the attempt stays open; start-up resolves it
            self._late.discard(key)
            log.warning("late answer to sync request %s not recorded", key[:8], exc_info=True)

    async def _audit_failure(self, exc: Exception) -> str:
        """Record the identity service's refusal; words to add if the entry failed."""
        if self._asking is None:
            return ""  # stopped before the service was asked: nothing to record as its answer
        serial, key = self._asking
        try:
            await self._record_failed(serial, key, exc)
        except AuditUnavailable as unrecorded:
            return unrecorded.note()
        return ""

    async def _record_failed(self, serial: str, key: str, exc: Exception) -> None:
        """The TOKEN_SYNC_FAILED entry: the service's reason, or "error" for a defect."""
        code = exc.code if isinstance(exc, AdapterError) else UNEXPECTED
        await audit_trail.record(
            self._context,
            AuditEvent.TOKEN_SYNC_FAILED,
            Outcome.FAILURE,
            token_serial=serial,
            reason=code,
            details={"request" if code == "timeout" else "attempt": key},
        )

    def refusal(self, exc: Exception, what: str) -> Refusal:
        refusal = Refusal.of(exc, what)
        if isinstance(exc, Refused):
            return refusal
        if refusal.code == "step_up_required":
            self.step_up.clear(ran_out=True)
        if SUPPORT_CONTACT not in refusal.text and refusal.code not in QUIET:
            refusal = refusal.noted(f"If you need help, {SUPPORT_CONTACT}.")
        return refusal

    def _set_busy(self, busy: bool) -> None:
        if busy and not self.busy:
            self._started = time.monotonic()
            self._elapsed_timer.start()
            self.elapsed.emit(0)
        elif not busy:
            self._elapsed_timer.stop()
        super()._set_busy(busy)

    def _tick_elapsed(self) -> None:
        self.elapsed.emit(int(time.monotonic() - self._started))

    def _tick_otp1(self) -> None:
        left = max(0, round(self._otp1_deadline - time.monotonic()))
        if left == 0:
            self._otp1_timer.stop()
        self.otp1Wait.emit(left)


async def _patiently(lane: ThreadPoolExecutor, fn: Callable[..., R], *args: Any) -> R:
    """`on_lane`, asked again after a short pause while the data file is busy."""
    for pause in BUSY_RETRY_S:
        try:
            return await on_lane(lane, fn, *args)
        except Exception as exc:
            if storage_problem(exc) is not StorageProblem.BUSY:
                raise
            log.info("token sync: data file busy, asking again in %.0f s", pause)
        await asyncio.sleep(pause)
    return await on_lane(lane, fn, *args)
