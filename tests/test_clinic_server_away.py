"""The clinic database server going away mid-flow, and coming back.

At the store: a connection the server ended is reopened on the next call; a call that
loses the server is one `ClinicServerAway`; the next call after the server is back works
on the same store. A save cut before its commit keeps nothing; a save whose commit
reached the server but whose answer was lost is returned, not done again, when it is
retried with its idempotency key (no second prescription, signature or audit entry, and
the chain verifies). The connection cues come from a relay (`tests/clinic_proxy.py`), so
the session's server keeps running for the other tests; stopping and starting a server
for real uses a cluster of this module's own.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest

from desktop.clinic.server import open_connection
from desktop.clinic.settings import parse_url
from desktop.domain.errors import AuditUnavailable, UserFacingError
from desktop.domain.models import Role
from desktop.store import audited, write_keys
from desktop.store.clinic_store import open_clinic_store
from desktop.store.database import AppStore
from desktop.store.server_away import SERVER_AWAY, ClinicServerAway, server_away_behind
from tests.clinic_proxy import ClinicProxy
from tests.clinic_server import ROLE
from tests.rx_store import DEA, LISINOPRIL, SERIAL, draft
from tests.store_backends import KEY, ClinicTemplate

pytestmark = pytest.mark.usefixtures("no_keyring")  # key files, whatever keyring the machine has


@pytest.fixture
def database(clinic_template) -> str:
    """A fresh clinic database (its name) on the session's server."""
    return parse_url(clinic_template.fresh_url()).database


@pytest.fixture
def proxy(clinic_server) -> Iterator[ClinicProxy]:
    relay = ClinicProxy(clinic_server.port)
    relay.start()
    yield relay
    relay.cut()


def desk_store(url: str, password: str, tmp_path, ca_file=None) -> AppStore:
    return open_clinic_store(
        parse_url(url),
        password,
        audit_key=KEY,
        key_dir=tmp_path,
        workstation="desk-1",
        ca_file=ca_file,
    )


