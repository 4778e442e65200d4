"""Manage Phones: the phone on the account and the confirmation (step-up) it gives."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.controllers.device_management import DeviceManagementController
from desktop.controllers.phone_auth import PhoneAuthController
from desktop.controllers.token_sync import TokenSyncController
from desktop.domain.models import Phone, TokenInfo, TokenStatus, format_time
from desktop.exostar.base import StepUpGrant
from desktop.forms.ui_device_management import Ui_DeviceManagementForm
from desktop.views.device_panels.steady import keep_room
from desktop.views.device_panels.tables import fill
from desktop.views.messages import clear_message, show_message
from desktop.views.phone_code_dialog import PhoneCodeDialog

LIVE = (TokenStatus.ACTIVE, TokenStatus.LOCKED, TokenStatus.SUSPENDED)


class PhonesPanel(QObject):
    """Signals:
    phonesShown(list): the phones on the account (`Phone`s) are in the table.
    dialogClosed(): the code dialog closed; the keyboard belongs to the screen again.
    """

    phonesShown = Signal(list)
    dialogClosed = Signal()

    def __init__(
        self,
        ui: Ui_DeviceManagementForm,
        devices: DeviceManagementController,
        phone_auth: PhoneAuthController,
        token_sync: TokenSyncController,
        owner: QWidget,
    ) -> None:
        super().__init__(owner)
        self.ui = ui
        self.phone_auth = phone_auth
        self.token_sync = token_sync
        self.owner = owner
        self.phones: list[Phone] = []
        self.tokens: list[TokenInfo] = []
        self.dialog: PhoneCodeDialog | None = None
        clear_message(ui.phoneStatusLabel)
        keep_room(ui.phoneStatusLabel, _samples)
        ui.authenticateButton.clicked.connect(self.open_dialog)
        devices.phonesLoaded.connect(self.show_phones)
        phone_auth.step_up.changed.connect(self.show_status)
        token_sync.busyChanged.connect(self._on_busy)

    def open_dialog(self) -> PhoneCodeDialog | None:
        if not self.phones or self.token_sync.busy:
            return None
        self.dialog = PhoneCodeDialog(self.phone_auth, self.phones[0], self.owner)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()
        return self.dialog

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.dialogClosed.emit()

    def _on_busy(self, busy: bool) -> None:
        self.ui.authenticateButton.setEnabled(not busy and bool(self.phones))

    def show_phones(self, phones: list[Phone]) -> None:
        self.phones = phones
        fill(self.ui.phoneTable, [(p.masked, p.channels_text) for p in phones])
        self.ui.authenticateButton.setEnabled(bool(phones) and not self.token_sync.busy)
        if phones:
            self.ui.authenticateButton.setToolTip("")
            self.show_status(self.phone_auth.step_up.grant)
        else:
            self.ui.authenticateButton.setToolTip("No phone is on your account.")
            show_message(
                self.ui.phoneStatusLabel,
                "No phone is on your account, so a code cannot be sent and no token can be "
                "added. Ask the clinic's administrator to add your mobile number to your "
                "identity account, then come back here.",
                "error",
            )
        self.phonesShown.emit(phones)

    def show_tokens(self, tokens: list[TokenInfo]) -> None:
        """What the confirmation allows depends on the token list too."""
        self.tokens = tokens
        self.show_status(self.phone_auth.step_up.grant)

    def show_status(self, grant: StepUpGrant | None) -> None:
        """What the confirmation allows now: it changes with the clock and the token list."""
        if not self.phones:
            return  # show_phones says there is no phone
        if grant is not None:
            live = any(t.status in LIVE for t in self.tokens)
            text = _granted(format_time(grant.expires_at), live)
            show_message(self.ui.phoneStatusLabel, text, "ok")
            return
        if self.phone_auth.step_up.ended_by_lock:
            show_message(
                self.ui.phoneStatusLabel,
                "Your phone confirmation ended when the screen locked. Click Authenticate "
                "for a new code before you add or change a token.",
                "info",
            )
            return
        ran_out = self.phone_auth.step_up.ran_out_at
        if ran_out is not None:
            show_message(
                self.ui.phoneStatusLabel,
                f"Your phone confirmation expired at {format_time(ran_out)} (it lasts 15 "
                "minutes). Click Authenticate for a new code before you add or change a token.",
                "info",
            )
            return
        show_message(self.ui.phoneStatusLabel, ASK, "info")


ASK = (
    "Click Authenticate to get a code on this phone; it confirms it is you before a token is added."
)


def _granted(until: str, live: bool) -> str:
    """What the confirmation allows: more once the account has a token."""
    if live:
        what = "Until then you can resync, suspend or deactivate your token, or add a new one."
    else:
        what = "You can add your token now."
    return f"Authenticated until {until}. {what}"


def _samples() -> list[str]:
    """The status's words along the help page's path: asked, confirmed, and with a token
    (a sync's answer changes them, and must not move the page)."""
    return [ASK, _granted("12:59 PM", False), _granted("12:59 PM", True)]
