"""Manage Phones > Authenticate: phone call or SMS, then the One-Time Password Code."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QWidget

from desktop.controllers.flow import Refusal
from desktop.controllers.phone_auth import PhoneAuthController
from desktop.domain.models import Phone, PhoneChannel, format_time
from desktop.domain.token_form import digits_only
from desktop.exostar.base import PhoneCodeSent
from desktop.forms.ui_phone_code_dialog import Ui_PhoneCodeDialog
from desktop.views.messages import Tone, clear_message, show_message, show_refusal
from desktop.views.sizing import grow_to_contents, reserve_lines


class PhoneCodeDialog(QDialog):
    def __init__(
        self, controller: PhoneAuthController, phone: Phone, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PhoneCodeDialog()
        self.ui.setupUi(self)
        self.controller = controller
        self.phone = phone
        controller.start(phone)
        self.ui.phoneNumberLabel.setText(f"Your phone: {phone.masked}")
        for radio, channel, other in (
            (self.ui.smsRadio, PhoneChannel.SMS, PhoneChannel.VOICE),
            (self.ui.voiceRadio, PhoneChannel.VOICE, PhoneChannel.SMS),
        ):
            offered = channel in phone.channels
            radio.setEnabled(offered)
            if not offered:
                radio.setToolTip(
                    f"Your identity service cannot send a {channel.label.lower()} to this "
                    f"phone; use {other.label}."
                )
        if PhoneChannel.SMS not in phone.channels:
            self.ui.voiceRadio.setChecked(True)
        clear_message(self.ui.phoneAuthMessageLabel)
        reserve_lines(self.ui.phoneAuthMessageLabel, 3)  # Submit stays put as messages change
        self.ui.sendCodeButton.clicked.connect(self._send)
        self.ui.phoneCodeEdit.textChanged.connect(self._code_edited)
        self.ui.phoneCodeEdit.returnPressed.connect(self._submit)
        self.ui.phoneCodeSubmitButton.clicked.connect(self._submit)
        self.ui.phoneCodeCancelButton.clicked.connect(self.reject)
        controller.busyChanged.connect(self._on_busy)
        controller.codeSent.connect(self._on_sent)
        controller.resendIn.connect(self._on_resend_in)
        controller.failed.connect(self._on_failed)
        # A method, not a lambda: Qt drops the connection when this dialog is deleted, so
        # the next dialog's success does not reach this one.
        controller.authenticated.connect(self._on_authenticated)
        self._on_resend_in(controller.resend_wait())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        grow_to_contents(self)

    def _say(self, text: str, tone: Tone) -> None:
        """A message in full: the dialog grows when it is longer than the room kept for it."""
        show_message(self.ui.phoneAuthMessageLabel, text, tone)
        grow_to_contents(self)

    def _on_authenticated(self, _grant: object) -> None:
        self.accept()

    def channel(self) -> PhoneChannel:
        return PhoneChannel.VOICE if self.ui.voiceRadio.isChecked() else PhoneChannel.SMS

    def reject(self) -> None:
        if not self.controller.busy:
            super().reject()

    def _send(self) -> None:
        self.controller.send_code(self.channel().value)

    def _submit(self) -> None:
        if self.ui.phoneCodeSubmitButton.isEnabled():
            self.controller.verify(self.ui.phoneCodeEdit.text())

    def _code_edited(self, text: str) -> None:
        cleaned = digits_only(text)
        if cleaned != text:
            self.ui.phoneCodeEdit.setText(cleaned)
        self._update_submit()

    def _update_submit(self) -> None:
        ready = (
            self.controller.sent is not None
            and not self.controller.busy
            and len(self.ui.phoneCodeEdit.text()) == 6
            and self.ui.phoneCodeEdit.isEnabled()
        )
        self.ui.phoneCodeSubmitButton.setEnabled(ready)

    def _on_busy(self, busy: bool) -> None:
        self.ui.sendCodeButton.setEnabled(not busy and self.controller.resend_wait() == 0)
        self.ui.phoneCodeEdit.setReadOnly(busy)
        if busy:
            self._say("One moment…", "muted")
        self._update_submit()

    def _on_sent(self, sent: PhoneCodeSent) -> None:
        how = "by text message" if sent.channel is PhoneChannel.SMS else "by phone call"
        until = format_time(sent.expires_at)
        self._say(
            f"We sent a 6-digit code {how} to {sent.phone.masked}. Type it below; it works "
            f"until {until}.",
            "ok",
        )
        self.ui.phoneCodeEdit.setEnabled(True)
        self.ui.phoneCodeEdit.clear()
        self.ui.phoneCodeEdit.setFocus()
        self.ui.phoneCodeSubmitButton.setDefault(True)  # Enter now submits the code
        self._update_submit()

    def _on_resend_in(self, seconds: int) -> None:
        first = self.controller.sent is None
        label = "&Send code" if first else "&Send a new code"
        if seconds > 0:
            label += f" ({seconds} s)"
        self.ui.sendCodeButton.setText(label)
        self.ui.sendCodeButton.setEnabled(seconds == 0 and not self.controller.busy)

    def _on_failed(self, refusal: Refusal) -> None:
        show_refusal(self.ui.phoneAuthMessageLabel, refusal)
        grow_to_contents(self)
        if refusal.codes_spent:
            self.ui.phoneCodeEdit.clear()
        if refusal.code in ("too_many_tries", "phone_locked"):
            self.ui.phoneCodeEdit.setEnabled(False)
        self.ui.phoneCodeEdit.setFocus()
        self._update_submit()
