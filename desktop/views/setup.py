"""First-run setup: the practice, then its first administrator, then on to People."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop.forms.ui_setup import Ui_SetupForm
from desktop.views.messages import clear_message, mark_invalid, show_message, show_refusal

if TYPE_CHECKING:
    from desktop.controllers.flow import Refusal
    from desktop.controllers.setup import SetupController

PASSWORD_OK = "This password can be used."


class SetupView(QWidget):
    """Built before the first paint on a brand-new data dir; `bind` arrives after it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SetupForm()
        self.ui.setupUi(self)
        self.controller: SetupController | None = None
        ui = self.ui
        self._fields: dict[str, tuple[QLineEdit, QLabel]] = {
            "practice_name": (ui.setupPracticeNameEdit, ui.setupPracticeNameHint),
            "address": (ui.setupAddressEdit, ui.setupAddressHint),
            "admin_name": (ui.setupAdminNameEdit, ui.setupAdminNameHint),
            "admin_username": (ui.setupAdminUsernameEdit, ui.setupAdminUsernameHint),
            "password": (ui.setupPasswordEdit, ui.setupPasswordHint),
            "password_repeat": (ui.setupPasswordRepeatEdit, ui.setupPasswordRepeatHint),
        }
        self._touched: set[str] = set()
        for name, (edit, hint) in self._fields.items():
            clear_message(hint)
            edit.textEdited.connect(lambda _text, name=name: self._edited(name))
            edit.returnPressed.connect(self.submit)
        clear_message(ui.setupErrorLabel)
        ui.setupFinishButton.clicked.connect(self.submit)
        ui.setupPracticeNameEdit.setFocus()

    def bind(self, controller: SetupController) -> None:
        self.controller = controller
        controller.busyChanged.connect(self._on_busy)
        controller.problemsFound.connect(self._on_problems)
        controller.failed.connect(self._on_failed)

    def values(self) -> tuple[str, str, str, str, str, str]:
        ui = self.ui
        return (
            ui.setupPracticeNameEdit.text(),
            ui.setupAddressEdit.text(),
            ui.setupAdminUsernameEdit.text(),
            ui.setupAdminNameEdit.text(),
            ui.setupPasswordEdit.text(),
            ui.setupPasswordRepeatEdit.text(),
        )

    def submit(self) -> None:
        if self.controller is not None:
            clear_message(self.ui.setupErrorLabel)
            self.controller.finish(*self.values())

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        clear_message(self.ui.setupErrorLabel)
        if self.controller is not None:
            self._show(self.controller.problems(*self.values()), self._touched)

    def _on_problems(self, found: dict[str, str]) -> None:
        self._touched.update(self._fields)
        self._show(found, self._touched)
        first = next((self._fields[name][0] for name in self._fields if name in found), None)
        if first is not None:
            first.setFocus()
        show_message(self.ui.setupErrorLabel, "Fix what is marked above, then Finish.", "error")

    def _show(self, found: dict[str, str], shown: set[str]) -> None:
        for name, (edit, hint) in self._fields.items():
            problem = found.get(name, "") if name in shown else ""
            mark_invalid(edit, bool(problem))
            if problem:
                show_message(hint, problem, "error")
            elif name == "password" and name in shown and edit.text():
                show_message(hint, PASSWORD_OK, "ok")
            else:
                clear_message(hint)

    def _on_failed(self, refusal: Refusal) -> None:
        show_refusal(self.ui.setupErrorLabel, refusal)

    def _on_busy(self, busy: bool) -> None:
        self.ui.setupFinishButton.setEnabled(not busy)
        self.ui.setupFinishButton.setText("Setting up…" if busy else "Finish and add people")
        if busy:
            show_message(self.ui.setupErrorLabel, "Setting up the practice…", "muted")