@pytest.fixture
def store(proxy, clinic_server, database, tmp_path) -> Iterator[AppStore]:
    """A desk's store whose connection goes through the relay."""
    opened = desk_store(proxy.url(database, ROLE), clinic_server.password, tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def server_side(clinic_server, database):
    """Straight to the server: what the clinic database holds, whatever the desk saw."""
    with open_connection(parse_url(clinic_server.url(database)), clinic_server.password) as conn:
        conn.autocommit = True
        yield conn


def with_doctor(store: AppStore) -> int:
    store.add_user("doc", "pw-123456789", "Dr. Ann Doc", Role.PRESCRIBER, prescriber=DEA)
    return store.add_patient("Aisha", "Carter", dt.date(1990, 6, 27), "F").id


def count(conn, statement: str) -> int:
    row = conn.execute(statement).fetchone()
    return int(row[0])


def sign(
    store: AppStore, ids: list[int], patient_id: int, key: str | None, shown: str = ""
) -> list[int]:
    """Sign as the signing flow does; `shown`: what the dialog showed (read now if not given)."""
    shown = shown or store.prescriptions.shown_hash(ids, patient_id, "doc")
    details = {"attempt": "a1", "prescriptions": ", ".join(f"#{i}" for i in ids)}
    at = dt.datetime.now(dt.UTC)
    done = audited.sign(store, ids, patient_id, "doc", SERIAL, at, details, shown=shown, key=key)
    return [rx.id for rx in done]


# --- the connection ------------------------------------------------------------------------
def test_a_connection_the_server_ended_while_idle_is_reopened_without_a_word(
    store, clinic_server, database
):
    said: list[bool] = []
    store.sql.reach.subscribe(said.append)
    before = store.sql.conn.info.backend_pid
    gone(clinic_server, database, before)
    assert store.count_users() == 0
    assert store.sql.conn.info.backend_pid != before
    assert said == []  # nobody was told anything was wrong


def gone(clinic_server, database, pid: int) -> None:
    """End the backend `pid` (as an administrator or a server restart does) and see it go."""
    clinic_server.admin(f"SELECT pg_terminate_backend({pid})")
    with open_connection(parse_url(clinic_server.url(database)), clinic_server.password) as watcher:
        watcher.autocommit = True
        while count(watcher, f"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}"):
            pass  # the backend is on its way out


def test_a_backend_terminated_inside_a_transaction_keeps_nothing_and_the_next_call_works(
    clinic_server, database, tmp_path, server_side
):
    store = desk_store(clinic_server.url(database), clinic_server.password, tmp_path)
    try:
        patient_id = with_doctor(store)
        with pytest.raises(ClinicServerAway) as away, store.sql.transaction():
            store.prescriptions.add(patient_id, draft(), "doc")
            gone(clinic_server, database, store.sql.conn.info.backend_pid)
            store.prescriptions.add(patient_id, draft(LISINOPRIL), "doc")
        assert not away.value.unknown  # lost before COMMIT: the server rolled it back
        assert count(server_side, "SELECT count(*) FROM prescriptions") == 0
        assert store.prescriptions.add(patient_id, draft(), "doc").pending
        assert count(server_side, "SELECT count(*) FROM prescriptions") == 1
    finally:
        store.close()


def test_the_server_out_of_reach_is_one_plain_error_and_the_next_call_after_works(store, proxy):
    said: list[bool] = []
    store.sql.reach.subscribe(said.append)
    patient_id = with_doctor(store)
    proxy.cut()
    with pytest.raises(ClinicServerAway) as away:
        store.prescriptions.add(patient_id, draft(LISINOPRIL), "doc")
    assert away.value.code == SERVER_AWAY and not away.value.unknown
    assert away.value.message == "The clinic database could not be reached. Nothing was changed."
    assert away.value.next_step == "Check the network, then try again; trying again is safe."
    assert store.sql.reach.away and said == [True]
    with pytest.raises(ClinicServerAway):  # still away: said again, nothing else
        store.count_users()
    proxy.restore()
    rx = store.prescriptions.add(patient_id, draft(LISINOPRIL), "doc")
    assert [p.id for p in store.prescriptions.pending(patient_id)] == [rx.id]
    assert not store.sql.reach.away and said == [True, False]


# --- a save cut short ------------------------------------------------------------------------
def test_a_save_cut_before_its_commit_keeps_nothing_and_its_retry_saves_it_once(
    store, proxy, server_side
):
    patient_id = with_doctor(store)
    key = uuid.uuid4().hex
    proxy.cut_before(b"COMMIT")
    with pytest.raises(ClinicServerAway) as away:
        store.prescriptions.add(patient_id, draft(), "doc", key=key)
    # Lost at COMMIT: from the desk this is the lost answer below, and is said the same way.
    assert proxy.tripped.is_set() and away.value.unknown
    assert count(server_side, "SELECT count(*) FROM prescriptions") == 0
    assert count(server_side, "SELECT count(*) FROM write_keys") == 0
    rx = store.prescriptions.add(patient_id, draft(), "doc", key=key)
    assert count(server_side, "SELECT count(*) FROM prescriptions") == 1
    assert store.prescriptions.get(rx.id).pending


def test_a_prescription_whose_answer_was_lost_is_returned_not_added_again(
    store, proxy, server_side
):
    patient_id = with_doctor(store)
    key = uuid.uuid4().hex
    proxy.drop_answer_to(b"COMMIT")
    with pytest.raises(ClinicServerAway) as away:
        store.prescriptions.add(patient_id, draft(), "doc", key=key)
    assert proxy.tripped.is_set() and away.value.unknown
    assert "cannot tell yet whether it was kept" in away.value.message
    kept = server_side.execute("SELECT id FROM prescriptions").fetchall()
    assert len(kept) == 1  # the commit reached the server

    again = store.prescriptions.add(patient_id, draft(), "doc", key=key)
    assert again.id == kept[0][0]
    assert count(server_side, "SELECT count(*) FROM prescriptions") == 1
    another = store.prescriptions.add(patient_id, draft(), "doc", key=uuid.uuid4().hex)
    assert another.id != again.id  # a new attempt is a new prescription


def test_a_signature_whose_answer_was_lost_is_returned_not_signed_or_recorded_again(
    store, proxy, server_side
):
    patient_id = with_doctor(store)
    ids = [store.prescriptions.add(patient_id, draft(), "doc").id]
    entries = count(server_side, "SELECT count(*) FROM audit")
    key = uuid.uuid4().hex
    shown = store.prescriptions.shown_hash(ids, patient_id, "doc")
    proxy.drop_answer_to(b"COMMIT")
    with pytest.raises(ClinicServerAway) as away:
        sign(store, ids, patient_id, key, shown)
    assert proxy.tripped.is_set() and away.value.unknown
    assert count(server_side, "SELECT count(*) FROM audit") == entries + 1  # SIGNED, kept

    assert [rx.id for rx in audited.signed_before(store, key) or []] == ids
    assert sign(store, ids, patient_id, key, shown) == ids  # the retry: the first answer
    assert count(server_side, "SELECT count(*) FROM audit") == entries + 1
    signed = server_side.execute("SELECT count(*) FROM audit WHERE event = 'signed'").fetchone()
    assert signed == (1,)
    assert store.prescriptions.get(ids[0]).signed_by == "doc"
    report = store.audit.verify(anchored=False)
    assert report.ok, report.problem


def test_a_signature_cut_inside_its_transaction_signs_nothing(store, proxy, server_side):
    patient_id = with_doctor(store)
    ids = [store.prescriptions.add(patient_id, draft(), "doc").id]
    entries = count(server_side, "SELECT count(*) FROM audit")
    key = uuid.uuid4().hex
    shown = store.prescriptions.shown_hash(ids, patient_id, "doc")
    proxy.cut_before(b"INSERT INTO audit")
    with pytest.raises(AuditUnavailable) as unrecorded:  # the entry could not be written...
        sign(store, ids, patient_id, key, shown)
    away = server_away_behind(unrecorded.value)  # ...because the server was away
    assert proxy.tripped.is_set() and away is not None and not away.unknown
    assert count(server_side, "SELECT count(*) FROM audit") == entries
    assert server_side.execute(
        "SELECT status FROM prescriptions WHERE id = %s", ids
    ).fetchone() == ("pending",)
    assert audited.signed_before(store, key) is None
    assert sign(store, ids, patient_id, key) == ids  # the retry signs, once
    assert store.audit.verify(anchored=False).ok


# --- keys on both databases ------------------------------------------------------------------
def test_the_same_key_twice_adds_one_prescription_on_either_database(store_opener):
    desk = store_opener()
    patient_id = with_doctor(desk)
    key = uuid.uuid4().hex
    first = desk.prescriptions.add(patient_id, draft(), "doc", key=key)
    second = desk.prescriptions.add(patient_id, draft(), "doc", key=key)
    assert first.id == second.id
    assert len(desk.prescriptions.pending(patient_id)) == 1
    assert write_keys.done(desk.sql, key, write_keys.ADD_PRESCRIPTION) == str(first.id)
    with pytest.raises(write_keys.KeyReused):  # a key is for one kind of write
        sign(desk, [first.id], patient_id, key)


def test_a_removal_whose_answer_was_lost_is_that_removal_when_tried_again(
    store, proxy, server_side
):
    patient_id = with_doctor(store)
    rx = store.prescriptions.add(patient_id, draft(), "doc")
    key = uuid.uuid4().hex
    proxy.drop_answer_to(b"COMMIT")
    with pytest.raises(ClinicServerAway) as away:
        store.prescriptions.remove_pending(rx.id, patient_id, key=key)
    assert proxy.tripped.is_set() and away.value.unknown  # it may have been kept: it was
    assert count(server_side, "SELECT count(*) FROM prescriptions") == 0

    store.prescriptions.remove_pending(rx.id, patient_id, key=key)  # the first answer: done
    with pytest.raises(UserFacingError, match="no longer pending"):  # a new attempt is told
        store.prescriptions.remove_pending(rx.id, patient_id, key=uuid.uuid4().hex)


def test_keys_older_than_a_month_are_dropped_and_newer_ones_kept(store_opener):
    desk = store_opener()
    patient_id = with_doctor(desk)
    old, new = uuid.uuid4().hex, uuid.uuid4().hex
    desk.prescriptions.add(patient_id, draft(), "doc", key=old)
    desk.prescriptions.add(patient_id, draft(), "doc", key=new)
    now = dt.datetime.now(dt.UTC)
    month_ago = (now - write_keys.KEPT_FOR - dt.timedelta(minutes=1)).isoformat()
    with desk.sql.transaction():
        desk.sql.execute("UPDATE write_keys SET at = ? WHERE key = ?", [month_ago, old])
    assert write_keys.forget_old(desk.sql, now) == 1
    assert write_keys.done(desk.sql, old, write_keys.ADD_PRESCRIPTION) is None
    assert write_keys.done(desk.sql, new, write_keys.ADD_PRESCRIPTION) is not None


# --- a server stopped and started for real -----------------------------------------------------
def test_the_server_stopped_and_restarted_mid_flow(own_server, tmp_path):
    url = ClinicTemplate(own_server).fresh_url()
    store = desk_store(url, own_server.password, tmp_path, ca_file=own_server.ca_file)
    try:
        patient_id = with_doctor(store)
        key = uuid.uuid4().hex
        first = store.sql.conn
        own_server.stop()
        with pytest.raises(ClinicServerAway):
            store.prescriptions.add(patient_id, draft(), "doc", key=key)
        own_server.start()
        rx = store.prescriptions.add(patient_id, draft(), "doc", key=key)
        # A new connection, opened as the first was: TLS checked against the clinic's CA.
        assert store.sql.conn is not first
        assert store.sql.conn.pgconn.ssl_in_use
        assert dict(store.sql.conn.info.get_parameters())["sslmode"] == "verify-full"
        ids = sign(store, [rx.id], patient_id, uuid.uuid4().hex)
        assert ids == [rx.id]
        assert store.audit.verify(anchored=False).ok
        assert not store.sql.reach.away
    finally:
        if not own_server.running:
            own_server.start()
        store.close()


def test_a_silent_network_is_noticed_in_seconds_not_a_quarter_of_an_hour(store):
    """Keepalives and an acknowledgement timeout on every clinic connection (libpq's own)."""
    said = store.sql.conn.info.get_parameters()
    assert said["keepalives_idle"] == "30" and said["keepalives_count"] == "3"
    assert said["tcp_user_timeout"] == "30000"


def test_work_posted_to_a_lane_runs_there_and_leaves_no_task_behind(caplog):
    """How the status bar watches the store: nothing awaited, so nothing left pending."""
    import threading

    from desktop.controllers.lanes import ResourceLane

    lane: ResourceLane[list[str]] = ResourceLane("probe", list, lambda _r: None)
    done = threading.Event()
    seen: list[str] = []

    def work(resource: list[str]) -> None:
        seen.append(threading.current_thread().name)
        done.set()

    lane.post(lambda _r: 1 / 0)  # a defect: logged, the lane goes on
    lane.post(work)
    assert done.wait(10)
    assert seen[0].startswith("probe-lane")
    assert any("posted to the probe lane failed" in r.getMessage() for r in caplog.records)
    caplog.clear()
    lane.shutdown()
    lane.post(work)  # the application is closing: nothing happens, nothing raised
