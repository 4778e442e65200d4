"""Patient search: the newest search wins, so typing fast never shows stale rows."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot
from desktop.domain.errors import generic_message
from desktop.domain.models import Patient
from desktop.store.database import AppStore

log = logging.getLogger(__name__)


class PatientsController(QObject):
    """Signals:
    patientsFound(list, object): `Patient` rows for the latest search, in name order, and a
        dict of how many prescriptions wait for a signature, by patient id (an object, as Qt
        would turn a dict into a map with text keys).
    searchFailed(str): what went wrong, for the list's message line.
    patientChosen(object): the `Patient` the user opened Compose Rx for.
    """

    patientsFound = Signal(list, object)
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
            found, waiting = await self._context.store.run(lambda s: _search(s, text))
        except Exception as exc:  # noqa: BLE001 - shown as a generic message, logged in full
            log.exception("patient search failed")
            if mine == self._generation:
                self.searchFailed.emit(str(generic_message(exc)))
            return
        if mine != self._generation:
            return
        self._current = found
        self.patientsFound.emit(found, waiting)

    @property
    def found(self) -> list[Patient]:
        """The rows of the latest search, as drawn."""
        return list(self._current)

    def choose(self, index: int) -> None:
        if 0 <= index < len(self._current):
            self.patientChosen.emit(self._current[index])


def _search(store: AppStore, text: str) -> tuple[list[Patient], dict[int, int]]:
    found = store.search_patients(text)
    return found, store.prescriptions.pending_counts([p.id for p in found])
