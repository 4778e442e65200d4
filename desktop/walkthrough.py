"""Driving the real window along the help page's path, without pytest.

The self-test, the screenshot script and the benches sign in through the form, then open
screens with the window's navigator (`window.navigator.open_*`), as the pytest plugin does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from desktop.views.awaiting import NavigationError, next_emission

if TYPE_CHECKING:
    from desktop.views.admin import AdminView
    from desktop.views.device_management import DeviceManagementView
    from desktop.views.main_window import MainWindow

STEP_TIMEOUT_S = 30.0
T = TypeVar("T")


class WalkthroughError(Exception):
    """The window did not reach the next step; the message says which."""


async def until(condition: Callable[[], bool], what: str, timeout: float = STEP_TIMEOUT_S) -> None:
    """For a state no signal announces (a script's own check): look again every 10 ms."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise WalkthroughError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def step(opening: Awaitable[T], what: str, timeout: float = STEP_TIMEOUT_S) -> T:
    """Await one navigator step; a refusal or a stall becomes a `WalkthroughError`."""
    try:
        return await asyncio.wait_for(opening, timeout)
    except TimeoutError:
        raise WalkthroughError(f"timed out waiting for {what}") from None
    except NavigationError as exc:
        raise WalkthroughError(f"{what}: {exc}") from exc


async def sign_in(window: MainWindow, username: str, password: str) -> None:
    """Type the username and password and click Sign in; on the patient list (or the
    forced password change) when it returns."""
    from desktop.controllers.flow import Refusal

    ui = window.login_view.ui
    ui.usernameEdit.setText(username)
    ui.passwordEdit.setText(password)
    controller = window.login_controller
    waiting = next_emission(controller.loginSucceeded, controller.failed)
    ui.loginButton.click()
    (answer,) = await step(waiting, "sign-in")
    if isinstance(answer, Refusal):
        raise WalkthroughError(f"sign-in refused: {answer.text}")


async def open_admin(window: MainWindow) -> AdminView:
    """Patient list -> Compose Rx for the first patient -> the Admin tab."""
    return await step(window.navigator.open_admin(), "the Admin tab")


async def open_device_management(window: MainWindow) -> DeviceManagementView:
    """Admin -> EPCS Device Management, once its phones and tokens are read."""
    return await step(window.navigator.open_device_management(), "phones and tokens")


async def confirm_phone(
    device: DeviceManagementView, read_code: Callable[[], Awaitable[str]]
) -> None:
    """Authenticate: send a code by text message, type the code `read_code` returns, Submit.

    Waits on what a doctor sees: the code box takes typing once `codeSent` is emitted (the
    sending is recorded first), and Submit once it is enabled; a refusal ends the step.
    """
    dialog = device.open_phone_dialog()
    if dialog is None:
        raise WalkthroughError(device.ui.phoneStatusLabel.text())
    phone = device.phone_auth
    sent = next_emission(phone.codeSent, phone.failed)
    dialog.ui.sendCodeButton.click()
    await step(sent, "the phone code to be sent")
    if phone.sent is None:
        raise WalkthroughError(f"the phone code was not sent: {sent.result()}")
    dialog.ui.phoneCodeEdit.setText(await read_code())
    submit = dialog.ui.phoneCodeSubmitButton
    await until(submit.isEnabled, "Submit to take the phone code")
    answered = next_emission(phone.authenticated, phone.failed)
    submit.click()
    await step(answered, "the phone code to be checked")
    if phone.step_up.grant is None:
        raise WalkthroughError(f"the phone code was refused: {answered.result()}")
