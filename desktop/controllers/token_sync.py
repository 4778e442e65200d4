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

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot, on_lane
from desktop.controllers.step_up import StepUpSession
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import SUPPORT_CONTACT, UserFacingError, generic_message
from desktop.domain.token_form import check_token_form
from desktop.exostar.base import AdapterError, TokenSyncResult

log = logging.getLogger(__name__)

SYNC_TIMEOUT_S = 60.0
TOKEN_BLANK_SECONDS = 30
CODES_SPENT = frozenset(
    {"wrong_code", "already_used", "not_consecutive", "outside_resync_window", "codes_rejected"}
)


class SyncFailure:
    """What the view needs to show a refusal: words, what to do, what to clear."""

    def __init__(self, message: str, code: str, suggestion: str | None, codes_spent: bool):
        self.message = message
        self.code = code
        self.suggestion = suggestion
        self.codes_spent = codes_spent


class TokenSyncController(QObject):
    """Signals:
    busyChanged(bool): a sync is in flight: the form is read-only, the screen stays put.
    elapsed(int): seconds since Submit, while syncing.
    otp1Wait(int): seconds left before the token's button should be pressed again.
    synced(object): the `TokenSyncResult`: the token is Active.
    failed(object): a `SyncFailure`.
    """

    busyChanged = Signal(bool)
    elapsed = Signal(int)
    otp1Wait = Signal(int)
    synced = Signal(object)
    failed = Signal(object)

    def __init__(
        self, context: AppContext, step_up: StepUpSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.step_up = step_up
        self.timeout_s = SYNC_TIMEOUT_S
        self._busy = False
        self._started = 0.0
        self._keys: dict[tuple[str, str, str], str] = {}
        self.requests_sent = 0
        self._elapsed_timer = QTimer(self, interval=1000)
        self._elapsed_timer.timeout.connect(self._tick_elapsed)
        self._otp1_deadline = 0.0
        self._otp1_timer = QTimer(self, interval=1000)
        self._otp1_timer.timeout.connect(self._tick_otp1)

    @property
    def busy(self) -> bool:
        return self._busy

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
        if self._busy:
            return  # a second click, Enter held down, a script: the first request stands
        check = check_token_form(serial, otp1, otp2)
        grant = self.step_up.grant
        if not check.valid:
            self.failed.emit(
                SyncFailure(
                    check.problem or check.serial_problem or "Fill in all three fields.",
                    "invalid_form",
                    None,
                    False,
                )
            )
            return
        if grant is None:
            self.failed.emit(
                SyncFailure(
                    "Confirm it is you first: click Authenticate under Manage Phones and type "
                    "the code sent to your phone. What you typed here is kept.",
                    "step_up_required",
                    None,
                    False,
                )
            )
            return
        attempt = (check.serial, otp1, otp2)
        key = self._keys.setdefault(attempt, uuid.uuid4().hex)
        identity = self._context.identity
        account = self._context.require_user().exostar_account or ""
        self._set_busy(True)
        try:
            self.requests_sent += 1
            result: TokenSyncResult = await asyncio.wait_for(
                on_lane(
                    identity.lane,
                    identity.add_token,
                    account,
                    check.serial,
                    otp1,
                    otp2,
                    grant.id,
                    key,
                ),
                self.timeout_s,
            )
        except TimeoutError:
            log.warning("token sync: no answer within %.0f s", self.timeout_s)
            await self._audit_failure(check.serial, "timeout")
            self.failed.emit(
                SyncFailure(
                    f"The identity service did not answer within {self.timeout_s:.0f} seconds. "
                    "Click Submit again with the same codes: it is safe, the service will not "
                    f"count it twice. If it keeps happening, {SUPPORT_CONTACT}.",
                    "timeout",
                    None,
                    False,
                )
            )
            return
        except Exception as exc:  # noqa: BLE001 - every failure is shown; unexpected ones logged
            failure = self._failure(exc)
            await self._audit_failure(check.serial, failure.code)
            self.failed.emit(failure)
            return
        finally:
            self._set_busy(False)
        event = AuditEvent.TOKEN_RESYNCED if result.resynced else AuditEvent.TOKEN_ADDED
        await audit_trail.record(
            self._context,
            event,
            Outcome.SUCCESS,
            token_serial=result.token.serial,
            details={"replaced": ", ".join(result.replaced) or None},
        )
        self._keys.clear()
        self.otp1_cleared()
        self.synced.emit(result)

    async def _audit_failure(self, serial: str, code: str) -> None:
        await audit_trail.record(
            self._context,
            AuditEvent.TOKEN_SYNC_FAILED,
            Outcome.FAILURE,
            token_serial=serial,
            reason=code,
        )

    def _failure(self, exc: Exception) -> SyncFailure:
        if not isinstance(exc, UserFacingError):
            log.exception("token sync failed", exc_info=exc)
        code = exc.code if isinstance(exc, AdapterError) else "error"
        suggestion = exc.details.get("suggestion") if isinstance(exc, AdapterError) else None
        if code == "step_up_required":
            self.step_up.clear()
        text = str(generic_message(exc))
        if SUPPORT_CONTACT not in text and code not in ("step_up_required", "identical_codes"):
            text += f" If you need help, {SUPPORT_CONTACT}."
        return SyncFailure(text, code, suggestion, code in CODES_SPENT)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self._started = time.monotonic()
            self._elapsed_timer.start()
            self.elapsed.emit(0)
        else:
            self._elapsed_timer.stop()
        self.busyChanged.emit(busy)

    def _tick_elapsed(self) -> None:
        self.elapsed.emit(int(time.monotonic() - self._started))

    def _tick_otp1(self) -> None:
        left = max(0, round(self._otp1_deadline - time.monotonic()))
        if left == 0:
            self._otp1_timer.stop()
        self.otp1Wait.emit(left)
