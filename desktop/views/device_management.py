"""EPCS Device Management: Manage Phones and Manage Token."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.controllers.device_management import DeviceManagementController
from desktop.domain.models import Phone, TokenInfo, format_when
from desktop.forms.ui_device_management import Ui_DeviceManagementForm
from desktop.views.messages import clear_message, show_message


class DeviceManagementView(QWidget):
    """Signals:
    cancelRequested(): back to the Admin screen.
    """

    cancelRequested = Signal()

    def __init__(
        self, controller: DeviceManagementController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_DeviceManagementForm()
        self.ui.setupUi(self)
        self.controller = controller
        for table in (self.ui.phoneTable, self.ui.tokenTable):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.ui.addTokenFrame.hide()
        self.ui.syncProgress.hide()
        for label in (
            self.ui.deviceMessageLabel,
            self.ui.tokenStatusLabel,
            self.ui.tokenErrorLabel,
            self.ui.phoneStatusLabel,
            self.ui.tokenEmptyLabel,
        ):
            clear_message(label)
        self.ui.deviceCancelButton.clicked.connect(self.cancelRequested)
        controller.loadingChanged.connect(self._on_loading)
        controller.phonesLoaded.connect(self._show_phones)
        controller.tokensLoaded.connect(self._show_tokens)
        controller.loadFailed.connect(
            lambda message: show_message(self.ui.deviceMessageLabel, message, "error")
        )

    @property
    def busy(self) -> bool:
        """True while a device change is in flight and the screen must stay put."""
        return False

    def refresh(self) -> None:
        self.controller.load()

    def _on_loading(self, loading: bool) -> None:
        if loading:
            show_message(self.ui.deviceMessageLabel, "Reading your phones and tokens…", "muted")
        elif self.ui.deviceMessageLabel.property("tone") == "muted":
            clear_message(self.ui.deviceMessageLabel)

    def _show_phones(self, phones: list[Phone]) -> None:
        _fill(self.ui.phoneTable, [(p.masked, p.channels_text) for p in phones])
        if phones:
            show_message(
                self.ui.phoneStatusLabel,
                "Confirm it is you with a code sent to this phone before adding a token.",
                "info",
            )
        else:
            show_message(
                self.ui.phoneStatusLabel,
                "No phone is on your account, so a code cannot be sent. Ask the clinic's "
                "administrator to add your mobile number to your identity account.",
                "error",
            )

    def _show_tokens(self, tokens: list[TokenInfo]) -> None:
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
        if tokens:
            clear_message(self.ui.tokenEmptyLabel)
        else:
            show_message(
                self.ui.tokenEmptyLabel,
                "No token is synced to your account yet. Authenticate with your phone, then "
                "Add Token.",
                "info",
            )


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(text))
