"""Compose Rx's pending list: the patient's prescriptions, Remove, and Sign.

It shares the screen's form (`Ui_ComposeRxForm`) with the medication form (`RxFormPanel`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QWidget

from desktop.controllers.compose_rx import ComposeRxController, LeftPending
from desktop.domain.prescriptions import Prescription
from desktop.forms.ui_compose_rx import Ui_ComposeRxForm
from desktop.views.messages import show_message


class PendingListPanel(QObject):
    """The prescriptions of the patient shown on one Compose Rx screen (`owner`);
    `has_patient()` tells whether one is shown yet."""

    def __init__(
        self,
        ui: Ui_ComposeRxForm,
        controller: ComposeRxController,
        has_patient: Callable[[], bool],
        owner: QWidget,
    ) -> None:
        super().__init__(owner)
        self.ui = ui
        self.controller = controller
        self._has_patient = has_patient
        self._rows: list[Prescription] = []
        header = ui.rxTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        ui.removeRxButton.clicked.connect(self.remove_selected)
        ui.rxTable.itemSelectionChanged.connect(self.update_remove)
        controller.prescriptionsLoaded.connect(self.show_prescriptions)
        controller.removed.connect(self._on_removed)
        controller.leftPending.connect(self._on_left_pending)
        controller.busyChanged.connect(lambda _busy: self.update_remove())

    def show_prescriptions(self, prescriptions: list[Prescription]) -> None:
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
        if not prescriptions and quiet and self._has_patient():
            show_message(self.ui.rxMessageLabel, "No prescriptions for this patient yet.", "muted")
        self.update_remove()
        self.update_sign()

    def selected_prescription(self) -> Prescription | None:
        rows = self.ui.rxTable.selectionModel().selectedRows()
        index = rows[0].row() if rows else -1
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def remove_selected(self) -> None:
        rx = self.selected_prescription()
        if rx is not None and rx.pending:
            self.controller.remove(rx.id)

    def _on_left_pending(self, left: dict[int, LeftPending]) -> None:
        """Another desk signed or removed the prescription selected here: say so, briefly."""
        rx = self.selected_prescription()
        if rx is None or rx.id not in left:
            return
        now, signer = left[rx.id].row, left[rx.id].signer
        what = rx.medication.display
        if now is not None and now.signed_by and now.signed_at is not None:
            when = now.signed_at.astimezone().strftime("%H:%M")
            who = signer or now.signed_by
            text = f"{what} was signed by {who} at {when}, so it is no longer pending."
        else:
            text = f"{what} was taken off the pending list at another workstation."
        show_message(self.ui.rxMessageLabel, text, "info")

    def _on_removed(self, rx: Prescription) -> None:
        show_message(
            self.ui.rxMessageLabel, f"Removed {rx.medication.display} from the pending list.", "ok"
        )

    def update_remove(self) -> None:
        rx = self.selected_prescription()
        busy = self.controller.busy
        self.ui.removeRxButton.setEnabled(rx is not None and rx.pending and not busy)

    def update_sign(self) -> None:
        ok, reason = self.controller.can_sign()
        count = len(self.controller.pending)
        self.ui.signButton.setEnabled(ok)
        self.ui.signButton.setToolTip(
            f"Review and sign the {count} pending prescription{'s' if count != 1 else ''} "
            "with your password and hardware token."
            if ok
            else reason
        )
