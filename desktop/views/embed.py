"""Screens are built the first time they are opened and placed into a page's layout; the
window's own parts are built after its first paint, a part a turn."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLayout, QWidget

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from PySide6.QtCore import QTimer


def embed(layout: QLayout, widget: QWidget) -> None:
    """Add and show at once: Qt would otherwise show it only on the next event-loop turn."""
    layout.addWidget(widget)
    widget.show()


class InTurns(QObject):
    """Building steps run one a turn of the event loop (`start`), or all at once (`finish`).

    Input, timers and painting are taken between two steps, so each step is the longest
    the window stops answering. A timer object, not `QTimer.singleShot(0)`: that one is a
    posted call, run before the turn's input and painting, so a chain of them would run as
    one stall.

    A step whose timer comes due late (the loop was busy since it was armed: a screen
    shown, a page painted, a coroutine woken) waits for the next pass once, so the timers
    that came due meanwhile (the window's own, input's) run before it rather than after.

    Signals:
    finished(): the last step ran.
    stepped(): one step ran, on its own turn (`start`).
    """

    finished = Signal()
    stepped = Signal()

    BUSY_S = 0.008
    """Armed this long before it ran, a step lets the timers due meanwhile go first."""

    def __init__(
        self,
        steps: Iterable[Callable[[], object]],
        parent: QObject,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        # A list, not a deque: a handful of steps, and naming `collections` here costs the
        # first paint ~0.4 ms (PySide's import hook reads the whole module once).
        self._steps = list(steps)
        self._timer: QTimer | None = None
        self._clock = clock
        self._armed_at = 0.0
        self._waited = False

    @property
    def done(self) -> bool:
        return not self._steps

    def start(self) -> None:
        if self._timer is None:
            # Here, not at the top: the window's first paint builds an InTurns but starts
            # it after, and Qt's QTimer type costs ~0.6 ms to load.
            from PySide6.QtCore import QTimer

            self._timer = QTimer(self, singleShot=True, interval=0)
            self._timer.timeout.connect(self._next)
        if self._steps:
            self._arm()

    def _arm(self) -> None:
        assert self._timer is not None
        self._armed_at = self._clock()
        self._timer.start()

    def add(self, steps: Iterable[Callable[[], object]]) -> None:
        """More steps after those queued, one a turn from the next."""
        self._steps.extend(steps)
        self.start()

    def drop(self) -> None:
        """The steps not run yet are not wanted any more."""
        self._steps.clear()

    def finish(self) -> None:
        """What is left, now."""
        if not self._steps:
            return
        while self._steps:
            self._steps.pop(0)()
        self.finished.emit()

    def _next(self) -> None:
        if not self._steps:
            return
        late = self._clock() - self._armed_at > self.BUSY_S
        if late and self._timer is not None and not self._waited:
            self._waited = True  # once: a loop busy for good still gets its steps run
            self._arm()
            return
        self._waited = False
        self._steps.pop(0)()
        if not self._steps:
            self.finished.emit()
        elif self._timer is not None:
            self._arm()
        self.stepped.emit()
