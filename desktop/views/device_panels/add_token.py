"""Add Token: the serial and two codes, the sync's progress, and Token Status after it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.controllers.flow import Refusal
from desktop.controllers.step_up import StepUpSession
from desktop.controllers.token_sync import TOKEN_BLANK_SECONDS, TokenSyncController
from desktop.domain.models import TokenInfo, TokenKind, TokenStatus
from desktop.domain.serials import normalize_serial
from desktop.domain.token_form import TokenFormCheck, check_token_form, digits_only
from desktop.exostar.base import StepUpGrant, TokenSyncResult
from desktop.forms.ui_device_management import Ui_DeviceManagementForm
from desktop.views.device_panels.steady import (
    keep_room,
    keep_room_when_hidden,
    say,
)
from desktop.views.messages import clear_message, show_message, show_refusal

NEED_STEP_UP = "Authenticate with your phone first (Manage Phones, above)."
STEP_UP_REQUIRED = "step_up_required"
UNKNOWN_SERIAL = "unknown_serial"


class AddTokenPanel(QObject):
    """Signals:
    opened(): the form was shown for a new token or a resync.
    synced(object): the token is synced (`TokenSyncResult`); Token Status shows it.
    refused(str): the sync was refused; the message is at the form.
    reveal(QWidget): scroll this into sight once the layout has settled.
    """

    opened = Signal()
    synced = Signal(object)
    refused = Signal(str)
    reveal = Signal(QWidget)

    def __init__(
        self,
        ui: Ui_DeviceManagementForm,
        token_sync: TokenSyncController,
        step_up: StepUpSession,
        owner: QWidget,
    ) -> None:
        super().__init__(owner)
        self.ui = ui
        self.token_sync = token_sync
        self.step_up = step_up
        self._refusal = ""
        """The code of the sync refusal on screen, until what it is about is typed again."""
        # The form and Token Status take turns in one place (one grid cell), the form's room
        # kept while Token Status shows, and the progress line keeps its room while idle:
        # Submit, the sync and its answer change what is drawn there and nothing else moves
        # (the page is not laid out again).
        ui.addTokenArea.hide()
        keep_room_when_hidden(ui.addTokenFrame)
        keep_room_when_hidden(ui.syncProgress)
        ui.syncProgress.hide()
        ui.tokenStatusFrame.hide()
        ui.tokenSuggestionButton.hide()
        # Style the hidden parts now, while the screen is being built anyway: polishing them
        # the first time they appear would land on the turn that shows the sync's answer.
        for hidden in (ui.tokenStatusFrame, ui.syncProgress):
            hidden.ensurePolished()
        clear_message(ui.tokenErrorLabel)
        # Its row of the form keeps its room: between codes it says what the two codes are.
        say(ui.otp1GuidanceLabel, TWO_CODES, "info")  # styled now, not on the turn of typing
        # Submit stays where it was clicked, whatever the guidance says.
        keep_room(
            ui.otp1GuidanceLabel,
            lambda: [_wait_text(TOKEN_BLANK_SECONDS), PRESS_AGAIN, TWO_CODES],
            by_hint=True,  # a field of the form: the form gives it its size hint's height
        )
        ui.addTokenButton.clicked.connect(self.open)
        ui.tokenSerialEdit.textChanged.connect(self._serial_edited)
        ui.otp1Edit.textChanged.connect(self._otp1_edited)
        ui.otp2Edit.textChanged.connect(self._otp2_edited)
        ui.otp2Edit.returnPressed.connect(self.submit)
        ui.tokenSerialEdit.textEdited.connect(lambda _t: self._typed_again("serial"))
        ui.otp1Edit.textEdited.connect(lambda _t: self._typed_again("code"))
        ui.otp2Edit.textEdited.connect(lambda _t: self._typed_again("code"))
        ui.tokenSubmitButton.clicked.connect(self.submit)
        ui.tokenSuggestionButton.clicked.connect(self._use_suggestion)
        step_up.changed.connect(self._on_step_up)
        token_sync.busyChanged.connect(self._on_busy)
        token_sync.elapsed.connect(self._on_elapsed)
        token_sync.otp1Wait.connect(self._on_otp1_wait)
        token_sync.synced.connect(self._on_synced)
        token_sync.failed.connect(self._on_failed)
        self._on_step_up(step_up.grant)

    def _on_step_up(self, grant: StepUpGrant | None) -> None:
        if grant is not None and self._refusal == STEP_UP_REQUIRED:
            self._clear_refusal()  # the confirmation it asked for is done
        self.ui.addTokenButton.setEnabled(grant is not None and not self.token_sync.busy)
        self.ui.addTokenButton.setToolTip("" if grant is not None else NEED_STEP_UP)
        self._update_submit()

    def open(self) -> None:
        if self.step_up.grant is None:
            return
        ui = self.ui
        ui.tokenStatusFrame.hide()
        ui.addTokenFrame.show()
        ui.addTokenArea.show()
        self.opened.emit()
        target = ui.otp1Edit if ui.tokenSerialEdit.text() else ui.tokenSerialEdit
        target.setFocus()
        self._update_submit()
        # The whole form in sight where the page allows, down to where the sync will show
        # (so Submit needs no scrolling), and its first field in any case.
        self.reveal.emit(ui.syncProgress)
        self.reveal.emit(target)

    def begin_resync(self, serial: str) -> None:
        """Resync reuses the Add Token form, with the token's serial filled in."""
        if not serial or self.step_up.grant is None:
            return
        self.ui.tokenSerialEdit.setText(serial)
        self.ui.otp1Edit.clear()
        self.ui.otp2Edit.clear()
        clear_message(self.ui.tokenErrorLabel)
        self.open()
        self.ui.otp1Edit.setFocus()

    def submit(self) -> None:
        if not self.ui.tokenSubmitButton.isEnabled() and not self.token_sync.busy:
            self._update_submit()
            return
        ui = self.ui
        self.token_sync.submit(ui.tokenSerialEdit.text(), ui.otp1Edit.text(), ui.otp2Edit.text())

    def show_tokens(self, tokens: list[TokenInfo]) -> None:
        """Token Status follows the token it shows through each new list."""
        shown = self.ui.tokenStatusFrame.property("serial")
        now = next((t for t in tokens if t.serial == shown), None)
        if now is not None and self.ui.tokenStatusFrame.isVisible():
            active = now.status is TokenStatus.ACTIVE
            show_message(self.ui.tokenStatusLabel, now.status.value, "ok" if active else "error")

    def _serial_edited(self, text: str) -> None:
        cleaned = normalize_serial(text)
        if cleaned != text:
            self.ui.tokenSerialEdit.setText(cleaned)
        self.ui.tokenSuggestionButton.hide()
        self._update_submit()

    def _otp1_edited(self, text: str) -> None:
        cleaned = digits_only(text)
        if cleaned != text:
            self.ui.otp1Edit.setText(cleaned)
        if len(cleaned) == 6:
            self.token_sync.otp1_entered()
            self.ui.otp2Edit.setFocus()
        else:
            self.token_sync.otp1_cleared()
        self._update_submit()

    def _otp2_edited(self, text: str) -> None:
        cleaned = digits_only(text)
        if cleaned != text:
            self.ui.otp2Edit.setText(cleaned)
        self._update_submit()

    def _update_submit(self) -> None:
        ui = self.ui
        check = check_token_form(ui.tokenSerialEdit.text(), ui.otp1Edit.text(), ui.otp2Edit.text())
        granted = self.step_up.grant is not None
        ui.tokenSubmitButton.setEnabled(check.valid and granted and not self.token_sync.busy)
        if check.identical:
            show_message(ui.tokenErrorLabel, check.problem or "", "error")
            self.reveal.emit(ui.tokenErrorLabel)
        elif ui.tokenErrorLabel.property("form") is True:
            clear_message(ui.tokenErrorLabel)
        ui.tokenErrorLabel.setProperty("form", check.identical)
        hint = "" if check.valid else _missing(check, granted)
        if ui.tokenSubmitButton.toolTip() != hint:
            ui.tokenSubmitButton.setToolTip(hint)

    def _on_otp1_wait(self, seconds: int) -> None:
        if self.ui.otp2Edit.text():
            say(self.ui.otp1GuidanceLabel, "")
        elif seconds < 0:
            say(self.ui.otp1GuidanceLabel, TWO_CODES, "info")
        elif seconds > 0:
            say(self.ui.otp1GuidanceLabel, _wait_text(seconds), "info")
            self.reveal.emit(self.ui.syncProgress)
        else:
            say(self.ui.otp1GuidanceLabel, PRESS_AGAIN, "ok")

    def _on_busy(self, busy: bool) -> None:
        ui = self.ui
        for edit in (ui.tokenSerialEdit, ui.otp1Edit, ui.otp2Edit):
            edit.setReadOnly(busy)
        ui.syncProgress.setVisible(busy)
        ui.addTokenButton.setEnabled(not busy and self.step_up.grant is not None)
        if busy:
            self._refusal = ""
            clear_message(ui.tokenErrorLabel)
            ui.tokenSuggestionButton.hide()
            self.reveal.emit(ui.syncProgress)
        self._update_submit()

    def _on_elapsed(self, seconds: int) -> None:
        bar = self.ui.syncProgress
        bar.setMaximum(max(1, int(self.token_sync.timeout_s)))
        bar.setValue(min(seconds, bar.maximum()))
        bar.setFormat(f"Syncing your token with the identity service… {seconds} s. Please wait.")

    def _on_synced(self, result: TokenSyncResult) -> None:
        ui = self.ui
        for edit in (ui.otp1Edit, ui.otp2Edit):
            edit.clear()
        say(ui.otp1GuidanceLabel, TWO_CODES, "info")
        ui.tokenStatusFrame.setProperty("serial", result.token.serial)
        show_message(ui.tokenStatusLabel, result.token.status.value, "ok")
        show_message(ui.tokenDriftLabel, _drift_text(result), "muted")
        ui.addTokenFrame.hide()
        ui.tokenStatusFrame.show()  # where the form was, in the room it keeps
        self.reveal.emit(ui.tokenStatusFrame)
        ui.tokenSerialEdit.clear()
        self.synced.emit(result)

    def _on_failed(self, failure: Refusal) -> None:
        ui = self.ui
        self._refusal = failure.code
        show_refusal(ui.tokenErrorLabel, failure)
        self.reveal.emit(ui.tokenErrorLabel)
        ui.tokenErrorLabel.setProperty("form", False)
        if failure.codes_spent:
            ui.otp1Edit.clear()
            ui.otp2Edit.clear()
            self.token_sync.otp1_cleared()
        if failure.suggestion:
            ui.tokenSuggestionButton.setText(f"&Use {failure.suggestion}")
            ui.tokenSuggestionButton.setProperty("serial", failure.suggestion)
            ui.tokenSuggestionButton.show()
            self.reveal.emit(ui.tokenSuggestionButton)  # the fix-up, below the message
            ui.tokenSuggestionButton.setFocus()  # the likely fix is one key away
        elif failure.code == UNKNOWN_SERIAL:
            ui.tokenSerialEdit.setFocus()
        elif failure.codes_spent:
            ui.otp1Edit.setFocus()
        self._update_submit()
        self.refused.emit(failure.text)

    def _typed_again(self, field: str) -> None:
        """New typing makes an earlier refusal stale, unless it was about another field."""
        if not self._refusal or self._refusal == STEP_UP_REQUIRED:
            return
        if self._refusal == UNKNOWN_SERIAL and field != "serial":
            return
        self._clear_refusal()

    def _clear_refusal(self) -> None:
        self._refusal = ""
        if self.ui.tokenErrorLabel.property("form") is not True:
            clear_message(self.ui.tokenErrorLabel)
        self.ui.tokenSuggestionButton.hide()

    def _use_suggestion(self) -> None:
        ui = self.ui
        ui.tokenSerialEdit.setText(str(ui.tokenSuggestionButton.property("serial")))
        ui.tokenSuggestionButton.hide()
        self._refusal = ""
        clear_message(ui.tokenErrorLabel)
        self._update_submit()
        next_field = ui.tokenSubmitButton
        if not next_field.isEnabled():
            next_field = ui.otp2Edit if ui.otp1Edit.text() else ui.otp1Edit
        next_field.setFocus()


