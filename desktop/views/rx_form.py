"""Compose Rx's form: a medication from the formulary, the directions, quantity and refills,
then Add to pending.

The form shows the schedule's rules as they apply (no refills for schedule II, at most 5
for III-IV) and a refusal at the field it concerns, keeping what was typed. It shares the
screen's form (`Ui_ComposeRxForm`) with the pending list (`PendingListPanel`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QCompleter, QWidget

from desktop.controllers.compose_rx import ComposeRxController
from desktop.domain.formulary import MAX_REFILLS, Medication, Schedule
from desktop.domain.prescriptions import FIELD_LABELS, FIELDS, Prescription
from desktop.forms.ui_compose_rx import Ui_ComposeRxForm
from desktop.views.messages import clear_message, mark_invalid, show_message

NO_REFILLS_II = "Schedule II prescriptions cannot have refills (21 CFR 1306.12)."
FIVE_REFILLS = (
    "Schedule {} prescriptions can have at most 5 refills within 6 months (21 CFR 1306.22)."
)


class RxFormPanel(QObject):
    """The medication form of one Compose Rx screen (`owner`)."""

    def __init__(
        self, ui: Ui_ComposeRxForm, controller: ComposeRxController, owner: QWidget
    ) -> None:
        super().__init__(owner)
        self.ui = ui
        self.controller = controller
        self._problems: dict[str, str] = {}
        self._refills_before_lock: int | None = None
        combo = ui.medicationCombo
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        combo.setCompleter(completer)
        combo.setEnabled(False)
        combo.lineEdit().setPlaceholderText("Loading the medication list\u2026")
        clear_message(ui.medicationScheduleLabel)
        clear_message(ui.rxFormErrorLabel)
        combo.editTextChanged.connect(self._on_medication_text)
        ui.sigEdit.textEdited.connect(lambda _text: self._clear_problem("sig"))
        ui.quantityEdit.textEdited.connect(lambda _text: self._clear_problem("quantity"))
        ui.refillsSpin.valueChanged.connect(lambda _value: self._clear_problem("refills"))
        ui.sigEdit.returnPressed.connect(self.add)
        ui.quantityEdit.returnPressed.connect(self.add)
        ui.addRxButton.clicked.connect(self.add)
        controller.formularyLoaded.connect(self._show_formulary)
        controller.added.connect(self._on_added)
        controller.invalid.connect(self.show_problems)
        controller.busyChanged.connect(lambda busy: ui.addRxButton.setEnabled(not busy))

    def _show_formulary(self, meds: list[Medication]) -> None:
        combo = self.ui.medicationCombo
        typed = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        # One call for the list (~480 names): an item at a time took ~4 ms of the turn
        # that draws the answer. A medication is found by its name (`selected_medication`).
        combo.addItems([med.display for med in meds])
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
        self.reset()
        show_message(
            self.ui.rxMessageLabel,
            f"Added {rx.medication.display} to the pending list. Nothing is sent until it "
            "is signed.",
            "ok",
        )
        self.ui.medicationCombo.setFocus()

    def reset(self) -> None:
        """Empty, for the next prescription (or another patient)."""
        ui = self.ui
        ui.medicationCombo.setCurrentIndex(-1)
        ui.medicationCombo.setEditText("")
        ui.sigEdit.clear()
        ui.quantityEdit.clear()
        self._refills_before_lock = None
        ui.refillsSpin.setValue(0)
        self.show_problems({})

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

    def show_problems(self, problems: dict[str, str]) -> None:
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
            self.show_problems(remaining)
