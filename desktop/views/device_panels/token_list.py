"""The token list: the account's tokens, their status, and the actions on the selected one."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from desktop.controllers.device_management import DeviceManagementController
from desktop.controllers.step_up import StepUpSession
from desktop.controllers.token_lifecycle import TokenLifecycleController
from desktop.domain.models import TokenInfo, TokenStatus, format_when
from desktop.exostar.base import StepUpGrant
from desktop.forms.ui_device_management import Ui_DeviceManagementForm
from desktop.views.device_panels.steady import keep_room, keep_room_when_hidden, ready_tone
from desktop.views.device_panels.tables import fill, set_tip
from desktop.views.messages import clear_message, show_message
from desktop.views.token_lifecycle import TokenLifecyclePanel


class TokenListPanel(QObject):
    """Signals:
    tokensShown(list): a new token list (`TokenInfo`s) is in the table.
    drawn(): the actions show the latest list and selection (`lifecycle.drawn`).
    resyncRequested(str): Resync was clicked for this serial.
    """

    tokensShown = Signal(list)
    drawn = Signal()
    resyncRequested = Signal(str)

    def __init__(
        self,
        ui: Ui_DeviceManagementForm,
        devices: DeviceManagementController,
        lifecycle: TokenLifecycleController,
        step_up: StepUpSession,
        owner: QWidget,
    ) -> None:
        super().__init__(owner)
        self.ui = ui
        self.step_up = step_up
        self.tokens: list[TokenInfo] = []
        self.read = False
        """True once the first list has arrived."""
        self.lifecycle = TokenLifecyclePanel(ui, lifecycle, owner)
        self.lifecycle.drawn.connect(self.drawn)
        self.lifecycle.resyncRequested.connect(self.resyncRequested)
        header = ui.tokenTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        ui.tokenTable.ensurePolished()  # now, not on the turn that shows a sync's answer
        # The token's status and what it allows, in room kept for the longest of them: the
        # answer to a sync changes the words there and moves nothing below.
        keep_room(ui.tokenStatusHelpLabel, _help_samples)
        ready_tone(ui.tokenStatusHelpLabel, "info")  # styled now, not on the sync's answer
        # The list and why there is none share one place (one grid cell) of the list's size.
        keep_room_when_hidden(ui.tokenTable)
        self.show_empty()
        devices.tokensLoaded.connect(self.show_tokens)
        step_up.changed.connect(self._on_step_up)

    def _on_step_up(self, _grant: StepUpGrant | None) -> None:
        self.show_empty()

    def show_tokens(self, tokens: list[TokenInfo]) -> None:
        self.tokens = tokens
        self.read = True
        fill(
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
            set_tip(self.ui.tokenTable.item(row, 2), token.status.meaning)
        self.lifecycle.show_tokens(tokens)
        self.show_empty()
        self.tokensShown.emit(tokens)

    def show_empty(self) -> None:
        """The list, or why there is none, in the one place of one size they share."""
        ui = self.ui
        if ui.tokenTable.isHidden() == bool(self.tokens):
            ui.tokenTable.setVisible(bool(self.tokens))
        if self.tokens or not self.read:
            clear_message(self.ui.tokenEmptyLabel)
        elif self.step_up.grant is None:
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


def _help_samples() -> list[str]:
    """What `tokenStatusHelpLabel` says for each status (without a reason given)."""
    return [f"GALH12345678: {status.value}. {status.meaning}" for status in TokenStatus]
