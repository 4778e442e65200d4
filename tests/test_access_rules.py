"""EPCS access control's rules (21 CFR 1311.125), without a database or a window."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.access_control import (
    AccessRefused,
    EndReason,
    Grant,
    GrantEntry,
    GrantState,
    Permission,
    approved,
    ended,
    refused,
    revocation_entered,
)
from desktop.domain.access_rules import (
    approve_problem,
    automatic_end,
    designate_problem,
    designation_problem,
    enter_problem,
    notice,
    refuse_problem,
    require,
    revoke_problem,
)
from desktop.domain.audit import AuditEvent
from desktop.domain.models import PrescriberCredentials, Role, User

TODAY = dt.date(2025, 6, 2)
NOW = dt.datetime(2025, 6, 2, 15, 0, tzinfo=dt.UTC)


def creds(dea: str = "AM1234563", expiry: dt.date = dt.date(2027, 1, 31)) -> PrescriberCredentials:
    return PrescriberCredentials(dea, expiry, "CA", "A765432", "1234567893")


def prescriber(name: str, **kwargs) -> User:
    roles = frozenset({Role.PRESCRIBER})
    return User(name, f"Dr. {name.title()}", roles, name, prescriber=creds(), **kwargs)


STAFF = User("sam", "Sam Ortiz", frozenset({Role.STAFF}), None)
ADMIN = User("pat", "Pat Admin", frozenset({Role.PRACTICE_ADMIN}), None)
DANA = prescriber("dana")
LEE = prescriber("lee")
KIM = prescriber("kim")


def entry(who: str = "lee", **changes) -> GrantEntry:
    values = {
        "prescriber": who,
        "checked_current": True,
        "licence_expiry": dt.date(2026, 12, 31),
        "proofed_by": "Exostar",
        "proofed_on": dt.date(2025, 5, 30),
    }
    values.update(changes)
    return GrantEntry(**values)


def pending(prescriber_name: str = "lee", entered_by: str = "sam") -> Grant:
    return Grant(
        1,
        prescriber_name,
        GrantState.PENDING,
        entered_by,
        NOW,
        "AM1234563",
        dt.date(2027, 1, 31),
        "CA",
        "A765432",
        dt.date(2026, 12, 31),
        "Exostar",
        dt.date(2025, 5, 30),
    )


def test_fewer_than_two_designated_nothing_can_be_granted():
    assert "No one is designated" in designation_problem([], TODAY)
    assert "Only one person is designated" in designation_problem([DANA], TODAY)
    assert "at least 2" in enter_problem(STAFF, LEE, [STAFF], None, entry(), TODAY)
    assert designation_problem([STAFF, DANA], TODAY) == ""


def test_one_designated_must_be_a_registrant_with_a_synced_token():
    assert "None of the designated people is a prescriber" in designation_problem(
        [STAFF, ADMIN], TODAY
    )
    expired = prescriber("old")
    expired = User(
        "old", "Dr. Old", expired.roles, "old", prescriber=creds(expiry=dt.date(2025, 6, 1))
    )
    assert "current DEA registration" in designation_problem([STAFF, expired], TODAY)
    assert "synced hardware token" in designation_problem([STAFF, DANA], TODAY, synced=set())
    assert designation_problem([STAFF, DANA], TODAY, synced={"dana"}) == ""
    inactive = User("sam", "Sam", STAFF.roles, None, active=False)
    assert "Only one person" in designation_problem([inactive, DANA], TODAY)


def test_only_a_practice_administrator_designates():
    assert "practice administrator" in designate_problem(STAFF, DANA, set())
    assert designate_problem(ADMIN, DANA, set()) == ""
    assert "already designated" in designate_problem(ADMIN, DANA, {"dana"})


def test_entering_needs_a_designee_the_checks_and_a_current_registration():
    designated = [STAFF, DANA]
    assert enter_problem(STAFF, LEE, designated, None, entry(), TODAY) == ""
    assert "designated access-control administrator" in enter_problem(
        KIM, LEE, designated, None, entry(), TODAY
    )
    assert "1311.125(b)" in enter_problem(
        STAFF, LEE, designated, None, entry(checked_current=False), TODAY
    )
    assert "credential service" in enter_problem(
        STAFF, LEE, designated, None, entry(proofed_by=" "), TODAY
    )
    assert "state authorisation has expired" in enter_problem(
        STAFF, LEE, designated, None, entry(licence_expiry=dt.date(2025, 6, 1)), TODAY
    )
    lapsed = User("lee", "Dr. Lee", LEE.roles, "lee", prescriber=creds(expiry=dt.date(2025, 6, 1)))
    assert "expired on 06/01/2025" in enter_problem(STAFF, lapsed, designated, None, entry(), TODAY)
    assert "active prescriber" in enter_problem(STAFF, STAFF, designated, None, entry(), TODAY)
    assert "already has a pending" in enter_problem(
        STAFF, LEE, designated, pending(), entry(), TODAY
    )


def test_the_person_who_entered_it_never_approves_it():
    grant = pending(entered_by="dana")
    problem = approve_problem(DANA, grant, [DANA, KIM], TODAY)
    assert "You entered this yourself" in problem
    with pytest.raises(AccessRefused) as refused_:
        require(problem, "self_approval")
    assert refused_.value.code == "self_approval"
    assert approve_problem(KIM, grant, [DANA, KIM], TODAY) == ""


def test_the_approver_is_a_designated_dea_registrant():
    grant = pending()
    assert "DEA registrant" in approve_problem(ADMIN, grant, [STAFF, ADMIN, DANA], TODAY)
    assert "designated" in approve_problem(KIM, grant, [STAFF, DANA], TODAY)
    assert approve_problem(DANA, grant, [STAFF, DANA], TODAY) == ""


def test_a_registrant_may_approve_their_own_grant_entered_by_someone_else():
    """A doctor's own practice: the staff member enters it, the doctor executes it."""
    assert approve_problem(DANA, pending("dana", "sam"), [STAFF, DANA], TODAY) == ""


