"""Admin > People: the practice's people, and the form to add or change one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QWidget

from desktop.controllers.flow import Refusal
from desktop.controllers.people import PeopleController
from desktop.domain.models import ROLE_ORDER, Role, User, format_time
from desktop.domain.people import PersonForm, PersonRow
from desktop.forms.ui_people import Ui_PeopleForm
from desktop.views.messages import clear_message, mark_invalid, show_message, show_refusal

NO_DATE = QDate(2000, 1, 1)
"""The expiry field's "not entered yet": shown blank (see `specialValueText`)."""


class PeopleView(QWidget):
    """Signals:
    backRequested(): the administrator is done with People.
    """

    backRequested = Signal()

    def __init__(self, controller: PeopleController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PeopleForm()
        self.ui.setupUi(self)
        self.controller = controller
        self.editing: str | None = None
        """The username whose details the form shows; None while adding someone."""
        self._rows: list[PersonRow] = []
        self._touched: set[str] = set()
        self._form_failed = True
        ui = self.ui
        self._edits = {
            "display_name": ui.personNameEdit,
            "username": ui.personUsernameEdit,
            "dea_number": ui.deaNumberEdit,
            "licence_state": ui.licenceStateEdit,
            "licence_number": ui.licenceNumberEdit,
            "npi": ui.npiEdit,
            "mobile": ui.personMobileEdit,
        }
        self._hints: dict[str, QLabel] = {
            "display_name": ui.personNameHint,
            "username": ui.personUsernameHint,
            "roles": ui.personRolesHint,
            "dea_number": ui.deaNumberHint,
            "dea_expiry": ui.deaExpiryHint,
            "licence_state": ui.licenceStateHint,
            "licence_number": ui.licenceNumberHint,
            "npi": ui.npiHint,
            "mobile": ui.personMobileHint,
        }
        for label in (*self._hints.values(), ui.personErrorLabel, ui.peopleMessageLabel):
            clear_message(label)
        clear_message(ui.oneTimePasswordLabel)
        ui.deaExpiryEdit.setMinimumDate(NO_DATE)
        ui.deaExpiryEdit.setSpecialValueText(" ")
        ui.deaExpiryEdit.setDate(NO_DATE)
        for column, width in enumerate((130, 90, 170)):
            ui.peopleTable.horizontalHeader().resizeSection(column, width)
        for name, edit in self._edits.items():
            edit.textEdited.connect(lambda _text, name=name: self._edited(name))
            edit.returnPressed.connect(self.save)
        ui.personNameEdit.textEdited.connect(lambda _t: self._edited("dea_number", touch=False))
        ui.deaExpiryEdit.dateChanged.connect(lambda _d: self._edited("dea_expiry"))
        for check in (ui.rolePrescriberCheck, ui.roleStaffCheck, ui.rolePracticeAdminCheck):
            check.toggled.connect(lambda _on: self._roles_changed())
        ui.peopleTable.itemSelectionChanged.connect(self._selected)
        ui.addPersonButton.clicked.connect(self.start_adding)
        ui.cancelPersonButton.clicked.connect(self.start_adding)
        ui.savePersonButton.clicked.connect(self.save)
        ui.deactivatePersonButton.clicked.connect(self._toggle_active)
        ui.unlockPersonButton.clicked.connect(self._unlock)
        ui.unlockPhoneButton.clicked.connect(self._unlock_phone)
        ui.resetPasswordButton.clicked.connect(self._reset_password)
        ui.peopleBackButton.clicked.connect(self.backRequested)
        controller.peopleLoaded.connect(self._on_loaded)
        controller.busyChanged.connect(self._on_busy)
        controller.saved.connect(self._on_saved)
        controller.changed.connect(self._on_changed)
        controller.oneTimePassword.connect(self._on_one_time_password)
        controller.problemsFound.connect(self._on_problems)
        controller.phoneLocksLoaded.connect(self._on_phone_locks)
        controller.failed.connect(self._on_failed)
        if not controller.provisions_accounts:
            ui.personMobileEdit.setEnabled(False)
            ui.personMobileEdit.setPlaceholderText("kept by the clinic's identity service")
        self.start_adding()

    def refresh(self) -> None:
        self.controller.load()

    # the form ---------------------------------------------------------------------------------
    def start_adding(self) -> None:
        """An empty form for a new person."""
        ui = self.ui
        self.editing = None
        ui.peopleTable.clearSelection()
        for edit in self._edits.values():
            edit.clear()
            mark_invalid(edit, False)
        for check in (ui.rolePrescriberCheck, ui.roleStaffCheck, ui.rolePracticeAdminCheck):
            check.setChecked(False)
        ui.deaExpiryEdit.setDate(NO_DATE)
        ui.personUsernameEdit.setReadOnly(False)
        ui.personFormGroup.setTitle("Add a person")
        ui.savePersonButton.setText("&Add person")
        self._touched.clear()
        self._show({})
        clear_message(ui.personErrorLabel)
        self._roles_changed()
        self._update_actions()
        ui.personNameEdit.setFocus()

    def form(self) -> PersonForm:
        ui = self.ui
        roles = {
            role
            for check, role in (
                (ui.rolePrescriberCheck, Role.PRESCRIBER),
                (ui.roleStaffCheck, Role.STAFF),
                (ui.rolePracticeAdminCheck, Role.PRACTICE_ADMIN),
            )
            if check.isChecked()
        }
        date = ui.deaExpiryEdit.date()
        expiry = None if date == NO_DATE else dt.date(date.year(), date.month(), date.day())
        return PersonForm(
            username=ui.personUsernameEdit.text(),
            display_name=ui.personNameEdit.text(),
            roles=frozenset(roles),
            dea_number=ui.deaNumberEdit.text(),
            dea_expiry=expiry,
            licence_state=ui.licenceStateEdit.text(),
            licence_number=ui.licenceNumberEdit.text(),
            npi=ui.npiEdit.text(),
            mobile=ui.personMobileEdit.text(),
        )

    def save(self) -> None:
        if self.controller.busy:
            return
        clear_message(self.ui.personErrorLabel)
        self._form_failed = True
        self.controller.save(self.form(), self.editing is not None)

    def _edited(self, name: str, touch: bool = True) -> None:
        if touch:
            self._touched.add(name)
        clear_message(self.ui.personErrorLabel)
        self._show(self.controller.problems(self.form()))

    def _roles_changed(self) -> None:
        prescriber = self.ui.rolePrescriberCheck.isChecked()
        self.ui.prescriberGroup.setVisible(prescriber)
        if self._touched or self.editing is not None:
            self._touched.add("roles")
        self._show(self.controller.problems(self.form()))

    def _show(self, found: dict[str, str]) -> None:
        """Each touched field's problem under it; untouched empty fields stay quiet."""
        for name, hint in self._hints.items():
            problem = found.get(name, "") if name in self._touched else ""
            edit = self._edits.get(name)
            if edit is not None:
                mark_invalid(edit, bool(problem))
            show_message(hint, problem, "error")

    def _on_problems(self, found: dict[str, str]) -> None:
        self._touched.update(self._hints)
        self._show(found)
        show_message(self.ui.personErrorLabel, "Fix what is marked above, then save.", "error")

    # the list -----------------------------------------------------------------------------------
    def _on_loaded(self, rows: list[PersonRow]) -> None:
        table = self.ui.peopleTable
        keep = self.editing
        self._rows = rows
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            waiting = f"; waits until {format_time(row.waiting_until)}" if row.waiting_until else ""
            cells = (
                row.display_name,
                row.username,
                ", ".join(role.label for role in ROLE_ORDER if role in row.roles),
                row.status + waiting,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(index, column, item)
            if row.username == keep:
                table.selectRow(index)
        table.blockSignals(False)
        self._update_actions()

    def select(self, username: str) -> None:
        for index, row in enumerate(self._rows):
            if row.username == username:
                self.ui.peopleTable.selectRow(index)
                return

    def selected(self) -> PersonRow | None:
        rows = self.ui.peopleTable.selectionModel().selectedRows()
        index: int = rows[0].row() if rows else -1
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _selected(self) -> None:
        row = self.selected()
        if row is None:
            self._update_actions()
            return
        ui = self.ui
        self.editing = row.username
        ui.personNameEdit.setText(row.display_name)
        ui.personUsernameEdit.setText(row.username)
        ui.personUsernameEdit.setReadOnly(True)
        ui.rolePrescriberCheck.setChecked(Role.PRESCRIBER in row.roles)
        ui.roleStaffCheck.setChecked(Role.STAFF in row.roles)
        ui.rolePracticeAdminCheck.setChecked(Role.PRACTICE_ADMIN in row.roles)
        credentials = row.prescriber
        ui.deaNumberEdit.setText(credentials.dea_number if credentials else "")
        expiry = credentials.dea_expiry if credentials else None
        ui.deaExpiryEdit.setDate(
            QDate(expiry.year, expiry.month, expiry.day) if expiry else NO_DATE
        )
        ui.licenceStateEdit.setText(credentials.licence_state if credentials else "")
        ui.licenceNumberEdit.setText(credentials.licence_number if credentials else "")
        ui.npiEdit.setText(credentials.npi if credentials else "")
        ui.personMobileEdit.clear()
        ui.personFormGroup.setTitle(f"Change {row.display_name}")
        ui.savePersonButton.setText("&Save changes")
        self._touched = set(self._hints)
        clear_message(ui.personErrorLabel)
        self._roles_changed()
        self._update_actions()

    def _update_actions(self) -> None:
        ui = self.ui
        row = self.selected()
        busy = self.controller.busy
        ui.deactivatePersonButton.setEnabled(row is not None and not busy)
        ui.deactivatePersonButton.setText(
            "Reactivate" if row is not None and not row.active else "Deactivate"
        )
        held = row is not None and (row.locked or row.waiting_until is not None)
        ui.unlockPersonButton.setEnabled(held and not busy)
        phone_locked = row is not None and row.username in self.controller.phone_locked
        ui.unlockPhoneButton.setVisible(phone_locked)
        ui.unlockPhoneButton.setEnabled(phone_locked and not busy)
        ui.resetPasswordButton.setEnabled(row is not None and row.active and not busy)
        ui.savePersonButton.setEnabled(not busy)

    # actions ------------------------------------------------------------------------------------
    def _toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        self._form_failed = False
        if row.active:
            self.controller.deactivate(row.username)
        else:
            self.controller.reactivate(row.username)

    def _unlock(self) -> None:
        row = self.selected()
        if row is not None:
            self._form_failed = False
            self.controller.unlock(row.username)

    def _unlock_phone(self) -> None:
        row = self.selected()
        if row is not None:
            self._form_failed = False
            self.controller.unlock_phone(row.username)

    def _reset_password(self) -> None:
        row = self.selected()
        if row is not None:
            self._form_failed = False
            self.controller.reset_password(row.username)

    # answers ------------------------------------------------------------------------------------
    def _on_saved(self, user: User, one_time: str) -> None:
        if one_time:
            show_message(self.ui.peopleMessageLabel, f"Added {user.display_name}.", "ok")
            self.start_adding()
        else:
            show_message(self.ui.peopleMessageLabel, f"Saved {user.display_name}.", "ok")
            clear_message(self.ui.oneTimePasswordLabel)

    def _on_phone_locks(self, _usernames: list[str]) -> None:
        self._update_actions()

    def _on_changed(self, words: str) -> None:
        show_message(self.ui.peopleMessageLabel, words, "ok")

    def _on_one_time_password(self, name: str, one_time: str) -> None:
        show_message(
            self.ui.oneTimePasswordLabel,
            f"One-time password for {name}: {one_time}\nGive it to them in person; it is shown "
            "only now. It works for one sign-in, where they choose their own password.",
            "ok",
        )

    def _on_failed(self, refusal: Refusal) -> None:
        label = self.ui.personErrorLabel if self._form_failed else self.ui.peopleMessageLabel
        show_refusal(label, refusal)

    def _on_busy(self, busy: bool) -> None:
        self._update_actions()
        self.ui.savePersonButton.setText(
            "Saving…" if busy else ("&Save changes" if self.editing else "&Add person")
        )
