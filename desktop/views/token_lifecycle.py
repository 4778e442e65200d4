"""The token list's actions: Resync, Suspend, Resume, Report lost, Deactivate."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QWidget

from desktop.controllers.token_lifecycle import TokenLifecycleController
from desktop.domain.models import TokenInfo, TokenStatus
from desktop.forms.ui_device_management import Ui_DeviceManagementForm
from desktop.forms.ui_token_action_dialog import Ui_TokenActionDialog
from desktop.views.device_panels.steady import say
from desktop.views.messages import show_message, show_refusal
from desktop.views.sizing import grow_to_contents


@dataclass(frozen=True)
class ActionText:
    title: str
    explain: str
    confirm: str
    reason_hint: str


TEXTS = {
    "suspend": ActionText(
        "Suspend token {serial}?",
        "A suspended token cannot sign prescriptions until you resume it. Use this when the "
        "token is mislaid for a while or you are away.",
        "&Suspend token",
        "e.g. left at home, on leave",
    ),
    "lost": ActionText(
        "Report token {serial} lost?",
        "This deactivates the token for good: it can never sign again, even if it is found. "
        "Add a new token afterwards.",
        "&Deactivate for good",
        "where and when it was lost, if known",
    ),
    "deactivate": ActionText(
        "Deactivate token {serial}?",
        "This cannot be undone: the token can never sign again. Add a new token afterwards.",
        "&Deactivate for good",
        "e.g. broken, leaving the practice",
    ),
}


class TokenActionDialog(QDialog):
    def __init__(self, kind: str, serial: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_TokenActionDialog()
        self.ui.setupUi(self)
        text = TEXTS[kind]
        self.ui.tokenActionTitleLabel.setText(text.title.format(serial=serial))
        self.ui.tokenActionExplainLabel.setText(text.explain)
        self.ui.tokenActionConfirmButton.setText(text.confirm)
        self.ui.tokenReasonEdit.setPlaceholderText(text.reason_hint)
        self.ui.tokenReasonEdit.textChanged.connect(self._update)
        self.ui.tokenActionConfirmButton.clicked.connect(self.accept)
        self.ui.tokenActionCancelButton.clicked.connect(self.reject)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        grow_to_contents(self)  # the explanation shows whole, at the dialog's width

    def reason(self) -> str:
        return str(self.ui.tokenReasonEdit.text()).strip()

    def _update(self) -> None:
        self.ui.tokenActionConfirmButton.setEnabled(bool(self.reason()))


class TokenLifecyclePanel(QObject):
    """Enables the actions the selected token allows, and runs them.

    Signals:
    drawn(): the buttons and help text show the latest token list and selection.
    resyncRequested(str): Resync was clicked for this serial (the Add Token form does it).
    """

    drawn = Signal()
    resyncRequested = Signal(str)

    def __init__(
        self, ui: Ui_DeviceManagementForm, controller: TokenLifecycleController, owner: QWidget
    ) -> None:
        super().__init__(owner)
        self.ui = ui
        self.controller = controller
        self.owner = owner
        self.tokens: list[TokenInfo] = []
        self.dialog: TokenActionDialog | None = None
        # A timer rather than QTimer.singleShot(0): that one posts an event which Qt handles
        # before the pending layout and paint, so the buttons' update would land in the same
        # turn as the change that asked for it (a new token list) and lengthen it.
        self._update_timer = QTimer(owner, singleShot=True, interval=0)
        self._update_timer.timeout.connect(self._update_now)
        ui.tokenTable.itemSelectionChanged.connect(self.update)
        ui.tokenResyncButton.clicked.connect(
            lambda: self.resyncRequested.emit(self._selected_serial())
        )
        ui.tokenSuspendButton.clicked.connect(lambda: self._ask("suspend"))
        ui.tokenReportLostButton.clicked.connect(lambda: self._ask("lost"))
        ui.tokenDeactivateButton.clicked.connect(lambda: self._ask("deactivate"))
        ui.tokenResumeButton.clicked.connect(
            lambda: controller.apply("resume", self._selected_serial(), "")
        )
        controller.busyChanged.connect(lambda _busy: self.update())
        controller.step_up.changed.connect(lambda _grant: self.update())
        controller.failed.connect(lambda r: show_refusal(ui.tokenErrorLabel, r))
        self.update()

    def show_tokens(self, tokens: list[TokenInfo]) -> None:
        self.tokens = tokens
        if tokens and not self.ui.tokenTable.selectionModel().selectedRows():
            self.ui.tokenTable.selectRow(0)
        self.update()

    def selected(self) -> TokenInfo | None:
        rows = self.ui.tokenTable.selectionModel().selectedRows()
        index = rows[0].row() if rows else -1
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def _selected_serial(self) -> str:
        token = self.selected()
        return token.serial if token else ""

    def update(self) -> None:
        """Refresh once, however many signals asked for it, in a turn of its own.

        The timer fires after Qt has laid out and painted what the asking turn changed, so
        a sync's answer is drawn in steps (the token list, then its actions), none of them
        long enough to make the window stutter.
        """
        if not self._update_timer.isActive():
            self._update_timer.start()

    @property
    def settled(self) -> bool:
        """True when the buttons show the latest token list and selection."""
        return not self._update_timer.isActive()

    def _update_now(self) -> None:
        self._draw()
        self.drawn.emit()

    def _draw(self) -> None:
        token = self.selected()
        granted = self.controller.step_up.grant is not None
        idle = not self.controller.busy
        status = token.status if token else None
        live = status in (TokenStatus.ACTIVE, TokenStatus.LOCKED, TokenStatus.SUSPENDED)
        ui = self.ui
        ui.tokenResyncButton.setEnabled(
            idle and granted and status in (TokenStatus.LOCKED, TokenStatus.ACTIVE)
        )
        ui.tokenSuspendButton.setEnabled(
            idle and granted and status in (TokenStatus.ACTIVE, TokenStatus.LOCKED)
        )
        ui.tokenResumeButton.setEnabled(idle and granted and status is TokenStatus.SUSPENDED)
        ui.tokenReportLostButton.setEnabled(idle and granted and live)
        ui.tokenDeactivateButton.setEnabled(idle and granted and live)
        need = "" if granted else "Authenticate with your phone first (Manage Phones, above)."
        tip = need if token is not None else "Select a token in the list."
        for button in (
            ui.tokenResyncButton,
            ui.tokenSuspendButton,
            ui.tokenResumeButton,
            ui.tokenReportLostButton,
            ui.tokenDeactivateButton,
        ):
            if button.toolTip() != tip:  # each change is an event through the whole app
                button.setToolTip(tip)
        if token is None:
            say(ui.tokenStatusHelpLabel, "")  # shown, blank: its room stays, nothing is measured
            return
        reason = f" Reason given: {token.reason}." if token.reason else ""
        show_message(
            ui.tokenStatusHelpLabel,
            f"{token.serial}: {token.status.value}. {token.status.meaning}{reason}",
            "error" if status is TokenStatus.LOCKED else "info",
        )

    def _ask(self, kind: str) -> None:
        token = self.selected()
        if token is None:
            return
        self.dialog = TokenActionDialog(kind, token.serial, self.owner)
        action = "suspend" if kind == "suspend" else "deactivate"
        label = "lost: " if kind == "lost" else ""

        def done(result: int) -> None:
            dialog = self.dialog
            self.dialog = None
            if dialog is None:
                return
            if result == QDialog.DialogCode.Accepted:
                self.controller.apply(action, token.serial, label + dialog.reason())
            dialog.deleteLater()
            self.owner.activateWindow()  # the keyboard comes back, on any window manager

        self.dialog.finished.connect(done)
        self.dialog.open()
