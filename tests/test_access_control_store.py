"""EPCS designations and grants in the store (21 CFR 1311.125), on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.access_control import AccessRefused, GrantEntry, GrantState
from desktop.domain.audit import AuditEvent
from desktop.domain.models import Role
from desktop.domain.people import PersonDetails
from desktop.store import people
from tests.rx_store import DEA

TODAY = dt.date(2026, 11, 30)
BOTH = [Role.PRACTICE_ADMIN, Role.PRESCRIBER]


@pytest.fixture
def store(store_opener):
    """A practice with two designated administrators who prescribe, and a doctor."""
    s = store_opener()
    admin = PersonDetails("ada", "Dr. Ada Admin", frozenset(BOTH), DEA)
    people.set_up_practice(s, "Oak Street", "1 Oak St", admin, "cedar kettle 9", "test")
    s.add_user("ben", "pw-123456789", "Dr. Ben Second", BOTH, prescriber=DEA)
    s.add_user("doc", "pw-123456789", "Dr. Ann Doc", Role.PRESCRIBER, prescriber=DEA)
    s.access_control.designate("ada", "ada")
    s.access_control.designate("ada", "ben")
    return s


def entry(prescriber: str = "doc") -> GrantEntry:
    return GrantEntry(prescriber, True, dt.date(2028, 1, 1), "Exostar", dt.date(2026, 11, 1))


def test_a_grant_takes_two_people_and_ends_when_the_prescriber_is_deactivated(store):
    control = store.access_control
    assert [d.username for d in control.designations()] == ["ada", "ben"]
    pending = control.enter("ada", entry(), TODAY)
    assert pending.state is GrantState.PENDING and pending.id > 0
    with pytest.raises(AccessRefused, match="second designated person"):
        control.approve("ada", pending.id, TODAY, "GALH12345678")
    active = control.approve("ben", pending.id, TODAY, "GALH12345678")
    assert active.state is GrantState.ACTIVE
    assert control.require_permission("doc", TODAY, "doc").id == pending.id
    assert [g.id for g in control.grants()] == [pending.id]

    ended = people.deactivate(store, "ada", "doc")
    assert [g.id for g in ended] == [pending.id] and not ended[0].state.live
    assert control.latest_grant("doc") == ended[0]
    events = [e.event for e in reversed(store.audit.entries())]
    assert events[-4:] == [
        AuditEvent.EPCS_GRANT_ENTERED,
        AuditEvent.EPCS_GRANT_APPROVED,
        AuditEvent.PERSON_DEACTIVATED,
        AuditEvent.EPCS_GRANT_ENDED,
    ]
    assert store.audit.verify(anchored=False).ok


def test_undesignating_leaves_too_few_to_grant(store):
    store.access_control.undesignate("ada", "ben")
    assert [d.username for d in store.access_control.designations()] == ["ada"]
    with pytest.raises(AccessRefused, match="Only one person is designated"):
        store.access_control.enter("ada", entry(), TODAY)
