"""The practice's people: first-run setup, adding, changing, deactivating, unlocking.

Every change and its audit entry (who did it, to whom) commit in one transaction, as
`audited.sign` does for a signature: when the entry cannot be written nothing changes,
and `AuditUnavailable` says why (21 CFR 1311.150: changes to access controls are audited).
Nobody is ever deleted: a deactivated person keeps their history and cannot sign in.
Who may make a change is checked again inside its transaction by `people_rules`, whose
`PeopleRefused` callers catch as `people.PeopleRefused`.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.access_control import Grant
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import UserFacingError
from desktop.domain.models import ROLE_ORDER, Role, User
from desktop.domain.passwords import password_problem
from desktop.domain.people import PersonDetails, PersonRow
from desktop.domain.practice import Practice
from desktop.store import audited
from desktop.store.database import AppStore
from desktop.store.people_rules import PeopleRefused as PeopleRefused
from desktop.store.people_rules import (
    changed_fields,
    keep_an_administrator,
    now,
    record_person,
    require_admin,
    require_person,
)
from desktop.store.practice import read_practice, write_practice
from desktop.store.sql import update
from desktop.store.user_rows import credential_columns, read_user, roles_text, user_from_row


class AlreadySetUp(UserFacingError):
    """First-run setup on a data dir that already has people."""


class PasswordRefused(UserFacingError):
    """A new password that breaks the password rules; `message` names the rule."""


def practice(store: AppStore) -> Practice | None:
    return read_practice(store.sql)


def refuse_if_set_up(store: AppStore) -> None:
    """`AlreadySetUp` when the data dir holds a practice or anybody at all."""
    existing = read_practice(store.sql)
    if existing is not None and not existing.demo:
        when = f" on {existing.set_up_at:%m/%d/%Y}" if existing.set_up_at else ""
        raise AlreadySetUp(
            f"This data folder was already set up for {existing.name}{when}.",
            "Sign in, and add people on Admin > People. To set up another practice, use "
            "another data folder (--data-dir).",
        )
    if existing is not None or store.count_users():
        raise AlreadySetUp(
            "This data folder holds demo data (fictional patients and demo accounts), so it "
            "cannot be set up for a clinic.",
            "Set the clinic up in a new, empty data folder (--data-dir).",
        )


def set_up_practice(
    store: AppStore,
    practice_name: str,
    address: str,
    admin: PersonDetails,
    password: str,
    via: str,
) -> User:
    """The practice and its first administrator, with their audit entries, or nothing.

    The values are checked by the caller (`domain.practice.setup_problems`); this checks
    again, inside the transaction, that nobody set the data dir up in the meantime.
    """
    with store.sql.transaction():
        refuse_if_set_up(store)
        write_practice(
            store.sql,
            Practice(practice_name.strip(), address.strip(), demo=False, set_up_by=admin.username),
        )
        user = store.add_user(admin.username, password, admin.display_name, admin.roles)
        audited.record(
            store,
            AuditEvent.PRACTICE_SET_UP,
            admin.username,
            Outcome.SUCCESS,
            details={"practice": practice_name.strip(), "via": via},
        )
        record_person(store, AuditEvent.PERSON_ADDED, admin.username, admin, via=via)
    return user


def list_people(store: AppStore) -> list[PersonRow]:
    """Everyone, active first, then by name; with where their sign-in stands."""
    rows = store.sql.query("SELECT * FROM users ORDER BY active DESC, display_name, username")
    people = []
    for row in rows:
        user = user_from_row(row)
        held = store.throttles.state(user.username)
        people.append(
            PersonRow(
                username=user.username,
                display_name=user.display_name,
                roles=user.roles,
                prescriber=user.prescriber,
                active=user.active,
                must_change_password=user.must_change_password,
                locked=held.locked,
                waiting_until=held.waiting_until,
                exostar_account=user.exostar_account,
            )
        )
    return people


def get_person(store: AppStore, username: str) -> User | None:
    return read_user(store.sql, username)


def add_person(
    store: AppStore,
    actor: str,
    details: PersonDetails,
    one_time_password: str,
    exostar_account: str | None,
) -> User:
    """A new person who must change `one_time_password` at their first sign-in."""
    with store.sql.transaction():
        require_admin(store, actor)
        taken = get_person(store, details.username)
        if taken is not None:
            state = "" if taken.active else ", deactivated"
            raise PeopleRefused(
                f"The username {details.username} is already taken ({taken.display_name}{state}).",
                "Choose another username; a deactivated person can be reactivated instead.",
            )
        user = store.add_user(
            details.username,
            one_time_password,
            details.display_name,
            details.roles,
            exostar_account,
            prescriber=details.prescriber,
            must_change_password=True,
        )
        record_person(
            store, AuditEvent.PERSON_ADDED, actor, details, identity_account=exostar_account
        )
    return user


def update_person(
    store: AppStore, actor: str, details: PersonDetails, exostar_account: str | None
) -> User:
    """Change a person's name, roles or credentials; one entry for roles, one for the rest."""
    with store.sql.transaction():
        require_admin(store, actor)
        before = require_person(store, details.username)
        account = before.exostar_account or exostar_account
        if Role.PRACTICE_ADMIN in before.roles and Role.PRACTICE_ADMIN not in details.roles:
            if actor == details.username:
                raise PeopleRefused(
                    "You cannot take the practice administrator role from yourself.",
                    "Ask another practice administrator to do it.",
                )
            keep_an_administrator(store, details.username)
        changed = changed_fields(before, details, account)
        if not changed and before.roles == details.roles:
            return before
        update(
            store.sql,
            "users",
            ("username", details.username),
            {
                "display_name": details.display_name,
                "role": next((r for r in ROLE_ORDER if r in details.roles), Role.STAFF).value,
                "roles": roles_text(details.roles),
                "exostar_account": account,
                "updated_at": now(),
                **credential_columns(details.prescriber),
            },
        )
        if before.roles != details.roles:
            audited.record(
                store,
                AuditEvent.ROLE_CHANGED,
                actor,
                Outcome.SUCCESS,
                details={
                    "person": details.username,
                    "roles": details.roles_text,
                    "previous_roles": roles_text(before.roles),
                },
            )
        if changed:
            audited.record(
                store,
                AuditEvent.PERSON_CHANGED,
                actor,
                Outcome.SUCCESS,
                details={"person": details.username, "changed": ", ".join(changed)},
            )
    after = get_person(store, details.username)
    assert after is not None
    return after


