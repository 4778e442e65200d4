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
    from desktop.controllers.flow import Refusal
    from desktop.domain.prescriptions import Prescription
    from desktop.views.admin import AdminView
    from desktop.views.compose_rx import ComposeRxView
    from desktop.views.device_management import DeviceManagementView
    from desktop.views.main_window import MainWindow
    from desktop.views.signing_dialog import SigningDialog

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


async def open_patient(window: MainWindow, patient_id: int) -> ComposeRxView:
    """Patient list -> Compose Rx for the patient with this id, their prescriptions read."""
    patients = await step(window.navigator.open_patients(), "the patient list")
    found = [p for p in patients.controller.found if p.id == patient_id]
    if not found:
        raise WalkthroughError(f"patient #{patient_id} is not on the patient list")
    return await step(window.navigator.open_compose_rx(found[0]), "Compose Rx")


def type_prescription(
    compose: ComposeRxView, medication: str, sig: str, quantity: str, refills: int = 0
) -> None:
    """Type a prescription into Compose Rx (`medication` as the list shows it)."""
    ui = compose.ui
    ui.medicationCombo.setEditText(medication)
    ui.sigEdit.setText(sig)
    ui.quantityEdit.setText(quantity)
    ui.refillsSpin.setValue(refills)


async def click_add(compose: ComposeRxView) -> Prescription | Refusal:
    """Click Add to pending with what the form holds: the prescription once it is saved, or
    the refusal the tab shows (a problem with a field is a `WalkthroughError`)."""
    from desktop.controllers.flow import Refusal
    from desktop.domain.prescriptions import Prescription

    controller = compose.controller
    answered = next_emission(controller.added, controller.failed, controller.invalid)
    compose.ui.addRxButton.click()
    (answer,) = await step(answered, "the prescription to be saved")
    if not isinstance(answer, Prescription | Refusal):
        raise WalkthroughError(f"the prescription was not saved: {answer}")
    return answer


async def add_prescription(
    compose: ComposeRxView, medication: str, sig: str, quantity: str, refills: int = 0
) -> Prescription:
    """Type a prescription into Compose Rx and click Add to pending; the prescription
    added, once it is saved."""
    type_prescription(compose, medication, sig, quantity, refills)
    answer = await click_add(compose)
    from desktop.domain.prescriptions import Prescription

    if not isinstance(answer, Prescription):
        raise WalkthroughError(f"the prescription was not saved: {answer}")
    return answer


def clinic_status(window: MainWindow) -> str:
    """What the status bar says of the clinic database ("" on a single desk)."""
    from PySide6.QtWidgets import QLabel

    label = window.findChild(QLabel, "clinicStatusLabel")
    return label.text() if isinstance(label, QLabel) and not label.isHidden() else ""


async def open_signing(window: MainWindow, compose: ComposeRxView) -> SigningDialog:
    """Click Sign on Compose Rx (its list as last read); the signing dialog once it shows
    what is to be signed."""
    await until(compose.ui.signButton.isEnabled, "Sign to be enabled")
    compose.ui.signButton.click()
    dialog = window.navigator.signing_dialog
    if dialog is None:
        raise WalkthroughError("no signing dialog opened")
    controller = dialog.controller
    if controller.plan is None:
        await step(next_emission(controller.prepared, controller.failed), "what is to be signed")
    return dialog


async def confirm_signature(
    dialog: SigningDialog, password: str, code: str = ""
) -> list[Prescription] | Refusal:
    """Type the password (and the token's code) and click Sign: what was signed, or the
    refusal the dialog shows."""
    dialog.ui.signPasswordEdit.setText(password)
    dialog.ui.signOtpEdit.setText(code)
    button = dialog.ui.signConfirmButton
    if not button.isEnabled():
        raise WalkthroughError(f"Sign is not enabled: {dialog.ui.signErrorLabel.text()}")
    controller = dialog.controller
    answered = next_emission(controller.signed, controller.failed)
    button.click()
    (answer,) = await step(answered, "the signature to be checked", timeout=60)
    done: list[Prescription] | Refusal = answer
    return done
