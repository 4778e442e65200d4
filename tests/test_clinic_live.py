"""What one desk writes reaches the others within 2 seconds: the clinic database's change
feed (counters raised at commit, NOTIFY, a connection of its own that comes back).
The pending lists that reload by themselves are in `tests/test_clinic_live_screens.py`."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from desktop.clinic.server import open_connection
from desktop.clinic.settings import ClinicError, parse_url
from desktop.domain.audit import AuditEvent, Outcome
from desktop.store.change_feed import ChangeFeed, read_versions
from desktop.store.change_topics import PATIENTS, PRESCRIPTIONS, TOPICS
from desktop.store.clinic_store import open_clinic_store
from tests.desk_writes import add_rx, patient
from tests.store_backends import KEY

WITHIN_S = 2.0


class Heard:
    """What a feed told, with when it arrived."""

    def __init__(self) -> None:
        self.told: queue.Queue[tuple[float, frozenset[str]]] = queue.Queue()

    def __call__(self, topics: frozenset[str]) -> None:
        self.told.put((time.monotonic(), topics))

    def next(self, timeout_s: float = 10.0) -> tuple[float, frozenset[str]]:
        return self.told.get(timeout=timeout_s)

    def drain(self) -> None:
        while not self.told.empty():
            self.told.get_nowait()


@pytest.fixture
def clinic_db(clinic_template):
    """A fresh clinic database's URL, with the schema."""
    return clinic_template.fresh_url()


@pytest.fixture
def desk_a(clinic_db, clinic_server, tmp_path):
    store = open_clinic_store(
        parse_url(clinic_db),
        clinic_server.password,
        audit_key=KEY,
        key_dir=tmp_path,
        workstation="front-desk-a",
    )
    yield store
    store.close()


class Gate:
    """A feed's `connect` the test can hold shut, or make fail."""

    def __init__(self, url: str, password: str) -> None:
        self.url, self.password = url, password
        self.open = threading.Event()
        self.open.set()
        self.failures = 0
        self.attempts = 0

    def __call__(self):
        self.attempts += 1
        if not self.open.is_set():
            self.failures += 1
            raise ClinicError("the clinic database server cannot be reached", "Wait.")
        return open_connection(parse_url(self.url), self.password)


@pytest.fixture
def feed_b(clinic_db, clinic_server):
    """Desk B's feed on the same database, started, its first report (every topic) taken."""
    gate = Gate(clinic_db, clinic_server.password)
    feed = ChangeFeed(gate, poll_s=0.5, retry_s=0.05, max_retry_s=0.2)
    heard = Heard()
    feed.subscribe(heard)
    feed.start()
    _at, first = heard.next()
    assert first == TOPICS  # what a screen read before the feed began may be stale
    yield feed, heard, gate
    feed.close()
    assert not feed.running


def wait_for(heard, topic, since, timeout_s=WITHIN_S):
    """The first report naming `topic`, within `timeout_s` of `since`; its delay."""
    while True:
        left = since + timeout_s - time.monotonic()
        try:
            at, topics = heard.next(max(left, 0.0))
        except queue.Empty:
            pytest.fail(f"no {topic} change reported within {timeout_s} s")
        if topic in topics:
            return at - since


def test_clinic_live_a_prescription_added_at_one_desk_is_told_to_another_within_2_s(desk_a, feed_b):
    _feed, heard, _gate = feed_b
    ann = patient(desk_a)
    wait_for(heard, PATIENTS, time.monotonic())
    heard.drain()
    add_rx(desk_a, ann.id)  # autocommit: committed when it returns
    committed = time.monotonic()
    assert wait_for(heard, PRESCRIPTIONS, committed) < WITHIN_S


def test_clinic_live_a_rolled_back_change_counts_nothing_and_a_transaction_counts_once(
    desk_a, clinic_db, clinic_server
):
    ann = patient(desk_a)
    with open_connection(parse_url(clinic_db), clinic_server.password) as watcher:
        watcher.autocommit = True
        before = read_versions(watcher)
        with pytest.raises(RuntimeError), desk_a.sql.transaction():
            add_rx(desk_a, ann.id)
            raise RuntimeError("the desk's flow failed after the insert")
        assert read_versions(watcher) == before
        with desk_a.sql.transaction():
            first, second = add_rx(desk_a, ann.id), add_rx(desk_a, ann.id)
            desk_a.prescriptions.remove_pending(first.id, ann.id)
        after = read_versions(watcher)
    assert after[PRESCRIPTIONS] == before[PRESCRIPTIONS] + 1  # three rows, one transaction
    assert after[PATIENTS] == before[PATIENTS]
    assert second.id > first.id