TWO_CODES = (
    "Type the code the token shows now; you will then press its button again for a second,"
    " new code."
)
PRESS_AGAIN = "Now press the token's button again and type the NEW code in One-Time Password 2."


def _wait_text(seconds: int) -> str:
    return (
        "Now wait until the digits disappear from the token (about 30 s), then press its "
        f"button again for a NEW code: {seconds} s"
    )


def _missing(check: TokenFormCheck, granted: bool) -> str:
    if not granted:
        return NEED_STEP_UP
    if check.serial_problem:
        return check.serial_problem
    if not check.otp1_complete:
        return "Type the 6 digits from the token in One-Time Password 1."
    if not check.otp2_complete:
        return "Type the NEXT 6 digits in One-Time Password 2."
    return check.problem or ""


def _drift_text(result: TokenSyncResult) -> str:
    if result.token.kind is TokenKind.HOTP and result.presses_ahead is not None:
        presses = result.presses_ahead
        if presses == 0:
            return "(the token was in step with the service)"
        return f"(the token was {presses} press{'es' if presses != 1 else ''} ahead)"
    if result.drift_seconds:
        direction = "ahead of" if result.drift_seconds > 0 else "behind"
        return f"(the token's clock was {abs(result.drift_seconds)} s {direction} the service's)"
    return "(the token's clock was in step with the service's)"
