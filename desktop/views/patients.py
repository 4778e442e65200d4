"""The patient list: search by name or date of birth, then Compose Rx."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QWidget

from desktop.controllers.patients import PatientsController
from desktop.domain.models import Patient
from desktop.forms.ui_patients import Ui_PatientsForm
from desktop.views.messages import clear_message, show_message, show_refusal

SEARCH_DELAY_MS = 150


class PatientsView(QWidget):
    def __init__(self, controller: PatientsController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PatientsForm()
        self.ui.setupUi(self)
        self.controller = controller
        header = self.ui.patientTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        clear_message(self.ui.patientEmptyLabel)
        self._shown: list[Patient] = []
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search_now)
        self.ui.patientSearchEdit.textChanged.connect(lambda _t: self._debounce.start())
        self.ui.patientSearchEdit.returnPressed.connect(self._open_if_single)
        self.ui.patientTable.itemSelectionChanged.connect(self._on_selection)
        self.ui.patientTable.cellDoubleClicked.connect(lambda row, _c: controller.choose(row))
        # Enter on a row opens it, as a double click does.
        self.ui.patientTable.activated.connect(lambda index: controller.choose(index.row()))
        self.ui.composeRxButton.clicked.connect(self._compose)
        controller.patientsFound.connect(self._show_patients)
        self.destroyed.connect(controller.stop_watching)  # signed out: it searches no more
        controller.failed.connect(lambda refusal: show_refusal(self.ui.patientEmptyLabel, refusal))

    def search_now(self) -> None:
        self._debounce.stop()
        self.controller.search(self.ui.patientSearchEdit.text())

    def focus_search(self) -> None:
        self.ui.patientSearchEdit.setFocus()

    def _show_patients(self, patients: list[Patient], waiting: dict[int, int]) -> None:
        """Draw the rows; the patient who was selected stays selected where they still are
        (the list also redraws when another desk changes what it shows)."""
        table = self.ui.patientTable
        row = self._selected_row()
        chosen = self._shown[row].id if 0 <= row < len(self._shown) else None
        self._shown = list(patients)
        table.setRowCount(len(patients))
        for row, patient in enumerate(patients):
            count = waiting.get(patient.id, 0)
            pending = f"{count} prescription{'s' if count != 1 else ''}" if count else ""
            for column, text in enumerate(
                (patient.full_name, patient.date_of_birth_text, patient.sex, pending)
            ):
                item = QTableWidgetItem(text)
                if count:
                    item.setToolTip(
                        f"{pending} for {patient.first_name} {patient.last_name} "
                        f"{'wait' if count != 1 else 'waits'} for the prescriber's signature."
                    )
                    if column == 3:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                table.setItem(row, column, item)
        again = next((n for n, p in enumerate(patients) if p.id == chosen), -1)
        if again >= 0:
            table.selectRow(again)
        else:
            table.clearSelection()
        if patients:
            clear_message(self.ui.patientEmptyLabel)
        else:
            show_message(
                self.ui.patientEmptyLabel,
                "No patient matches that search. Check the spelling, or search by date of "
                "birth as MM/DD/YYYY.",
                "info",
            )
        self._on_selection()

    def _selected_row(self) -> int:
        rows = self.ui.patientTable.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _on_selection(self) -> None:
        chosen = self._selected_row() >= 0
        self.ui.composeRxButton.setEnabled(chosen)
        self.ui.composeRxButton.setToolTip("" if chosen else "Select a patient first.")

    def _compose(self) -> None:
        self.controller.choose(self._selected_row())

    def _open_if_single(self) -> None:
        if self.ui.patientTable.rowCount() == 1:
            self.ui.patientTable.selectRow(0)
            self.controller.choose(0)
