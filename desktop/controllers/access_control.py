"""EPCS Access Control: designations, and grants in two steps (21 CFR 1311.125).

Each change runs on the store's lane and commits with its audit entry. Approving (a
grant, or a revocation) is the second step and needs two factors on the spot: the
approver's password, checked on the store's lane, then a code from their own synced
token, checked by the identity service on its lane as a signature's is. The rules are
checked before the code is spent, and again in the transaction that approves.

Every step is told to the prescriber's phone through the identity service (`notify`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController, Refusal
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.access_control import (
    Designation,
    Grant,
    GrantEntry,
    GrantState,
    approve_problem,
    designation_problem,
    designee_problem,
    is_registrant,
    notice,
    refuse_problem,
    revoke_problem,
)
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import AuditUnavailable, LoginFailed
from desktop.domain.models import Role, TokenStatus, User
from desktop.domain.token_form import digits_only
from desktop.exostar.base import AdapterError, SigningCheck
from desktop.store import audited
from desktop.store.database import AppStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DesignatedPerson:
    user: User
    designation: Designation
    registrant: bool
    token_synced: bool | None
    """None: not a prescriber with an identity account, or the service could not say."""


@dataclass(frozen=True)
class AccessOverview:
    """What the screen shows, and what the signed-in person may do with it."""

    actor: User
    today: dt.date
    people: Mapping[str, User]
    designated: list[DesignatedPerson]
    grants: list[Grant]
    problem: str
    """Why nothing can be granted now (fewer than two designated...), or ""."""
    ended_now: list[Grant] = field(default_factory=list)

    def name(self, username: str | None) -> str:
        person = self.people.get(username or "")
        return person.display_name if person is not None else (username or "\u2014")

    @property
    def can_grant(self) -> bool:
        """Enough people are designated, one a DEA registrant (tokens aside)."""
        return not designation_problem(self.designated_users, self.today)

    @property
    def designated_users(self) -> list[User]:
        return [person.user for person in self.designated]

    @property
    def candidates(self) -> list[User]:
        """Active people who are not designated yet."""
        taken = {person.user.username for person in self.designated}
        return [u for u in self.people.values() if u.active and u.username not in taken]

    @property
    def grantable(self) -> list[User]:
        """Active prescribers with a DEA registration and no live grant."""
        live = {grant.prescriber for grant in self.grants if grant.state.live}
        return [
            u
            for u in self.people.values()
            if u.active and u.has(Role.PRESCRIBER) and u.prescriber and u.username not in live
        ]

    def enter_problem(self) -> str:
        problem = designee_problem(self.actor, self.designated_users, self.today)
        if problem:
            return problem
        return "" if self.grantable else "Every prescriber already has a pending or active grant."

    def approve_problem(self, grant: Grant) -> str:
        problem = approve_problem(self.actor, grant, self.designated_users, self.today)
        if problem:
            return problem
        mine = next((p for p in self.designated if p.user.username == self.actor.username), None)
        if mine is not None and mine.token_synced is False:
            return (
                "Your hardware token is not synced: sync it under EPCS Device Management, then "
                "approve with a code from it."
            )
        return ""

    def refuse_problem(self, grant: Grant) -> str:
        return refuse_problem(self.actor, grant, self.designated_users, "a reason")

    def revoke_problem(self, grant: Grant) -> str:
        return revoke_problem(self.actor, grant, self.designated_users, "a reason", self.today)


class AccessControlController(FlowController):
    """Signals:
    loaded(object): an `AccessOverview`.
    busyChanged(bool): a change is in flight.
    changed(str): a change was made; what, in words.
    failed(object): a `Refusal`: why not and what to do, and a reason code.
    """

    loaded = Signal(object)
    changed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.overview: AccessOverview | None = None
        self.code_spent = False
        """The last approval's token code reached the identity service (clear it)."""

    @async_slot()
    async def load(self) -> None:
        await self._load()

    async def _load(self) -> None:
        actor = self._context.require_user()
        today = dt.date.today()
        async with self.flow("reading EPCS access control", busy=False) as run:
            overview = await self._context.store.run(lambda s: _read(s, actor.username, today))
            overview = await self._with_tokens(overview)
        if run.refused:
            return
        await notify_ended(self._context, overview.ended_now, overview.people)
        self.overview = overview
        self.loaded.emit(overview)

    @async_slot(str)
    async def designate(self, username: str) -> None:
        actor = self._context.require_user().username
        await self._change(
            lambda s: s.access_control.designate(actor, username),
            lambda _r, people: f"{_name(people, username)} is now designated.",
        )

    @async_slot(str)
    async def undesignate(self, username: str) -> None:
        actor = self._context.require_user().username
        await self._change(
            lambda s: s.access_control.undesignate(actor, username),
            lambda _r, people: f"{_name(people, username)} is no longer designated.",
        )

    @async_slot(object)
    async def enter_grant(self, entry: GrantEntry) -> None:
        actor = self._context.require_user().username
        today = dt.date.today()
        await self._change(
            lambda s: s.access_control.enter(actor, entry, today),
            lambda g, people: (
                f"Permission for {_name(people, g.prescriber)} is entered. It takes effect when "
                "a second designated person, a DEA registrant, approves it with their token."
            ),
            AuditEvent.EPCS_GRANT_ENTERED,
        )

    @async_slot(int, str)
    async def refuse(self, grant_id: int, reason: str) -> None:
        actor = self._context.require_user().username
        await self._change(
            lambda s: s.access_control.refuse(actor, grant_id, reason),
            lambda g, people: (
                f"Refused: {_name(people, g.prescriber)}'s permission "
                + ("stays in effect." if g.state is GrantState.ACTIVE else "was not granted.")
            ),
            AuditEvent.EPCS_GRANT_REFUSED,
            reason=reason.strip(),
        )

    @async_slot(int, str)
    async def enter_revocation(self, grant_id: int, reason: str) -> None:
        actor = self._context.require_user().username
        today = dt.date.today()
        await self._change(
            lambda s: s.access_control.enter_revocation(actor, grant_id, reason, today),
            lambda g, people: (
                f"Revocation of {_name(people, g.prescriber)}'s permission is entered. It takes "
                "effect when a second designated person, a DEA registrant, executes it."
            ),
            AuditEvent.EPCS_REVOCATION_ENTERED,
        )

    @async_slot(int, str, str)
    async def approve(self, grant_id: int, password: str, code: str) -> None:
        """The second step, for a pending grant or a pending revocation, with two factors."""
        if self.busy:
            return
        user = self._context.require_user()
        self.code_spent = False
        typed = digits_only(code)
        if not password:
            self.decline("Type your password.", "password_missing")
            return
        if len(typed) != 6:
            self.decline(
                "Press your token's button and type the 6 digits it shows.", "code_missing"
            )
            return
        today = dt.date.today()

        async def record(exc: Exception) -> str:
            return await self._record_refusal(grant_id, exc)

        async with self.flow("approving", record=record) as run:
            await self._context.store.run(
                lambda s: _check_approver(s, user.username, password, grant_id, today)
            )
            identity = self._context.identity
            self.code_spent = True
            check: SigningCheck = await on_lane(
                identity.lane, identity.verify_signing_code, user.exostar_account or "", typed
            )
            before, after, people = await self._context.store.run(
                lambda s: _approve(s, user.username, grant_id, today, check.serial)
            )
        if run.refused:
            return
        event = (
            AuditEvent.EPCS_GRANT_APPROVED
            if after.state is GrantState.ACTIVE
            else AuditEvent.EPCS_GRANT_REVOKED
        )
        await notify(
            self._context,
            people.get(after.prescriber),
            notice(event, after, people, user.username, step_entered_by=before.step_entered_by),
        )
        who = _name(people, after.prescriber)
        self.changed.emit(
            f"Approved: {who} may now sign controlled substances."
            if event is AuditEvent.EPCS_GRANT_APPROVED
            else f"Revoked: {who} may no longer sign controlled substances."
        )
        await self._load()

    # internals ---------------------------------------------------------------------
    async def _change(
        self,
        change: Callable[[AppStore], object],
        said: Callable[[Any, Mapping[str, User]], str],
        event: AuditEvent | None = None,
        *,
        reason: str = "",
    ) -> None:
        if self.busy:
            return
        actor = self._context.require_user().username
        async with self.flow("changing EPCS access control") as run:
            result, people = await self._context.store.run(
                lambda s: (change(s), s.access_control.users())
            )
        if run.refused:
            return
        grant = result if isinstance(result, Grant) else None
        if grant is not None and event is not None:
            text = notice(event, grant, people, actor, reason=reason)
            await notify(self._context, people.get(grant.prescriber), text)
        self.changed.emit(said(result, people))
        await self._load()

    async def _with_tokens(self, overview: AccessOverview) -> AccessOverview:
        """Ask the identity service which designated prescribers have a synced token."""
        identity = self._context.identity
        people = []
        for person in overview.designated:
            account = person.user.exostar_account
            synced: bool | None = None
            if account and person.user.has(Role.PRESCRIBER):
                try:
                    tokens = await on_lane(identity.lane, identity.list_tokens, account)
                    synced = any(t.status is TokenStatus.ACTIVE for t in tokens)
                except AdapterError as exc:
                    log.info("tokens of %s not read: %s", account, exc.code)
            people.append(
                DesignatedPerson(person.user, person.designation, person.registrant, synced)
            )
        synced_names = {p.user.username for p in people if p.token_synced is not False}
        problem = designation_problem([p.user for p in people], overview.today, synced_names)
        return AccessOverview(
            overview.actor,
            overview.today,
            overview.people,
            people,
            overview.grants,
            problem,
            overview.ended_now,
        )

    async def _record_refusal(self, grant_id: int, exc: Exception) -> str:
        """Record a refused approval (1311.150); words to add if even that cannot be written."""
        code = _code(exc)
        if isinstance(exc, AuditUnavailable) or code == "no_such_grant":
            return ""
        actor = self._context.require_user().username
        try:
            await self._context.store.run(
                lambda s: s.access_control.record_failed_approval(actor, grant_id, code)
            )
            if isinstance(exc, AdapterError) and exc.details.get("locked_now"):
                await audit_trail.record(
                    self._context,
                    AuditEvent.TOKEN_LOCKED,
                    Outcome.FAILURE,
                    token_serial=str(exc.details.get("serial") or ""),
                    reason="too many wrong codes",
                )
        except Exception as unrecorded:  # noqa: BLE001 - the refusal stands either way
            problem = audited.unavailable(unrecorded)
            log.warning("refused approval not recorded: %s", problem.why)
            return problem.note()
        return ""

    def refusal(self, exc: Exception, what: str) -> Refusal:
        """Access control's words: the password, and what the log's trouble stopped."""
        if isinstance(exc, LoginFailed):
            return Refusal(
                "That password is not right.", _code(exc), "Type it again.", self.code_spent
            )
        if isinstance(exc, AuditUnavailable):
            refusal = Refusal.of(exc.because("nothing was changed"), what, sent=self.code_spent)
            if self.code_spent:
                refusal = refusal.noted(
                    "The code from your token was used: press its button for a new one."
                )
            return refusal
        return Refusal.of(exc, what, sent=self.code_spent)


