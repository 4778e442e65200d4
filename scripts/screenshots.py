"""Screenshots for the README, taken from the real window on a real (virtual) X screen.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots.py

Uses a scratch data dir with demo data; writes docs/screenshots/*.png.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import Application, ensure_qapplication

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


async def settle(seconds: float = 0.3) -> None:
    await asyncio.sleep(seconds)
    QApplication.processEvents()


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        await asyncio.sleep(0.02)


def save(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


async def sign_in(app: Application, username: str, password: str):  # type: ignore[no-untyped-def]
    window = app.create_window()
    window.resize(1100, 720)
    window.show()
    await settle()
    ui = window.login_view.ui
    ui.usernameEdit.setText(username)
    ui.passwordEdit.setText(password)
    return window


async def tour(app: Application) -> None:
    window = await sign_in(app, "doctor", "wrong-password")
    window.login_view.ui.loginButton.click()
    await until(lambda: bool(window.login_view.ui.loginErrorLabel.text()))
    await settle()
    save(window, "login-wrong-password")
    window.login_view.ui.passwordEdit.setText("doctor-demo-1")
    window.login_view.ui.loginButton.click()
    await until(lambda: window.patients_view is not None)
    patients = window.patients_view
    assert patients is not None
    await until(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(2)
    await settle()
    save(window, "patients")
    patients.ui.composeRxButton.click()
    compose = window.compose_view
    assert compose is not None
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)
    await settle()
    save(window, "admin")
    admin = compose.ensure_admin()
    admin.ui.epcsDeviceManagementLink.click()
    device = admin.device
    assert device is not None
    await until(lambda: device.controller.loads_finished > 0)
    await settle()
    save(window, "epcs-device-management")
    window.sign_out()
    window.close()

    window = await sign_in(app, "frontdesk", "frontdesk-demo-1")
    window.login_view.ui.loginButton.click()
    await until(lambda: window.patients_view is not None)
    patients = window.patients_view
    assert patients is not None
    await until(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(0)
    patients.ui.composeRxButton.click()
    compose = window.compose_view
    assert compose is not None
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)
    await settle()
    save(window, "admin-front-desk")
    window.close()


def main() -> int:
    qt_app = ensure_qapplication()
    with tempfile.TemporaryDirectory(prefix="icorerx-shots-") as scratch:
        app = Application.open(Path(scratch))
        loop = qasync.QEventLoop(qt_app)
        asyncio.set_event_loop(loop)
        try:
            with loop:
                loop.run_until_complete(tour(app))
        finally:
            app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
