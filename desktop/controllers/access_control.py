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
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.access_overview import AccessOverview, DesignatedPerson, read_overview
from desktop.controllers.context import AppContext
from desktop.controllers.epcs_notices import notify, notify_ended
from desktop.controllers.flow import FlowController, Refusal, audit_reason
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.access_control import Grant, GrantEntry, GrantState
from desktop.domain.access_rules import designation_problem, notice
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import AuditUnavailable, LoginFailed
from desktop.domain.models import Role, TokenStatus, User
from desktop.domain.token_form import digits_only
from desktop.exostar.base import AdapterError, SigningCheck
from desktop.store import audited
from desktop.store.database import AppStore

log = logging.getLogger(__name__)


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
            overview = await self._context.store.run(
                lambda s: read_overview(s, actor.username, today)
            )
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
        code = audit_reason(exc)
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
                "That password is not right.", audit_reason(exc), "Type it again.", self.code_spent
            )
        if isinstance(exc, AuditUnavailable):
            refusal = Refusal.of(exc.because("nothing was changed"), what, sent=self.code_spent)
            if self.code_spent:
                refusal = refusal.noted(
                    "The code from your token was used: press its button for a new one."
                )
            return refusal
        return Refusal.of(exc, what, sent=self.code_spent)


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
