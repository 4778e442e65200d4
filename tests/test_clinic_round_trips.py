"""A signature on the clinic database holds the audit chain's lock for as few round trips as it
can: every one of them is time each other desk waits to append (`bench/clinic.py` measures it)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.demo import DOCTOR, PATIENTS, doctor_credentials
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft
from desktop.store import audited
from tests.pg_trace import round_trips
from tests.store_backends import StoreOpener

OXYCODONE = {m.id: m for m in load_formulary()}["oxycodone-5-mg-tab"]


@pytest.fixture
def store(clinic_template, tmp_path, no_keyring):
    opener = StoreOpener("postgresql", tmp_path, clinic_template)
    store = opener("desk-1")
    username, password, name, roles, account = DOCTOR
    store.add_user(username, password, name, roles, account, prescriber=doctor_credentials())
    store.add_patient(*PATIENTS[0])
    yield store
    opener.close()


def sign_one(store) -> None:
    rx = store.prescriptions.add(
        1, RxDraft(OXYCODONE, "Take 1 tablet every 6 hours", "20", 0), "fd"
    )
    shown = store.prescriptions.shown_hash([rx.id], 1, DOCTOR[0])
    at = dt.datetime.now(dt.UTC)
    details = {"attempt": "a", "prescriptions": f"#{rx.id}"}
    with store.sql.transaction():  # the signing flow's own transaction, as in signing_steps
        audited.sign(store, [rx.id], 1, DOCTOR[0], "GALH12345678", at, details, shown=shown)


def test_the_audit_lock_is_held_for_three_round_trips_and_no_savepoint_is_released_alone(store):
    sign_one(store)  # the first signature keeps the signing key's row
    trips = round_trips(store.sql, lambda: sign_one(store))
    locked = next(i for i, trip in enumerate(trips) if "pg_advisory_xact_lock" in trip)
    held = [trip.strip().strip('"') for trip in trips[locked:]]
    assert "FROM audit ORDER BY seq DESC" in held[0]  # the head is read in the lock's trip
    assert held[1].startswith("INSERT INTO audit")
    assert held.index("COMMIT") == 2, held  # the lock ends with the commit: three round trips
    assert not any("RELEASE" in trip and "SAVEPOINT" not in trip.split(";")[-1] for trip in trips)
    assert not any("rx_signing_keys" in trip for trip in trips)  # kept once, by the first


def test_a_failed_block_rolls_back_alone_among_blocks_never_released_alone(store):
    sql = store.sql

    def names() -> list[str]:
        return [r["last_name"] for r in sql.query("SELECT last_name FROM patients ORDER BY id")]

    with sql.transaction():
        for i in range(300):  # siblings: each one's savepoint is released by the next
            with sql.transaction():
                sql.execute("UPDATE patients SET last_name = ? WHERE id = 1", [f"N{i}"])
        with pytest.raises(RuntimeError), sql.transaction():
            with sql.transaction():
                sql.execute("UPDATE patients SET last_name = 'Gone' WHERE id = 1")
            raise RuntimeError("the outer block failed")
        with sql.transaction():
            with pytest.raises(Exception, match="violates"), sql.transaction():
                sql.execute("UPDATE patients SET last_name = 'Gone' WHERE id = 1")
                sql.execute("INSERT INTO patients (first_name) VALUES ('x')")  # refused
            assert names() == ["N299"]
        assert names() == ["N299"]  # the transaction goes on after the refused statement
    assert names() == ["N299"]


def test_an_entry_of_its_own_takes_two_round_trips_the_lock_held_for_the_last(store):
    """The SIGN_ATTEMPT entry (a transaction of its own): the begin, the lock and the head
    in one round trip, the entry and the commit in the next; then the head, for the anchor."""
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    trips = round_trips(
        store.sql, lambda: store.audit.record(AuditEvent.SIGN_ATTEMPT, "doctor", "ok")
    )
    assert trips[0].startswith("BEGIN + SELECT pg_advisory_xact_lock"), trips
    assert trips[0].endswith("FROM audit ORDER BY seq DESC LIMIT 1"), trips
    assert trips[1].startswith("INSERT INTO audit") and trips[1].endswith("+ COMMIT"), trips
    assert len(trips) == 3, trips  # and the committed head, read for the anchor
    assert store.audit.verify(anchored=False).ok


def test_an_entry_of_its_own_that_fails_leaves_nothing_and_the_desk_goes_on(store):
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)

    def refused(last):
        return "INSERT INTO audit (seq) VALUES (?)", [int(last[0]) + 1]  # misses NOT NULLs

    with pytest.raises(Exception, match="null value"):
        store.sql.append_serialised(
            "audit append", "SELECT seq FROM audit ORDER BY seq DESC LIMIT 1", refused
        )
    assert not store.sql.in_transaction
    assert store.audit.count() == 1  # nothing half-written, and the connection is usable
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    assert store.audit.count() == 2 and store.audit.verify(anchored=False).ok
