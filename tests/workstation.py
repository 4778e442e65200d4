"""One workstation in its own process: a doctor syncs a token against the shared server.

    python -m tests.workstation DATA_DIR USER PASSWORD SERIAL OTP1 OTP2 SINK_URL PHONE

Drives the real window offscreen: sign in, Admin, EPCS Device Management, Authenticate
with the code the server texted (read from the test's SMS sink), type the serial and
codes, print "ready", and click Submit when a line arrives on stdin (so two
workstations submit together). Then prints one JSON line:
{"synced": bool, "code": ..., "message": ..., "status": ...}.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import httpx  # noqa: E402
import qasync  # noqa: E402

from desktop import walkthrough  # noqa: E402
from desktop.app import ensure_qapplication  # noqa: E402
from desktop.composition import Application  # noqa: E402


async def sync(argv: list[str]) -> dict[str, object]:
    data_dir, user, password, serial, otp1, otp2, sink, phone = argv
    app = Application.open(Path(data_dir))
    window = app.create_window()
    window.show()
    await walkthrough.sign_in(window, user, password)
    await walkthrough.open_admin(window)
    device = await walkthrough.open_device_management(window)

    async def read_code() -> str:
        codes: list[str] = []
        while not codes:
            messages = httpx.get(sink, timeout=5).json()
            codes = [m["text"][-6:] for m in messages if m["phone"] == phone]
            await asyncio.sleep(0.05)
        return codes[-1]

    await walkthrough.confirm_phone(device, read_code)
    outcome: dict[str, object] = {}
    device.token_sync.synced.connect(lambda result: outcome.update(synced=True))
    device.token_sync.failed.connect(
        lambda failure: outcome.update(synced=False, code=failure.code)
    )
    device.ui.tokenSerialEdit.setText(serial)
    device.ui.otp1Edit.setText(otp1)
    device.ui.otp2Edit.setText(otp2)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    device.ui.tokenSubmitButton.click()
    await walkthrough.until(lambda: bool(outcome), "the sync's answer", timeout=60)
    await walkthrough.until(lambda: not device.busy, "the form to settle")
    outcome["message"] = device.ui.tokenErrorLabel.text()
    outcome["status"] = device.ui.tokenStatusLabel.text()
    return outcome


def main() -> None:
    qt_app = ensure_qapplication()
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        outcome = loop.run_until_complete(sync(sys.argv[1:]))
    print(json.dumps(outcome), flush=True)
    os._exit(0)  # skip Qt's teardown at interpreter exit


if __name__ == "__main__":
    main()
