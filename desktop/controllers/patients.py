"""Patient search: the newest search wins, so typing fast never shows stale rows.

On a clinic's workstation the list searches again by itself when any desk changes patients
or prescriptions (`AppContext.changes`), so how many prescriptions wait per patient is
current without a click.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController
from desktop.controllers.lanes import async_slot
from desktop.domain.models import Patient
from desktop.store.change_topics import PATIENTS, PRESCRIPTIONS
from desktop.store.database import AppStore


class PatientsController(FlowController):
    """Signals:
    patientsFound(list, object): `Patient` rows for the latest search, in name order, and a
        dict of how many prescriptions wait for a signature, by patient id (an object, as Qt
        would turn a dict into a map with text keys).
    failed(object): a `Refusal`: what went wrong, for the list's message line.
    patientChosen(object): the `Patient` the user opened Compose Rx for.
    """

    patientsFound = Signal(list, object)
    patientChosen = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self._current: list[Patient] = []
        self._text: str | None = None
        """The latest search asked for (None: none yet)."""
        self._watch = context.changes.watch(self._on_changes)

    def stop_watching(self) -> None:
        """Its screen is gone: other desks' changes search nothing here any more."""
        self._watch.stop()

    @async_slot(str)
    async def search(self, text: str) -> None:
        await self._search(text)

    def _on_changes(self, topics: frozenset[str]) -> None:
        if self._watch.active and topics & {PATIENTS, PRESCRIPTIONS} and self._text is not None:
            if self._context.user is not None:
                self.search_again()

    @async_slot()
    async def search_again(self) -> None:
        """The latest search once more, quietly (another desk changed what it shows)."""
        if self._text is not None:
            await self._search(self._text, quiet=True)

    async def _search(self, text: str, *, quiet: bool = False) -> None:
        self._text = text
        self._generation += 1
        mine = self._generation
        async with self.flow(
            "patient search", busy=False, wanted=lambda: mine == self._generation and not quiet
        ) as run:
            found, waiting = await self._context.store.run(lambda s: _search(s, text))
        if run.refused or mine != self._generation:
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
