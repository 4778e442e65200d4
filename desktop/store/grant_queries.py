"""Reading EPCS designations and grants, settled first (21 CFR 1311.125(d)).

A live grant whose prescriber's DEA registration has expired (or changed, or who was
deactivated) is ended and recorded on the first read after it, once. The steps people
take on grants are `desktop.store.access_control`.
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
    Permission,
    ended,
)
from desktop.domain.access_rules import automatic_end
from desktop.domain.audit import AuditEvent, DetailValue, Outcome
from desktop.domain.models import User
from desktop.store.grant_rows import grant_from_row, grant_row, now, parse_moment
from desktop.store.schema.access_control import LIVE_SQL
from desktop.store.sql import update
from desktop.store.user_rows import read_users

if TYPE_CHECKING:
    from desktop.store.database import AppStore


class GrantQueries:
    """Reading designations and grants, and ending those that ended by themselves.

    The base of `AccessControl`: what signing and the screen read, settled first. Use it
    on the store's lane.
    """

    def __init__(self, store: AppStore) -> None:
        self._store = store
        self.sql = store.sql

    # reading -----------------------------------------------------------------------
    def users(self) -> dict[str, User]:
        return read_users(self.sql)

    def designations(self) -> list[Designation]:
        rows = self.sql.execute(
            "SELECT username, designated_by, designated_at FROM epcs_designations "
            "WHERE undesignated_at IS NULL ORDER BY designated_at, id"
        ).fetchall()
        return [Designation(row[0], row[1], parse_moment(row[2])) for row in rows]

    def designated_users(self, users: Mapping[str, User] | None = None) -> list[User]:
        people = users if users is not None else self.users()
        return [people[d.username] for d in self.designations() if d.username in people]

    def grant(self, grant_id: int) -> Grant:
        rows = self.sql.query("SELECT * FROM epcs_grants WHERE id = ?", [grant_id])
        if not rows:
            raise AccessRefused("That permission is no longer on file.", code="no_such_grant")
        return grant_from_row(rows[0])

    def grants(self, limit: int = 500) -> list[Grant]:
        """Live grants first, then the rest, newest first."""
        rows = self.sql.query(
            f"SELECT * FROM epcs_grants ORDER BY state IN ({LIVE_SQL}) DESC, id DESC LIMIT ?",
            [limit],
        )
        return [grant_from_row(row) for row in rows]

    def latest_grant(self, username: str) -> Grant | None:
        rows = self.sql.query(
            "SELECT * FROM epcs_grants WHERE prescriber = ? ORDER BY id DESC LIMIT 1", [username]
        )
        return grant_from_row(rows[0]) if rows else None

    def settle(
        self,
        today: dt.date,
        actor: str | None,
        username: str | None = None,
        users: Mapping[str, User] | None = None,
    ) -> list[Grant]:
        """End the live grants that have ended by themselves (1311.125(d)); those ended now.

        Run whenever grants are read (the screen, signing), so an expiry is recorded on
        the first read after it, once.
        """
        where = f"state IN ({LIVE_SQL})" + (" AND prescriber = ?" if username else "")
        live = [
            grant_from_row(row)
            for row in self.sql.query(
                f"SELECT * FROM epcs_grants WHERE {where} ORDER BY id",
                [username] if username else [],
            )
        ]
        if not live:
            return []
        users = users if users is not None else self.users()
        done = []
        for grant in live:
            reason = automatic_end(grant, users.get(grant.prescriber), today)
            if reason is None:
                continue
            detail = _end_detail(reason, users.get(grant.prescriber))
            done.extend(self._end([grant.id], reason, detail, actor, now()))
        return done

    def permission(self, username: str, today: dt.date, actor: str | None) -> Permission:
        """What signing needs to know: the prescriber's grant, settled, and who can grant."""
        users = self.users()  # read once: signing waits on every round trip to a clinic's server
        ended_now = self.settle(today, actor, username, users)  # ends grants, not people
        return Permission(
            self.latest_grant(username), self.designated_users(users), ended_now, users
        )

    def require_permission(self, username: str, today: dt.date, actor: str | None) -> Grant:
        """The active grant that lets `username` sign controlled substances, or AccessRefused."""
        permission = self.permission(username, today, actor)
        if permission.grant is None or not permission.grant.state.permits_signing:
            raise AccessRefused(permission.why_not(), code="no_epcs_grant")
        return permission.grant

    # internals ---------------------------------------------------------------------
    def _live(self, username: str) -> Grant | None:
        rows = self.sql.query(
            f"SELECT * FROM epcs_grants WHERE prescriber = ? AND state IN ({LIVE_SQL}) ORDER BY id",
            [username],
        )
        return grant_from_row(rows[0]) if rows else None

    def _end(
        self,
        ids: list[int],
        reason: EndReason,
        detail: str,
        actor: str | None,
        at: dt.datetime,
    ) -> list[Grant]:
        done = []
        with self.sql.transaction():
            for grant_id in ids:
                before = self.grant(grant_id)
                if not before.state.live:
                    continue
                after = ended(before, reason, detail, actor, at)
                self._save(after)
                self._record(
                    AuditEvent.EPCS_GRANT_ENDED,
                    actor,
                    grant_details(after, was=before.state.value, end_reason=reason.value),
                    reason=after.why_ended,
                )
                done.append(after)
        return done

    def _save(self, grant: Grant) -> None:
        update(self.sql, "epcs_grants", ("id", grant.id), grant_row(grant))

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
        from desktop.store import audited  # it imports the database module, which imports us

        audited.record(
            self._store,
            event,
            actor,
            outcome,
            token_serial=token_serial,
            reason=reason,
            details=details,
        )


def _end_detail(reason: EndReason, person: User | None) -> str:
    credentials = person.prescriber if person is not None else None
    if reason is EndReason.DEA_EXPIRED and credentials is not None:
        return f"{credentials.dea_number} expired on {credentials.dea_expiry:%m/%d/%Y}"
    return ""


def grant_details(grant: Grant, **extra: DetailValue) -> dict[str, DetailValue]:
    """Every entry names the prescriber and who entered the grant, besides its actor."""
    return {
        "grant": grant.id,
        "prescriber": grant.prescriber,
        "entered_by": grant.entered_by,
        **extra,
    }
