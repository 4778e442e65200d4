"""Admin > People: practice administrators add, change, deactivate and unlock people.

Values are checked as they are typed (`problems`, pure domain rules) and again on Save.
A new prescriber gets an identity-service account under their username, created here
when the service lets the application create accounts (the embedded one does; a clinic's
privacyIDEA reads accounts from the clinic's user store), with their mobile phone for
step-up codes when one is typed. Only then is the person written, with their audit
entry, on the store's lane. A new person's one-time password is made here and shown once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.epcs_notices import notify_ended
from desktop.controllers.flow import FlowController
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.access_control import Grant
from desktop.domain.models import Phone, PhoneChannel, User
from desktop.domain.people import PersonDetails, PersonForm, PersonRow, new_one_time_password
from desktop.exostar.base import AccountProvisioning, PhoneConfirmationLocks
from desktop.store import people
from desktop.store.database import AppStore

log = logging.getLogger(__name__)
PHONE_ID = "mobile"
PHONE_CHANNELS = (PhoneChannel.SMS, PhoneChannel.VOICE)


class PeopleController(FlowController):
    """Signals:
    peopleLoaded(list): `PersonRow`s, active people first.
    busyChanged(bool): a change is being written; the form takes no other.
    saved(object, str): the `User` added or changed, and their one-time password
        (shown once; "" for a change).
    changed(str): what a deactivation, reactivation, unlock or new one-time password did.
    oneTimePassword(str, str): a person's name and the one-time password just issued.
    problemsFound(dict): field name -> what is wrong, after Save with a bad value.
    phoneLocksLoaded(list): usernames whose phone confirmation is locked (100 wrong codes).
    failed(object): a `Refusal`: why the change was not made, and what to do.
    """

    peopleLoaded = Signal(list)
    saved = Signal(object, str)
    changed = Signal(str)
    oneTimePassword = Signal(str, str)
    problemsFound = Signal(dict)
    phoneLocksLoaded = Signal(list)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.people: list[PersonRow] = []
        self.phone_locked: set[str] = set()
        """Usernames whose phone confirmation is locked after 100 wrong codes in a row."""

    @property
    def provisions_accounts(self) -> bool:
        """Can a prescriber's identity account (and phone) be made from this screen?"""
        return isinstance(self._context.identity, AccountProvisioning)

    def problems(self, form: PersonForm) -> dict[str, str]:
        """What is wrong with the form as it stands (pure: called as it is typed)."""
        found = form.problems(dt.date.today())
        if form.mobile.strip() and form.prescriber and not self.provisions_accounts:
            found["mobile"] = (
                f"Phones are kept by the clinic's identity service "
                f"({self._context.identity.name}): add the number there."
            )
        return found

    @async_slot()
    async def load(self) -> None:
        await self._load()

    async def _load(self) -> None:
        async with self.flow("People: reading the list", busy=False) as run:
            rows: list[PersonRow] = await self._context.store.run(people.list_people)
        if run.refused:
            return
        self.people = rows
        self.peopleLoaded.emit(rows)
        await self._load_phone_locks(rows)

    async def _load_phone_locks(self, rows: list[PersonRow]) -> None:
        """Whose phone confirmation the identity service holds locked; none if it cannot say."""
        identity = self._context.identity
        if not isinstance(identity, PhoneConfirmationLocks):
            return
        locks: PhoneConfirmationLocks = identity
        accounts = {row.exostar_account: row.username for row in rows if row.exostar_account}

        def locked() -> list[str]:
            return [
                user
                for account, user in accounts.items()
                if locks.phone_confirmation_locked(account)
            ]

        try:
            usernames: list[str] = await on_lane(identity.lane, locked)
        except Exception as exc:  # noqa: BLE001 - the list stands; the locks are not shown
            log.warning("People: phone locks could not be read (%s)", type(exc).__name__)
            return
        self.phone_locked = set(usernames)
        self.phoneLocksLoaded.emit(usernames)

    @async_slot(str)
    async def unlock_phone(self, username: str) -> None:
        """Lift the lock on someone's phone confirmation, recorded in the audit log first."""
        identity = self._context.identity
        row = next((p for p in self.people if p.username == username), None)
        account = row.exostar_account if row is not None else None
        if not isinstance(identity, PhoneConfirmationLocks) or row is None or not account:
            self.decline("This person has no phone confirmation to unlock.", "no_phone_lock")
            return
        locks: PhoneConfirmationLocks = identity
        unlocked: str = account
        name = row.display_name
        actor = self._context.require_user().username

        async def run() -> None:
            await self._context.store.run(lambda s: people.record_phone_unlock(s, actor, username))
            await on_lane(identity.lane, locks.unlock_phone_confirmation, unlocked)
            log.info("phone confirmation of %s unlocked by %s", username, actor)
            self.changed.emit(
                f"{name}'s phone confirmation is unlocked; they can ask for a code again."
            )

        await self._run(run)

    @async_slot(object, bool)
    async def save(self, form: PersonForm, editing: bool) -> None:
        if self.busy:
            return
        found = self.problems(form)
        if found:
            self.problemsFound.emit(found)
            return
        details = form.details()
        actor = self._context.require_user().username
        await self._run(lambda: self._save(details, editing, actor))

    async def _save(self, details: PersonDetails, editing: bool, actor: str) -> None:
        store = self._context.store
        before: User | None = await store.run(lambda s: people.get_person(s, details.username))
        if before is None and editing:
            raise people.PeopleRefused(f"There is nobody with the username {details.username}.")
        if before is not None and not editing:
            state = "" if before.active else ", deactivated"
            raise people.PeopleRefused(
                f"The username {details.username} is already taken ({before.display_name}{state}).",
                "Choose another username; a deactivated person can be reactivated instead.",
            )
        account = before.exostar_account if before is not None else None
        if details.prescriber is not None and account is None:
            account = details.username
        if details.prescriber is not None and account is not None:
            await self._provision(account, details)
        one_time = "" if editing else new_one_time_password()
        user: User = await store.run(lambda s: _write(s, actor, details, account, one_time))
        log.info("%s %s by %s", details.username, "changed" if editing else "added", actor)
        self.saved.emit(user, one_time)
        if one_time:
            self.oneTimePassword.emit(user.display_name, one_time)

    async def _provision(self, account: str, details: PersonDetails) -> None:
        """The prescriber's identity account, and their mobile phone for step-up codes."""
        identity = self._context.identity
        if not isinstance(identity, AccountProvisioning):
            return  # the clinic's server holds the account under the same username
        provisioning: AccountProvisioning = identity
        await on_lane(identity.lane, provisioning.ensure_account, account, details.display_name)
        if not details.mobile:
            return
        phones: list[Phone] = await on_lane(identity.lane, provisioning.list_phones_if_any, account)
        if any(phone.number == details.mobile for phone in phones):
            return  # already bound (a retry after an earlier attempt stopped)
        if phones:
            raise people.PeopleRefused(
                f"{details.display_name} already has a phone for codes, {phones[0].masked}.",
                "A phone bound to an account is changed only with a code sent to it: leave the "
                "mobile number empty here.",
            )
        await on_lane(
            identity.lane,
            provisioning.ensure_phone,
            account,
            PHONE_ID,
            details.mobile,
            PHONE_CHANNELS,
        )

    @async_slot(str)
    async def deactivate(self, username: str) -> None:
        ended: list[Grant] = []
        if await self._change(
            username,
            lambda s, actor: ended.extend(people.deactivate(s, actor, username)),
            "{name} is deactivated: they cannot sign in, and their history stays.",
        ):
            await notify_ended(self._context, ended)

    @async_slot(str)
    async def reactivate(self, username: str) -> None:
        await self._change(
            username,
            lambda s, actor: people.set_active(s, actor, username, True),
            "{name} is active again and can sign in.",
        )

    @async_slot(str)
    async def unlock(self, username: str) -> None:
        await self._change(
            username,
            lambda s, actor: people.unlock(s, actor, username),
            "{name} is unlocked; the count of wrong passwords starts again.",
        )

    @async_slot(str)
    async def reset_password(self, username: str) -> None:
        one_time = new_one_time_password()
        done = await self._change(
            username,
            lambda s, actor: people.reset_password(s, actor, username, one_time),
            "{name} has a new one-time password, and any lock is lifted.",
        )
        if done:
            self.oneTimePassword.emit(self._name(username), one_time)

    async def _change(
        self, username: str, change: Callable[[AppStore, str], Any], words: str
    ) -> bool:
        actor = self._context.require_user().username

        async def run() -> None:
            await self._context.store.run(lambda s: change(s, actor))
            self.changed.emit(words.format(name=self._name(username)))

        return await self._run(run)

    def _name(self, username: str) -> str:
        row = next((p for p in self.people if p.username == username), None)
        return row.display_name if row else username

    async def _run(self, work: Callable[[], Awaitable[None]]) -> bool:
        """Run one change, busy meanwhile; then read the list again. False if refused."""
        if self.busy:
            return False
        if not self._context.require_user().is_practice_admin:
            self.decline("Only a practice administrator can change people.", "not_a_practice_admin")
            return False
        async with self.flow("People: a change") as run:
            await work()
            await self._load()  # still busy: the list shows the change before the next one starts
        return not run.refused


def _write(
    store: AppStore, actor: str, details: PersonDetails, account: str | None, one_time: str
) -> User:
    if one_time:
        return people.add_person(store, actor, details, one_time, account)
    return people.update_person(store, actor, details, account)
