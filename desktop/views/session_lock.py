"""The window's session: locked after inactivity and unlocked by the same user, or ended.

A lock hides the screen behind the sign-in form until the same user types their password
again; the page they were on comes back as it was. Signing out drops everything of theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.domain.models import User
    from desktop.views.main_window import MainWindow


class SessionLock:
    """Locks, unlocks and signs out one `MainWindow`."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.page: QWidget | None = None
        """The page the lock hid, shown again on the unlock; None while not locked."""

    @property
    def locked(self) -> bool:
        return self.page is not None

    def lock(self) -> None:
        """Hide what was on screen until the same user types their password again."""
        window = self._window
        user = window.context.user if window.attached else None
        if user is None or self.locked:
            return
        # The demo token, phone and help are windows of their own, kept for after the unlock:
        # hidden, not closed. Every other window of the session (signing, token actions, the
        # phone code, grants, message boxes) is cancelled, its data and pending action gone.
        from desktop.views.idle_lock import close_for_lock, in_flight, open_windows

        beside = window.beside_windows()
        session = open_windows((window, *beside))
        if window.device_busy() or in_flight(session):
            window.idle_watcher.poke()  # a signature or code is being checked: lock after it
            return
        self.page = window.ui.mainStack.currentWidget()
        for dialog in beside:
            dialog.hide()
        close_for_lock(session)
        window.show_session(f"Locked \u00b7 {user.display_name}", sign_out=True)
        window.ui.mainStack.setCurrentWidget(window.ui.loginPage)
        window.login_view.lock_for(user.username)
        window.idle_watcher.stop()
        window.login_controller.record_lock("locked after 10 minutes without activity")
        window.lockChanged.emit(True)

    def unlock(self, user: User) -> bool:
        """Signed in again while locked: back to the hidden page. False if not locked."""
        if self.page is None:
            return False
        window = self._window
        page, self.page = self.page, None
        window.login_view.unlock()
        window.ui.mainStack.setCurrentWidget(page)
        window.show_signed_in(user)
        window.idle_watcher.start()
        window.login_controller.record_lock("unlocked with the password")
        window.lockChanged.emit(False)
        return True

    def sign_out(self) -> None:
        """The session ends: its screens go, the sign-in form comes back empty."""
        window = self._window
        if window.device_busy() or not window.attached:
            return
        self.page = None
        window.idle_watcher.stop()
        window.login_view.unlock()
        window.login_controller.logout()
        window.navigator.reset()
        window.accounts.reset()
        window.ui.peopleAction.setVisible(False)
        window.ui.signOutAction.setEnabled(False)
        window.show_session("Not signed in", sign_out=False)
        window.ui.statusBar.clearMessage()
        window.ui.mainStack.setCurrentWidget(window.ui.loginPage)
        window.login_view.reset()
