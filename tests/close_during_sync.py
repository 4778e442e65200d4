"""The application in its own process, closed while a token syncs, as a doctor would.

    python -m tests.close_during_sync DATA_DIR synced|failed

Starts the real application (desktop.app.run) on a demo data dir, signs the doctor in,
authenticates with the phone code, types the serial and two codes (right ones, or codes
the token never showed), clicks Submit while the identity service is slow to answer,
closes the window and picks "Close when finished". A synced window must then close by
itself; a window still open after a failed sync is closed once more, as a doctor would.
Prints one JSON line with how the sync ended and how many windows remained, then exits
the way the application does.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton  # noqa: E402

from desktop import walkthrough  # noqa: E402
from desktop.app import run  # noqa: E402
from desktop.controllers.lanes import on_lane  # noqa: E402
from desktop.controllers.settling import when_settled  # noqa: E402
from desktop.exostar.local.demo_device import DemoTokenDevice  # noqa: E402
from desktop.views.awaiting import next_emission  # noqa: E402
from desktop.views.main_window import MainWindow  # noqa: E402

SERIAL = "GALH12345678"
SERVICE_DELAY_S = 1.0


async def close_during_sync(window: MainWindow, outcome: dict[str, Any], succeed: bool) -> None:
    await walkthrough.sign_in(window, "doctor", "doctor-demo-1")
    await walkthrough.open_admin(window)
    device = await walkthrough.open_device_management(window)
    identity: Any = window.context.identity
    dialog = device.open_phone_dialog()
    assert dialog is not None, device.ui.phoneStatusLabel.text()
    sent = next_emission(device.phone_auth.codeSent, device.phone_auth.failed)
    dialog.ui.sendCodeButton.click()
    # The dialog clears the code field when it shows that the code went out: type after it.
    (answer,) = await walkthrough.step(sent, "the phone code")
    assert device.phone_auth.sent is answer, answer
    messages = await on_lane(identity.lane, identity.outbox)
    dialog.ui.phoneCodeEdit.setText(messages[-1].code)
    dialog.ui.phoneCodeSubmitButton.click()
    await walkthrough.until(lambda: device.phone_auth.step_up.grant is not None, "step-up")

    fob = DemoTokenDevice(identity)
    if succeed:
        codes = [await on_lane(identity.lane, fob.press, SERIAL, None) for _ in range(2)]
    else:
        codes = ["000000", "111111"]
    add_token = identity.add_token

    def slow_add_token(*args: Any) -> Any:
        time.sleep(SERVICE_DELAY_S)  # a slow identity service, on its lane
        return add_token(*args)

    identity.add_token = slow_add_token

    def ended(how: str) -> None:
        outcome["sync"] = how
        if not succeed:
            # A window may stay open to show why a sync failed; a doctor who asked it to
            # close then closes it once more after reading the answer.
            QTimer.singleShot(0, lambda: when_settled(close_if_open))

    def close_if_open() -> None:
        told = getattr(window, "sync_not_done_box", None)
        if told is not None and told.isVisible():
            outcome["told_why"] = True
            told.accept()  # read "Your token was not synced", then OK
        if window.isVisible():
            outcome["closed_again"] = True
            window.close()

    device.token_sync.synced.connect(lambda _result: ended("synced"))
    device.token_sync.failed.connect(lambda failure: ended(failure.code))
    device.ui.tokenSerialEdit.setText(SERIAL)
    device.ui.otp1Edit.setText(codes[0])
    device.ui.otp2Edit.setText(codes[1])
    device.ui.tokenSubmitButton.click()
    await walkthrough.until(lambda: device.busy, "the sync to start")
    window.close()
    box: QMessageBox | None = window.wait_box
    assert box is not None, "closing during a sync did not ask to wait"
    close_later = next(
        b for b in box.buttons() if b.text().replace("&", "") == "Close when finished"
    )
    assert isinstance(close_later, QPushButton)
    close_later.click()
    outcome["asked"] = True


def main() -> int:
    data_dir, expected = Path(sys.argv[1]), sys.argv[2]
    outcome: dict[str, Any] = {}
    tasks: list[asyncio.Task[None]] = []

    def on_ready(window: Any) -> None:
        tasks.append(
            asyncio.ensure_future(close_during_sync(window, outcome, expected == "synced"))
        )

    code = run(data_dir, on_ready=on_ready)
    if tasks and tasks[0].done() and tasks[0].exception() is not None:
        outcome["error"] = repr(tasks[0].exception())
    outcome["windows_left"] = sum(w.isVisible() for w in QApplication.topLevelWidgets())
    print(json.dumps(outcome), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