def set_active(store: AppStore, actor: str, username: str, active: bool) -> User:
    """Deactivate (cannot sign in; history stays) or reactivate a person."""
    if active:
        _set_active(store, actor, username, True)
    else:
        deactivate(store, actor, username)
    return require_person(store, username)


def deactivate(store: AppStore, actor: str, username: str) -> list[Grant]:
    """Deactivate a person; their permission to sign controlled substances ends with it
    (21 CFR 1311.125(d)), in the same transaction. Returns the grants that ended."""
    with store.sql.transaction():
        _set_active(store, actor, username, False)
        return store.access_control.end_grants_for(username, "deactivated in People", actor)


def _set_active(store: AppStore, actor: str, username: str, active: bool) -> None:
    with store.sql.transaction():
        require_admin(store, actor)
        person = require_person(store, username)
        if person.active == active:
            return
        if not active:
            if actor == username:
                raise PeopleRefused(
                    "You cannot deactivate yourself.",
                    "Ask another practice administrator to do it.",
                )
            if person.is_practice_admin:
                keep_an_administrator(store, username)
        update(
            store.sql, "users", ("username", username), {"active": int(active), "updated_at": now()}
        )
        event = AuditEvent.PERSON_REACTIVATED if active else AuditEvent.PERSON_DEACTIVATED
        audited.record(store, event, actor, Outcome.SUCCESS, details={"person": username})


def unlock(store: AppStore, actor: str, username: str) -> None:
    """Lift the lock after 100 wrong passwords (and any wait): the count starts again."""
    with store.sql.transaction():
        require_admin(store, actor)
        require_person(store, username)
        if not store.throttles.clear(username):
            raise PeopleRefused(f"{username} is not locked.", "")
        audited.record(
            store, AuditEvent.ACCOUNT_UNLOCKED, actor, Outcome.SUCCESS, details={"person": username}
        )


def record_phone_unlock(store: AppStore, actor: str, username: str) -> None:
    """Audit an administrator's unlock of someone's phone confirmation, before it is made:
    an unlock that cannot be recorded is not made."""
    with store.sql.transaction():
        require_admin(store, actor)
        require_person(store, username)
        audited.record(
            store,
            AuditEvent.ACCOUNT_UNLOCKED,
            actor,
            Outcome.SUCCESS,
            details={"person": username, "unlocked": "phone confirmation"},
        )


def reset_password(store: AppStore, actor: str, username: str, one_time_password: str) -> None:
    """A new one-time password for someone who forgot theirs; it unlocks the account too."""
    with store.sql.transaction():
        require_admin(store, actor)
        person = require_person(store, username)
        if not person.active:
            raise PeopleRefused(f"{person.display_name} is deactivated.", "Reactivate them first.")
        update(
            store.sql,
            "users",
            ("username", username),
            {
                "password_hash": store.hash_password(one_time_password),
                "must_change_password": 1,
                "updated_at": now(),
            },
        )
        unlocked = store.throttles.clear(username)
        audited.record(
            store,
            AuditEvent.PASSWORD_RESET,
            actor,
            Outcome.SUCCESS,
            details={"person": username, "unlocked": unlocked},
        )


def change_password(
    store: AppStore, username: str, new_password: str, context: Iterable[str] = ()
) -> User:
    """The person's own new password (after a one-time password, or any time)."""
    problem = password_problem(new_password, username=username, context=context)
    if problem:
        raise PasswordRefused(problem, "")
    with store.sql.transaction():
        person = require_person(store, username)
        if not person.active:
            raise PeopleRefused("This account has been deactivated.", "")
        if store.verify_password(username, new_password):
            raise PasswordRefused(
                "Choose a new password, not the one you have now (or the one-time password).", ""
            )
        update(
            store.sql,
            "users",
            ("username", username),
            {
                "password_hash": store.hash_password(new_password),
                "must_change_password": 0,
                "updated_at": now(),
            },
        )
        audited.record(
            store,
            AuditEvent.PASSWORD_CHANGED,
            username,
            Outcome.SUCCESS,
            details={"person": username, "was_one_time": person.must_change_password},
        )
    return require_person(store, username)
