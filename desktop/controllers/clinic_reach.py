"""Whether the clinic database answers, for the status bar: "unreachable — retrying" while
it does not, and the database's name again once it does.

The store notices (`store.server_away.ServerReach`, told on the store's lane by every call
that loses or reaches the server); this controller brings the news to the GUI thread and,
while the server is away, asks it again every few seconds (one `SELECT 1` on the store's
lane, which reconnects), so the status bar says when work can go on before anyone presses
a button. A single desk has nothing to watch: the controller stays quiet.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot
from desktop.store.database import AppStore
from desktop.store.server_away import ServerReach

log = logging.getLogger(__name__)

RETRY_MS = 3_000


def _reach(store: AppStore) -> ServerReach | None:
    reach = getattr(store.sql, "reach", None)  # the clinic database's `PostgresSql` only
    return reach if isinstance(reach, ServerReach) else None


class ClinicReachController(QObject):
    """Signals:
    awayChanged(bool): True when the clinic database stopped answering; False once it
        answers again.
    """

    awayChanged = Signal(bool)
    _noticed = Signal(bool)  # from the store's lane, queued to the GUI thread

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._away = False
        self._asking = False
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.ask)
        self._noticed.connect(self._on_noticed)

    @property
    def away(self) -> bool:
        return self._away

    @async_slot()
    async def watch(self) -> None:
        """Start listening to the store (once it is open)."""
        try:
            reach = await self._context.store.run(_reach)
        except Exception:  # noqa: BLE001 - the store did not open: start-up said so
            log.debug("clinic reach not watched", exc_info=True)
            return
        if reach is None or self._watching:
            return
        self._watching = True
        undo = reach.subscribe(self._noticed.emit)
        self.destroyed.connect(lambda *_: undo())  # the store outlives the window
        if reach.away:
            self._on_noticed(True)

    @async_slot()
    async def ask(self) -> None:
        """Is the server back? One cheap call; a failure is already told through the reach."""
        if self._asking:
            return
        self._asking = True
        try:
            await self._context.store.run(lambda store: store.sql.execute("SELECT 1"))
        except Exception:  # noqa: BLE001 - still away (or closing): asked again later
            log.debug("the clinic database still does not answer", exc_info=True)
        finally:
            self._asking = False

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
