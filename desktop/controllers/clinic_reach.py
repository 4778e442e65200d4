"""Whether the clinic database answers, for the status bar: "unreachable — retrying" while
it does not, and the database's name again once it does.

The store notices (`store.server_away.ServerReach`, told on the store's lane by every call
that loses or reaches the server); this controller brings the news to the GUI thread and,
while the server is away, asks it again every few seconds (one `SELECT 1` on the store's
lane, which reconnects), so the status bar says when work can go on before anyone presses
a button. Both are posted to the lane without a task on the event loop: a window that
closes with its loop leaves nothing pending. A single desk has nothing to watch: the
controller stays quiet.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.controllers.context import AppContext
from desktop.store.database import AppStore
from desktop.store.server_away import ServerReach

log = logging.getLogger(__name__)

RETRY_MS = 3_000


def _ping(store: AppStore) -> None:
    try:
        store.sql.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - still away (the reach says so): asked again later
        log.debug("the clinic database still does not answer", exc_info=True)


class ClinicReachController(QObject):
    """Signals:
    awayChanged(bool): True when the clinic database stopped answering; False once it
        answers again.
    """

    awayChanged = Signal(bool)
    _noticed = Signal(bool)  # emitted on the store's lane, queued to the GUI thread

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._away = False
        self._watching = False
        self._asking = threading.Event()
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.ask)
        self._noticed.connect(self._on_noticed)

    @property
    def away(self) -> bool:
        return self._away

    def watch(self) -> None:
        """Listen to the store's reach (subscribed on the lane, where the store lives)."""
        if self._watching:
            return
        self._watching = True
        alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())  # the store outlives the window
        noticed = self._noticed

        def tell(away: bool) -> None:
            if alive:
                noticed.emit(away)

        def subscribe(store: AppStore) -> None:
            reach = getattr(store.sql, "reach", None)  # the clinic database's `PostgresSql`
            if isinstance(reach, ServerReach):
                reach.subscribe(tell)
                if reach.away:
                    tell(True)

        self._context.store.post(subscribe)

    def ask(self) -> None:
        """Is the server back? One cheap call at a time; its answer comes through the reach."""
        if self._asking.is_set():
            return  # the last one still waits for the server (up to the connect timeout)
        self._asking.set()
        asking = self._asking

        def ping(store: AppStore) -> None:
            try:
                _ping(store)
            finally:
                asking.clear()

        self._context.store.post(ping)

    def stop(self) -> None:
        self._timer.stop()

    def _on_noticed(self, away: bool) -> None:
        if away:
            self._timer.start()
        else:
            self._timer.stop()
        if away != self._away:
            self._away = away
            self.awayChanged.emit(away)
