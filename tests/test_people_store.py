"""People and wrong-password waits in the application database: audited, persistent, clock-proof."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop.domain.audit import AuditEvent
from desktop.domain.errors import AuditUnavailable, LoginFailed
from desktop.domain.models import PrescriberCredentials, Role
from desktop.domain.people import PersonDetails
from desktop.domain.throttle import AccountDeactivated, AccountLocked, PasswordThrottled
from desktop.store import people
from desktop.store.audit import AuditLog
from desktop.store.throttle import Throttles

ADMIN = PersonDetails("pmorgan", "Pat Morgan", frozenset({Role.PRACTICE_ADMIN}))
DANA = PersonDetails(
    "dwhitfield",
    "Dr. Dana Whitfield",
    frozenset({Role.PRESCRIBER}),
    PrescriberCredentials("AW1234563", dt.date(2028, 1, 31), "CA", "A123456", "1234567893"),
)
SAM = PersonDetails("sortiz", "Sam Ortiz", frozenset({Role.STAFF}))


class Clocks:
    """A wall clock that can jump and a monotonic clock that only moves on."""

    def __init__(self) -> None:
        self.wall = 1_780_000_000.0
        self.mono = 1000.0

    def pass_(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


@pytest.fixture
def clocks():
    return Clocks()


def open_store(store_opener, clocks):
    store = store_opener()
    store._throttles = Throttles(
        store.sql, clock=lambda: clocks.wall, monotonic=lambda: clocks.mono
    )
    return store


@pytest.fixture
def store(store_opener, clocks):
    """On a desk's SQLite file and on the clinic's PostgreSQL database."""
    s = open_store(store_opener, clocks)
    people.set_up_practice(
        s, "Oak Street Family Medicine", "1 Oak St", ADMIN, "cedar kettle 9", "test"
    )
    return s


def events(store):
    return [(e.event, e.actor, e.details.get("person")) for e in reversed(store.audit.entries())]


def wrong(store, username="pmorgan", times=1):
    for _ in range(times):
        with pytest.raises(LoginFailed):
            store.authenticate(username, "not the password")


# first-run setup ----------------------------------------------------------------------------
def test_setup_writes_the_practice_the_administrator_and_both_entries(store):
    practice = people.practice(store)
    assert practice.name == "Oak Street Family Medicine" and not practice.demo
    admin = store.authenticate("pmorgan", "cedar kettle 9")
    assert admin.is_practice_admin and not admin.must_change_password
    assert events(store)[:2] == [
        (AuditEvent.PRACTICE_SET_UP, "pmorgan", None),
        (AuditEvent.PERSON_ADDED, "pmorgan", "pmorgan"),
    ]
    with pytest.raises(people.AlreadySetUp, match="already set up for Oak Street"):
        people.set_up_practice(store, "Other", "", SAM, "cedar kettle 9", "test")


# people ----------------------------------------------------------------------------------------
def test_adding_changing_and_deactivating_people_is_audited_with_who_did_it(store):
    people.add_person(store, "pmorgan", DANA, "abcd-efgh-jkmn", "dwhitfield")
    people.add_person(store, "pmorgan", SAM, "pqrs-tuvw-xyz2", None)
    dana = store.authenticate("dwhitfield", "abcd-efgh-jkmn")
    assert dana.must_change_password and dana.prescriber == DANA.prescriber
    assert dana.exostar_account == "dwhitfield"
    promoted = PersonDetails(
        SAM.username, "Samuel Ortiz", frozenset({Role.STAFF, Role.PRACTICE_ADMIN})
    )
    people.update_person(store, "pmorgan", promoted, None)
    people.set_active(store, "pmorgan", "dwhitfield", False)
    with pytest.raises(AccountDeactivated):
        store.authenticate("dwhitfield", "abcd-efgh-jkmn")
    people.set_active(store, "pmorgan", "dwhitfield", True)
    assert store.authenticate("dwhitfield", "abcd-efgh-jkmn").active
    assert events(store)[2:] == [
        (AuditEvent.PERSON_ADDED, "pmorgan", "dwhitfield"),
        (AuditEvent.PERSON_ADDED, "pmorgan", "sortiz"),
        (AuditEvent.ROLE_CHANGED, "pmorgan", "sortiz"),
        (AuditEvent.PERSON_CHANGED, "pmorgan", "sortiz"),
        (AuditEvent.PERSON_DEACTIVATED, "pmorgan", "dwhitfield"),
        (AuditEvent.PERSON_REACTIVATED, "pmorgan", "dwhitfield"),
    ]
    changed = store.audit.entries(event=AuditEvent.ROLE_CHANGED)[0].details
    assert (
        changed["roles"] == "practice_admin,front_desk"
        and changed["previous_roles"] == "front_desk"
    )
    assert store.audit.entries(event=AuditEvent.PERSON_CHANGED)[0].details["changed"] == "name"
    assert store.audit.verify().ok


def test_the_rules_of_who_may_change_whom(store):
    people.add_person(store, "pmorgan", SAM, "pqrs-tuvw-xyz2", None)
    with pytest.raises(people.PeopleRefused, match="Only an active practice administrator"):
        people.add_person(store, "sortiz", DANA, "abcd-efgh-jkmn", None)
    with pytest.raises(people.PeopleRefused, match="already taken \\(Sam Ortiz\\)"):
        people.add_person(store, "pmorgan", SAM, "abcd-efgh-jkmn", None)
    with pytest.raises(people.PeopleRefused, match="cannot deactivate yourself"):
        people.set_active(store, "pmorgan", "pmorgan", False)
    with pytest.raises(people.PeopleRefused, match="from yourself"):
        people.update_person(
            store, "pmorgan", PersonDetails("pmorgan", "Pat", frozenset({Role.STAFF})), None
        )
    both = PersonDetails("sortiz", "Sam Ortiz", frozenset({Role.PRACTICE_ADMIN}))
    people.update_person(store, "pmorgan", both, None)
    people.set_active(store, "sortiz", "pmorgan", False)  # another administrator remains
    with pytest.raises(people.PeopleRefused):
        people.set_active(store, "pmorgan", "sortiz", False)  # pmorgan is deactivated now


def test_a_change_whose_entry_cannot_be_written_does_not_happen(store, monkeypatch):
    original = AuditLog.record

    def full(self, event, *args, **kwargs):
        if event in (AuditEvent.PERSON_ADDED, AuditEvent.PERSON_DEACTIVATED):
            raise sqlite3.OperationalError("database or disk is full")
        return original(self, event, *args, **kwargs)

    monkeypatch.setattr(AuditLog, "record", full)
    with pytest.raises(AuditUnavailable, match="disk that holds the data folder is full"):
        people.add_person(store, "pmorgan", SAM, "pqrs-tuvw-xyz2", None)
    assert not store.has_user("sortiz")
    monkeypatch.setattr(AuditLog, "record", original)
    people.add_person(store, "pmorgan", SAM, "pqrs-tuvw-xyz2", None)
    monkeypatch.setattr(AuditLog, "record", full)
    with pytest.raises(AuditUnavailable):
        people.set_active(store, "pmorgan", "sortiz", False)
    assert people.get_person(store, "sortiz").active


def test_a_new_password_follows_the_rules_and_ends_the_one_time_one(store):
    people.add_person(store, "pmorgan", SAM, "pqrs-tuvw-xyz2", None)
    with pytest.raises(people.PasswordRefused, match="at least 8 characters"):
        people.change_password(store, "sortiz", "short")
    with pytest.raises(people.PasswordRefused, match="common and breached"):
        people.change_password(store, "sortiz", "password123")
    with pytest.raises(people.PasswordRefused, match="not the one you have now"):
        people.change_password(store, "sortiz", "pqrs-tuvw-xyz2")
    changed = people.change_password(store, "sortiz", "maple harbour lantern")
    assert not changed.must_change_password
    assert store.authenticate("sortiz", "maple harbour lantern").username == "sortiz"
    entry = store.audit.entries(event=AuditEvent.PASSWORD_CHANGED)[0]
    assert entry.actor == "sortiz" and entry.details["was_one_time"] is True


# wrong passwords in a row -----------------------------------------------------------------------
def test_five_wrong_passwords_start_a_wait_that_doubles(store, clocks):
    wrong(store, times=4)
    with pytest.raises(LoginFailed) as fifth:
        store.authenticate("pmorgan", "nope")
    assert "try again at" in fifth.value.next_step and "in 30 seconds" in fifth.value.next_step
    with pytest.raises(PasswordThrottled) as held:
        store.authenticate("pmorgan", "cedar kettle 9")  # even the right one waits
    assert held.value.seconds == pytest.approx(30)
    assert "Try again at" in str(held.value)
    clocks.pass_(30)
    wrong(store)  # the sixth: 60 seconds now
    clocks.pass_(59)
    with pytest.raises(PasswordThrottled):
        store.authenticate("pmorgan", "cedar kettle 9")
    clocks.pass_(1)
    assert store.authenticate("pmorgan", "cedar kettle 9").username == "pmorgan"
    wrong(store, times=4)  # the count started again: no wait yet
    assert store.throttles.state("pmorgan").waiting_until is None


def test_waits_survive_a_restart_and_cannot_be_lengthened_by_the_clock(store_opener, store, clocks):
    wrong(store, times=5)
    reopened = open_store(store_opener, clocks)  # a restart: the wait is read from the database
    with pytest.raises(PasswordThrottled):
        reopened.authenticate("pmorgan", "cedar kettle 9")
    clocks.wall -= 3600  # the clock is set back an hour
    with pytest.raises(PasswordThrottled) as held:
        reopened.authenticate("pmorgan", "cedar kettle 9")
    assert held.value.seconds <= 30
    clocks.mono += 30  # half a minute really passes
    assert reopened.authenticate("pmorgan", "cedar kettle 9").username == "pmorgan"


def test_unknown_usernames_wait_exactly_as_known_ones(store, clocks):
    wrong(store, "pmorgan", times=5)
    wrong(store, "nobody-here", times=5)
    with pytest.raises(PasswordThrottled) as known:
        store.authenticate("pmorgan", "x")
    with pytest.raises(PasswordThrottled) as unknown:
        store.authenticate("nobody-here", "x")
    assert str(known.value) == str(unknown.value)


def test_the_hundredth_wrong_password_locks_until_an_administrator_unlocks(store, clocks):
    people.add_person(store, "pmorgan", SAM, "pqrs-tuvw-xyz2", None)
    store.sql.insert(
        "password_throttles", {"username": "sortiz", "failures": 99, "wait_seconds": 0.0}
    )
    with pytest.raises(AccountLocked):
        store.authenticate("sortiz", "wrong again")
    clocks.pass_(10 * 3600)
    with pytest.raises(AccountLocked, match="locked after 100 wrong passwords"):
        store.authenticate("sortiz", "pqrs-tuvw-xyz2")
    row = next(r for r in people.list_people(store) if r.username == "sortiz")
    assert row.locked and row.status.startswith("Locked")
    people.unlock(store, "pmorgan", "sortiz")
    assert store.authenticate("sortiz", "pqrs-tuvw-xyz2").username == "sortiz"
    locked = store.audit.entries(event=AuditEvent.ACCOUNT_LOCKED)[0]
    assert locked.actor is None and locked.details["person"] == "sortiz"
    assert locked.reason == "100 wrong passwords in a row"
    unlocked = store.audit.entries(event=AuditEvent.ACCOUNT_UNLOCKED)[0]
    assert unlocked.actor == "pmorgan" and unlocked.details["person"] == "sortiz"
    with pytest.raises(people.PeopleRefused, match="not locked"):
        people.unlock(store, "pmorgan", "sortiz")


def test_a_lock_whose_entry_cannot_be_written_still_locks(store, monkeypatch):
    store.sql.insert(
        "password_throttles", {"username": "pmorgan", "failures": 99, "wait_seconds": 0.0}
    )

    def full(self, event, *args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(AuditLog, "record", full)
    with pytest.raises(AccountLocked):
        store.authenticate("pmorgan", "wrong")
    assert store.throttles.state("pmorgan").locked


def test_a_new_one_time_password_also_unlocks(store):
    people.add_person(store, "pmorgan", SAM, "pqrs-tuvw-xyz2", None)
    store.sql.insert(
        "password_throttles",
        {"username": "sortiz", "failures": 100, "wait_seconds": 0.0, "locked_at": "2026-01-01"},
    )
    people.reset_password(store, "pmorgan", "sortiz", "bcde-fghj-kmnp")
    user = store.authenticate("sortiz", "bcde-fghj-kmnp")
    assert user.must_change_password
    entry = store.audit.entries(event=AuditEvent.PASSWORD_RESET)[0]
    assert entry.actor == "pmorgan" and entry.details == {"person": "sortiz", "unlocked": True}


def test_an_administrator_can_also_lift_a_wait(store, clocks):
    people.add_person(store, "pmorgan", SAM, "pqrs-tuvw-xyz2", None)
    wrong(store, "sortiz", times=5)
    row = next(r for r in people.list_people(store) if r.username == "sortiz")
    assert row.waiting_until is not None and not row.locked
    people.unlock(store, "pmorgan", "sortiz")
    assert store.authenticate("sortiz", "pqrs-tuvw-xyz2").username == "sortiz"
