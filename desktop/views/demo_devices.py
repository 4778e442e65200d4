"""The demo hardware token and the demo phone, as small windows beside the main one."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from desktop.controllers.demo_devices import DemoDevicesController
from desktop.domain.models import format_when
from desktop.domain.serials import EXAMPLE
from desktop.exostar.local.delivery import PhoneMessage
from desktop.forms.ui_demo_phone import Ui_DemoPhoneDialog
from desktop.forms.ui_token_simulator import Ui_TokenSimulatorDialog
from desktop.views.messages import clear_message, show_message, show_refusal
from desktop.views.sizing import grow_to_contents, reserve_lines

DISPLAY_SECONDS = 30
PHONE_REFRESH_MS = 1500


class TokenSimulatorDialog(QDialog):
    def __init__(self, controller: DemoDevicesController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_TokenSimulatorDialog()
        self.ui.setupUi(self)
        self.controller = controller
        # The display's big digits are in the style sheet (QLabel#simDisplay): a font set
        # here would lose to the sheet's font size for every widget.
        reserve_lines(self.ui.simHintLabel, 2)  # the hint never squeezes the digits
        self._blank = QTimer(self, singleShot=True, interval=DISPLAY_SECONDS * 1000)
        self._blank.timeout.connect(self._clear_display)
        self._clear_display()
        self.ui.simButton.clicked.connect(self._press)
        controller.serialsLoaded.connect(self._show_serials)
        controller.codeShown.connect(self._show_code)
        controller.failed.connect(lambda r: show_refusal(self.ui.simHintLabel, r))
        controller.load_serials()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        grow_to_contents(self)

    def _show_serials(self, serials: list[str]) -> None:
        self.ui.simSerialCombo.clear()
        self.ui.simSerialCombo.addItems(serials)
        if EXAMPLE in serials:  # the help page's example token comes first to hand
            self.ui.simSerialCombo.setCurrentText(EXAMPLE)
        self.ui.simButton.setEnabled(bool(serials))

    def _press(self) -> None:
        self.controller.press(self.ui.simSerialCombo.currentText())

    def _show_code(self, serial: str, code: str) -> None:
        if serial != self.ui.simSerialCombo.currentText():
            return
        self.ui.simDisplay.setText(f"{code[:3]} {code[3:]}")
        show_message(
            self.ui.simHintLabel,
            f"The digits disappear in {DISPLAY_SECONDS} seconds, like the real token's.",
            "muted",
        )
        self._blank.start()

    def _clear_display(self) -> None:
        self.ui.simDisplay.setText("")
        clear_message(self.ui.simHintLabel)

    def displayed_code(self) -> str:
        return str(self.ui.simDisplay.text()).replace(" ", "")


class DemoPhoneDialog(QDialog):
    def __init__(self, controller: DemoDevicesController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DemoPhoneDialog()
        self.ui.setupUi(self)
        self.controller = controller
        self._refresh = QTimer(self, interval=PHONE_REFRESH_MS)
        self._refresh.timeout.connect(controller.load_messages)
        controller.messagesLoaded.connect(self._show_messages)
        controller.failed.connect(lambda r: show_refusal(self.ui.demoPhoneStatusLabel, r))
        clear_message(self.ui.demoPhoneStatusLabel)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.controller.load_messages()
        self._refresh.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self._refresh.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def _show_messages(self, messages: list[PhoneMessage]) -> None:
        self.ui.demoPhoneList.clear()
        for message in messages:
            when = format_when(message.created_at)
            item = QListWidgetItem(f"{message.channel.label} \u00b7 {when}\n{message.text}")
            self.ui.demoPhoneList.addItem(item)
        if not messages:
            show_message(
                self.ui.demoPhoneStatusLabel,
                "No messages yet. Under EPCS Device Management, click Authenticate and send "
                "a code.",
                "muted",
            )
        else:
            clear_message(self.ui.demoPhoneStatusLabel)
