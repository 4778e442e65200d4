"""Sign-in: checks the password on the store's lane (Argon2 is slow on purpose)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController, Refusal
from desktop.controllers.lanes import async_slot
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import AuditUnavailable, UserFacingError
from desktop.domain.models import User
from desktop.domain.throttle import AccountDeactivated, AccountLocked, PasswordThrottled
from desktop.store.database import AppStore
from desktop.store.server_away import ClinicServerAway, server_away_behind

log = logging.getLogger(__name__)


class LoginController(FlowController):
    """Signals:
    busyChanged(bool): a check is in flight; the form should not take another.
    loginSucceeded(object): the signed-in `User`.
    failed(object): a `Refusal`: what went wrong and what to do, for the error label.
    """

    loginSucceeded = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context

    @async_slot(str, str)
    async def login(self, username: str, password: str) -> None:
        if self.busy:
            return
        if not username.strip():
            self.decline("Type your username, then your password.", "username_missing")
            return
        if not password:
            self.decline("Type your password, then press Sign in.", "password_missing")
            return
        async with self.flow("sign-in") as run:
            try:
                user = await self._context.store.run(lambda s: _authenticate(s, username, password))
            except (AuditUnavailable, ClinicServerAway):
                raise  # not a refused sign-in: nothing to record against the account
            except UserFacingError as exc:
                # Never the typed text when nobody holds it: it may be a password.
                name = await self._context.store.run(lambda s: s.actor_for(username))
                log.info("sign-in refused for %s", name)
                await audit_trail.record(
                    self._context,
                    AuditEvent.LOGIN_FAILED,
                    Outcome.FAILURE,
                    actor=name[:64],
                    reason=_refusal_reason(exc),
                )
                raise
            await audit_trail.record(
                self._context, AuditEvent.LOGIN, Outcome.SUCCESS, actor=user.username
            )
        if run.refused:
            return
        log.info("signed in: %s (%s)", user.username, user.roles_label)
        self._context.user = user
        self.loginSucceeded.emit(user)

    def refusal(self, exc: Exception, what: str) -> Refusal:
        away = server_away_behind(exc)
        if away is not None:
            return Refusal.of(away.because("you were not signed in"), what)
        if isinstance(exc, AuditUnavailable):
            log.warning("sign-in not recorded, so refused: %s", exc.why)
            return Refusal.of(exc.because("you were not signed in"), what)
        return Refusal.of(exc, what)

    @async_slot(str)
    async def record_lock(self, reason: str) -> None:
        """The window locked itself (idle) or was unlocked: both belong in the audit log."""
        try:
            await audit_trail.record(
                self._context, AuditEvent.IDLE_LOCK, Outcome.SUCCESS, reason=reason
            )
        except AuditUnavailable as exc:
            # Locking takes access away, so it happens whatever the log says; say so.
            log.warning("idle lock not recorded: %s", exc.why)
            self.failed.emit(Refusal(exc.after(f"The window was {reason}"), "audit_unavailable"))

    def logout(self) -> None:
        """Forget the user at once; the audit entry follows on the store's lane.

        Sign-out and the idle lock are the two actions that go ahead when their entry
        cannot be written: refusing them would keep a door open, not closed.
        """
        user = self._context.user
        if user is None:
            return
        log.info("signed out: %s", user.username)
        self._context.user = None
        self._record_logout(user.username)

    @async_slot(str)
    async def _record_logout(self, username: str) -> None:
        try:
            await audit_trail.record(
                self._context, AuditEvent.LOGOUT, Outcome.SUCCESS, actor=username
            )
        except AuditUnavailable as exc:
            # Signing out takes access away, so it happens whatever the log says; say so.
            log.warning("sign-out of %s not recorded: %s", username, exc.why)
            self.failed.emit(Refusal(exc.after("You are signed out"), "audit_unavailable"))


def _refusal_reason(exc: UserFacingError) -> str:
    """What the audit log says of a refused sign-in (the screen says it in its own words)."""
    if isinstance(exc, PasswordThrottled):
        return "waiting after wrong passwords; the password was not checked"
    if isinstance(exc, AccountLocked):
        return "account locked after wrong passwords"
    if isinstance(exc, AccountDeactivated):
        return "account deactivated"
    return "wrong username or password"


def _authenticate(store: AppStore, username: str, password: str) -> User:
    return store.authenticate(username, password)
