"""EPCS Device Management: Manage Phones and Manage Token, the help page's flow."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.controllers.device_management import DeviceManagementController
from desktop.controllers.phone_auth import PhoneAuthController
from desktop.controllers.token_lifecycle import TokenLifecycleController
from desktop.controllers.token_sync import SyncFailure, TokenSyncController
from desktop.domain.models import (
    Phone,
    TokenInfo,
    TokenKind,
    TokenStatus,
    format_time,
    format_when,
)
from desktop.domain.serials import normalize_serial
from desktop.domain.token_form import TokenFormCheck, check_token_form, digits_only
from desktop.exostar.base import StepUpGrant, TokenSyncResult
from desktop.forms.ui_device_management import Ui_DeviceManagementForm
from desktop.views.messages import clear_message, show_message
from desktop.views.phone_code_dialog import PhoneCodeDialog
from desktop.views.sizing import reserve_lines
from desktop.views.token_lifecycle import TokenLifecyclePanel

NEED_STEP_UP = "Authenticate with your phone first (Manage Phones, above)."
LIVE = (TokenStatus.ACTIVE, TokenStatus.LOCKED, TokenStatus.SUSPENDED)


class DeviceManagementView(QWidget):
    """Signals:
    cancelRequested(): back to the Admin screen.
    busyChanged(bool): a device change is in flight; the window must stay on this screen.
    syncAnswered(bool, str): a sync was answered: True when the token is synced; else why not.
    """

    cancelRequested = Signal()
    busyChanged = Signal(bool)
    syncAnswered = Signal(bool, str)

    def __init__(
        self,
        controller: DeviceManagementController,
        phone_auth: PhoneAuthController,
        token_sync: TokenSyncController,
        lifecycle: TokenLifecycleController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_DeviceManagementForm()
        self.ui.setupUi(self)
        self.controller = controller
        self.phone_auth = phone_auth
        self.token_sync = token_sync
        self.phones: list[Phone] = []
        self.tokens: list[TokenInfo] = []
        self._tokens_read = False
        self._focus_on_load = False
        self._refusal = ""
        """The code of the sync refusal on screen, until what it is about is typed again."""
        self.phone_dialog: PhoneCodeDialog | None = None
        self.lifecycle = TokenLifecyclePanel(self.ui, lifecycle, self, self.begin_resync)
        # After a sync the token list and its actions arrive in later turns and make the
        # page taller; Token Status is scrolled back into sight once they are drawn.
        self._status_to_reveal = ""  # "" | "after the list" | "after its actions"
        self.lifecycle.drawn.append(self._after_token_actions)
        # A zero-interval timer object fires on the loop's next pass, after Qt has laid out
        # and painted (QTimer.singleShot(0) would run before, with the old geometry).
        self._reveal_target: QWidget | None = None
        self._reveal_timer = QTimer(self, singleShot=True, interval=0)
        self._reveal_timer.timeout.connect(self._scroll_to_target)
        lifecycle.changed.connect(self._on_status_changed)
        for table in (self.ui.phoneTable, self.ui.tokenTable):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.ui.addTokenFrame.hide()
        self.ui.syncProgress.hide()
        self.ui.tokenStatusFrame.hide()
        self.ui.tokenSuggestionButton.hide()
        # Style the hidden parts now, while the screen is being built anyway: polishing them
        # the first time they appear would land on the turn that shows the sync's answer.
        for hidden in (self.ui.tokenStatusFrame, self.ui.syncProgress, self.ui.tokenTable):
            hidden.ensurePolished()
        for label in (
            self.ui.deviceMessageLabel,
            self.ui.tokenErrorLabel,
            self.ui.phoneStatusLabel,
            self.ui.tokenEmptyLabel,
            self.ui.otp1GuidanceLabel,
        ):
            clear_message(label)
        reserve_lines(self.ui.otp1GuidanceLabel, 2)  # Submit stays where it was clicked
        self.ui.deviceCancelButton.clicked.connect(self._cancel)
        self.ui.authenticateButton.clicked.connect(self.open_phone_dialog)
        self.ui.addTokenButton.clicked.connect(self.show_add_token)
        self.ui.tokenSerialEdit.textChanged.connect(self._serial_edited)
        self.ui.otp1Edit.textChanged.connect(self._otp1_edited)
        self.ui.otp2Edit.textChanged.connect(self._otp2_edited)
        self.ui.otp2Edit.returnPressed.connect(self.submit)
        self.ui.tokenSerialEdit.textEdited.connect(lambda _t: self._typed_again("serial"))
        self.ui.otp1Edit.textEdited.connect(lambda _t: self._typed_again("code"))
        self.ui.otp2Edit.textEdited.connect(lambda _t: self._typed_again("code"))
        self.ui.tokenSubmitButton.clicked.connect(self.submit)
        self.ui.tokenSuggestionButton.clicked.connect(self._use_suggestion)
        controller.loadingChanged.connect(self._on_loading)
        controller.phonesLoaded.connect(self._show_phones)
        controller.tokensLoaded.connect(self._show_tokens)
        controller.loadFailed.connect(
            lambda message: show_message(self.ui.deviceMessageLabel, message, "error")
        )
        phone_auth.step_up.changed.connect(self._on_step_up)
        phone_auth.authenticated.connect(lambda _grant: self.show_add_token())
        token_sync.busyChanged.connect(self._on_sync_busy)
        token_sync.elapsed.connect(self._on_elapsed)
        token_sync.otp1Wait.connect(self._on_otp1_wait)
        token_sync.synced.connect(self._on_synced)
        token_sync.failed.connect(self._on_sync_failed)
        self._on_step_up(phone_auth.step_up.grant)

    @property
    def busy(self) -> bool:
        """True while a device change is in flight and the screen must stay put."""
        return self.token_sync.busy

    def refresh(self) -> None:
        self.controller.load()

    def focus_first(self) -> None:
        """The keyboard on the next step: Authenticate, Add Token, or the token list.

        Until the phones are read, Authenticate is greyed out: the keyboard waits on the
        phone list and moves on when they arrive.
        """
        self._focus_on_load = True
        if not self._tokens_read:
            self.ui.phoneTable.setFocus()
            return
        self._focus_on_load = False
        if self.phone_auth.step_up.grant is None and self.ui.authenticateButton.isEnabled():
            self.ui.authenticateButton.setFocus()
        elif self.ui.addTokenFrame.isVisible():
            self.ui.tokenSerialEdit.setFocus()
        elif self.tokens:
            self.ui.tokenTable.setFocus()
        elif self.ui.addTokenButton.isEnabled():
            self.ui.addTokenButton.setFocus()
        else:
            self.ui.deviceCancelButton.setFocus()

    # Manage Phones ------------------------------------------------------------
    def open_phone_dialog(self) -> PhoneCodeDialog | None:
        if not self.phones or self.busy:
            return None
        self.phone_dialog = PhoneCodeDialog(self.phone_auth, self.phones[0], self)
        self.phone_dialog.finished.connect(self._phone_dialog_closed)
        self.phone_dialog.open()
        return self.phone_dialog

    def _phone_dialog_closed(self, _result: int) -> None:
        if self.phone_dialog is not None:
            self.phone_dialog.deleteLater()
            self.phone_dialog = None
        self.activateWindow()  # the keyboard comes back here, on any window manager

    def _on_step_up(self, grant: StepUpGrant | None) -> None:
        self._show_phone_status(grant)
        if grant is not None and self._refusal == "step_up_required":
            self._clear_refusal()  # the confirmation it asked for is done
        self.ui.addTokenButton.setEnabled(grant is not None and not self.busy)
        self.ui.addTokenButton.setToolTip("" if grant is not None else NEED_STEP_UP)
        self._show_empty_tokens()
        self._update_submit()

    def _show_phone_status(self, grant: StepUpGrant | None) -> None:
        """What the confirmation allows now: it changes with the clock and the token list."""
        if not self.phones:
            return  # _show_phones says there is no phone
        if grant is not None:
            until = f"Authenticated until {format_time(grant.expires_at)}."
            if any(t.status in LIVE for t in self.tokens):
                what = (
                    " Until then you can resync, suspend or deactivate your token, or add a "
                    "new one."
                )
            else:
                what = " You can add your token now."
            show_message(self.ui.phoneStatusLabel, until + what, "ok")
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
        show_message(
            self.ui.phoneStatusLabel,
            "Click Authenticate to get a code on this phone; it confirms it is you "
            "before a token is added.",
            "info",
        )

    # Manage Token -------------------------------------------------------------
    def show_add_token(self) -> None:
        if self.phone_auth.step_up.grant is None:
            return
        self.ui.addTokenFrame.show()
        self.ui.tokenStatusFrame.hide()
        if self.ui.deviceMessageLabel.property("tone") == "ok":
            clear_message(self.ui.deviceMessageLabel)  # about the last change, not this one
        target = self.ui.otp1Edit if self.ui.tokenSerialEdit.text() else self.ui.tokenSerialEdit
        target.setFocus()
        self._update_submit()
        self._reveal(self.ui.tokenSubmitButton)

    def _after_token_actions(self) -> None:
        if self._status_to_reveal == "after its actions":
            self._status_to_reveal = ""
            if self.ui.tokenStatusFrame.isVisible():
                self._reveal(self.ui.tokenStatusFrame)

    def _reveal(self, widget: QWidget) -> None:
        """Scroll so what just changed is in sight, after the layout has settled."""
        self._reveal_target = widget
        self._reveal_timer.start()

    def _scroll_to_target(self) -> None:
        if self._reveal_target is not None:
            self.ui.deviceScroll.ensureWidgetVisible(self._reveal_target, 10, 10)
            self._reveal_target = None

    def begin_resync(self, serial: str) -> None:
        """Resync reuses the Add Token form, with the token's serial filled in."""
        if not serial or self.phone_auth.step_up.grant is None:
            return
        self.ui.tokenSerialEdit.setText(serial)
        self.ui.otp1Edit.clear()
        self.ui.otp2Edit.clear()
        clear_message(self.ui.tokenErrorLabel)
        self.show_add_token()
        self.ui.otp1Edit.setFocus()

    def _on_status_changed(self, token: TokenInfo, action: str) -> None:
        done = {"suspend": "suspended", "resume": "resumed", "deactivate": "deactivated"}[action]
        extra = (
            " It can never sign again; add a new token to keep signing."
            if action == "deactivate"
            else ""
        )
        show_message(self.ui.deviceMessageLabel, f"Token {token.serial} was {done}.{extra}", "ok")
        clear_message(self.ui.tokenErrorLabel)
        self.refresh()

    def submit(self) -> None:
        if not self.ui.tokenSubmitButton.isEnabled() and not self.busy:
            self._update_submit()
            return
        self.token_sync.submit(
            self.ui.tokenSerialEdit.text(), self.ui.otp1Edit.text(), self.ui.otp2Edit.text()
        )

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
        check = check_token_form(
            self.ui.tokenSerialEdit.text(), self.ui.otp1Edit.text(), self.ui.otp2Edit.text()
        )
        granted = self.phone_auth.step_up.grant is not None
        self.ui.tokenSubmitButton.setEnabled(check.valid and granted and not self.busy)
        if check.identical:
            show_message(self.ui.tokenErrorLabel, check.problem or "", "error")
            self._reveal(self.ui.tokenErrorLabel)
        elif self.ui.tokenErrorLabel.property("form") is True:
            clear_message(self.ui.tokenErrorLabel)
        self.ui.tokenErrorLabel.setProperty("form", check.identical)
        hint = "" if check.valid else _missing(check, granted)
        if self.ui.tokenSubmitButton.toolTip() != hint:
            self.ui.tokenSubmitButton.setToolTip(hint)

    def _on_otp1_wait(self, seconds: int) -> None:
        if seconds < 0 or self.ui.otp2Edit.text():
            clear_message(self.ui.otp1GuidanceLabel)
        elif seconds > 0:
            show_message(
                self.ui.otp1GuidanceLabel,
                "Now wait until the digits disappear from the token (about 30 s), then press "
                f"its button again for a NEW code: {seconds} s",
                "info",
            )
            self._reveal(self.ui.tokenSubmitButton)
        else:
            show_message(
                self.ui.otp1GuidanceLabel,
                "Now press the token's button again and type the NEW code in One-Time Password 2.",
                "ok",
            )

    def _on_sync_busy(self, busy: bool) -> None:
        for edit in (self.ui.tokenSerialEdit, self.ui.otp1Edit, self.ui.otp2Edit):
            edit.setReadOnly(busy)
        self.ui.syncProgress.setVisible(busy)
        self.ui.deviceCancelButton.setEnabled(not busy)
        self.ui.authenticateButton.setEnabled(not busy and bool(self.phones))
        self.ui.addTokenButton.setEnabled(not busy and self.phone_auth.step_up.grant is not None)
        if busy:
            self._refusal = ""
            clear_message(self.ui.tokenErrorLabel)
            self.ui.tokenSuggestionButton.hide()
            self._reveal(self.ui.syncProgress)
        self._update_submit()
        self.busyChanged.emit(busy)

    def _on_elapsed(self, seconds: int) -> None:
        bar = self.ui.syncProgress
        bar.setMaximum(max(1, int(self.token_sync.timeout_s)))
        bar.setValue(min(seconds, bar.maximum()))
        bar.setFormat(f"Syncing your token with the identity service… {seconds} s. Please wait.")

    def _on_synced(self, result: TokenSyncResult) -> None:
        for edit in (self.ui.otp1Edit, self.ui.otp2Edit):
            edit.clear()
        self.ui.addTokenFrame.hide()
        clear_message(self.ui.otp1GuidanceLabel)
        self.ui.tokenStatusFrame.setProperty("serial", result.token.serial)
        self.ui.tokenStatusFrame.show()
        show_message(self.ui.tokenStatusLabel, result.token.status.value, "ok")
        show_message(self.ui.tokenDriftLabel, _drift_text(result), "muted")
        self._reveal(self.ui.tokenStatusFrame)
        self._status_to_reveal = "after the list"
        replaced = (
            f" Token {', '.join(result.replaced)} was replaced and can no longer be used."
            if result.replaced
            else ""
        )
        show_message(
            self.ui.deviceMessageLabel,
            f"Token {result.token.serial} is synced and can sign controlled-substance "
            f"prescriptions.{replaced} Click Cancel to return to the Admin screen.",
            "ok",
        )
        self.ui.tokenSerialEdit.clear()
        self.ui.deviceCancelButton.setFocus()  # the help page's next step: Cancel
        self.refresh()
        self.syncAnswered.emit(True, "")

    def _on_sync_failed(self, failure: SyncFailure) -> None:
        self._refusal = failure.code
        show_message(self.ui.tokenErrorLabel, failure.message, "error")
        self._reveal(self.ui.tokenErrorLabel)
        self.ui.tokenErrorLabel.setProperty("form", False)
        if failure.codes_spent:
            self.ui.otp1Edit.clear()
            self.ui.otp2Edit.clear()
            self.token_sync.otp1_cleared()
        if failure.suggestion:
            self.ui.tokenSuggestionButton.setText(f"&Use {failure.suggestion}")
            self.ui.tokenSuggestionButton.setProperty("serial", failure.suggestion)
            self.ui.tokenSuggestionButton.show()
            self._reveal(self.ui.tokenSuggestionButton)  # the fix-up, below the message
        if failure.suggestion:
            self.ui.tokenSuggestionButton.setFocus()  # the likely fix is one key away
        elif failure.code == "unknown_serial":
            self.ui.tokenSerialEdit.setFocus()
        elif failure.codes_spent:
            self.ui.otp1Edit.setFocus()
        self._update_submit()
        self.refresh()
        self.syncAnswered.emit(False, failure.message)

    def _typed_again(self, field: str) -> None:
        """New typing makes an earlier refusal stale, unless it was about another field."""
        if not self._refusal or self._refusal == "step_up_required":
            return
        if self._refusal == "unknown_serial" and field != "serial":
            return
        self._clear_refusal()

    def _clear_refusal(self) -> None:
        self._refusal = ""
        if self.ui.tokenErrorLabel.property("form") is not True:
            clear_message(self.ui.tokenErrorLabel)
        self.ui.tokenSuggestionButton.hide()

    def _use_suggestion(self) -> None:
        self.ui.tokenSerialEdit.setText(str(self.ui.tokenSuggestionButton.property("serial")))
        self.ui.tokenSuggestionButton.hide()
        self._refusal = ""
        clear_message(self.ui.tokenErrorLabel)
        self._update_submit()
        next_field = self.ui.tokenSubmitButton
        if not next_field.isEnabled():
            next_field = self.ui.otp2Edit if self.ui.otp1Edit.text() else self.ui.otp1Edit
        next_field.setFocus()

    def _cancel(self) -> None:
        if not self.busy:
            self.cancelRequested.emit()

    # lists --------------------------------------------------------------------
    def _on_loading(self, loading: bool) -> None:
        if loading and not self.ui.deviceMessageLabel.text():
            show_message(self.ui.deviceMessageLabel, "Reading your phones and tokens…", "muted")
        elif not loading and self.ui.deviceMessageLabel.property("tone") == "muted":
            clear_message(self.ui.deviceMessageLabel)

    def _show_phones(self, phones: list[Phone]) -> None:
        self.phones = phones
        _fill(self.ui.phoneTable, [(p.masked, p.channels_text) for p in phones])
        self.ui.authenticateButton.setEnabled(bool(phones) and not self.busy)
        if phones:
            self.ui.authenticateButton.setToolTip("")
            self._on_step_up(self.phone_auth.step_up.grant)
        else:
            self.ui.authenticateButton.setToolTip("No phone is on your account.")
            show_message(
                self.ui.phoneStatusLabel,
                "No phone is on your account, so a code cannot be sent and no token can be "
                "added. Ask the clinic's administrator to add your mobile number to your "
                "identity account, then come back here.",
                "error",
            )

    def _show_tokens(self, tokens: list[TokenInfo]) -> None:
        self.tokens = tokens
        self._tokens_read = True
        shown = self.ui.tokenStatusFrame.property("serial")
        now = next((t for t in tokens if t.serial == shown), None)
        if now is not None and self.ui.tokenStatusFrame.isVisible():  # Token Status is now
            active = now.status is TokenStatus.ACTIVE
            show_message(self.ui.tokenStatusLabel, now.status.value, "ok" if active else "error")
        _fill(
            self.ui.tokenTable,
            [
                (
                    t.serial,
                    t.kind.label,
                    t.status.value,
                    format_when(t.bound_at),
                    format_when(t.last_used_at),
                )
                for t in tokens
            ],
        )
        for row, token in enumerate(tokens):
            item = self.ui.tokenTable.item(row, 2)
            if item is not None:
                item.setToolTip(token.status.meaning)
        if self._status_to_reveal:
            self._status_to_reveal = "after its actions"
        self.lifecycle.show_tokens(tokens)
        self.ui.tokenTable.setVisible(bool(tokens))
        self._show_empty_tokens()
        self._show_phone_status(self.phone_auth.step_up.grant)
        if self._focus_on_load:
            self.focus_first()

    def _show_empty_tokens(self) -> None:
        if self.tokens or not self._tokens_read:
            clear_message(self.ui.tokenEmptyLabel)
        elif self.phone_auth.step_up.grant is None:
            show_message(
                self.ui.tokenEmptyLabel,
                "No token is synced to your account yet. Authenticate with your phone, then "
                "Add Token.",
                "info",
            )
        else:
            show_message(
                self.ui.tokenEmptyLabel,
                "No token is synced to your account yet. Type its serial number and two codes "
                "from it below.",
                "info",
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


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """Show `rows`; a table that already shows them is left alone (no relayout, no repaint)."""
    if _rows(table) == rows:
        return
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(text))


def _rows(table: QTableWidget) -> list[tuple[str, ...]]:
    def text(row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    columns = range(table.columnCount())
    return [tuple(text(row, column) for column in columns) for row in range(table.rowCount())]
