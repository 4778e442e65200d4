"""The sign-in screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.forms.ui_login import Ui_LoginForm
from desktop.views.messages import clear_message, show_message, show_refusal

if TYPE_CHECKING:
    from desktop.controllers.flow import Refusal
    from desktop.controllers.login import LoginController

DEMO_HINT = (
    "Demo workstation. Doctor: doctor / doctor-demo-1. Front desk: frontdesk / frontdesk-demo-1."
)

OPENING = "Opening the practice database… You are signed in as soon as it is open."


class LoginView(QWidget):
    def __init__(self, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginForm()
        self.ui.setupUi(self)
        self.controller: LoginController | None = None
        self._note = ""
        """What the sign-in form says about this data folder (its records were moved)."""
        self._waiting = False
        """Sign in was asked for before the stores were open: it goes ahead when they are."""
        clear_message(self.ui.loginErrorLabel)
        self._show_demo_hint(demo)
        self.ui.loginButton.clicked.connect(self.submit)
        self.ui.usernameEdit.returnPressed.connect(self.submit)
        self.ui.passwordEdit.returnPressed.connect(self.submit)
        self.ui.usernameEdit.textEdited.connect(lambda _t: clear_message(self.ui.loginErrorLabel))
        self.ui.passwordEdit.textEdited.connect(lambda _t: clear_message(self.ui.loginErrorLabel))

    def bind(self, controller: LoginController, demo: bool) -> None:
        """The controller arrives once the stores are open; until then Sign in waits for it."""
        self.controller = controller
        self._show_demo_hint(demo)
        controller.busyChanged.connect(self._on_busy)
        controller.failed.connect(self._on_failed)
        if self._waiting:
            self._waiting = False
            clear_message(self.ui.loginErrorLabel)
            self.submit()

    def _show_demo_hint(self, demo: bool) -> None:
        if self._note:
            show_message(self.ui.demoHintLabel, self._note, "info")
        else:
            show_message(self.ui.demoHintLabel, DEMO_HINT if demo else "", "muted")

    def show_note(self, note: str) -> None:
        """A line above Sign in that outranks the demo hint: e.g. that this folder's records
        were moved into the clinic database, so what is added here does not reach it."""
        self._note = note
        if note:
            self._show_demo_hint(False)

    def focus_username(self) -> None:
        self.ui.usernameEdit.setFocus()

    def submit(self) -> None:
        if self.controller is None:
            # The window paints before the practice database is open: the sign-in waits for it.
            self._waiting = True
            show_message(self.ui.loginErrorLabel, OPENING, "muted")
            return
        self.controller.login(self.ui.usernameEdit.text(), self.ui.passwordEdit.text())

    def lock_for(self, username: str) -> None:
        """The locked screen: the same user types their password to carry on."""
        self.ui.usernameEdit.setText(username)
        self.ui.usernameEdit.setReadOnly(True)
        self.ui.passwordEdit.clear()
        show_message(
            self.ui.loginErrorLabel,
            "Locked after 10 minutes without activity. Type your password to carry on where "
            "you were, or click Sign out (bottom right) for someone else to sign in.",
            "info",
        )
        self.ui.passwordEdit.setFocus()

    def unlock(self) -> None:
        self.ui.usernameEdit.setReadOnly(False)
        self.ui.passwordEdit.clear()
        clear_message(self.ui.loginErrorLabel)

    def reset(self) -> None:
        """After sign-out: an empty form, the keyboard in Username.

        The next person at a shared desk is rarely the last one: a username left filled in
        had them type their password into the doctor's account (a refusal audited against
        the doctor, and counted toward the doctor's lock).
        """
        self.ui.usernameEdit.setReadOnly(False)
        self.ui.usernameEdit.clear()
        self.ui.passwordEdit.clear()
        clear_message(self.ui.loginErrorLabel)
        self.ui.usernameEdit.setFocus()

    def _on_busy(self, busy: bool) -> None:
        self.ui.loginButton.setEnabled(not busy)
        self.ui.loginButton.setText("Signing in…" if busy else "&Sign in")

    def _on_failed(self, refusal: Refusal) -> None:
        show_refusal(self.ui.loginErrorLabel, refusal)
        self.ui.passwordEdit.selectAll()
        target = self.ui.passwordEdit if self.ui.usernameEdit.text() else self.ui.usernameEdit
        target.setFocus()
