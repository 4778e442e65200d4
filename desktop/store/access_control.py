"""EPCS access control's tables: designations and grants (21 CFR 1311.125).

Every change is written in one transaction with its audit entry (1311.150), as
`desktop.store.audited.sign` does for signatures: if the entry cannot be written the
change is not made (fail closed). The rules live in `desktop.domain.access_control`;
each change checks them again inside its transaction, so two workstations acting on the
same grant at once cannot both succeed.

Reading a grant settles it first: a live grant whose prescriber's DEA registration has
expired (or changed, or who was deactivated) is ended and recorded, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlite_utils

from desktop.domain.access_control import (
    AccessRefused,
    Designation,
    EndReason,
    Grant,
    GrantEntry,
    GrantState,
    Permission,
    approve_problem,
    approved,
    automatic_end,
    designate_problem,
    ended,
    enter_problem,
    refuse_problem,
    refused,
    require,
    revocation_entered,
    revoke_problem,
    undesignate_problem,
)
from desktop.domain.audit import AuditEvent, DetailValue, Outcome
from desktop.domain.models import User
from desktop.store.migrations import write_transaction

if TYPE_CHECKING:
    from desktop.store.database import AppStore

LIVE = tuple(state.value for state in GrantState if state.live)
_LIVE_SQL = ", ".join(f"'{state}'" for state in LIVE)


def migrate_access_control(db: sqlite_utils.Database) -> None:
    """Designations (one current row per person) and grants (one live grant per prescriber)."""
    db.execute(
        """CREATE TABLE epcs_designations (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL,
            designated_by TEXT,
            designated_at TEXT NOT NULL,
            undesignated_by TEXT,
            undesignated_at TEXT
        )"""
    )
    db.execute(
        "CREATE UNIQUE INDEX epcs_designations_current ON epcs_designations (username) "
        "WHERE undesignated_at IS NULL"
    )
    db.execute(
        """CREATE TABLE epcs_grants (
            id INTEGER PRIMARY KEY,
            prescriber TEXT NOT NULL,
            state TEXT NOT NULL,
            entered_by TEXT NOT NULL,
            entered_at TEXT NOT NULL,
            dea_number TEXT NOT NULL,
            dea_expiry TEXT NOT NULL,
            licence_state TEXT NOT NULL,
            licence_number TEXT NOT NULL,
            licence_expiry TEXT NOT NULL,
            proofed_by TEXT NOT NULL,
            proofed_on TEXT NOT NULL,
            approved_by TEXT,
            approved_at TEXT,
            refused_by TEXT,
            refused_at TEXT,
            refusal_reason TEXT NOT NULL DEFAULT '',
            revocation_entered_by TEXT,
            revocation_entered_at TEXT,
            revocation_reason TEXT NOT NULL DEFAULT '',
            revoked_by TEXT,
            revoked_at TEXT,
            ended_at TEXT,
            ended_by TEXT,
            end_reason TEXT,
            end_detail TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        "CREATE UNIQUE INDEX epcs_grants_live ON epcs_grants (prescriber) "
        f"WHERE state IN ({_LIVE_SQL})"
    )
    db.execute("CREATE INDEX epcs_grants_prescriber ON epcs_grants (prescriber, id)")


