"""Other desks' changes, as a signal on the GUI thread: `ChangeSignals`.

The clinic database's change feed (`desktop.store.change_feed`) runs on a thread of its
own; `deliver` may be called from there, and the controllers hear `changed` on their
own thread, through Qt's queue. On a single desk nothing delivers, and nothing reloads.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal


class ChangeSignals(QObject):
    """Signals:
    changed(object): a frozenset of the topics ('prescriptions', 'patients') changed in
        the clinic database since the last time, by any desk (this one too).
    """

    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._arrived.connect(self._emit_here, Qt.ConnectionType.QueuedConnection)

    def deliver(self, topics: frozenset[str]) -> None:
        """From any thread: `changed` is emitted on this object's thread, later."""
        self._arrived.emit(frozenset(topics))

    def _emit_here(self, topics: frozenset[str]) -> None:
        self.changed.emit(topics)

    def watch(self, slot: Callable[[frozenset[str]], None]) -> Watch:
        """`slot` hears `changed` until the watch is stopped."""
        return Watch(self, slot)


class Watch:
    """One slot hearing `ChangeSignals.changed`; `active` until `stop()` (idempotent)."""

    def __init__(self, signals: ChangeSignals, slot: Callable[[frozenset[str]], None]) -> None:
        self._signals, self._slot = signals, slot
        signals.changed.connect(slot)
        self.active = True

    def stop(self) -> None:
        if self.active:
            self.active = False
            with contextlib.suppress(RuntimeError):  # the application closed first
                self._signals.changed.disconnect(self._slot)
