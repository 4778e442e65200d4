"""The application in its own process, closed while a screen is still reading.

    python -m tests.close_during_read DATA_DIR

Starts the real application (desktop.app.run) on a demo data dir, signs the doctor in,
opens EPCS Device Management and closes the window at once, while its phones and tokens
are still being read on the identity service's lane.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop import walkthrough  # noqa: E402
from desktop.app import run  # noqa: E402
from desktop.views.main_window import MainWindow  # noqa: E402

tasks: set[asyncio.Task[None]] = set()


def close_while_reading(window: MainWindow) -> None:
    async def go() -> None:
        await walkthrough.sign_in(window, "doctor", "doctor-demo-1")
        await walkthrough.open_admin(window)
        window.compose_view.admin.ui.epcsDeviceManagementLink.click()
        window.close()

    tasks.add(asyncio.ensure_future(go()))


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), on_ready=close_while_reading))
