"""Compose Rx: the formulary, the patient's pending list, and who may sign it.

Everything that reads or writes runs on the store lane (the formulary file too: it is
I/O). Adding ignores re-entry itself, so a double click, Enter held down or a script
calling twice adds one prescription. Results for a patient who is no longer on screen
are dropped: a slow load never paints another patient's prescriptions.

On a clinic's workstation the list reloads by itself when any desk changes prescriptions
(`AppContext.changes`): what the front desk adds at another desk appears here within a
second or two, with nothing typed in the form lost.

Each add carries an idempotency key (`store.write_keys`). When the clinic database did not
answer it, the same add pressed again sends the same key: if the first one was kept after
all (its answer lost on the network), that prescription comes back instead of a second.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.flow import UNEXPECTED, FlowController, Refusal, Refused
from desktop.controllers.lanes import async_slot
from desktop.domain.errors import generic_message
from desktop.domain.formulary import Medication, load_formulary
from desktop.domain.models import Patient
from desktop.domain.prescriptions import InvalidPrescription, Prescription, RxDraft, validate_draft
from desktop.store.change_topics import PRESCRIPTIONS
from desktop.store.server_away import SERVER_AWAY, server_away_behind

if TYPE_CHECKING:
    from desktop.store.database import AppStore

log = logging.getLogger(__name__)

FRONT_DESK_CANNOT_SIGN = (
    "Only the prescriber can sign. Prescriptions you prepare wait for the doctor's signature."
)
NOTHING_PENDING = "Nothing is waiting for a signature: add a prescription to the pending list."
NO_PATIENT = "Open a patient first."


ReadBack = tuple[list[Prescription], dict[str, str]]
"""A patient's prescriptions, and their signers' names by username."""


@dataclass(frozen=True)
class LeftPending:
    """A prescription pending here that another desk signed (`row`, `signer`: their name as
    on file) or took off the list (`row` None)."""

    row: Prescription | None
    signer: str = ""


class ComposeRxController(FlowController):
    """Signals:
    formularyLoaded(list): every `Medication` in the formulary, in file order.
    prescriptionsLoaded(list): the patient's `Prescription`s: pending first (in the order
        they were added), then the rest, newest first.
    added(object): the `Prescription` just added to the pending list.
    removed(object): the `Prescription` just taken off the pending list.
    leftPending(object): before a reload that another desk's change brought: the id of each
        prescription that was pending here and no longer is -> a `LeftPending` (its row now
        and who signed it); a dict, as an object (Qt would make its keys text).
        `prescriptionsLoaded` follows.
    invalid(dict): field name ('medication', 'sig', 'quantity', 'refills') -> what is wrong.
    failed(object): a `Refusal` for the tab's message line; nothing typed was lost.
    busyChanged(bool): an add or a remove is in flight.
    """

    formularyLoaded = Signal(list)
    prescriptionsLoaded = Signal(list)
    added = Signal(object)
    removed = Signal(object)
    leftPending = Signal(object)
    invalid = Signal(dict)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._formulary: dict[str, Medication] = {}
        self._by_display: dict[str, Medication] = {}
        self._patient: Patient | None = None
        self._generation = 0
        self._prescriptions: list[Prescription] = []
        self._removed_here: set[int] = set()
        self._unanswered: tuple[tuple[object, ...], str] | None = None
        """The last add the clinic database did not answer, and its idempotency key."""
        self._watch = context.changes.watch(self._on_changes)

    def stop_watching(self) -> None:
        """Its screen is gone: other desks' changes reload nothing here any more."""
        self._watch.stop()

    @property
    def patient(self) -> Patient | None:
        return self._patient

    @property
    def formulary(self) -> list[Medication]:
        return list(self._formulary.values())

    @property
    def prescriptions(self) -> list[Prescription]:
        return list(self._prescriptions)

    @property
    def pending(self) -> list[Prescription]:
        """What a signature would cover now: the patient's pending prescriptions, in order."""
        return [rx for rx in self._prescriptions if rx.pending]

    @property
    def user_may_sign(self) -> bool:
        """Front-desk staff prepare prescriptions; only the prescriber signs them."""
        user = self._context.user
        return user is not None and user.may_sign

    def medication(self, medication_id: str) -> Medication | None:
        return self._formulary.get(medication_id)

    def find_medication(self, text: str) -> Medication | None:
        """The formulary entry whose display text was chosen or typed in full (any case)."""
        return self._by_display.get(" ".join(text.split()).lower())

    def can_sign(self) -> tuple[bool, str]:
        """Whether the signed-in user may sign this patient's pending list now, and if not why."""
        if not self.user_may_sign:
            return False, FRONT_DESK_CANNOT_SIGN
        if self._patient is None:
            return False, NO_PATIENT
        if not self.pending:
            return False, NOTHING_PENDING
        return True, ""

    @async_slot()
    async def load_formulary(self) -> None:
        if self._formulary:
            self.formularyLoaded.emit(self.formulary)
            return
        async with self.flow("loading the formulary", busy=False) as run:
            try:
                meds = await self._context.store.run(lambda _store: load_formulary())
            except Exception as exc:  # a damaged release: logged, shown generically
                log.exception("the formulary could not be loaded")
                words = generic_message(exc)
                raise Refused(
                    Refusal(
                        f"The medication list could not be loaded. {words.message}",
                        UNEXPECTED,
                        words.next_step,
                    )
                ) from exc
        if run.refused:
            return
        self._formulary = {med.id: med for med in meds}
        self._by_display = {med.display.lower(): med for med in meds}
        self.formularyLoaded.emit(meds)

    def set_patient(self, patient: Patient) -> None:
        """Show `patient`'s prescriptions; a load still running for the last one is ignored."""
        if self._patient != patient:
            self._generation += 1
            self._prescriptions = []
        self._patient = patient
        self.load()

    @async_slot()
    async def load(self) -> None:
        await self._reload()

    def _on_changes(self, topics: frozenset[str]) -> None:
        if self._watch.active and PRESCRIPTIONS in topics and self._context.user is not None:
            self.reload_changed()

    @async_slot()
    async def reload_changed(self) -> None:
        """Another desk changed prescriptions: read this patient's again, quietly (a
        failure is logged; the next change, or the user's next step, tries again)."""
        await self._reload(elsewhere=True)

    async def _reload(self, *, elsewhere: bool = False) -> None:
        patient = self._patient
        if patient is None:
            return
        mine = self._generation
        async with self.flow(
            "loading prescriptions",
            busy=False,
            wanted=lambda: mine == self._generation and not elsewhere,
        ) as run:
            found, signers = await self._context.store.run(
                lambda store: self._read(store, patient.id, names=elsewhere)
            )
        if run.refused or mine != self._generation:
            return
        pending = sorted((rx for rx in found if rx.pending), key=lambda rx: rx.id)
        if elsewhere:
            still = {rx.id for rx in pending}
            now = {rx.id: rx for rx in found}
            known = still | self._removed_here
            gone = [rx.id for rx in self.pending if rx.id not in known]
            left = {
                rx_id: LeftPending(row, signers.get(row.signed_by or "", "") if row else "")
                for rx_id in gone
                for row in [now.get(rx_id)]
            }
            if left:
                self.leftPending.emit(left)
        self._prescriptions = pending + [rx for rx in found if not rx.pending]
        self.prescriptionsLoaded.emit(self.prescriptions)

    @staticmethod
    def _read(store: AppStore, patient_id: int, *, names: bool) -> ReadBack:
        """The patient's prescriptions; with `names`, each signer's name as on file."""
        found = store.prescriptions.for_patient(patient_id)
        signers: dict[str, str] = {}
        for username in {rx.signed_by for rx in found if rx.signed_by} if names else ():
            on_file = store.prescriptions.prescriber(username)
            signers[username] = on_file.name if on_file else username
        return found, signers

    @async_slot(str, str, str, int)
    async def add(self, medication_id: str, sig: str, quantity_text: str, refills: int) -> None:
        if self.busy:
            return  # a second click, Enter held down, a script: the first add stands
        patient, user = self._patient, self._context.user
        if patient is None or user is None:
            self.decline(NO_PATIENT, "no_patient")
            return
        draft = RxDraft(self._formulary.get(medication_id), sig, quantity_text, refills)
        problems = validate_draft(draft)
        if problems:
            self.invalid.emit(problems)
            return
        attempt = (patient.id, medication_id, sig, quantity_text, refills)
        key = self._retry_key(attempt)
        refused: InvalidPrescription | None = None
        async with self.flow("adding a prescription") as run:
            try:
                rx = await self._context.store.run(
                    lambda store: store.prescriptions.add(patient.id, draft, user.username, key=key)
                )
            except InvalidPrescription as exc:
                refused = exc  # said at the fields, not as a refusal
        if refused is not None:
            self.invalid.emit(refused.problems)
            return
        if run.refusal is not None and run.refusal.code == SERVER_AWAY:
            self._unanswered = (attempt, key)  # the same add again reuses its key
        if run.refused:
            return
        self._unanswered = None
        self.added.emit(rx)
        await self._reload()

    def _retry_key(self, attempt: tuple[object, ...]) -> str:
        """The idempotency key of this add or removal: the key of the last one the clinic
        database did not answer when this is the same again (it may have been kept), else a
        new one."""
        if self._unanswered is not None and self._unanswered[0] == attempt:
            return self._unanswered[1]
        return uuid.uuid4().hex

    def refusal(self, exc: Exception, what: str) -> Refusal:
        away = server_away_behind(exc)
        if away is not None and what == "adding a prescription":
            return super().refusal(away.because("the prescription was not saved"), what)
        if away is not None and what == "removing a prescription":
            return super().refusal(away.because("the prescription was not removed"), what)
        if away is not None and what == "loading prescriptions":
            return super().refusal(away.because("the prescriptions could not be loaded"), what)
        return super().refusal(exc, what)

    @async_slot(int)
    async def remove(self, rx_id: int) -> None:
        """Take a pending prescription off the list (a signed one stays on the record)."""
        patient = self._patient
        if self.busy or patient is None:
            return
        gone = next((rx for rx in self._prescriptions if rx.id == rx_id), None)
        self._removed_here.add(rx_id)  # its leaving is no news from another desk
        attempt = ("remove", patient.id, rx_id)
        key = self._retry_key(attempt)
        async with self.flow("removing a prescription") as run:
            await self._context.store.run(
                lambda store: store.prescriptions.remove_pending(rx_id, patient.id, key=key)
            )
        if run.refusal is not None and run.refusal.code == SERVER_AWAY:
            self._unanswered = (attempt, key)  # removing it again reuses its key
        elif not run.refused:
            self._unanswered = None
        if not run.refused and gone is not None:
            self.removed.emit(gone)
        await self._reload()
