"""Lock the window after 10 minutes without keyboard or mouse input (21 CFR 1311)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

IDLE_LOCK_SECONDS = 600
_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Signals:
    idle(): no input for `seconds`; the window should lock.
    """

    idle = Signal()

    def __init__(self, seconds: int = IDLE_LOCK_SECONDS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=seconds * 1000)
        self._timer.timeout.connect(self.idle)
        self._watching = False

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
            self._watching = False

    def poke(self) -> None:
        """Count as activity (a long sync in progress is not idleness)."""
        if self._watching:
            self._timer.start()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """While the GUI thread builds a screen: no input can arrive until the build ends (it
        holds the event loop's turn), and the new widgets' own events (children added,
        polished, laid out: hundreds a screen) skip a call into Python each, which made up
        half of a build's time."""
        app = QApplication.instance()
        if app is None or not self._watching:
            yield
            return
        app.removeEventFilter(self)
        try:
            yield
        finally:
            if self._watching:
                app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT:
            self._timer.start()
        return False


def open_windows(keep: Iterable[QWidget | None]) -> list[QWidget]:
    """Every visible window of the application but those in `keep`: the session's dialogs,
    message boxes and menus, wherever they were opened from."""
    kept = {id(window) for window in keep if window is not None}
    return [
        window
        for window in QApplication.topLevelWidgets()
        if window.isVisible() and id(window) not in kept
    ]


def in_flight(windows: Iterable[QWidget]) -> bool:
    """True when one of the dialogs is waiting on an answer (a signature or a code being
    checked): locking now would leave the step half done, so the lock waits for it."""
    for window in windows:
        controller = getattr(window, "controller", None)
        if controller is not None and bool(getattr(controller, "busy", False)):
            return True
    return False


def close_for_lock(windows: Iterable[QWidget]) -> None:
    """Close each window as its Cancel would: a dialog is rejected, so the action it was
    asking for never runs, and whoever opened it forgets it and its data. What is not a
    dialog (a menu, a tooltip) is closed."""
    for window in windows:
        if isinstance(window, QDialog):
            window.reject()
            if window.isVisible():  # a dialog that refuses Cancel still goes, unanswered
                window.done(QDialog.DialogCode.Rejected)
        else:
            window.close()
        window.hide()
