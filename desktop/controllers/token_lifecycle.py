"""Manage Token: suspend, resume, report lost, deactivate; each after the phone step-up.

A token reported lost or deactivated ends the prescriber's EPCS permission at once
(21 CFR 1311.125(d)), in the transaction that records the deactivation: if that cannot
be written, the attempt stays open and start-up's recovery ends the permission.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.access_control import notify_ended
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot, on_lane
from desktop.controllers.step_up import StepUpSession
from desktop.domain.access_control import EndReason, Grant
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import AuditUnavailable, UserFacingError, generic_message
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


class TokenLifecycleController(QObject):
    """Signals:
    busyChanged(bool): a status change is in flight.
    changed(object, str): the token's new `TokenInfo` and the action ("suspend", ...).
    failed(str): why not, and what to do.
    """

    busyChanged = Signal(bool)
    changed = Signal(object, str)
    failed = Signal(str)

    def __init__(
        self, context: AppContext, step_up: StepUpSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.step_up = step_up
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    @async_slot(str, str, str)
    async def apply(self, action: str, serial: str, reason: str) -> None:
        if self._busy or action not in ACTIONS:
            return
        grant = self.step_up.grant
        if grant is None:
            self.failed.emit(
                "Confirm it is you first: click Authenticate under Manage Phones and type the "
                "code sent to your phone."
            )
            return
        identity = self._context.identity
        account = self._context.require_user().exostar_account or ""
        attempt = audit_trail.new_attempt()
        self._set_busy(True)
        try:
            await audit_trail.record(
                self._context,
                AuditEvent.TOKEN_CHANGE_STARTED,
                Outcome.SUCCESS,
                token_serial=serial,
                details=audit_trail.attempt_details(attempt, action=action),
            )
        except AuditUnavailable as exc:
            self._set_busy(False)
            self.failed.emit(str(exc))
            return
        try:
            if action == "resume":
                info: TokenInfo = await on_lane(
                    identity.lane, identity.resume_token, account, serial, grant.id
                )
            else:
                method = (
                    identity.suspend_token if action == "suspend" else identity.deactivate_token
                )
                info = await on_lane(identity.lane, method, account, serial, grant.id, reason)
        except Exception as exc:  # noqa: BLE001 - every failure is shown; unexpected ones logged
            if not isinstance(exc, UserFacingError):
                log.exception("token %s failed", action, exc_info=exc)
            if isinstance(exc, AdapterError) and exc.code == "step_up_required":
                self.step_up.clear(ran_out=True)
            message = str(generic_message(exc))
            try:
                await audit_trail.record(
                    self._context,
                    EVENTS[action],
                    Outcome.FAILURE,
                    token_serial=serial,
                    reason=exc.code if isinstance(exc, AdapterError) else type(exc).__name__,
                    details={"attempt": attempt},
                )
            except AuditUnavailable as unrecorded:
                message += " " + unrecorded.note()
            finally:
                self._set_busy(False)
            self.failed.emit(message)
            return
        username = self._context.require_user().username
        try:
            ended: list[Grant] = await self._context.store.run(
                lambda s: _record_outcome(s, action, username, serial, reason, attempt)
            )
        except Exception as exc:  # noqa: BLE001 - every failure means: not recorded
            problem = audited.unavailable(exc)
            self.failed.emit(problem.after(f"Token {info.serial} was {DONE[action]}", NEXT_START))
            return
        finally:
            self._set_busy(False)
        await notify_ended(self._context, ended)
        self.changed.emit(info, action)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busyChanged.emit(busy)


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
