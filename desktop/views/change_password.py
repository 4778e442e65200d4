"""Choosing one's own password after signing in with a one-time password."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.controllers.flow import Refusal
from desktop.controllers.password_change import ChangePasswordController
from desktop.domain.models import User
from desktop.forms.ui_change_password import Ui_ChangePasswordForm
from desktop.views.messages import clear_message, mark_invalid, show_message, show_refusal
from desktop.views.setup import PASSWORD_OK


class ChangePasswordView(QWidget):
    def __init__(
        self, controller: ChangePasswordController, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ChangePasswordForm()
        self.ui.setupUi(self)
        self.controller = controller
        ui = self.ui
        ui.changePasswordIntroLabel.setText(
            f"Welcome, {user.display_name}. You signed in with a one-time password, which "
            "works only this once: choose the password you will use from now on. Nobody else, "
            "including your practice administrator, will know it."
        )
        for label in (ui.newPasswordHint, ui.newPasswordRepeatHint, ui.changePasswordErrorLabel):
            clear_message(label)
        ui.newPasswordEdit.textEdited.connect(lambda _t: self._check())
        ui.newPasswordRepeatEdit.textEdited.connect(lambda _t: self._check())
        ui.newPasswordEdit.returnPressed.connect(ui.newPasswordRepeatEdit.setFocus)
        ui.newPasswordRepeatEdit.returnPressed.connect(self.submit)
        ui.changePasswordButton.clicked.connect(self.submit)
        controller.busyChanged.connect(self._on_busy)
        controller.failed.connect(self._on_failed)
        ui.newPasswordEdit.setFocus()

    def submit(self) -> None:
        clear_message(self.ui.changePasswordErrorLabel)
        self.controller.change(self.ui.newPasswordEdit.text(), self.ui.newPasswordRepeatEdit.text())

    def _check(self) -> None:
        ui = self.ui
        clear_message(ui.changePasswordErrorLabel)
        found = self.controller.problems(ui.newPasswordEdit.text(), ui.newPasswordRepeatEdit.text())
        problem = found.get("password", "")
        mark_invalid(ui.newPasswordEdit, bool(problem))
        if problem:
            show_message(ui.newPasswordHint, problem, "error")
        elif ui.newPasswordEdit.text():
            show_message(ui.newPasswordHint, PASSWORD_OK, "ok")
        else:
            clear_message(ui.newPasswordHint)
        repeat = found.get("repeat", "")
        mark_invalid(ui.newPasswordRepeatEdit, bool(repeat))
        show_message(ui.newPasswordRepeatHint, repeat, "error")

    def _on_failed(self, refusal: Refusal) -> None:
        show_refusal(self.ui.changePasswordErrorLabel, refusal)
        self.ui.newPasswordEdit.selectAll()
        self.ui.newPasswordEdit.setFocus()

    def _on_busy(self, busy: bool) -> None:
        self.ui.changePasswordButton.setEnabled(not busy)
        self.ui.changePasswordButton.setText("Saving…" if busy else "Save my password")
