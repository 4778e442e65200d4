"""The rules every change to people is checked against, inside its transaction.

The screen may be older than the truth, so `desktop.store.people` checks again here
who is acting, on whom, and that the practice keeps an administrator.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.domain.audit import AuditEvent, DetailValue, Outcome
from desktop.domain.errors import UserFacingError
from desktop.domain.models import Role, User
from desktop.domain.people import PersonDetails
from desktop.store import audited
from desktop.store.user_rows import read_user

if TYPE_CHECKING:
    from desktop.store.database import AppStore


class PeopleRefused(UserFacingError):
    """A change to people the rules do not allow, in words for the administrator."""


def require_admin(store: AppStore, actor: str) -> None:
    """Checked again here, inside the transaction: the screen may be older than the truth."""
    person = read_user(store.sql, actor)
    if person is None or not person.active or not person.is_practice_admin:
        raise PeopleRefused(
            "Only an active practice administrator can change people.",
            "Ask a practice administrator to do it.",
        )


def require_person(store: AppStore, username: str) -> User:
    person = read_user(store.sql, username)
    if person is None:
        raise PeopleRefused(f"There is nobody with the username {username}.", "")
    return person


def keep_an_administrator(store: AppStore, leaving: str) -> None:
    others = [
        row["username"]
        for row in store.sql.query(
            "SELECT * FROM users WHERE active = 1 AND username != ?", [leaving]
        )
        if Role.PRACTICE_ADMIN.value in str(row.get("roles") or row["role"]).split(",")
    ]
    if not others:
        raise PeopleRefused(
            "The practice needs at least one active practice administrator.",
            "Give the practice administrator role to someone else first.",
        )


def changed_fields(before: User, details: PersonDetails, account: str | None) -> list[str]:
    changed = []
    if before.display_name != details.display_name:
        changed.append("name")
    old, new = before.prescriber, details.prescriber
    for name in ("dea_number", "dea_expiry", "licence_state", "licence_number", "npi"):
        if (getattr(old, name) if old else None) != (getattr(new, name) if new else None):
            changed.append(name)
    if before.exostar_account != account:
        changed.append("identity_account")
    return changed


def record_person(
    store: AppStore,
    event: AuditEvent,
    actor: str,
    details: PersonDetails,
    **extra: DetailValue,
) -> None:
    audited.record(
        store,
        event,
        actor,
        Outcome.SUCCESS,
        details={
            "person": details.username,
            "roles": details.roles_text,
            "dea_number": details.prescriber.dea_number if details.prescriber else None,
            **extra,
        },
    )


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()
