"""Manage Phones > Authenticate: send a code by SMS or voice, verify it, hold the grant."""

from __future__ import annotations

import datetime as dt
import logging
import math
import time

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController, Refusal, Refused, audit_reason
from desktop.controllers.lanes import async_slot, on_lane
from desktop.controllers.step_up import StepUpSession
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import AuditUnavailable
from desktop.domain.models import Phone, PhoneChannel
from desktop.domain.token_form import digits_only
from desktop.exostar.base import AdapterError, PhoneCodeSent, StepUpGrant

log = logging.getLogger(__name__)


class PhoneAuthController(FlowController):
    """Signals:
    busyChanged(bool): a send or a check is in flight.
    codeSent(object): the `PhoneCodeSent` answer: where it went and until when it works.
    resendIn(int): seconds until a new code may be sent; 0 when it may.
    authenticated(object): the `StepUpGrant` the code bought.
    failed(object): a `Refusal`: plain words with the next step, and the service's code.
    """

    codeSent = Signal(object)
    resendIn = Signal(int)
    authenticated = Signal(object)

    def __init__(
        self, context: AppContext, step_up: StepUpSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.step_up = step_up
        self.phone: Phone | None = None
        self.sent: PhoneCodeSent | None = None
        self._resend_at: float | None = None
        """When a new code may be sent, on the monotonic clock: a clock set back or forward
        cannot lengthen the wait."""
        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self._tick)

    def start(self, phone: Phone) -> None:
        """A new Authenticate: the dialog opens on this phone, nothing sent yet."""
        self.phone = phone
        self.sent = None

    @async_slot(str)
    async def send_code(self, channel: str) -> None:
        if self.busy or self.phone is None or self.resend_wait() > 0:
            return
        account = self._account()
        identity = self._context.identity
        phone_id = self.phone.id
        async with self.flow("sending a phone code") as run:
            sent: PhoneCodeSent = await on_lane(
                identity.lane, identity.send_phone_code, account, phone_id, PhoneChannel(channel)
            )
        if run.refused:
            return
        self.sent = sent
        self._wait_for(_seconds_until(sent.resend_after))
        try:
            await audit_trail.record(
                self._context,
                AuditEvent.PHONE_CODE_SENT,
                Outcome.SUCCESS,
                details={"channel": sent.channel.value, "phone": sent.phone.masked},
            )
        except AuditUnavailable as exc:
            # The code went out, but this window will not take it: no step-up unrecorded.
            self.sent = None
            self.failed.emit(Refusal.of(exc.because("the code that was sent cannot be used")))
            return
        self.codeSent.emit(sent)

    @async_slot(str)
    async def verify(self, typed: str) -> None:
        sent = self.sent
        if self.busy or sent is None:
            return
        code = digits_only(typed)
        if len(code) != 6:
            self.decline("The code is the 6 digits from the message.", "code_malformed")
            return
        identity = self._context.identity
        async with self.flow("checking a phone code") as run:
            try:
                try:
                    grant: StepUpGrant = await on_lane(
                        identity.lane,
                        identity.verify_phone_code,
                        self._account(),
                        sent.challenge_id,
                        code,
                    )
                except Exception as exc:
                    await audit_trail.record(
                        self._context,
                        AuditEvent.PHONE_CODE_FAILED,
                        Outcome.FAILURE,
                        reason=audit_reason(exc),
                    )
                    raise
                await audit_trail.record(
                    self._context, AuditEvent.PHONE_CODE_VERIFIED, Outcome.SUCCESS
                )
            except AuditUnavailable as exc:
                # No grant without its entry: device changes stay closed.
                log.warning("phone code check not recorded: %s", exc.why)
                raise Refused(Refusal.of(exc.because("the code was not accepted"))) from exc
        if run.refused:
            return
        self.step_up.set(grant)
        self.authenticated.emit(grant)

    def resend_wait(self) -> int:
        if self._resend_at is None:
            return 0
        return max(0, math.ceil(self._resend_at - time.monotonic()))

    def refusal(self, exc: Exception, what: str) -> Refusal:
        """The service's refusal; one that names a wait starts the resend countdown."""
        if isinstance(exc, AdapterError):
            if exc.code == "resend_too_soon":
                self._wait_for(float(exc.details.get("seconds_left", 30)))
            elif exc.code == "too_many_tries" and "seconds_left" in exc.details:
                self._wait_for(float(exc.details["seconds_left"]))
            elif exc.code == "too_many_tries" and exc.details.get("retry_at"):
                retry_at = dt.datetime.fromisoformat(str(exc.details["retry_at"]))
                self._wait_for(_seconds_until(retry_at))
        return Refusal.of(exc, what)

    def _wait_for(self, seconds: float) -> None:
        """Count `seconds` down on the monotonic clock, read once from the answer."""
        self._resend_at = time.monotonic() + max(0.0, seconds)
        self._ticker.start()
        self._tick()

    def _tick(self) -> None:
        left = self.resend_wait()
        if left == 0:
            self._ticker.stop()
        self.resendIn.emit(left)

    def _account(self) -> str:
        account = self._context.require_user().exostar_account
        assert account, "the Admin screen lets only linked prescribers get here"
        return account


def _seconds_until(moment: dt.datetime) -> float:
    """Seconds from now to a moment an identity service named, read once on arrival."""
    return (moment - dt.datetime.now(dt.UTC)).total_seconds()
