"""Start-up: the sign-in window paints first, then the rest of the application loads.

Only Qt, the compiled forms and the settings file are touched before the first paint;
the event loop (qasync), the stores and the identity service load right after it, so a
doctor sees the window as fast as a bare Qt window appears (bench/startup.py).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# Before Qt: once PySide6 is loaded, every module an import statement names is read in
# full by PySide's import hook, once (~0.1-5 ms each: `typing`, `codecs`...); the settings'
# modules and what they import are loaded first, where the hook is not yet in place.
from desktop.domain.errors import UserFacingError, generic_message
from desktop.exostar import options  # noqa: F401 - read_settings checks the file with it
from desktop.settings_file import APP_DB_FILE, SettingsError, read_settings

# isort: split
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop.forms import resources_rc  # noqa: F401 - registers :/style.qss and icons

if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import Future

    from desktop.composition import Application

FIRST_PAINT_TIMEOUT_S = 5.0
STYLE_SHEET = "file:///:/style.qss"
"""The house style, which Qt reads from the resources itself: reading it from Python would
load QFile's, QIODevice's and QByteArray's Python types (~3 ms) before the first paint."""
WindowHook = Callable[[QMainWindow], None]


def ensure_qapplication(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("iCoreRx")
    app.setOrganizationName("iCoreConnect")
    app.setStyleSheet(STYLE_SHEET)
    return app


def load_style_sheet() -> str:
    """The house style sheet's text (for a QApplication made elsewhere, as in the tests)."""
    from PySide6.QtCore import QFile, QIODevice

    file = QFile(":/style.qss")
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        return ""
    try:
        return bytes(file.readAll().data()).decode("utf-8")
    finally:
        file.close()


def show_and_paint(window: QMainWindow) -> None:
    """Show the window and let Qt paint it once, before anything slow happens.

    Qt paints a widget window when its native window is exposed, in the same pass of the
    event loop: waiting for the exposure needs no event filter, whose events would load
    QEvent's Python type and its ~180 names before the paint (~3 ms).
    """
    window.show()
    handle = window.windowHandle()
    deadline = time.monotonic() + FIRST_PAINT_TIMEOUT_S
    while (handle is None or not handle.isExposed()) and time.monotonic() < deadline:
        QApplication.processEvents()
        handle = window.windowHandle()
    QApplication.processEvents()


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

    Once the window has painted, the event loop runs while the stores' and the identity
    service's modules load on a thread: the sign-in form takes typing meanwhile, and a
    sign-in asked for before the data dir is open waits for it (`LoginView`). `on_ready`
    runs once the window signs users in.
    """
    try:
        # The file's checked values, not `Settings`: a dataclass costs ~1 ms before the paint.
        settings = read_settings(data_dir)
    except SettingsError as exc:
        ensure_qapplication()
        return cannot_start(exc, None)
    # A clinic's workstation keeps no database file: its records are on the clinic's server.
    clinic = bool(settings.get("clinic_url"))
    first_run = not (demo or clinic or (data_dir / APP_DB_FILE).exists())
    qt_app = ensure_qapplication()

    from desktop.views.main_window import MainWindow

    demo_data = demo or settings.get("demo") is True
    window = MainWindow(demo_data, first_run=first_run, paint_first=True)
    show_and_paint(window)
    if on_painted is not None:
        on_painted(window)

    # The loop outlives the last window by the time its flows need to end (see `settle`).
    qt_app.setQuitOnLastWindowClosed(False)
    closed_early: list[bool] = []
    qt_app.lastWindowClosed.connect(lambda: closed_early.append(True))
    window.parts.start()  # the menus, the status bar, the navigator: a part a turn
    _load_event_loop()

    import asyncio

    import qasync

    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    # After the paint: a thread started before it would take the interpreter from the
    # window's own start-up (measured: first paint 1.5x -> 1.7x a bare window's).
    loading = _load_in_background()
    closed = asyncio.Event()
    if closed_early:
        closed.set()
    qt_app.lastWindowClosed.connect(closed.set)
    refused: list[BaseException] = []

    async def attach_when_open() -> Application | None:
        try:
            await asyncio.wrap_future(loading)
            for preload in _PRELOADS:  # a turn each, after the thread: see `_PRELOADS`
                preload()
                await asyncio.sleep(0)
            if closed.is_set():  # the window closed before the stores were open
                return None
            from desktop.composition import Application

            application = Application.open(data_dir, provision_demo=demo)
        except Exception as exc:  # noqa: BLE001 - shown in words after the loop; logged
            refused.append(exc)
            closed.set()
            return None
        try:
            application.attach(window)
        except BaseException:
            application.close()
            raise
        _set_window_icon(qt_app)
        if on_ready is not None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: on_ready(window))
        return application

    application: Application | None = None
    try:
        with loop:
            attaching = loop.create_task(attach_when_open())
            settled = loop.create_task(_until_closed_and_settled(closed))
            while not settled.done():
                try:
                    loop.run_until_complete(settled)
                except RuntimeError:
                    if settled.done():
                        raise
                    # QApplication.quit() ended the loop before the flows in flight settled:
                    # it runs again until they have.
                    closed.set()
            if attaching.done() and not attaching.cancelled():
                application = attaching.result()
    finally:
        if application is not None:
            application.close()
    if refused:
        return cannot_start(refused[0], window)
    return 0


def _load_event_loop() -> None:
    """Load asyncio and qasync a module a turn of Qt's own event loop, the window's parts
    (`MainWindow.parts`) between them: the sign-in form takes typing all along, where
    loading both at once held it for ~35 ms right after the paint."""
    import importlib
    from collections import deque

    from PySide6.QtCore import QEventLoop, QTimer

    modules = deque(("asyncio", "qasync"))
    failed: list[BaseException] = []
    waiting = QEventLoop()
    timer = QTimer(singleShot=True, interval=0)

    def next_module() -> None:
        try:
            importlib.import_module(modules.popleft())
        except BaseException as exc:  # noqa: BLE001 - raised again after the loop
            failed.append(exc)
            modules.clear()
        if modules:
            timer.start()
        else:
            waiting.quit()

    timer.timeout.connect(next_module)
    timer.start()
    waiting.exec()
    if failed:
        raise failed[0]


def _load_in_background() -> Future[None]:
    """Import the stores, the identity service and the composition root on a thread while
    the form waits for input: most of what opening a data dir costs is loading its modules.

    Nothing `desktop.composition` imports uses Qt (qasync, which the lanes import, is loaded
    by then), so the thread touches no Qt module, type or object. The data dir itself is
    opened on the GUI thread afterwards, so the lanes' threads start from it as they always
    have.
    """
    from concurrent.futures import Future  # after the first paint, like the rest

    future: Future[None] = Future()

    def work() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            import desktop.composition  # noqa: F401
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            future.set_exception(exc)
            return
        future.set_result(None)

    threading.Thread(target=work, name="load-modules", daemon=True).start()
    return future


def _import_login() -> None:
    import desktop.controllers.login  # noqa: F401


def _import_demo_devices() -> None:
    import desktop.controllers.demo_devices  # noqa: F401


def _key_sequences() -> None:
    from PySide6.QtGui import QKeySequence

    QKeySequence.StandardKey.Quit  # noqa: B018 - builds Qt's enum types now


_PRELOADS = (_import_login, _import_demo_devices, _key_sequences)
"""What attaching the window needs, loaded a turn each once the thread is done: on the GUI
thread while the thread still loaded the stores, importing a controller waited for the
thread's import of the modules they share (Python's import lock), holding the window
(and the keys typed into it) for hundreds of milliseconds."""


def _set_window_icon(qt_app: QApplication) -> None:
    from PySide6.QtGui import QIcon

    qt_app.setWindowIcon(QIcon(":/icons/app.svg"))


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
    loop = await _running_loop()
    pending = controller_work(loop)
    if pending:
        await asyncio.wait(pending, timeout=SETTLE_TIMEOUT_S)
    me = asyncio.current_task()
    rest = [task for task in asyncio.all_tasks(loop) if task is not me and not task.done()]
    for task in rest:
        task.cancel()
    if rest:
        await asyncio.gather(*rest, return_exceptions=True)


async def _running_loop() -> asyncio.AbstractEventLoop:
    """The running loop, once there is one again.

    `QApplication.quit()` closes the windows and ends `exec`; qasync then gives Qt one last
    pass with no loop running, and a step resumed there waits for `run` to start it again.
    """
    import asyncio

    while True:
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            await asyncio.sleep(0)
