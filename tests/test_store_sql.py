"""The stores' one SQL interface behaves the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.store.sql import database_errors, update, upsert


@pytest.fixture
def sql(store_opener):
    store = store_opener()
    store.add_patient("Linda", "Okafor", dt.date(1983, 8, 30), "F")
    return store.sql


def names(sql) -> list[str]:
    return [row["last_name"] for row in sql.query("SELECT last_name FROM patients ORDER BY id")]


def test_a_write_outside_a_transaction_commits_and_new_ids_come_back(sql, store_opener):
    first = sql.insert_returning_id(
        "patients", {"first_name": "A", "last_name": "Ng", "date_of_birth": "2000-01-01"}
    )
    assert first > 1
    other = store_opener("another desk").sql  # a second connection sees it at once
    assert names(other) == ["Okafor", "Ng"]


def test_a_transaction_is_all_or_nothing_and_a_nested_one_rolls_back_alone(sql):
    with pytest.raises(RuntimeError), sql.transaction():
        sql.execute("UPDATE patients SET last_name = 'Gone'")
        raise RuntimeError("the change failed")
    assert names(sql) == ["Okafor"]
    with sql.transaction():
        sql.execute("UPDATE patients SET last_name = 'Okafor-Ng'")
        with pytest.raises(RuntimeError), sql.transaction():
            sql.execute("UPDATE patients SET last_name = 'Gone'")
            raise RuntimeError("only the inner step failed")
        assert sql.in_transaction
    assert not sql.in_transaction
    assert names(sql) == ["Okafor-Ng"]


def test_after_commit_runs_once_the_outer_transaction_commits_and_never_after_a_rollback(sql):
    ran: list[str] = []
    assert not sql.after_commit(lambda: ran.append("none open"))
    with sql.transaction():
        with sql.transaction():
            assert sql.after_commit(lambda: ran.append("committed"))
        assert ran == []
    assert ran == ["committed"]
    with pytest.raises(RuntimeError), sql.transaction():
        sql.after_commit(lambda: ran.append("rolled back"))
        raise RuntimeError
    assert ran == ["committed"]


def test_insert_or_ignore_upsert_and_update_say_the_same_on_both(sql):
    row = {"username": "sam", "failures": 1, "wait_seconds": 0.0}
    sql.insert_or_ignore("password_throttles", row)
    sql.insert_or_ignore("password_throttles", dict(row, failures=9))
    upsert(sql, "password_throttles", dict(row, failures=2), "username")
    assert sql.query("SELECT failures FROM password_throttles") == [{"failures": 2}]
    assert update(sql, "password_throttles", ("username", "sam"), {"failures": 3}) == 1
    assert update(sql, "password_throttles", ("username", "nobody"), {"failures": 3}) == 0
    with pytest.raises(database_errors()):
        sql.insert("password_throttles", dict(row, failures=4))


def test_a_percent_sign_in_the_statement_is_taken_as_written(sql):
    found = sql.execute(f"SELECT count(*) FROM patients WHERE last_name {sql.like} 'oka%'")
    assert found.fetchone()[0] == 1


def test_serialising_belongs_inside_a_transaction(sql):
    with pytest.raises(RuntimeError, match="inside a transaction"):
        sql.serialise("audit append")
    with sql.transaction():
        sql.serialise("audit append")


def test_the_read_sent_with_the_lock_sees_what_the_holder_committed(sql, store_opener):
    """`serialised` sends the lock and the read together (PostgreSQL: one round trip), and
    the read still comes after the wait: it sees the row the lock's holder committed
    meanwhile (a chain's head read before the wait would chain two entries to one row).
    On SQLite it is `serialise` and then the read, one desk's file having one writer."""
    import threading
    import time

    if sql.dialect != "postgresql":
        pytest.skip("one connection per thread on SQLite; its write lock is the file's")
    other = store_opener("another desk").sql
    probe = store_opener("probe").sql
    seen: list[int] = []
    failed: list[BaseException] = []

    def second_desk() -> None:
        try:
            with other.transaction():
                row = other.serialised("audit append", "SELECT count(*) FROM patients")
                seen.append(int(row.fetchone()[0]))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failed.append(exc)

    def waiting() -> bool:
        row = probe.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        ).fetchone()
        return bool(row[0])

    with sql.transaction():
        sql.serialise("audit append")
        sql.insert(
            "patients", {"first_name": "A", "last_name": "Ng", "date_of_birth": "2000-01-01"}
        )
        desk = threading.Thread(target=second_desk)
        desk.start()
        deadline = time.monotonic() + 30  # it waits for the lock before this one commits
        while not waiting() and time.monotonic() < deadline:
            desk.join(0.02)
        assert waiting()
        assert seen == []
    desk.join(30)
    assert not failed, failed
    assert seen == [2]
