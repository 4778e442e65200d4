"""What every screenshot tour shares: where the PNGs go, which are wanted, the window's size,
and waiting for the window to settle."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.composition import Application
from desktop.views.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ONLY: set[str] = set()
FILL = False


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
    if ONLY and name not in ONLY:
        return
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def new_window(app: Application) -> MainWindow:
    window = app.create_window()
    screen = window.screen()
    if FILL and screen is not None:
        window.setGeometry(screen.availableGeometry())
    else:
        window.resize(1100, 720)
    window.show()
    window.activateWindow()
    return window
