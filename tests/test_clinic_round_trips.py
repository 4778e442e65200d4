"""A signature on the clinic database holds the audit chain's lock for as few round trips as it
can: every one of them is time each other desk waits to append (`bench/clinic.py` measures it)."""

from __future__ import annotations

import datetime as dt
import tempfile

import pytest

from desktop.demo import DOCTOR, PATIENTS, doctor_credentials
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft
from desktop.store import audited, write_keys
from desktop.store.sql_postgres import PostgresSql
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


def sent(sql: PostgresSql, action) -> list[str]:
    """What the desk sent while `action` ran, one item per round trip (what it waited for)."""
    pgconn = sql.conn.pgconn
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        try:
            action()
        finally:
            pgconn.untrace()
        trace.seek(0)
        trips, statements = [], []
        for line in trace:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4 or fields[1] != "F":
                continue
            if fields[3].startswith("Parse"):
                statements.append(fields[4].split('"')[3] if fields[4].count('"') >= 4 else "")
            elif fields[3].startswith("Query"):
                trips.append(fields[4])
            elif fields[3].startswith("Sync"):
                trips.append(" + ".join(statements) or "(prepared)")
                statements = []
    return trips


def sign_one(store) -> None:
    rx = store.prescriptions.add(
        1, RxDraft(OXYCODONE, "Take 1 tablet every 6 hours", "20", 0), "fd"
    )
    shown = store.prescriptions.shown_hash([rx.id], 1, DOCTOR[0])
    at = dt.datetime.now(dt.UTC)
    details = {"attempt": "a", "prescriptions": f"#{rx.id}"}
    with store.sql.transaction():  # the signing flow's own transaction, as in signing_steps
        audited.sign(store, [rx.id], 1, DOCTOR[0], "GALH12345678", at, details, shown=shown)


def test_the_audit_lock_is_held_for_two_round_trips_and_no_savepoint_is_released_alone(store):
    sign_one(store)  # the first signature keeps the signing key's row
    trips = sent(store.sql, lambda: sign_one(store))
    locked = next(i for i, trip in enumerate(trips) if "pg_advisory_xact_lock" in trip)
    held = [trip.strip().strip('"') for trip in trips[locked:]]
    assert "FROM audit ORDER BY seq DESC" in held[0]  # the head is read in the lock's trip
    assert held[1].startswith("INSERT INTO audit") and held[1].endswith("+ COMMIT"), held
    assert len(held) == 2 or not held[2].startswith(("INSERT", "COMMIT")), held  # two trips
    assert not any("RELEASE" in trip and "SAVEPOINT" not in trip.split(";")[-1] for trip in trips)
    assert not any("rx_signing_keys" in trip for trip in trips)  # kept once, by the first


def test_a_keyed_signature_keeps_its_key_before_the_lock_and_holds_it_two_round_trips(store):
    """The idempotency key's result is written before the SIGNED entry, not under its lock."""
    sign_one(store)
    keys: list[str] = []

    def keyed() -> None:
        rx = store.prescriptions.add(
            1, RxDraft(OXYCODONE, "Take 1 tablet every 6 hours", "20", 0), "fd", key="add-1"
        )
        shown = store.prescriptions.shown_hash([rx.id], 1, DOCTOR[0])
        details = {"attempt": "b", "prescriptions": f"#{rx.id}"}
        at = dt.datetime.now(dt.UTC)
        with store.sql.transaction():
            audited.sign(
                store, [rx.id], 1, DOCTOR[0], "GALH12345678", at, details, shown=shown, key="s-1"
            )
        keys.append(str(rx.id))

    trips = sent(store.sql, keyed)
    locked = next(i for i, trip in enumerate(trips) if "pg_advisory_xact_lock" in trip)
    held = [trip.strip().strip('"') for trip in trips[locked:]]
    assert held[1].startswith("INSERT INTO audit") and held[1].endswith("+ COMMIT"), held
    assert any(trip.startswith("UPDATE write_keys") for trip in trips[:locked]), trips
    assert write_keys.done(store.sql, "s-1", write_keys.SIGN) == keys[0]
    assert write_keys.done(store.sql, "add-1", write_keys.ADD_PRESCRIPTION) == keys[0]


