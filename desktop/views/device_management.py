"""EPCS Device Management: Manage Phones, Add Token and the token list, the help page's flow.

The screen composes three panels (desktop/views/device_panels) that share one form and talk
through signals; it keeps what belongs to the whole screen: the message beside Cancel,
where the keyboard goes, and scrolling what changed into sight.

Nothing a token flow does moves the page: every message has its room kept, the form and
Token Status share one place, and a sync reads the token list again, not the phones. A page
that moves is laid out and repainted whole (11-16 ms of the GUI thread each time, measured).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.controllers.device_management import DeviceManagementController
from desktop.controllers.phone_auth import PhoneAuthController
from desktop.controllers.token_lifecycle import TokenLifecycleController
from desktop.controllers.token_sync import TokenSyncController
from desktop.domain.models import Phone, TokenInfo
from desktop.exostar.base import TokenSyncResult
from desktop.forms.ui_device_management import Ui_DeviceManagementForm
from desktop.views.device_panels.add_token import NEED_STEP_UP, AddTokenPanel
from desktop.views.device_panels.phones import LIVE, PhonesPanel
from desktop.views.device_panels.steady import keep_room, ready_tone, say
from desktop.views.device_panels.token_list import TokenListPanel
from desktop.views.messages import clear_message, show_message, show_refusal
from desktop.views.phone_code_dialog import PhoneCodeDialog
from desktop.views.token_lifecycle import TokenLifecyclePanel

__all__ = ["LIVE", "NEED_STEP_UP", "DeviceManagementView"]

DONE = {"suspend": "suspended", "resume": "resumed", "deactivate": "deactivated"}


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
        step_up = phone_auth.step_up
        self.phones_panel = PhonesPanel(self.ui, controller, phone_auth, token_sync, self)
        self.add_token = AddTokenPanel(self.ui, token_sync, step_up, self)
        self.token_list = TokenListPanel(self.ui, controller, lifecycle, step_up, self)
        self._focus_on_load = False
        self._status_pending = False
        """A sync's Token Status waits to be scrolled back into sight (`settled`)."""
        # A zero-interval timer object fires on the loop's next pass, after Qt has laid out
        # and painted (QTimer.singleShot(0) would run before, with the old geometry).
        self._reveal_targets: list[QWidget] = []
        self._reveal_timer = QTimer(self, singleShot=True, interval=0)
        self._reveal_timer.timeout.connect(self._scroll_to_target)
        say(self.ui.deviceMessageLabel, "")
        # Beside Cancel, in room kept for the usual messages: the sync's answer appears
        # there without moving the page (and in sight, whatever the page's scrolling). It
        # stays shown while empty: a label shown or hidden makes Qt measure the page again.
        keep_room(self.ui.deviceMessageLabel, _message_samples)
        self.ui.deviceCancelButton.clicked.connect(self._cancel)
        self.phones_panel.dialogClosed.connect(self.activateWindow)  # the keyboard comes back
        self.add_token.opened.connect(self._on_add_token_opened)
        self.add_token.reveal.connect(self._reveal)
        self.add_token.synced.connect(self._on_synced)
        self.add_token.refused.connect(self._on_refused)
        self.token_list.tokensShown.connect(self._on_tokens_shown)
        self.token_list.resyncRequested.connect(self.begin_resync)
        lifecycle.changed.connect(self._on_status_changed)
        controller.busyChanged.connect(self._on_loading)
        controller.failed.connect(lambda refusal: show_refusal(self.ui.deviceMessageLabel, refusal))
        phone_auth.authenticated.connect(lambda _grant: self.show_add_token())
        token_sync.busyChanged.connect(self._on_sync_busy)

    # what the window and scripts use ---------------------------------------------------
    @property
    def busy(self) -> bool:
        """True while a device change is in flight and the screen must stay put."""
        return self.token_sync.busy

    @property
    def phones(self) -> list[Phone]:
        return self.phones_panel.phones

    @property
    def tokens(self) -> list[TokenInfo]:
        return self.token_list.tokens

    @property
    def lifecycle(self) -> TokenLifecyclePanel:
        return self.token_list.lifecycle

    @property
    def phone_dialog(self) -> PhoneCodeDialog | None:
        return self.phones_panel.dialog

    @property
    def settled(self) -> bool:
        """True when nothing waits to be scrolled into sight."""
        return not self._status_pending and not self._reveal_timer.isActive()

    def refresh(self) -> None:
        self.controller.load()

    def open_phone_dialog(self) -> PhoneCodeDialog | None:
        return self.phones_panel.open_dialog()

    def show_add_token(self) -> None:
        self.add_token.open()

    def begin_resync(self, serial: str) -> None:
        self.add_token.begin_resync(serial)

    def submit(self) -> None:
        self.add_token.submit()

    def focus_first(self) -> None:
        """The keyboard on the next step: Authenticate, Add Token, or the token list.

        Until the phones are read, Authenticate is greyed out: the keyboard waits on the
        phone list and moves on when they arrive.
        """
        self._focus_on_load = True
        if not self.token_list.read:
            self.ui.phoneTable.setFocus()
            return
        self._focus_on_load = False
        ui = self.ui
        if self.phone_auth.step_up.grant is None and ui.authenticateButton.isEnabled():
            ui.authenticateButton.setFocus()
        elif ui.addTokenFrame.isVisible():
            ui.tokenSerialEdit.setFocus()
        elif self.tokens:
            ui.tokenTable.setFocus()
        elif ui.addTokenButton.isEnabled():
            ui.addTokenButton.setFocus()
        else:
            ui.deviceCancelButton.setFocus()

    # the panels' news ------------------------------------------------------------------
    def _on_add_token_opened(self) -> None:
        if self.ui.deviceMessageLabel.property("tone") == "ok":
            say(self.ui.deviceMessageLabel, "")  # about the last change, not this one

    def _on_tokens_shown(self, tokens: list[TokenInfo]) -> None:
        self.add_token.show_tokens(tokens)
        self.phones_panel.show_tokens(tokens)
        if self._focus_on_load:
            self.focus_first()

    def _on_synced(self, result: TokenSyncResult) -> None:
        # The token list and its actions arrive in later turns and make the page taller;
        # Token Status is scrolled back into sight once the new list's actions are drawn.
        self._status_pending = True
        self.token_list.tokensShown.connect(self._after_new_list, _ONCE)
        replaced = (
            f" Token {', '.join(result.replaced)} was replaced and can no longer be used."
            if result.replaced
            else ""
        )
        show_message(self.ui.deviceMessageLabel, _synced_text(result.token.serial, replaced), "ok")
        self.ui.deviceCancelButton.setFocus()  # the help page's next step: Cancel
        self.controller.load_tokens()  # the sync changed the token list, not the phones
        self.syncAnswered.emit(True, "")

    def _after_new_list(self, _tokens: list[TokenInfo]) -> None:
        self.token_list.drawn.connect(self._reveal_status, _ONCE)

    def _reveal_status(self) -> None:
        self._status_pending = False
        if self.ui.tokenStatusFrame.isVisible():
            # The new token in the list with its actions, and Token Status below them (the
            # last in sight, where the page is too short for both).
            self._reveal(self.ui.tokenListArea)
            self._reveal(self.ui.tokenStatusFrame)

    def _on_refused(self, message: str) -> None:
        self.controller.load_tokens()  # a refusal can lock the token; the phones stay
        self.syncAnswered.emit(False, message)

    def _on_status_changed(self, token: TokenInfo, action: str) -> None:
        extra = (
            " It can never sign again; add a new token to keep signing."
            if action == "deactivate"
            else ""
        )
        show_message(
            self.ui.deviceMessageLabel, f"Token {token.serial} was {DONE[action]}.{extra}", "ok"
        )
        clear_message(self.ui.tokenErrorLabel)
        self.controller.load_tokens()

    def _on_sync_busy(self, busy: bool) -> None:
        self.ui.deviceCancelButton.setEnabled(not busy)
        self.busyChanged.emit(busy)

    def _on_loading(self, loading: bool) -> None:
        label = self.ui.deviceMessageLabel
        if loading and not label.text() and not self.token_list.read:
            # Only the first read is announced: a later one keeps the list on screen.
            show_message(label, READING, "muted")
        elif not loading and label.property("tone") == "muted":
            say(label, "")
            ready_tone(label, "ok")  # the next message is likely a success: styled now

    def _cancel(self) -> None:
        if not self.busy:
            self.cancelRequested.emit()

    # scrolling -------------------------------------------------------------------------
    def _reveal(self, widget: QWidget) -> None:
        """Scroll so what just changed is in sight, after the layout has settled.

        Several asked for on one pass are brought into sight in the order asked, the last
        one winning where the page is too short for all: the Add Token form asks for its
        progress line, then its first field.
        """
        if widget not in self._reveal_targets:
            self._reveal_targets.append(widget)
        self._reveal_timer.start()

    def _scroll_to_target(self) -> None:
        targets, self._reveal_targets = self._reveal_targets, []
        if not targets:
            return
        # A message's room measured on the same pass can still move the targets: the page's
        # layout settles first, so the page scrolls once (or not at all) and stays put.
        layout = self.ui.deviceScrollContents.layout()
        if layout is not None:
            layout.activate()
        for target in targets:
            self.ui.deviceScroll.ensureWidgetVisible(target, 10, 10)


_ONCE = Qt.ConnectionType.SingleShotConnection
READING = "Reading your phones and tokens…"


def _synced_text(serial: str, replaced: str) -> str:
    return (
        f"Token {serial} is synced and can sign controlled-substance prescriptions.{replaced} "
        "Click Cancel to return to the Admin screen."
    )


def _message_samples() -> list[str]:
    return [READING, _synced_text("GALH12345678", "")]