async def notify(context: AppContext, prescriber: User | None, text: str) -> None:
    """Tell the prescriber's phone; a notice never undoes what it reports."""
    if prescriber is None or not prescriber.exostar_account:
        return
    identity = context.identity
    try:
        await on_lane(identity.lane, identity.send_notice, prescriber.exostar_account, text)
    except Exception:  # noqa: BLE001 - logged; the change and its audit entry stand
        log.warning("notice to %s not sent", prescriber.username, exc_info=True)


async def notify_ended(
    context: AppContext, grants: Sequence[Grant], people: Mapping[str, User] | None = None
) -> None:
    """Tell each prescriber whose grant ended (`AccessControl.end_grants_for`, `settle`)."""
    if not grants:
        return
    if people is None:
        people = await context.store.run(lambda s: s.access_control.users())
    for grant in grants:
        text = notice(AuditEvent.EPCS_GRANT_ENDED, grant, people, grant.ended_by)
        await notify(context, people.get(grant.prescriber), text)


def _read(store: AppStore, actor: str, today: dt.date) -> AccessOverview:
    access = store.access_control
    ended_now = access.settle(today, actor)
    people = access.users()
    designated = [
        DesignatedPerson(people[d.username], d, is_registrant(people[d.username], today), None)
        for d in access.designations()
        if d.username in people
    ]
    problem = designation_problem([p.user for p in designated], today)
    return AccessOverview(
        people[actor], today, people, designated, access.grants(), problem, ended_now
    )


def _check_approver(
    store: AppStore, username: str, password: str, grant_id: int, today: dt.date
) -> None:
    """On the store's lane: the rules, then the password, before the code is spent."""
    store.access_control.check_approval(username, grant_id, today)
    store.authenticate(username, password)


def _approve(
    store: AppStore, username: str, grant_id: int, today: dt.date, serial: str
) -> tuple[Grant, Grant, dict[str, User]]:
    access = store.access_control
    before = access.grant(grant_id)
    after = access.approve(username, grant_id, today, serial)
    return before, after, access.users()


def _name(people: Mapping[str, User], username: str) -> str:
    person = people.get(username)
    return person.display_name if person is not None else username


def _code(exc: Exception) -> str:
    code = getattr(exc, "code", None)
    if isinstance(code, str):
        return code
    if isinstance(exc, LoginFailed):
        return "wrong_password"
    if isinstance(exc, AuditUnavailable):
        return "audit_unavailable"
    return type(exc).__name__