def test_a_transaction_sends_its_begin_with_its_first_statement(store):
    sql = store.sql
    trips = [trip.strip().strip('"') for trip in sent(sql, lambda: _one_update(sql, "Begun"))]
    assert trips == ["BEGIN + UPDATE patients SET last_name = $1 WHERE id = 1", "COMMIT"], trips

    def empty() -> None:
        with sql.transaction():
            pass

    assert sent(sql, empty) == []  # a transaction that sent nothing has nothing to end

    def first_a_savepoint() -> None:
        with sql.transaction(), sql.transaction():
            sql.execute("UPDATE patients SET last_name = 'Nested' WHERE id = 1")

    trips = [trip.strip().strip('"') for trip in sent(sql, first_a_savepoint)]
    assert len(trips) == 2 and trips[1] == "COMMIT", trips  # the savepoint rides along too
    assert trips[0].startswith("BEGIN + SAVEPOINT icorerx_sp_") and "+ UPDATE" in trips[0], trips

    def blocks_that_send_nothing() -> None:
        with sql.transaction():
            with sql.transaction():
                pass  # no statement: no savepoint either
            with pytest.raises(RuntimeError), sql.transaction():
                raise RuntimeError("failed before sending anything: nothing to roll back")
            with sql.transaction():  # a sibling: nothing to release before it
                sql.execute("UPDATE patients SET last_name = 'Sibling' WHERE id = 1")

    trips = [trip.strip().strip('"') for trip in sent(sql, blocks_that_send_nothing)]
    assert len(trips) == 2 and not any("ROLLBACK" in t or "RELEASE" in t for t in trips), trips
    assert sql.query("SELECT last_name FROM patients WHERE id = 1") == [{"last_name": "Sibling"}]
    _one_update(sql, "Nested")
    with pytest.raises(RuntimeError), sql.transaction():
        sql.execute("UPDATE patients SET last_name = 'Lost' WHERE id = 1")
        raise RuntimeError("the flow failed")
    assert sql.query("SELECT last_name FROM patients WHERE id = 1") == [{"last_name": "Nested"}]
    assert not sql.in_transaction


def _one_update(sql, name: str) -> None:
    with sql.transaction():
        sql.execute("UPDATE patients SET last_name = ? WHERE id = 1", [name])


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
    trips = sent(store.sql, lambda: store.audit.record(AuditEvent.SIGN_ATTEMPT, "doctor", "ok"))
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


def test_a_keyed_signature_is_kept_once_on_either_database(store_opener):
    """The key's result, kept by the signature itself before its entry, answers a retry."""
    desk = store_opener()
    username, password, name, roles, account = DOCTOR
    desk.add_user(username, password, name, roles, account, prescriber=doctor_credentials())
    patient = desk.add_patient(*PATIENTS[0]).id
    rx = desk.prescriptions.add(
        patient, RxDraft(OXYCODONE, "Take 1 tablet every 6 hours", "20", 0), "fd"
    )
    shown = desk.prescriptions.shown_hash([rx.id], patient, DOCTOR[0])
    at = dt.datetime.now(dt.UTC)
    details = {"attempt": "k", "prescriptions": f"#{rx.id}"}

    def sign() -> list[int]:
        with desk.sql.transaction():
            done = audited.sign(
                desk, [rx.id], patient, DOCTOR[0], "S1", at, details, shown=shown, key="k-1"
            )
        return [r.id for r in done]

    entries = desk.audit.count()
    assert sign() == [rx.id]
    assert write_keys.done(desk.sql, "k-1", write_keys.SIGN) == str(rx.id)
    assert desk.audit.count() == entries + 1
    assert sign() == [rx.id]  # the retry: the first answer, nothing signed or recorded again
    assert desk.audit.count() == entries + 1
    assert desk.audit.verify(anchored=False).ok


def test_an_entry_inside_a_transaction_goes_with_the_next_statement_or_fails_the_commit(store):
    """The entry is sent late, never lost: a statement after it sees it; a refused one fails
    the whole transaction; one made in a block that fails goes with the block."""
    sql, audit = store.sql, store.audit
    audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    with sql.transaction():
        audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
        assert audit.count() == 2  # the next statement carried it
    with pytest.raises(RuntimeError), sql.transaction():
        audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
        raise RuntimeError("the flow failed after its entry")
    with sql.transaction():
        with pytest.raises(RuntimeError), sql.transaction():
            audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
            raise RuntimeError("the block failed after its entry")
        sql.execute("UPDATE patients SET last_name = 'Kept' WHERE id = 1")
    assert audit.count() == 2

    def refused(last):
        return "INSERT INTO audit (seq) VALUES (?)", [int(last[0]) + 1]  # misses NOT NULLs

    with pytest.raises(Exception, match="null value"), sql.transaction():
        sql.execute("UPDATE patients SET last_name = 'Lost' WHERE id = 1")
        sql.append_serialised(
            "audit append", "SELECT seq FROM audit ORDER BY seq DESC LIMIT 1", refused
        )
    assert not sql.in_transaction
    assert sql.query("SELECT last_name FROM patients WHERE id = 1") == [{"last_name": "Kept"}]
    assert audit.count() == 2 and audit.verify(anchored=False).ok