def test_clinic_live_the_feed_comes_back_after_its_connection_is_ended(
    desk_a, feed_b, clinic_db, clinic_server
):
    feed, heard, gate = feed_b
    ann = patient(desk_a)
    wait_for(heard, PATIENTS, time.monotonic())
    heard.drain()
    ended = feed.backend_pid
    gate.open.clear()  # it cannot come back until the test says so
    with open_connection(parse_url(clinic_db), clinic_server.password) as admin:
        admin.autocommit = True
        assert admin.execute("SELECT pg_terminate_backend(%s)", [ended]).fetchone() == (True,)
    deadline = time.monotonic() + 10
    while gate.failures < 2:  # it noticed, and is trying again
        assert time.monotonic() < deadline, "the feed did not notice its connection ended"
        time.sleep(0.02)
    assert feed.running and not feed.listening.is_set()
    add_rx(desk_a, ann.id)  # written while the feed is away: no notification reaches it
    gate.open.set()
    back = time.monotonic()
    assert wait_for(heard, PRESCRIPTIONS, back, timeout_s=WITHIN_S + 1.0) < WITHIN_S + 1.0
    assert feed.listening.wait(5) and feed.backend_pid != ended
    heard.drain()
    add_rx(desk_a, ann.id)
    committed = time.monotonic()
    assert wait_for(heard, PRESCRIPTIONS, committed) < WITHIN_S


def test_clinic_live_a_server_down_at_start_is_retried_until_it_answers(clinic_db, clinic_server):
    gate = Gate(clinic_db, clinic_server.password)
    gate.open.clear()
    feed = ChangeFeed(gate, poll_s=0.5, retry_s=0.05, max_retry_s=0.2)
    heard = Heard()
    feed.subscribe(heard)
    feed.start()
    try:
        deadline = time.monotonic() + 10
        while gate.failures < 3:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert feed.running and heard.told.empty()
        gate.open.set()
        _at, topics = heard.next()
        assert topics == TOPICS
    finally:
        feed.close()
    assert not feed.running


def test_clinic_live_a_failing_subscriber_does_not_stop_the_feed(desk_a, clinic_db, clinic_server):
    def broken(_topics):
        raise ValueError("a screen that is gone")

    feed = ChangeFeed(Gate(clinic_db, clinic_server.password), poll_s=0.5)
    heard = Heard()
    feed.subscribe(broken)
    feed.subscribe(heard)
    feed.start()
    try:
        heard.next()
        add_rx(desk_a, patient(desk_a).id)
        wait_for(heard, PRESCRIPTIONS, time.monotonic())
        assert feed.running
    finally:
        feed.close()


def test_clinic_live_the_feed_notices_a_change_even_without_its_notification(
    desk_a, clinic_db, clinic_server
):
    """A notification lost is no change lost: the counters are read every poll."""
    feed = ChangeFeed(Gate(clinic_db, clinic_server.password), poll_s=0.3)
    heard = Heard()
    feed.subscribe(heard)
    feed.start()
    try:
        heard.next()
        patient(desk_a)
        wait_for(heard, PATIENTS, time.monotonic())
        with open_connection(parse_url(clinic_db), clinic_server.password) as other:
            other.autocommit = True
            # what a writer without the trigger's NOTIFY would leave: only the counter moved
            other.execute("UPDATE changes SET version = version + 1 WHERE topic = 'prescriptions'")
        assert wait_for(heard, PRESCRIPTIONS, time.monotonic()) < WITHIN_S
    finally:
        feed.close()


def test_clinic_live_desks_writing_at_once_never_deadlock_on_the_counter(
    clinic_db, clinic_server, tmp_path
):
    """Half the transactions take the audit chain's lock before they add a prescription,
    half after: the counter's row is taken only at commit, so no two wait on each other."""
    stores = [
        open_clinic_store(
            parse_url(clinic_db),
            clinic_server.password,
            audit_key=KEY,
            key_dir=tmp_path,
            workstation=f"desk-{n}",
        )
        for n in range(4)
    ]
    ann = patient(stores[0])
    start = threading.Barrier(len(stores))
    failures: list[BaseException] = []

    def desk(n: int) -> None:
        store = stores[n]
        start.wait(timeout=30)
        try:
            for i in range(15):
                with store.sql.transaction():
                    if (n + i) % 2:
                        store.audit.record(AuditEvent.LOGIN, "frontdesk", Outcome.SUCCESS)
                        add_rx(store, ann.id)
                    else:
                        add_rx(store, ann.id)
                        store.audit.record(AuditEvent.LOGIN, "frontdesk", Outcome.SUCCESS)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            failures.append(exc)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(len(stores))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not failures, failures
        with open_connection(parse_url(clinic_db), clinic_server.password) as conn:
            versions = read_versions(conn)
        assert versions[PRESCRIPTIONS] == 4 * 15
        assert stores[0].audit.verify(anchored=False).ok
    finally:
        for store in stores:
            store.close()
