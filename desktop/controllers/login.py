"""Sign-in: checks the password on the store's lane (Argon2 is slow on purpose)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import AuditUnavailable, UserFacingError, generic_message
from desktop.domain.models import User
from desktop.domain.throttle import AccountDeactivated, AccountLocked, PasswordThrottled
from desktop.store.database import AppStore

log = logging.getLogger(__name__)


class LoginController(QObject):
    """Signals:
    busyChanged(bool): a check is in flight; the form should not take another.
    loginSucceeded(object): the signed-in `User`.
    loginFailed(str): what went wrong and what to do, for the error label.
    """

    busyChanged = Signal(bool)
    loginSucceeded = Signal(object)
    loginFailed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    @async_slot(str, str)
    async def login(self, username: str, password: str) -> None:
        if self._busy:
            return
        if not username.strip():
            self.loginFailed.emit("Type your username, then your password.")
            return
        if not password:
            self.loginFailed.emit("Type your password, then press Sign in.")
            return
        self._set_busy(True)
        try:
            try:
                user = await self._context.store.run(lambda s: _authenticate(s, username, password))
            except AuditUnavailable:
                raise
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
                self.loginFailed.emit(str(exc))
                return
            await audit_trail.record(
                self._context, AuditEvent.LOGIN, Outcome.SUCCESS, actor=user.username
            )
        except AuditUnavailable as exc:
            log.warning("sign-in not recorded, so refused: %s", exc.why)
            self.loginFailed.emit(str(exc.because("you were not signed in")))
            return
        except Exception as exc:  # noqa: BLE001 - shown as a generic message, logged in full
            log.exception("sign-in failed unexpectedly")
            self.loginFailed.emit(str(generic_message(exc)))
            return
        finally:
            self._set_busy(False)
        log.info("signed in: %s (%s)", user.username, user.roles_label)
        self._context.user = user
        self.loginSucceeded.emit(user)

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
            self.loginFailed.emit(exc.after(f"The window was {reason}"))

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
            self.loginFailed.emit(exc.after("You are signed out"))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busyChanged.emit(busy)


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
