"""A desk that freezes while it holds the audit chain's lock is ended by the server.

The clinic's server ends a session left idle inside its transaction
(`idle_in_transaction_session_timeout`), which frees the locks it held, so a desk frozen
mid-sign (a laptop lid shut, a stopped process) holds every other desk up only briefly.
PostgreSQL starts that clock only when the last thing the desk sent was answered with
"ready for query": the lock and the chain's head go out together (one round trip), and
that exchange must end so, not with a request the server answers without it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from desktop.store.audit import AUDIT_APPEND, HEAD
from desktop.store.database import AppStore
from desktop.store.server_away import ClinicServerAway
from desktop.store.sql_postgres import PostgresSql
from tests.store_backends import StoreOpener

GONE_WITHIN_S = 20.0
"""The server ends the session after 1 s idle; this much leaves room for a loaded machine."""


@pytest.fixture
def opener(clinic_template, tmp_path, no_keyring) -> Iterator[StoreOpener]:
    opened = StoreOpener("postgresql", tmp_path, clinic_template)
    yield opened
    opened.close()


@pytest.fixture
def desk(opener) -> PostgresSql:
    """The desk that freezes: its session is ended after 1 s idle inside a transaction."""
    store: AppStore = opener("front-desk-1")
    sql = store.sql
    assert isinstance(sql, PostgresSql)
    sql.execute("SET idle_in_transaction_session_timeout = 1000")
    return sql


def backend_alive(probe: PostgresSql, pid: int) -> bool:
    found = probe.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", [pid])
    return bool(found.fetchone()[0])


def frozen_until_ended(probe: PostgresSql, pid: int) -> bool:
    """The frozen desk does nothing; the server's view of its session is polled until the
    server ends it (True) or the time runs out (False)."""
    deadline = time.monotonic() + GONE_WITHIN_S
    while time.monotonic() < deadline:
        if not backend_alive(probe, pid):
            return True
        time.sleep(0.05)
    return False


def another_desk_takes_the_lock(opener: StoreOpener) -> None:
    other = opener("front-desk-2").sql
    other.execute("SET lock_timeout = 5000")  # still held: a LockNotAvailable, not a hang
    with other.transaction():
        head = other.serialised(AUDIT_APPEND, HEAD).fetchone()
    assert head is None or int(head[0]) >= 0


def woken(frozen: Callable[[], object]) -> BaseException | None:
    """What the desk's next call raised once it woke (None: it went on as if nothing was)."""
    try:
        frozen()
    except (ClinicServerAway, psycopg.Error) as exc:
        return exc
    return None


def test_a_desk_frozen_after_taking_the_lock_and_reading_the_head_is_ended(desk, opener):
    """Frozen inside its own transaction (a signature's), right after the lock and the head."""
    probe = opener("probe").sql
    pid = desk.conn.info.backend_pid
    ended: list[bool] = []

    def frozen() -> None:
        with desk.transaction():
            desk.serialised(AUDIT_APPEND, HEAD).fetchone()
            ended.append(frozen_until_ended(probe, pid))
            desk.execute("SELECT 1")  # the desk wakes up: its session is gone

    woke = woken(frozen)
    assert ended == [True], "the server never ended the frozen desk's session"
    assert woke is not None and not desk.in_transaction
    # Woken, the desk says the server could not be reached and nothing was kept: the
    # plain words and the safe retry of any server away, not a database error.
    assert isinstance(woke, ClinicServerAway) and not woke.unknown, repr(woke)
    another_desk_takes_the_lock(opener)
    desk.execute("SELECT 1")  # and the next call reconnects


def test_a_desk_frozen_between_reading_the_head_and_writing_its_entry_is_ended(desk, opener):
    """An entry of its own (a transaction of its own): frozen after the head came back, before
    the entry went out."""
    probe = opener("probe").sql
    pid = desk.conn.info.backend_pid
    ended: list[bool] = []

    def write(head: Any) -> tuple[str, list[object]]:
        ended.append(frozen_until_ended(probe, pid))
        return "SELECT 1", []

    woke = woken(lambda: desk.append_serialised(AUDIT_APPEND, HEAD, write))
    assert ended == [True], "the server never ended the frozen desk's session"
    # The entry and its COMMIT went out together, so the desk cannot tell whether the
    # server had them before it went: it says so (`unknown`), in the server-away words.
    assert isinstance(woke, ClinicServerAway), repr(woke)
    another_desk_takes_the_lock(opener)
    desk.append_serialised(AUDIT_APPEND, HEAD, lambda head: ("SELECT 1", []))  # reconnected


def test_a_desk_frozen_after_the_lock_alone_is_ended_too(desk, opener):
    """The same freeze after the lock sent on its own (`serialise`): what the pipelined
    exchange must match."""
    probe = opener("probe").sql
    pid = desk.conn.info.backend_pid
    ended: list[bool] = []

    def frozen() -> None:
        with desk.transaction():
            desk.serialise(AUDIT_APPEND)
            ended.append(frozen_until_ended(probe, pid))
            desk.execute("SELECT 1")

    woke = woken(frozen)
    assert ended == [True] and woke is not None
    another_desk_takes_the_lock(opener)
