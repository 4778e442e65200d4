"""Driving the real window along the help page's path, without pytest.

The self-test, the screenshot script and the responsiveness bench walk the same path a
doctor does; this is that path once. (The pytest plugin does the same through qtbot.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.views.device_management import DeviceManagementView
    from desktop.views.main_window import MainWindow

STEP_TIMEOUT_S = 30.0


class WalkthroughError(Exception):
    """The window did not reach the next step; the message says which."""


async def until(condition: Callable[[], bool], what: str, timeout: float = STEP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise WalkthroughError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def sign_in(window: MainWindow, username: str, password: str) -> None:
    ui = window.login_view.ui
    ui.usernameEdit.setText(username)
    ui.passwordEdit.setText(password)
    refused: list[str] = []
    window.login_controller.loginFailed.connect(refused.append)
    try:
        ui.loginButton.click()
        await until(
            lambda: (
                window.patients_view is not None
                or window.accounts.change_password_view is not None  # a one-time password
                or bool(refused)
            ),
            "sign-in",
        )
    finally:
        window.login_controller.loginFailed.disconnect(refused.append)
    if refused:
        raise WalkthroughError(f"sign-in refused: {refused[-1]}")


async def open_admin(window: MainWindow, patient_row: int = 0) -> None:
    """Patient list -> Compose Rx for a patient -> the Admin tab."""
    patients = window.patients_view
    if patients is None:
        raise WalkthroughError("sign in first")
    await until(lambda: patients.ui.patientTable.rowCount() > patient_row, "the patient list")
    patients.ui.patientTable.selectRow(patient_row)
    patients.ui.composeRxButton.click()
    compose = window.compose_view
    if compose is None:
        raise WalkthroughError("Compose Rx did not open")
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)


async def open_device_management(window: MainWindow) -> DeviceManagementView:
    """Admin -> EPCS Device Management, once its phones and tokens are read."""
    compose = window.compose_view
    if compose is None:
        raise WalkthroughError("open the Admin tab first")
    admin = compose.ensure_admin()
    if not admin.ui.epcsDeviceManagementLink.isEnabled():
        raise WalkthroughError(admin.ui.epcsRestrictedLabel.text())
    before = admin.device.controller.loads_finished if admin.device is not None else 0
    admin.ui.epcsDeviceManagementLink.click()
    device = admin.device
    if device is None:
        raise WalkthroughError("EPCS Device Management did not open")
    await until(lambda: device.controller.loads_finished > before, "phones and tokens")
    return device
