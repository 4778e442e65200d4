"""The signing dialog: one patient's pending prescriptions, the DEA attestation, two factors."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from desktop.controllers.flow import Refusal
from desktop.controllers.signing import ATTESTATION, TOKEN_PROBLEMS, SigningController, SigningPlan
from desktop.domain.models import Patient
from desktop.domain.prescriptions import Prescription
from desktop.domain.token_form import digits_only
from desktop.forms.ui_signing_dialog import Ui_SigningDialog
from desktop.views.messages import clear_message, show_message, show_refusal
from desktop.views.sizing import reserve_lines


class SigningDialog(QDialog):
    """Signals:
    deviceManagementRequested(): the doctor chose to fix the token first.
    """

    deviceManagementRequested = Signal()

    def __init__(self, controller: SigningController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SigningDialog()
        self.ui.setupUi(self)
        self.controller = controller
        self.signed_now: list[Prescription] = []
        self.shown_hash = ""
        """The hash of what this dialog displays: the request to sign carries it."""
        self._loading: asyncio.Future[None] | None = None
        self.ui.signDeviceButton.hide()
        clear_message(self.ui.signErrorLabel)
        reserve_lines(self.ui.signErrorLabel, 2)  # Sign stays put as messages come and go
        self.ui.signPatientLabel.setText("Reading the prescriptions…")
        self.ui.signPasswordEdit.textChanged.connect(self._update)
        self.ui.signOtpEdit.textChanged.connect(self._otp_edited)
        self.ui.signOtpEdit.returnPressed.connect(self._confirm)
        self.ui.signPasswordEdit.returnPressed.connect(self._confirm)
        self.ui.signConfirmButton.clicked.connect(self._confirm)
        self.ui.signCancelButton.clicked.connect(self.reject)
        self.ui.signDeviceButton.clicked.connect(self._open_device_management)
        controller.prepared.connect(self._on_prepared)
        controller.busyChanged.connect(self._on_busy)
        controller.signed.connect(self._on_signed)
        controller.failed.connect(self._on_failed)

    def load(self, patient: Patient) -> None:
        """Read what is to be signed; closing the dialog first stops the reading."""
        task = self.controller.prepare(patient)
        self._loading = task if isinstance(task, asyncio.Future) else None

    def reject(self) -> None:
        if not self.controller.busy:
            super().reject()

    def done(self, result: int) -> None:
        # The dialog and its controller are deleted once it closes: a plan still being read
        # would otherwise be delivered to a deleted object ("Signal source has been deleted").
        if self._loading is not None:
            self._loading.cancel()
            self._loading = None
        super().done(result)

    def _on_prepared(self, plan: SigningPlan) -> None:
        patient = f"{plan.patient.full_name} \u00b7 DOB {plan.patient.date_of_birth_text}"
        dea = f"DEA {plan.prescriber_dea}" if plan.prescriber_dea else "no DEA registration on file"
        self.ui.signPrescriberLabel.setText(f"Prescriber: {plan.prescriber} \u00b7 {dea}")
        self.ui.signPatientLabel.setText(f"Prescriptions for {patient}")
        self.shown_hash = plan.content_hash
        self.ui.signRxList.clear()
        for rx in plan.pending:
            self.ui.signRxList.addItem(
                f"{rx.medication.display} \u2014 {rx.sig} \u2014 Qty {rx.quantity_text}, "
                f"refills {rx.refills} \u2014 {rx.medication.schedule_text}"
            )
        self.ui.attestationText.setPlainText(ATTESTATION)
        self.ui.signOtpEdit.setVisible(plan.needs_token)
        self.ui.signOtpLabel.setVisible(plan.needs_token)
        if plan.token is not None:
            self.ui.signOtpLabel.setText(f"Code from &token {plan.token.serial}")
        count = len(plan.pending)
        self.ui.signConfirmButton.setText(
            f"&Sign and send {count} prescription{'s' if count != 1 else ''}"
        )
        if plan.blocker:
            show_message(self.ui.signErrorLabel, plan.blocker, "error")
            self.ui.signDeviceButton.setVisible(plan.blocker_code in TOKEN_PROBLEMS)
            self.ui.signPasswordEdit.setEnabled(False)
            self.ui.signOtpEdit.setEnabled(False)
        self._update()
        self.ui.signPasswordEdit.setFocus()

    def _otp_edited(self, text: str) -> None:
        cleaned = digits_only(text)
        if cleaned != text:
            self.ui.signOtpEdit.setText(cleaned)
        self._update()

    def _update(self) -> None:
        plan = self.controller.plan
        ready = (
            plan is not None
            and not plan.blocker
            and not self.controller.busy
            and bool(self.ui.signPasswordEdit.text())
            and (not plan.needs_token or len(self.ui.signOtpEdit.text()) == 6)
        )
        self.ui.signConfirmButton.setEnabled(ready)

    def _confirm(self) -> None:
        if self.ui.signConfirmButton.isEnabled():
            self.controller.sign(
                self.ui.signPasswordEdit.text(), self.ui.signOtpEdit.text(), self.shown_hash
            )

    def _on_busy(self, busy: bool) -> None:
        self.ui.signPasswordEdit.setReadOnly(busy)
        self.ui.signOtpEdit.setReadOnly(busy)
        self.ui.signCancelButton.setEnabled(not busy)
        if busy:
            show_message(self.ui.signErrorLabel, "Checking your signature…", "muted")
        self._update()

    def _on_signed(self, done: list[Prescription]) -> None:
        self.signed_now = done
        self.accept()

    def _on_failed(self, refusal: Refusal) -> None:
        show_refusal(self.ui.signErrorLabel, refusal)
        if refusal.codes_spent:
            self.ui.signOtpEdit.clear()  # the service tried this code: it is spent
        code = refusal.code
        if code == "wrong_password":
            self.ui.signPasswordEdit.selectAll()
            self.ui.signPasswordEdit.setFocus()
        else:
            self.ui.signOtpEdit.setFocus()
        self.ui.signDeviceButton.setVisible(code in TOKEN_PROBLEMS)
        self._update()

    def _open_device_management(self) -> None:
        self.deviceManagementRequested.emit()
        self.reject()