def test_a_grant_and_its_revocation_take_two_steps():
    grant = approved(pending(), "dana", NOW)
    assert grant.state is GrantState.ACTIVE and grant.state.permits_signing
    assert "Say why" in revoke_problem(STAFF, grant, [STAFF, DANA], " ", TODAY)
    revoking = revocation_entered(grant, "sam", NOW, "left the practice")
    assert revoking.state.permits_signing and revoking.step_entered_by == "sam"
    assert "You entered this yourself" in approve_problem(STAFF, revoking, [STAFF, DANA], TODAY)
    kept = refused(revoking, "dana", NOW, "mistaken")
    assert kept.state is GrantState.ACTIVE and kept.revocation_entered_by is None
    gone = approved(revoking, "dana", NOW)
    assert gone.state is GrantState.REVOKED and not gone.state.permits_signing
    assert gone.revoked_by == "dana" and gone.revocation_reason == "left the practice"
    with pytest.raises(ValueError):
        approved(gone, "dana", NOW)


def test_refusal_needs_a_reason_and_ends_a_pending_grant():
    grant = pending()
    assert "Say why" in refuse_problem(DANA, grant, [STAFF, DANA], "")
    assert refuse_problem(DANA, grant, [STAFF, DANA], "licence lapsed") == ""
    done = refused(grant, "dana", NOW, "licence lapsed")
    assert done.state is GrantState.REFUSED and not done.state.live


def test_permission_ends_by_itself():
    grant = approved(pending(), "dana", NOW)
    assert automatic_end(grant, LEE, TODAY) is None
    assert automatic_end(grant, LEE, dt.date(2027, 2, 1)) is EndReason.DEA_EXPIRED
    gone = User("lee", "Dr. Lee", LEE.roles, "lee", prescriber=creds(), active=False)
    assert automatic_end(grant, gone, TODAY) is EndReason.DEACTIVATED
    assert automatic_end(grant, None, TODAY) is EndReason.DEACTIVATED
    other = User("lee", "Dr. Lee", LEE.roles, "lee", prescriber=creds(dea="AM7654321"))
    assert automatic_end(grant, other, TODAY) is EndReason.DEA_CHANGED
    over = ended(grant, EndReason.TOKEN_LOST, "GALH12345678, lost", "lee", NOW)
    assert over.state is GrantState.ENDED and automatic_end(over, gone, TODAY) is None
    assert over.why_ended == (
        "the hardware token was reported lost or deactivated (GALH12345678, lost)"
    )


def test_signing_is_told_what_is_missing_and_who_can_grant_it():
    people = {u.username: u for u in (STAFF, DANA, LEE)}
    none = Permission(None, [STAFF, DANA], [], people)
    assert not none.allowed
    assert "no EPCS permission" in none.why_not()
    assert "Sam Ortiz and Dr. Dana" in none.why_not()
    waiting = Permission(pending(), [STAFF, DANA], [], people)
    assert "entered by Sam Ortiz" in waiting.why_not() and "waits for a second" in waiting.why_not()
    alone = Permission(None, [DANA], [], people)
    assert "designated so far: Dr. Dana" in alone.why_not()
    assert Permission(approved(pending(), "dana", NOW), [STAFF, DANA], [], people).allowed


def test_notices_name_both_people():
    people = {u.username: u for u in (STAFF, DANA, LEE)}
    grant = approved(pending(), "dana", NOW)
    text = notice(AuditEvent.EPCS_GRANT_APPROVED, grant, people, "dana")
    assert "approved by Dr. Dana" in text and "entered by Sam Ortiz" in text
    refusal = refused(pending(), "dana", NOW, "licence lapsed")
    text = notice(AuditEvent.EPCS_GRANT_REFUSED, refusal, people, "dana", reason="licence lapsed")
    assert "refused by Dr. Dana" in text and "Sam Ortiz" in text and "licence lapsed" in text
