"""EPCS access control's steps: designating, and entering, approving, refusing and
revoking grants (21 CFR 1311.125).

Every change is written in one transaction with its audit entry (1311.150), as
`desktop.store.audited.sign` does for signatures: if the entry cannot be written the
change is not made (fail closed). The rules live in `desktop.domain.access_rules`;
each change checks them again inside its transaction, so two workstations acting on the
same grant at once cannot both succeed. Reading, and ending grants that ended by
themselves, is `desktop.store.grant_queries`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from desktop.domain.access_control import (
    AccessRefused,
    Designation,
    EndReason,
    Grant,
    GrantEntry,
    GrantState,
    approved,
    refused,
    revocation_entered,
)
from desktop.domain.access_rules import (
    approve_problem,
    designate_problem,
    enter_problem,
    refuse_problem,
    require,
    revoke_problem,
    undesignate_problem,
)
from desktop.domain.audit import AuditEvent, DetailValue, Outcome
from desktop.domain.models import User
from desktop.store.grant_queries import GrantQueries, grant_details
from desktop.store.grant_rows import grant_row, now, stamp

if TYPE_CHECKING:
    from desktop.store.database import AppStore


class AccessControl(GrantQueries):
    """Designations and grants on the store's connection; use it on the store's lane."""

    # changing ----------------------------------------------------------------------
    def designate(self, actor: str, username: str, at: dt.datetime | None = None) -> None:
        with self.sql.transaction():
            users = self.users()
            current = {d.username for d in self.designations()}
            person = users.get(username)
            require(designate_problem(_who(users, actor), person, current), "not_allowed")
            self.sql.insert(
                "epcs_designations",
                {"username": username, "designated_by": actor, "designated_at": stamp(at)},
            )
            self._record(
                AuditEvent.ACCESS_DESIGNATED, actor, {"person": username}, reason=_roles(person)
            )

    def undesignate(self, actor: str, username: str, at: dt.datetime | None = None) -> None:
        with self.sql.transaction():
            users = self.users()
            current = {d.username for d in self.designations()}
            require(undesignate_problem(_who(users, actor), username, current), "not_allowed")
            self.sql.execute(
                "UPDATE epcs_designations SET undesignated_by = ?, undesignated_at = ? "
                "WHERE username = ? AND undesignated_at IS NULL",
                [actor, stamp(at), username],
            )
            self._record(AuditEvent.ACCESS_UNDESIGNATED, actor, {"person": username})

    def enter(
        self, actor: str, entry: GrantEntry, today: dt.date, at: dt.datetime | None = None
    ) -> Grant:
        """The first step: the grant is pending until a second person approves it."""
        moment = at or now()
        with self.sql.transaction():
            self.settle(today, actor, entry.prescriber)
            users = self.users()
            prescriber = users.get(entry.prescriber)
            live = self._live(entry.prescriber)
            designated = self.designated_users(users)
            require(
                enter_problem(_who(users, actor), prescriber, designated, live, entry, today),
                "not_allowed",
            )
            assert prescriber is not None and prescriber.prescriber is not None
            credentials = prescriber.prescriber
            grant = Grant(
                id=0,
                prescriber=prescriber.username,
                state=GrantState.PENDING,
                entered_by=actor,
                entered_at=moment,
                dea_number=credentials.dea_number,
                dea_expiry=credentials.dea_expiry,
                licence_state=credentials.licence_state,
                licence_number=credentials.licence_number,
                licence_expiry=entry.licence_expiry,
                proofed_by=entry.proofed_by.strip(),
                proofed_on=entry.proofed_on,
            )
            row = grant_row(grant)
            del row["id"]
            grant_id = self.sql.insert_returning_id("epcs_grants", row)
            grant = self.grant(grant_id)
            self._record(
                AuditEvent.EPCS_GRANT_ENTERED,
                actor,
                grant_details(
                    grant,
                    dea_number=grant.dea_number,
                    dea_expiry=grant.dea_expiry.isoformat(),
                    licence=f"{grant.licence_state} {grant.licence_number}",
                    licence_expiry=grant.licence_expiry.isoformat(),
                    proofed_by=grant.proofed_by,
                    proofed_on=grant.proofed_on.isoformat(),
                ),
            )
        return grant

    def check_approval(self, actor: str, grant_id: int, today: dt.date) -> Grant:
        """The rules for the second step, before any factor is checked."""
        self.settle(today, actor)
        grant = self.grant(grant_id)
        users = self.users()
        require(
            approve_problem(_who(users, actor), grant, self.designated_users(users), today),
            "self_approval" if actor == grant.step_entered_by else "not_allowed",
        )
        return grant

    def approve(
        self,
        actor: str,
        grant_id: int,
        today: dt.date,
        token_serial: str | None,
        at: dt.datetime | None = None,
    ) -> Grant:
        """The second step, after the approver's password and token code were accepted.

        Executes a pending grant or a pending revocation, whichever waits.
        """
        with self.sql.transaction():
            before = self.check_approval(actor, grant_id, today)
            after = approved(before, actor, at or now())
            self._save(after)
            event = (
                AuditEvent.EPCS_GRANT_APPROVED
                if after.state is GrantState.ACTIVE
                else AuditEvent.EPCS_GRANT_REVOKED
            )
            extra: dict[str, DetailValue] = {"step_entered_by": before.step_entered_by}
            self._record(
                event,
                actor,
                grant_details(after, **extra),
                token_serial=token_serial,
                reason=after.revocation_reason if event is AuditEvent.EPCS_GRANT_REVOKED else "",
            )
        return after

    def record_failed_approval(self, actor: str, grant_id: int, code: str) -> None:
        """An approval that was refused (wrong password or code, self-approval): 1311.150."""
        grant = self.grant(grant_id)
        event = (
            AuditEvent.EPCS_GRANT_REVOKED
            if grant.state is GrantState.REVOCATION_PENDING
            else AuditEvent.EPCS_GRANT_APPROVED
        )
        with self.sql.transaction():
            self._record(
                event,
                actor,
                grant_details(grant, step_entered_by=grant.step_entered_by),
                outcome=Outcome.FAILURE,
                reason=code,
            )

    def refuse(
        self, actor: str, grant_id: int, reason: str, at: dt.datetime | None = None
    ) -> Grant:
        with self.sql.transaction():
            before = self.grant(grant_id)
            users = self.users()
            require(
                refuse_problem(_who(users, actor), before, self.designated_users(users), reason),
                "not_allowed",
            )
            after = refused(before, actor, at or now(), reason.strip())
            self._save(after)
            what = "grant" if before.state is GrantState.PENDING else "revocation"
            self._record(
                AuditEvent.EPCS_GRANT_REFUSED,
                actor,
                grant_details(after, refused=what, step_entered_by=before.step_entered_by),
                reason=reason.strip(),
            )
        return after

    def enter_revocation(
        self, actor: str, grant_id: int, reason: str, today: dt.date, at: dt.datetime | None = None
    ) -> Grant:
        with self.sql.transaction():
            self.settle(today, actor)
            before = self.grant(grant_id)
            users = self.users()
            require(
                revoke_problem(
                    _who(users, actor), before, self.designated_users(users), reason, today
                ),
                "not_allowed",
            )
            after = revocation_entered(before, actor, at or now(), reason.strip())
            self._save(after)
            self._record(
                AuditEvent.EPCS_REVOCATION_ENTERED,
                actor,
                grant_details(after),
                reason=reason.strip(),
            )
        return after

    def end_grants_for(
        self,
        username: str,
        reason: str,
        actor: str | None,
        *,
        kind: EndReason = EndReason.DEACTIVATED,
        at: dt.datetime | None = None,
    ) -> list[Grant]:
        """End `username`'s live grant at once, with no second step (1311.125(d)).

        For the People screen when a person is deactivated (the default `kind`), and for a
        token reported lost or deactivated. `reason` is shown on the screen and recorded;
        `actor` is who did what ended it. Joins the caller's transaction when there is one,
        so the deactivation and the end commit together. Returns the grants ended, for the
        caller to tell the prescriber's phone (`desktop.controllers.epcs_notices.notify`).
        """
        with self.sql.transaction():
            live = self._live(username)
            if live is None:
                return []
            return self._end([live.id], kind, reason.strip(), actor, at or now())


def seed_demo_grant(store: AppStore, grant: Grant, designations: list[Designation]) -> None:
    """Demo data only: a designation and an approved grant as if made earlier.

    Written without audit entries: the demo's log starts empty, as a fresh data dir's does.
    """
    sql = store.sql
    with sql.transaction():
        if not sql.execute("SELECT 1 FROM epcs_designations LIMIT 1").fetchone():
            for designation in designations:
                sql.insert(
                    "epcs_designations",
                    {
                        "username": designation.username,
                        "designated_by": designation.designated_by,
                        "designated_at": stamp(designation.designated_at),
                    },
                )
        held = sql.execute("SELECT 1 FROM epcs_grants WHERE prescriber = ?", [grant.prescriber])
        if not held.fetchone():
            row = grant_row(grant)
            del row["id"]
            sql.insert("epcs_grants", row)


def _who(users: Mapping[str, User], username: str) -> User:
    user = users.get(username)
    if user is None:
        raise AccessRefused("Your account is no longer on file.", code="not_allowed")
    return user


def _roles(person: User | None) -> str:
    return person.roles_label if person is not None else ""
