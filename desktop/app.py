"""Start-up: the sign-in window paints first, then the rest of the application loads.

Only Qt, the compiled forms and the settings file are touched before the first paint;
the event loop (qasync), the stores and the identity service load right after it, so a
doctor sees the window as fast as a bare Qt window appears (bench/startup.py).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFile, QIODevice, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop.config import APP_DB_FILE, Settings, SettingsError
from desktop.domain.errors import UserFacingError, generic_message
from desktop.forms import resources_rc  # noqa: F401 - registers :/style.qss and icons

if TYPE_CHECKING:
    import asyncio

FIRST_PAINT_TIMEOUT_S = 5.0
WindowHook = Callable[[QMainWindow], None]


def ensure_qapplication(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("iCoreRx")
    app.setOrganizationName("iCoreConnect")
    app.setStyleSheet(load_style_sheet())
    return app


def load_style_sheet() -> str:
    file = QFile(":/style.qss")
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        return ""
    try:
        return bytes(file.readAll().data()).decode("utf-8")
    finally:
        file.close()


class _FirstPaint(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def show_and_paint(window: QMainWindow) -> None:
    """Show the window and let Qt paint it once, before anything slow happens."""
    watcher = _FirstPaint(window)
    window.installEventFilter(watcher)
    window.show()
    deadline = time.monotonic() + FIRST_PAINT_TIMEOUT_S
    while not watcher.painted and time.monotonic() < deadline:
        QApplication.processEvents()
    QApplication.processEvents()
    window.removeEventFilter(watcher)
    watcher.deleteLater()


def cannot_start(exc: BaseException, window: QMainWindow | None) -> int:
    """Say why the application cannot start (stderr and a message box), then exit 2.

    The window may already be painted: the box opens over it, and it closes after.
    """
    from desktop.views.messages import show_startup_error

    error = generic_message(exc)
    if not isinstance(exc, UserFacingError):
        logging.getLogger(__name__).error("start-up failed", exc_info=exc)
    print(f"icorerx: {error}", file=sys.stderr)
    show_startup_error(error, window)
    if window is not None:
        window.close()
    return 2


def run(
    data_dir: Path,
    on_painted: WindowHook | None = None,
    on_ready: WindowHook | None = None,
    *,
    demo: bool = False,
) -> int:
    """The desktop application, until its window closes.

    `demo` (`icorerx --demo`) adds demo data first; without it an empty data dir opens
    first-run setup. The first paint already shows which: a data dir with no database yet
    paints the setup form, a demo one the demo banner.
    """
    from desktop.views.main_window import MainWindow

    qt_app = ensure_qapplication()
    try:
        settings = Settings.load(data_dir)
    except SettingsError as exc:
        return cannot_start(exc, None)
    first_run = not demo and not (data_dir / APP_DB_FILE).exists()
    window = MainWindow(settings.demo or demo, first_run=first_run)
    show_and_paint(window)
    if on_painted is not None:
        on_painted(window)

    import asyncio

    import qasync
    from PySide6.QtGui import QIcon

    from desktop.composition import Application

    try:
        application = Application.open(data_dir, provision_demo=demo)
    except Exception as exc:  # noqa: BLE001 - shown in words; a defect is also logged
        return cannot_start(exc, window)
    window.attach(application.context)
    qt_app.setWindowIcon(QIcon(":/icons/app.svg"))
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    # The loop outlives the last window by the time its flows need to end (see `settle`).
    qt_app.setQuitOnLastWindowClosed(False)
    qt_app.lastWindowClosed.connect(closed.set)
    qt_app.aboutToQuit.connect(closed.set)
    if on_ready is not None:
        QTimer.singleShot(0, lambda: on_ready(window))
    try:
        with loop:
            loop.run_until_complete(_until_closed_and_settled(closed))
    finally:
        application.close()
    return 0


async def _until_closed_and_settled(closed: asyncio.Event) -> None:
    """Wait for the last window to close, then for the flows it left in flight.

    A read or write still on its lane when the window closes ends here, with its
    outcome recorded and its signals delivered while their objects still exist, instead
    of being abandoned mid-coroutine (the interpreter then closes it at exit and it
    emits from a deleted object). What has not ended within the settle time is cancelled.
    """
    import asyncio

    from desktop.controllers.settling import SETTLE_TIMEOUT_S, controller_work

    await closed.wait()
    loop = asyncio.get_running_loop()
    pending = controller_work(loop)
    if pending:
        await asyncio.wait(pending, timeout=SETTLE_TIMEOUT_S)
    me = asyncio.current_task()
    rest = [task for task in asyncio.all_tasks(loop) if task is not me and not task.done()]
    for task in rest:
        task.cancel()
    if rest:
        await asyncio.gather(*rest, return_exceptions=True)
