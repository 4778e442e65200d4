"""Manage Token: suspend, resume, report lost, deactivate; each after the phone step-up.

A token reported lost or deactivated ends the prescriber's EPCS permission at once
(21 CFR 1311.125(d)), in the transaction that records the deactivation: if that cannot
be written, the attempt stays open and start-up's recovery ends the permission.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.epcs_notices import notify_ended
from desktop.controllers.flow import FlowController, Refusal, Refused, audit_reason
from desktop.controllers.lanes import async_slot, on_lane
from desktop.controllers.step_up import StepUpSession
from desktop.domain.access_control import EndReason, Grant
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import AuditUnavailable
from desktop.domain.models import TokenInfo
from desktop.exostar.base import AdapterError
from desktop.store import audited
from desktop.store.database import AppStore

log = logging.getLogger(__name__)

EVENTS = {
    "suspend": AuditEvent.TOKEN_SUSPENDED,
    "resume": AuditEvent.TOKEN_RESUMED,
    "deactivate": AuditEvent.TOKEN_DEACTIVATED,
}
ACTIONS = tuple(EVENTS)
DONE = {"suspend": "suspended", "resume": "resumed", "deactivate": "deactivated"}
NEXT_START = (
    "The identity service made the change; it will be added to the log the next time "
    "iCoreRx starts. Fix the cause before you change anything else."
)


class TokenLifecycleController(FlowController):
    """Signals:
    busyChanged(bool): a status change is in flight.
    changed(object, str): the token's new `TokenInfo` and the action ("suspend", ...).
    failed(object): a `Refusal`: why not, and what to do.
    """

    changed = Signal(object, str)

    def __init__(
        self, context: AppContext, step_up: StepUpSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.step_up = step_up
        self._asking: tuple[str, str, str] | None = None
        """(action, serial, attempt) while the identity service is asked: its refusal is
        audited."""

    @async_slot(str, str, str)
    async def apply(self, action: str, serial: str, reason: str) -> None:
        if self.busy or action not in ACTIONS:
            return
        grant = self.step_up.grant
        if grant is None:
            self.decline(
                "Confirm it is you first: click Authenticate under Manage Phones and type the "
                "code sent to your phone.",
                "step_up_required",
            )
            return
        identity = self._context.identity
        account = self._context.require_user().exostar_account or ""
        attempt = audit_trail.new_attempt()
        username = self._context.require_user().username
        async with self.flow(f"token {action}", record=self._audit_failure) as run:
            await audit_trail.record(
                self._context,
                AuditEvent.TOKEN_CHANGE_STARTED,
                Outcome.SUCCESS,
                token_serial=serial,
                details=audit_trail.attempt_details(attempt, action=action),
            )
            self._asking = (action, serial, attempt)
            if action == "resume":
                info: TokenInfo = await on_lane(
                    identity.lane, identity.resume_token, account, serial, grant.id
                )
            else:
                method = (
                    identity.suspend_token if action == "suspend" else identity.deactivate_token
                )
                info = await on_lane(identity.lane, method, account, serial, grant.id, reason)
            self._asking = None
            try:
                ended: list[Grant] = await self._context.store.run(
                    lambda s: _record_outcome(s, action, username, serial, reason, attempt)
                )
            except Exception as exc:  # noqa: BLE001 - every failure means: not recorded
                problem = audited.unavailable(exc)
                done = problem.after(f"Token {info.serial} was {DONE[action]}", NEXT_START)
                raise Refused(Refusal(done, "audit_unavailable")) from exc
        self._asking = None
        if run.refused:
            return
        await notify_ended(self._context, ended)
        self.changed.emit(info, action)

    async def _audit_failure(self, exc: Exception) -> str:
        """Record the identity service's refusal; words to add if the entry failed."""
        if self._asking is None:
            return ""
        action, serial, attempt = self._asking
        try:
            await audit_trail.record(
                self._context,
                EVENTS[action],
                Outcome.FAILURE,
                token_serial=serial,
                reason=audit_reason(exc),
                details={"attempt": attempt},
            )
        except AuditUnavailable as unrecorded:
            return unrecorded.note()
        return ""

    def refusal(self, exc: Exception, what: str) -> Refusal:
        if isinstance(exc, AdapterError) and exc.code == "step_up_required":
            self.step_up.clear(ran_out=True)
        return Refusal.of(exc, what)


def _record_outcome(
    store: AppStore, action: str, username: str, serial: str, reason: str, attempt: str
) -> list[Grant]:
    """The outcome entry; a deactivation also ends the EPCS permission, in one transaction."""
    with store.sql.transaction():
        audited.record(
            store,
            EVENTS[action],
            username,
            Outcome.SUCCESS,
            token_serial=serial,
            reason=reason,
            details={"attempt": attempt},
        )
        if action != "deactivate":
            return []
        return store.access_control.end_grants_for(
            username, f"{serial}, {reason}", username, kind=EndReason.TOKEN_LOST
        )
