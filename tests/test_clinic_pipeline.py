"""The lock and the head, sent together (`store.pg_pipeline`): one round trip that ends on
its Sync, read as `execute` reads, failing as `execute` fails.

What the frozen desk depends on (`test_clinic_idle_session.py`) is the last message: a Sync,
with no Flush request after it. The rest is that the exchange behaves like the statements
it replaces: the same rows, the same psycopg error for a statement the server refused (and a
connection that goes on), and `ClinicServerAway` for a server lost on the way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from desktop.clinic.settings import parse_url
from desktop.domain.audit import AuditEvent, Outcome
from desktop.store.audit import AUDIT_APPEND, HEAD
from desktop.store.clinic_store import open_clinic_store
from desktop.store.database import AppStore
from desktop.store.server_away import ClinicServerAway
from desktop.store.sql import dict_rows
from desktop.store.sql_postgres import PostgresSql
from tests.clinic_proxy import ClinicProxy
from tests.clinic_server import ROLE
from tests.pg_trace import sent_names
from tests.store_backends import KEY, StoreOpener

pytestmark = pytest.mark.usefixtures("no_keyring")


@pytest.fixture
def store(clinic_template, tmp_path) -> Iterator[AppStore]:
    opener = StoreOpener("postgresql", tmp_path, clinic_template)
    yield opener("front-desk-1")
    opener.close()


@pytest.fixture
def relayed(clinic_server, clinic_template, tmp_path) -> Iterator[tuple[AppStore, ClinicProxy]]:
    """A desk whose connection goes through a relay the test breaks on cue."""
    relay = ClinicProxy(clinic_server.port)
    relay.start()
    database = parse_url(clinic_template.fresh_url()).database
    opened = open_clinic_store(
        parse_url(relay.url(database, ROLE)),
        clinic_server.password,
        audit_key=KEY,
        key_dir=tmp_path,
        workstation="front-desk-1",
    )
    yield opened, relay
    opened.close()
    relay.cut()


def postgres(store: AppStore) -> PostgresSql:
    assert isinstance(store.sql, PostgresSql)
    return store.sql


def next_entry(head: Any) -> tuple[str, list[object]]:
    return "SELECT ?", [1 if head is None else int(head[0]) + 1]


def test_the_lock_and_the_head_go_out_in_one_round_trip_that_ends_on_its_sync(store):
    """The server starts the idle-in-transaction clock only after answering a Sync."""
    sql = postgres(store)
    with sql.transaction():
        sent = sent_names(sql, lambda: sql.serialised(AUDIT_APPEND, HEAD).fetchone())
        assert sent.count("Sync") == 1 and sent[-1] == "Sync", sent  # one round trip
        assert sent.count("Execute") == 2 and "Flush" not in sent, sent

    sent = sent_names(sql, lambda: sql.append_serialised(AUDIT_APPEND, HEAD, next_entry))
    assert sent.count("Sync") == 2 and sent[-1] == "Sync", sent  # two round trips
    assert sent.count("Execute") == 5 and "Flush" not in sent, sent
    assert sent[sent.index("Sync") - 1] == "Execute"  # the first ends on its Sync too


def test_what_the_exchange_reads_is_what_execute_reads(store):
    sql = postgres(store)
    for first, last in [("Ana", "Ng"), ("Bo", "Li%"), ("Cy", "O'Hara")]:
        store.add_patient(first, last, dt.date(1990, 6, 27), "F")
    statement = (
        "SELECT id, first_name, last_name, DATE '1990-06-27' + id::int AS day, NULL AS nothing "
        "FROM patients "
        f"WHERE id >= ? AND last_name {sql.like} '%' ORDER BY id"
    )
    expected = sql.execute(statement, [2])
    with sql.transaction():
        rows = sql.serialised(AUDIT_APPEND, statement, [2])
    names = [column[0] for column in expected.description]
    assert [column[0] for column in rows.description] == names
    assert rows.rowcount == expected.rowcount == 2
    wanted = expected.fetchall()
    assert wanted[0][3] == dt.date(1990, 6, 29)  # loaded as psycopg loads it
    assert rows.fetchone() == wanted[0]
    assert list(rows) == wanted[1:]
    assert rows.fetchone() is None and rows.fetchall() == []
    with sql.transaction():
        again = sql.serialised(AUDIT_APPEND, statement, [2])
        assert dict_rows(again, again.description)[1]["last_name"] == "O'Hara"
        assert sql.serialised(AUDIT_APPEND, "SELECT 1 WHERE false").fetchone() is None


def test_a_statement_the_server_refuses_fails_as_execute_fails_and_the_desk_goes_on(store):
    sql = postgres(store)
    with pytest.raises(psycopg.errors.DivisionByZero), sql.transaction():
        sql.serialised(AUDIT_APPEND, "SELECT 1 / ?", [0])
    assert not sql.in_transaction and not sql.reach.away

    with pytest.raises(psycopg.errors.DivisionByZero):
        sql.append_serialised(AUDIT_APPEND, "SELECT 1 / 0", next_entry)
    with pytest.raises(psycopg.errors.UndefinedTable):
        sql.append_serialised(AUDIT_APPEND, HEAD, lambda head: ("SELECT * FROM nowhere", []))
    assert sql.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE

    with pytest.raises(psycopg.ProgrammingError, match="placeholders"), sql.transaction():
        sql.serialised(AUDIT_APPEND, "SELECT ?, ?", [1])  # nothing sent
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)  # the chain goes on
    assert store.audit.count() == 1 and store.audit.verify(anchored=False).ok


def test_the_server_lost_in_the_exchange_is_the_server_away_and_nothing_is_kept(relayed):
    store, relay = relayed
    sql = postgres(store)
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)

    relay.cut_before(b"pg_advisory_xact_lock")  # an entry of its own: before anything ran
    with pytest.raises(ClinicServerAway) as away:
        store.audit.record(AuditEvent.SIGN_ATTEMPT, "doctor", Outcome.SUCCESS)
    assert relay.tripped.is_set() and not away.value.unknown and sql.reach.away

    relay.drop_answer_to(b"pg_advisory_xact_lock")  # the lock taken, its answer lost
    with pytest.raises(ClinicServerAway) as away:
        store.audit.record(AuditEvent.SIGN_ATTEMPT, "doctor", Outcome.SUCCESS)
    assert relay.tripped.is_set() and not away.value.unknown  # never committed

    relay.drop_answer_to(b"pg_advisory_xact_lock")  # inside a caller's transaction
    with pytest.raises(ClinicServerAway) as away, sql.transaction():
        sql.serialised(AUDIT_APPEND, HEAD)
    assert relay.tripped.is_set() and not away.value.unknown and not sql.in_transaction

    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)  # reconnected
    assert not sql.reach.away
    assert store.audit.count() == 2 and store.audit.verify(anchored=False).ok


def test_an_exchange_interrupted_before_its_answers_were_read_is_not_used_again(store, monkeypatch):
    """An answer left unread would be taken for the next statement's: the connection is closed
    instead, and the next call opens a new one."""
    from desktop.store import pg_pipeline

    sql = postgres(store)
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    before = sql.conn.info.backend_pid
    read = pg_pipeline.fetch_many
    calls: list[int] = []

    def interrupted(pgconn: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # e.g. Ctrl-C at the command line, between two answers
        return read(pgconn)

    monkeypatch.setattr(pg_pipeline, "fetch_many", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sql.append_serialised(AUDIT_APPEND, HEAD, next_entry)
    monkeypatch.undo()
    assert sql.conn.closed and not sql.in_transaction
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    assert sql.conn.info.backend_pid != before
    assert store.audit.count() == 2 and store.audit.verify(anchored=False).ok
