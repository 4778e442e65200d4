"""Patient search: the newest search wins, so typing fast never shows stale rows."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot
from desktop.domain.errors import generic_message
from desktop.domain.models import Patient

log = logging.getLogger(__name__)


class PatientsController(QObject):
    """Signals:
    patientsFound(list): `Patient` rows for the latest search, in name order.
    searchFailed(str): what went wrong, for the list's message line.
    patientChosen(object): the `Patient` the user opened Compose Rx for.
    """

    patientsFound = Signal(list)
    searchFailed = Signal(str)
    patientChosen = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self._current: list[Patient] = []

    @async_slot(str)
    async def search(self, text: str) -> None:
        self._generation += 1
        mine = self._generation
        try:
            found = await self._context.store.run(lambda s: s.search_patients(text))
        except Exception as exc:  # noqa: BLE001 - shown as a generic message, logged in full
            log.exception("patient search failed")
            if mine == self._generation:
                self.searchFailed.emit(str(generic_message(exc)))
            return
        if mine != self._generation:
            return
        self._current = found
        self.patientsFound.emit(found)

    def choose(self, index: int) -> None:
        if 0 <= index < len(self._current):
            self.patientChosen.emit(self._current[index])
