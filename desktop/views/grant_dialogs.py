"""EPCS Access Control's dialogs: enter a grant, approve with two factors, give a reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QWidget

from desktop.controllers.access_control import AccessControlController
from desktop.controllers.flow import Refusal
from desktop.domain.access_control import GrantEntry
from desktop.domain.models import User
from desktop.domain.token_form import digits_only
from desktop.forms.ui_grant_approval_dialog import Ui_GrantApprovalDialog
from desktop.forms.ui_grant_entry_dialog import Ui_GrantEntryDialog
from desktop.forms.ui_grant_reason_dialog import Ui_GrantReasonDialog
from desktop.views.messages import clear_message, show_message, show_refusal


def fit(dialog: QDialog) -> None:
    """As tall as its wrapped lines need at its width, with no gaps between them.

    adjustSize would take the height the labels need at their narrowest, then widen.
    """
    width = max(dialog.minimumWidth(), dialog.sizeHint().width())
    layout = dialog.layout()
    height = dialog.sizeHint().height()
    if layout is not None and layout.hasHeightForWidth():
        height = layout.totalHeightForWidth(width)
    dialog.resize(width, height)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class GrantEntryDialog(QDialog):
    """Step 1: the prescriber, their registration and authorisation checked, the proofing."""

    def __init__(self, prescribers: list[User], today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_GrantEntryDialog()
        self.ui.setupUi(self)
        self.prescribers = prescribers
        self.today = today
        ui = self.ui
        for person in prescribers:
            ui.grantPrescriberCombo.addItem(person.display_name, person.username)
        ui.grantLicenceExpiryEdit.setMinimumDate(_qdate(today))
        ui.grantLicenceExpiryEdit.setDate(_qdate(today))
        ui.grantProofedOnEdit.setMaximumDate(_qdate(today))
        ui.grantProofedOnEdit.setDate(_qdate(today))
        clear_message(ui.grantEntryErrorLabel)
        ui.grantPrescriberCombo.currentIndexChanged.connect(self._show_credentials)
        ui.grantCheckedBox.toggled.connect(self._update)
        ui.grantProofedByEdit.textChanged.connect(self._update)
        ui.grantEntryConfirmButton.clicked.connect(self._confirm)
        ui.grantEntryCancelButton.clicked.connect(self.reject)
        self._show_credentials()

    def selected(self) -> User | None:
        index = self.ui.grantPrescriberCombo.currentIndex()
        return self.prescribers[index] if 0 <= index < len(self.prescribers) else None

    def entry(self) -> GrantEntry:
        person = self.selected()
        return GrantEntry(
            prescriber=person.username if person else "",
            checked_current=self.ui.grantCheckedBox.isChecked(),
            licence_expiry=_date(self.ui.grantLicenceExpiryEdit.date()),
            proofed_by=self.ui.grantProofedByEdit.text().strip(),
            proofed_on=_date(self.ui.grantProofedOnEdit.date()),
        )

    def _show_credentials(self) -> None:
        person = self.selected()
        credentials = person.prescriber if person else None
        ui = self.ui
        if credentials is None:
            ui.grantDeaLabel.setText("\u2014")
            ui.grantLicenceLabel.setText("\u2014")
        else:
            current = credentials.dea_current(self.today)
            ui.grantDeaLabel.setText(
                f"{credentials.dea_number}, expires {credentials.dea_expiry:%m/%d/%Y}"
                + ("" if current else " (EXPIRED)")
            )
            ui.grantLicenceLabel.setText(
                f"{credentials.licence_state} licence {credentials.licence_number}"
            )
        ui.grantCheckedBox.setChecked(False)  # a new prescriber needs a new check
        self._update()

    def _update(self) -> None:
        self.ui.grantEntryConfirmButton.setEnabled(
            self.selected() is not None
            and self.ui.grantCheckedBox.isChecked()
            and bool(self.ui.grantProofedByEdit.text().strip())
        )

    def _confirm(self) -> None:
        if self.ui.grantEntryConfirmButton.isEnabled():
            self.accept()


class GrantApprovalDialog(QDialog):
    """Step 2: the approver's password and a code from their own token, on the spot."""

    def __init__(
        self,
        controller: AccessControlController,
        grant_id: int,
        summary: str,
        confirm_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_GrantApprovalDialog()
        self.ui.setupUi(self)
        self.controller = controller
        self.grant_id = grant_id
        ui = self.ui
        ui.approveSummaryLabel.setText(summary)
        ui.approveConfirmButton.setText(confirm_text)
        clear_message(ui.approveErrorLabel)
        ui.approvePasswordEdit.textChanged.connect(self._update)
        ui.approveOtpEdit.textChanged.connect(self._otp_edited)
        ui.approveOtpEdit.returnPressed.connect(self._confirm)
        ui.approveConfirmButton.clicked.connect(self._confirm)
        ui.approveCancelButton.clicked.connect(self.reject)
        controller.busyChanged.connect(self._on_busy)
        controller.changed.connect(self._on_changed)
        controller.failed.connect(self._on_failed)
        ui.approvePasswordEdit.setFocus()
        fit(self)

    def reject(self) -> None:
        if not self.controller.busy:
            self._disconnect()
            super().reject()

    def _disconnect(self) -> None:
        self.controller.busyChanged.disconnect(self._on_busy)
        self.controller.changed.disconnect(self._on_changed)
        self.controller.failed.disconnect(self._on_failed)

    def _otp_edited(self, text: str) -> None:
        cleaned = digits_only(text)
        if cleaned != text:
            self.ui.approveOtpEdit.setText(cleaned)
        self._update()

    def _update(self) -> None:
        self.ui.approveConfirmButton.setEnabled(
            not self.controller.busy
            and bool(self.ui.approvePasswordEdit.text())
            and len(self.ui.approveOtpEdit.text()) == 6
        )

    def _confirm(self) -> None:
        if self.ui.approveConfirmButton.isEnabled():
            self.controller.approve(
                self.grant_id, self.ui.approvePasswordEdit.text(), self.ui.approveOtpEdit.text()
            )

    def _on_busy(self, busy: bool) -> None:
        self.ui.approvePasswordEdit.setReadOnly(busy)
        self.ui.approveOtpEdit.setReadOnly(busy)
        self.ui.approveCancelButton.setEnabled(not busy)
        if busy:
            show_message(
                self.ui.approveErrorLabel, "Checking your password and code\u2026", "muted"
            )
        self._update()

    def _on_changed(self, _message: str) -> None:
        self._disconnect()
        self.accept()

    def _on_failed(self, refusal: Refusal) -> None:
        show_refusal(self.ui.approveErrorLabel, refusal)
        if refusal.codes_spent:
            self.ui.approveOtpEdit.clear()  # the service tried this code: it is spent
        if refusal.code == "wrong_password":
            self.ui.approvePasswordEdit.selectAll()
            self.ui.approvePasswordEdit.setFocus()
        else:
            self.ui.approveOtpEdit.setFocus()
        self._update()


class GrantReasonDialog(QDialog):
    """Refuse a waiting step, or enter a revocation: both need a reason."""

    def __init__(
        self, title: str, explain: str, confirm: str, hint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_GrantReasonDialog()
        self.ui.setupUi(self)
        self.ui.grantReasonTitleLabel.setText(title)
        self.ui.grantReasonExplainLabel.setText(explain)
        self.ui.grantReasonConfirmButton.setText(confirm)
        self.ui.grantReasonEdit.setPlaceholderText(hint)
        self.ui.grantReasonEdit.textChanged.connect(self._update)
        self.ui.grantReasonConfirmButton.clicked.connect(self.accept)
        self.ui.grantReasonCancelButton.clicked.connect(self.reject)
        fit(self)

    def reason(self) -> str:
        return str(self.ui.grantReasonEdit.text()).strip()

    def _update(self) -> None:
        self.ui.grantReasonConfirmButton.setEnabled(bool(self.reason()))
