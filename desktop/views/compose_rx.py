"""Compose Rx for one patient, with the top menu bar (Compose Rx | Admin).

The Compose Rx tab builds the patient's pending list: pick a medication from the
formulary, type the directions, quantity and refills, Add to pending; the doctor then
signs the list (the signing dialog is opened by whoever listens to `signRequested`).
The form shows the schedule's rules as they apply (no refills for schedule II, at most
5 for III-IV) and a refusal at the field it concerns, keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCompleter, QHeaderView, QTableWidgetItem, QWidget

from desktop.controllers.compose_rx import ComposeRxController
from desktop.domain.formulary import MAX_REFILLS, Medication, Schedule
from desktop.domain.models import Patient
from desktop.domain.prescriptions import FIELD_LABELS, FIELDS, Prescription
from desktop.forms.ui_compose_rx import Ui_ComposeRxForm
from desktop.views.admin import AdminView
from desktop.views.embed import embed
from desktop.views.messages import clear_message, mark_invalid, show_message, show_refusal

NO_REFILLS_II = "Schedule II prescriptions cannot have refills (21 CFR 1306.12)."
FIVE_REFILLS = (
    "Schedule {} prescriptions can have at most 5 refills within 6 months (21 CFR 1306.22)."
)


class ComposeRxView(QWidget):
    """Signals:
    backRequested(): the user wants the patient list again.
    signRequested(object): the `Patient` whose pending prescriptions the doctor wants to sign.
    """

    backRequested = Signal()
    signRequested = Signal(object)

    def __init__(
        self,
        admin_factory: Callable[[QWidget], AdminView],
        controller: ComposeRxController,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_ComposeRxForm()
        self.ui.setupUi(self)
        self._admin_factory = admin_factory
        self.admin: AdminView | None = None
        self.controller = controller
        self.patient: Patient | None = None
        self._rows: list[Prescription] = []
        self._problems: dict[str, str] = {}
        self._refills_before_lock: int | None = None
        self.ui.backToPatientsButton.clicked.connect(self.backRequested)
        self.ui.topMenuTabs.currentChanged.connect(self._on_tab)
        clear_message(self.ui.medicationScheduleLabel)
        clear_message(self.ui.rxFormErrorLabel)
        clear_message(self.ui.rxMessageLabel)
        self._bind(controller)

    # the patient -------------------------------------------------------
    def show_patient(self, patient: Patient) -> None:
        sex = f" \u00b7 {patient.sex}" if patient.sex else ""
        self.ui.patientBannerLabel.setText(
            f"{patient.full_name} \u00b7 DOB {patient.date_of_birth_text}{sex}"
        )
        self.ui.composeIntroLabel.setText(self._intro(patient))
        if self.patient != patient:
            self._reset_form()
            self._show_prescriptions([])
            clear_message(self.ui.rxMessageLabel)
        self.patient = patient
        self.ui.topMenuTabs.setCurrentWidget(self.ui.composeTab)
        self.controller.set_patient(patient)
        self._update_sign()

    def refresh(self) -> None:
        """Reload the patient's prescriptions (after signing, say)."""
        self.controller.load()

    def _intro(self, patient: Patient) -> str:
        who = f"{patient.first_name} {patient.last_name}"
        if not self.controller.user_may_sign:
            return (
                f"Prescriptions for {who}. You can prepare them: they wait in the pending "
                "list for the doctor's signature."
            )
        return (
            f"Prescriptions for {who}: add each one to the pending list, then sign them. "
            "Controlled substances are signed with your hardware token, synced under "
            "Admin \u2192 EPCS Device Management."
        )

    # top menu bar ------------------------------------------------------
    def _on_tab(self, _index: int) -> None:
        admin = self.ui.topMenuTabs.currentWidget() is self.ui.adminTab
        if admin:
            self.ensure_admin().show_home()
        if self.ui.topMenuTabs.tabBar().hasFocus():
            return  # arrows on the tab bar move between tabs: the keyboard stays there
        if admin:
            self.ensure_admin().focus_first()
        elif self.ui.medicationCombo.isEnabled():
            self.ui.medicationCombo.setFocus()

    def hold(self, busy: bool) -> None:
        """Keep the user on the current screen while a device change is in flight."""
        self.ui.topMenuTabs.tabBar().setEnabled(not busy)
        self.ui.backToPatientsButton.setEnabled(not busy)

    def retire(self) -> None:
        """Signed out: the screen goes. Its tabs are removed as it is deleted, which would
        otherwise bring up (and build) the Admin tab for nobody."""
        self.ui.topMenuTabs.currentChanged.disconnect(self._on_tab)
        self.deleteLater()

    def show_admin(self) -> AdminView:
        """The Admin tab, brought to the front (from the signing dialog, say)."""
        self.ui.topMenuTabs.setCurrentWidget(self.ui.adminTab)
        return self.ensure_admin()

    def announce(self, text: str) -> None:
        """Say what just happened to this patient's prescriptions (a signature, say)."""
        show_message(self.ui.rxMessageLabel, text, "ok")

    def ensure_admin(self) -> AdminView:
        """Build the Admin screen the first time the tab is opened."""
        if self.admin is None:
            self.admin = self._admin_factory(self.ui.adminTab)
            embed(self.ui.adminTabLayout, self.admin)
        return self.admin

    # the compose tab ---------------------------------------------------
    def _bind(self, controller: ComposeRxController) -> None:
        ui = self.ui
        combo = ui.medicationCombo
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        combo.setCompleter(completer)
        combo.setEnabled(False)
        combo.lineEdit().setPlaceholderText("Loading the medication list\u2026")
        header = ui.rxTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        combo.editTextChanged.connect(self._on_medication_text)
        ui.sigEdit.textEdited.connect(lambda _text: self._clear_problem("sig"))
        ui.quantityEdit.textEdited.connect(lambda _text: self._clear_problem("quantity"))
        ui.refillsSpin.valueChanged.connect(lambda _value: self._clear_problem("refills"))
        ui.sigEdit.returnPressed.connect(self.add)
        ui.quantityEdit.returnPressed.connect(self.add)
        ui.addRxButton.clicked.connect(self.add)
        ui.removeRxButton.clicked.connect(self.remove_selected)
        ui.signButton.clicked.connect(self._request_sign)
        ui.rxTable.itemSelectionChanged.connect(self._update_remove)
        controller.formularyLoaded.connect(self._show_formulary)
        controller.prescriptionsLoaded.connect(self._show_prescriptions)
        controller.added.connect(self._on_added)
        controller.removed.connect(self._on_removed)
        controller.leftPending.connect(self._on_left_pending)
        self.destroyed.connect(controller.stop_watching)  # signed out: it reloads no more
        controller.invalid.connect(self._show_problems)
        controller.failed.connect(lambda refusal: show_refusal(ui.rxMessageLabel, refusal))
        controller.busyChanged.connect(self._on_busy)
        controller.load_formulary()

    def _show_formulary(self, meds: list[Medication]) -> None:
        combo = self.ui.medicationCombo
        typed = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        for med in meds:
            combo.addItem(med.display, med.id)
        combo.setCurrentIndex(-1)
        combo.setEditText(typed)
        combo.blockSignals(False)
        combo.setEnabled(True)
        combo.lineEdit().setPlaceholderText("Type a medication name, e.g. oxycodone")

    def selected_medication(self) -> Medication | None:
        return self.controller.find_medication(self.ui.medicationCombo.currentText())

    def _on_medication_text(self, _text: str) -> None:
        self._clear_problem("medication")
        med = self.selected_medication()
        schedule = med.schedule if med else None
        badge = self.ui.medicationScheduleLabel
        if schedule is None:
            clear_message(badge)
        else:
            rule = {Schedule.II: " No refills.", Schedule.V: ""}.get(
                schedule, " At most 5 refills within 6 months."
            )
            whose = "your" if self.controller.user_may_sign else "the doctor's"
            badge.setText(
                f"Schedule {schedule} controlled substance: needs {whose} hardware token to sign."
                + rule
            )
            badge.setVisible(True)
        self._apply_refill_rule(med, schedule)

    def _apply_refill_rule(self, med: Medication | None, schedule: Schedule | None) -> None:
        """Schedule II: refills locked at 0 (restored if another drug is chosen); III-IV: 5."""
        spin = self.ui.refillsSpin
        if schedule is Schedule.II:
            if spin.isEnabled():
                self._refills_before_lock = spin.value()
            spin.setValue(0)
            spin.setEnabled(False)
            spin.setToolTip(NO_REFILLS_II)
            return
        spin.setEnabled(True)
        spin.setMaximum(med.max_refills if med else MAX_REFILLS)
        if self._refills_before_lock is not None:
            spin.setValue(self._refills_before_lock)
            self._refills_before_lock = None
        limited = schedule in (Schedule.III, Schedule.IV)
        spin.setToolTip(FIVE_REFILLS.format(schedule) if limited else "")

    def add(self) -> None:
        med = self.selected_medication()
        self.controller.add(
            med.id if med else "",
            self.ui.sigEdit.text(),
            self.ui.quantityEdit.text(),
            self.ui.refillsSpin.value(),
        )

    def _on_added(self, rx: Prescription) -> None:
        self._reset_form()
        show_message(
            self.ui.rxMessageLabel,
            f"Added {rx.medication.display} to the pending list. Nothing is sent until it "
            "is signed.",
            "ok",
        )
        self.ui.medicationCombo.setFocus()

    def _reset_form(self) -> None:
        ui = self.ui
        ui.medicationCombo.setCurrentIndex(-1)
        ui.medicationCombo.setEditText("")
        ui.sigEdit.clear()
        ui.quantityEdit.clear()
        self._refills_before_lock = None
        ui.refillsSpin.setValue(0)
        self._show_problems({})

    # field errors ------------------------------------------------------
    def _field(self, name: str) -> QWidget:
        ui = self.ui
        fields: dict[str, QWidget] = {
            "medication": ui.medicationCombo.lineEdit(),
            "sig": ui.sigEdit,
            "quantity": ui.quantityEdit,
            "refills": ui.refillsSpin,
        }
        return fields[name]

    def _show_problems(self, problems: dict[str, str]) -> None:
        self._problems = dict(problems)
        for name in FIELDS:
            mark_invalid(self._field(name), name in problems)
        lines = [f"{FIELD_LABELS[name]}: {problems[name]}" for name in FIELDS if name in problems]
        if lines:
            show_message(self.ui.rxFormErrorLabel, "\n".join(lines), "error")
            first = next(name for name in FIELDS if name in problems)
            self._field(first).setFocus()
        else:
            clear_message(self.ui.rxFormErrorLabel)

    def _clear_problem(self, name: str) -> None:
        if name in self._problems:
            remaining = {k: v for k, v in self._problems.items() if k != name}
            self._show_problems(remaining)

    # the list ----------------------------------------------------------
    def _show_prescriptions(self, prescriptions: list[Prescription]) -> None:
        """Draw the list; the row that was selected stays selected where it still is (a
        reload another desk's change brought must not move the doctor's place)."""
        table = self.ui.rxTable
        chosen = self.selected_prescription()
        self._rows = list(prescriptions)
        table.setRowCount(len(prescriptions))
        for row, rx in enumerate(prescriptions):
            cells = (
                rx.medication.display,
                rx.sig,
                rx.quantity_text,
                str(rx.refills),
                rx.medication.schedule_text,
                rx.status_text,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        again = next(
            (row for row, rx in enumerate(prescriptions) if chosen and rx.id == chosen.id), -1
        )
        if again >= 0:
            table.selectRow(again)
        else:
            table.clearSelection()
        quiet = not self.ui.rxMessageLabel.text()  # a confirmation or an error stays
        if not prescriptions and quiet and self.patient is not None:
            show_message(self.ui.rxMessageLabel, "No prescriptions for this patient yet.", "muted")
        self._update_remove()
        self._update_sign()

    def selected_prescription(self) -> Prescription | None:
        rows = self.ui.rxTable.selectionModel().selectedRows()
        index = rows[0].row() if rows else -1
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def remove_selected(self) -> None:
        rx = self.selected_prescription()
        if rx is not None and rx.pending:
            self.controller.remove(rx.id)

    def _on_left_pending(self, left: dict[int, Prescription | None]) -> None:
        """Another desk signed or removed the prescription selected here: say so, briefly."""
        rx = self.selected_prescription()
        if rx is None or rx.id not in left:
            return
        now = left[rx.id]
        what = rx.medication.display
        if now is not None and now.signed_by and now.signed_at is not None:
            when = now.signed_at.astimezone().strftime("%H:%M")
            text = f"{what} was signed by {now.signed_by} at {when}, so it is no longer pending."
        else:
            text = f"{what} was taken off the pending list at another workstation."
        show_message(self.ui.rxMessageLabel, text, "info")

    def _on_removed(self, rx: Prescription) -> None:
        show_message(
            self.ui.rxMessageLabel, f"Removed {rx.medication.display} from the pending list.", "ok"
        )

    def _update_remove(self) -> None:
        rx = self.selected_prescription()
        busy = self.controller.busy
        self.ui.removeRxButton.setEnabled(rx is not None and rx.pending and not busy)

    def _update_sign(self) -> None:
        ok, reason = self.controller.can_sign()
        count = len(self.controller.pending)
        self.ui.signButton.setEnabled(ok)
        self.ui.signButton.setToolTip(
            f"Review and sign the {count} pending prescription{'s' if count != 1 else ''} "
            "with your password and hardware token."
            if ok
            else reason
        )

    def _request_sign(self) -> None:
        if self.patient is not None:
            if self.controller.can_sign()[0]:
                self.signRequested.emit(self.patient)

    def _on_busy(self, busy: bool) -> None:
        self.ui.addRxButton.setEnabled(not busy)
        self._update_remove()