class AccessControl:
    """Designations and grants on the store's connection; use it on the store's lane."""

    def __init__(self, store: AppStore) -> None:
        self._store = store
        self.db = store.db

    # reading -----------------------------------------------------------------------
    def users(self) -> dict[str, User]:
        from desktop.store.database import _user

        rows = self.db.table("users").rows_where(order_by="display_name")
        return {row["username"]: _user(row) for row in rows}

    def designations(self) -> list[Designation]:
        rows = self.db.execute(
            "SELECT username, designated_by, designated_at FROM epcs_designations "
            "WHERE undesignated_at IS NULL ORDER BY designated_at, id"
        ).fetchall()
        return [Designation(row[0], row[1], _moment(row[2])) for row in rows]

    def designated_users(self, users: Mapping[str, User] | None = None) -> list[User]:
        people = users if users is not None else self.users()
        return [people[d.username] for d in self.designations() if d.username in people]

    def grant(self, grant_id: int) -> Grant:
        rows = list(self.db.table("epcs_grants").rows_where("id = ?", [grant_id]))
        if not rows:
            raise AccessRefused("That permission is no longer on file.", code="no_such_grant")
        return _grant(rows[0])

    def grants(self, limit: int = 500) -> list[Grant]:
        """Live grants first, then the rest, newest first."""
        rows = self.db.table("epcs_grants").rows_where(
            order_by=f"state IN ({_LIVE_SQL}) DESC, id DESC", limit=limit
        )
        return [_grant(row) for row in rows]

    def latest_grant(self, username: str) -> Grant | None:
        rows = list(
            self.db.table("epcs_grants").rows_where(
                "prescriber = ?", [username], order_by="id DESC", limit=1
            )
        )
        return _grant(rows[0]) if rows else None

    def settle(self, today: dt.date, actor: str | None, username: str | None = None) -> list[Grant]:
        """End the live grants that have ended by themselves (1311.125(d)); those ended now.

        Run whenever grants are read (the screen, signing), so an expiry is recorded on
        the first read after it, once.
        """
        where = f"state IN ({_LIVE_SQL})" + (" AND prescriber = ?" if username else "")
        live = [
            _grant(row)
            for row in self.db.table("epcs_grants").rows_where(
                where, [username] if username else []
            )
        ]
        if not live:
            return []
        users = self.users()
        done = []
        for grant in live:
            reason = automatic_end(grant, users.get(grant.prescriber), today)
            if reason is None:
                continue
            detail = _end_detail(reason, users.get(grant.prescriber))
            done.extend(self._end([grant.id], reason, detail, actor, _now()))
        return done

    def permission(self, username: str, today: dt.date, actor: str | None) -> Permission:
        """What signing needs to know: the prescriber's grant, settled, and who can grant."""
        ended_now = self.settle(today, actor, username)
        users = self.users()
        return Permission(
            self.latest_grant(username), self.designated_users(users), ended_now, users
        )

    def require_permission(self, username: str, today: dt.date, actor: str | None) -> Grant:
        """The active grant that lets `username` sign controlled substances, or AccessRefused."""
        permission = self.permission(username, today, actor)
        if permission.grant is None or not permission.grant.state.permits_signing:
            raise AccessRefused(permission.why_not(), code="no_epcs_grant")
        return permission.grant

    # changing ----------------------------------------------------------------------
    def designate(self, actor: str, username: str, at: dt.datetime | None = None) -> None:
        with write_transaction(self.db):
            users = self.users()
            current = {d.username for d in self.designations()}
            person = users.get(username)
            require(designate_problem(_who(users, actor), person, current), "not_allowed")
            self.db.table("epcs_designations").insert(
                {"username": username, "designated_by": actor, "designated_at": _at(at)}
            )
            self._record(
                AuditEvent.ACCESS_DESIGNATED, actor, {"person": username}, reason=_roles(person)
            )

    def undesignate(self, actor: str, username: str, at: dt.datetime | None = None) -> None:
        with write_transaction(self.db):
            users = self.users()
            current = {d.username for d in self.designations()}
            require(undesignate_problem(_who(users, actor), username, current), "not_allowed")
            self.db.execute(
                "UPDATE epcs_designations SET undesignated_by = ?, undesignated_at = ? "
                "WHERE username = ? AND undesignated_at IS NULL",
                [actor, _at(at), username],
            )
            self._record(AuditEvent.ACCESS_UNDESIGNATED, actor, {"person": username})

    def enter(
        self, actor: str, entry: GrantEntry, today: dt.date, at: dt.datetime | None = None
    ) -> Grant:
        """The first step: the grant is pending until a second person approves it."""
        moment = at or _now()
        with write_transaction(self.db):
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
            row = _row(grant)
            del row["id"]
            grant_id = int(str(self.db.table("epcs_grants").insert(row).last_pk))
            grant = self.grant(grant_id)
            self._record(
                AuditEvent.EPCS_GRANT_ENTERED,
                actor,
                _details(
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
        with write_transaction(self.db):
            before = self.check_approval(actor, grant_id, today)
            after = approved(before, actor, at or _now())
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
                _details(after, **extra),
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
        with write_transaction(self.db):
            self._record(
                event,
                actor,
                _details(grant, step_entered_by=grant.step_entered_by),
                outcome=Outcome.FAILURE,
                reason=code,
            )

    def refuse(
        self, actor: str, grant_id: int, reason: str, at: dt.datetime | None = None
    ) -> Grant:
        with write_transaction(self.db):
            before = self.grant(grant_id)
            users = self.users()
            require(
                refuse_problem(_who(users, actor), before, self.designated_users(users), reason),
                "not_allowed",
            )
            after = refused(before, actor, at or _now(), reason.strip())
            self._save(after)
            what = "grant" if before.state is GrantState.PENDING else "revocation"
            self._record(
                AuditEvent.EPCS_GRANT_REFUSED,
                actor,
                _details(after, refused=what, step_entered_by=before.step_entered_by),
                reason=reason.strip(),
            )
        return after

    def enter_revocation(
        self, actor: str, grant_id: int, reason: str, today: dt.date, at: dt.datetime | None = None
    ) -> Grant:
        with write_transaction(self.db):
            self.settle(today, actor)
            before = self.grant(grant_id)
            users = self.users()
            require(
                revoke_problem(
                    _who(users, actor), before, self.designated_users(users), reason, today
                ),
                "not_allowed",
            )
            after = revocation_entered(before, actor, at or _now(), reason.strip())
            self._save(after)
            self._record(
                AuditEvent.EPCS_REVOCATION_ENTERED, actor, _details(after), reason=reason.strip()
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
        with write_transaction(self.db):
            live = self._live(username)
            if live is None:
                return []
            return self._end([live.id], kind, reason.strip(), actor, at or _now())

    # internals ---------------------------------------------------------------------
    def _live(self, username: str) -> Grant | None:
        rows = list(
            self.db.table("epcs_grants").rows_where(
                f"prescriber = ? AND state IN ({_LIVE_SQL})", [username]
            )
        )
        return _grant(rows[0]) if rows else None

    def _end(
        self,
        ids: list[int],
        reason: EndReason,
        detail: str,
        actor: str | None,
        at: dt.datetime,
    ) -> list[Grant]:
        done = []
        with write_transaction(self.db):
            for grant_id in ids:
                before = self.grant(grant_id)
                if not before.state.live:
                    continue
                after = ended(before, reason, detail, actor, at)
                self._save(after)
                self._record(
                    AuditEvent.EPCS_GRANT_ENDED,
                    actor,
                    _details(after, was=before.state.value, end_reason=reason.value),
                    reason=after.why_ended,
                )
                done.append(after)
        return done

    def _save(self, grant: Grant) -> None:
        self.db.table("epcs_grants").update(grant.id, _row(grant))

    def _record(
        self,
        event: AuditEvent,
        actor: str | None,
        details: Mapping[str, DetailValue],
        *,
        outcome: str = Outcome.SUCCESS,
        reason: str = "",
        token_serial: str | None = None,
    ) -> None:
        from desktop.store import audited

        audited.record(
            self._store,
            event,
            actor,
            outcome,
            token_serial=token_serial,
            reason=reason,
            details=details,
        )


def seed_demo_grant(store: AppStore, grant: Grant, designations: list[Designation]) -> None:
    """Demo data only: a designation and an approved grant as if made earlier.

    Written without audit entries: the demo's log starts empty, as a fresh data dir's does.
    """
    with write_transaction(store.db):
        if not store.db.execute("SELECT 1 FROM epcs_designations LIMIT 1").fetchone():
            for designation in designations:
                store.db.table("epcs_designations").insert(
                    {
                        "username": designation.username,
                        "designated_by": designation.designated_by,
                        "designated_at": _at(designation.designated_at),
                    }
                )
        if not store.db.table("epcs_grants").count_where("prescriber = ?", [grant.prescriber]):
            row = _row(grant)
            del row["id"]
            store.db.table("epcs_grants").insert(row)


def _who(users: Mapping[str, User], username: str) -> User:
    user = users.get(username)
    if user is None:
        raise AccessRefused("Your account is no longer on file.", code="not_allowed")
    return user


def _roles(person: User | None) -> str:
    return person.roles_label if person is not None else ""


def _end_detail(reason: EndReason, person: User | None) -> str:
    credentials = person.prescriber if person is not None else None
    if reason is EndReason.DEA_EXPIRED and credentials is not None:
        return f"{credentials.dea_number} expired on {credentials.dea_expiry:%m/%d/%Y}"
    return ""


def _details(grant: Grant, **extra: DetailValue) -> dict[str, DetailValue]:
    """Every entry names the prescriber and who entered the grant, besides its actor."""
    return {
        "grant": grant.id,
        "prescriber": grant.prescriber,
        "entered_by": grant.entered_by,
        **extra,
    }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _at(moment: dt.datetime | None) -> str:
    return (moment or _now()).astimezone(dt.UTC).isoformat()


def _moment(text: str | None) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _maybe_moment(text: str | None) -> dt.datetime | None:
    return None if text is None else _moment(text)


def _row(grant: Grant) -> dict[str, Any]:
    def when(moment: dt.datetime | None) -> str | None:
        return None if moment is None else _at(moment)

    return {
        "id": grant.id,
        "prescriber": grant.prescriber,
        "state": grant.state.value,
        "entered_by": grant.entered_by,
        "entered_at": _at(grant.entered_at),
        "dea_number": grant.dea_number,
        "dea_expiry": grant.dea_expiry.isoformat(),
        "licence_state": grant.licence_state,
        "licence_number": grant.licence_number,
        "licence_expiry": grant.licence_expiry.isoformat(),
        "proofed_by": grant.proofed_by,
        "proofed_on": grant.proofed_on.isoformat(),
        "approved_by": grant.approved_by,
        "approved_at": when(grant.approved_at),
        "refused_by": grant.refused_by,
        "refused_at": when(grant.refused_at),
        "refusal_reason": grant.refusal_reason,
        "revocation_entered_by": grant.revocation_entered_by,
        "revocation_entered_at": when(grant.revocation_entered_at),
        "revocation_reason": grant.revocation_reason,
        "revoked_by": grant.revoked_by,
        "revoked_at": when(grant.revoked_at),
        "ended_at": when(grant.ended_at),
        "ended_by": grant.ended_by,
        "end_reason": grant.end_reason.value if grant.end_reason else None,
        "end_detail": grant.end_detail,
        "updated_at": _at(None),
    }


def _grant(row: Mapping[str, Any]) -> Grant:
    return Grant(
        id=int(row["id"]),
        prescriber=str(row["prescriber"]),
        state=GrantState(row["state"]),
        entered_by=str(row["entered_by"]),
        entered_at=_moment(row["entered_at"]),
        dea_number=str(row["dea_number"]),
        dea_expiry=dt.date.fromisoformat(str(row["dea_expiry"])),
        licence_state=str(row["licence_state"]),
        licence_number=str(row["licence_number"]),
        licence_expiry=dt.date.fromisoformat(str(row["licence_expiry"])),
        proofed_by=str(row["proofed_by"]),
        proofed_on=dt.date.fromisoformat(str(row["proofed_on"])),
        approved_by=row["approved_by"],
        approved_at=_maybe_moment(row["approved_at"]),
        refused_by=row["refused_by"],
        refused_at=_maybe_moment(row["refused_at"]),
        refusal_reason=str(row["refusal_reason"] or ""),
        revocation_entered_by=row["revocation_entered_by"],
        revocation_entered_at=_maybe_moment(row["revocation_entered_at"]),
        revocation_reason=str(row["revocation_reason"] or ""),
        revoked_by=row["revoked_by"],
        revoked_at=_maybe_moment(row["revoked_at"]),
        ended_at=_maybe_moment(row["ended_at"]),
        ended_by=row["ended_by"],
        end_reason=EndReason(row["end_reason"]) if row["end_reason"] else None,
        end_detail=str(row["end_detail"] or ""),
    )
