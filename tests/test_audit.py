"""The audit trail (21 CFR 1311.150): append-only, hash-chained, and honest about tampering."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import json
import os
import sqlite3
import stat
import threading

import pytest
import sqlite_utils

from desktop.domain.audit import (
    GENESIS_HASH,
    AuditEvent,
    ChainReport,
    Outcome,
    canonical,
    chain_hash,
    check_chain,
    check_details,
)
from desktop.store.audit import AuditLog
from desktop.store.audit_key import audit_key
from desktop.store.audit_rows import COLUMNS, UnreadableEntry
from desktop.store.database import open_app_store
from desktop.store.schema.audit import migrate_audit
from tests.tampering import drop_triggers, tamper

KEY = bytes(range(32))
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CONTENT = [c for c in COLUMNS if c != "seq"]


class Clock:
    """Hands out times one hour apart, so date filters have something to cut."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        moment = self.now
        self.now += dt.timedelta(hours=1)
        return moment


def memory_log(key: bytes = KEY) -> AuditLog:
    """A log in an in-memory SQLite database: for what only SQLite can be asked."""
    db = sqlite_utils.Database(memory=True)
    migrate_audit(db)
    return AuditLog(db, "front-desk-2", key, clock=Clock())


@pytest.fixture
def fresh_log(store_opener):
    """Empty logs on a desk's SQLite file or on the clinic's PostgreSQL database."""

    def opened() -> AuditLog:
        audit = store_opener("front-desk-2").audit
        audit._clock = Clock()  # one hour per entry...
        audit.anchor = None  # ...so no head file reading the clock in between (test_audit_anchor)
        return audit

    return opened


@pytest.fixture
def filled(fresh_log):
    return lambda n=8: fill(fresh_log(), n)


def fill(audit: AuditLog, n: int = 8) -> AuditLog:
    for i in range(n):
        audit.record(
            AuditEvent.LOGIN if i % 2 else AuditEvent.SIGNED,
            "doctor" if i % 3 else "frontdesk",
            Outcome.SUCCESS,
            patient_id=i,
            reason=f"entry {i + 1}",
            details={"n": i},
        )
    return audit


def test_a_chain_of_entries_verifies_and_links_each_row_to_the_last(filled):
    audit = filled(25)
    report = audit.verify()
    assert report == ChainReport(ok=True, checked=25, last_hash=report.last_hash)
    assert report.summary.startswith("Audit log intact: 25 entries, last hash ")
    rows = audit.sql.query("SELECT seq, prev_hash, hash FROM audit ORDER BY seq")
    assert [r["seq"] for r in rows] == list(range(1, 26))
    assert rows[0]["prev_hash"] == GENESIS_HASH
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(rows, rows[1:], strict=False))
    assert rows[-1]["hash"] == report.last_hash
    assert memory_log().verify().summary == "Audit log intact: no entries yet"


def test_record_returns_the_stored_entry(fresh_log):
    audit = fresh_log()
    entry = audit.record(
        AuditEvent.TOKEN_ADDED, "doctor", "success", token_serial="GALH12345678", details={"a": 1}
    )
    assert entry.seq == 1 and entry.at == START and entry.workstation == "front-desk-2"
    assert entry.hash == chain_hash(KEY, GENESIS_HASH, canonical(entry.fields()))
    assert audit.entries() == [entry]


def test_update_and_delete_are_refused_by_sqlite():
    audit = fill(memory_log(), 3)
    conn = audit.db.conn
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit SET reason = 'nothing happened' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE seq = 3")
    row = [2, *["x"] * (len(COLUMNS) - 1)]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute(f"INSERT OR REPLACE INTO audit VALUES ({','.join('?' * len(row))})", row)
    conn.rollback()
    assert audit.verify().ok and audit.verify().checked == 3


def test_an_edited_row_is_named(filled):
    audit = filled()
    tamper(audit.sql, "UPDATE audit SET actor = 'doctor' WHERE seq = 7")
    report = audit.verify()
    assert (report.ok, report.first_bad_seq, report.checked) == (False, 7, 6)
    assert report.problem == "row 7 was edited after it was written"
    assert report.summary == "Audit log BROKEN at row 7: row 7 was edited after it was written"


def test_garbage_written_by_hand_is_reported_not_crashed_on():
    audit = fill(memory_log())
    drop_triggers(audit.db.conn)
    audit.db.execute("UPDATE audit SET hash = 'h\u00e9', at = 'yesterday' WHERE seq = 6")
    audit.db.execute("UPDATE audit SET details = x'00ff', event = 'nothing' WHERE seq = 4")
    report = audit.verify()
    assert (report.ok, report.first_bad_seq) == (False, 4)
    with pytest.raises(UnreadableEntry) as info:
        audit.entries()
    assert info.value.seq == 6


def test_a_deleted_row_is_named(filled):
    audit = filled()
    tamper(audit.sql, "DELETE FROM audit WHERE seq = 5")
    report = audit.verify()
    assert (report.ok, report.first_bad_seq) == (False, 5)
    assert report.problem == "row 5 is missing (deleted)"


def test_a_deleted_row_is_found_even_when_later_rows_are_renumbered(filled):
    audit = filled()
    tamper(
        audit.sql,
        "DELETE FROM audit WHERE seq IN (4, 5)",
        *(f"UPDATE audit SET seq = seq - 2 WHERE seq = {seq}" for seq in (6, 7, 8)),
    )
    report = audit.verify()
    assert (report.ok, report.first_bad_seq) == (False, 4)
    assert "before row 4 is missing" in report.problem


def test_two_swapped_rows_are_reported_out_of_order(filled):
    audit = filled()
    conn = audit.sql
    tamper(audit.sql)
    three, four = (
        conn.execute(f"SELECT {', '.join(CONTENT)} FROM audit WHERE seq = ?", [s]).fetchone()
        for s in (3, 4)
    )
    assignments = ", ".join(f"{c} = ?" for c in CONTENT)
    conn.execute(f"UPDATE audit SET {assignments} WHERE seq = 3", four)
    conn.execute(f"UPDATE audit SET {assignments} WHERE seq = 4", three)
    report = audit.verify()
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert report.problem == "rows 3 and 4 are out of order"


def test_a_forgery_re_chained_without_the_key_fails(filled):
    audit = filled()
    conn = audit.sql
    tamper(audit.sql)
    conn.execute("UPDATE audit SET reason = 'routine' WHERE seq = 2")
    forged_key = b"guessed-key-of-32-bytes-long...."
    prev = conn.execute("SELECT hash FROM audit WHERE seq = 1").fetchone()[0]
    for values in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit WHERE seq >= 2").fetchall():
        row = dict(zip(COLUMNS, values, strict=True))
        row.update(prev_hash=prev, details=json.loads(row["details"]))
        prev = chain_hash(forged_key, prev, canonical(row))
        conn.execute(
            "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
            [row["prev_hash"], prev, row["seq"]],
        )
    report = audit.verify()
    assert (report.ok, report.first_bad_seq) == (False, 2)
    assert AuditLog(audit.sql, "x", forged_key).verify(anchored=False).first_bad_seq == 1


def test_entries_filter_by_dates_user_and_event_newest_first(filled):
    audit = filled(8)  # at START + 0..7 hours
    all_entries = audit.entries()
    assert [e.seq for e in all_entries] == list(range(8, 0, -1))
    window = audit.entries(since=START + dt.timedelta(hours=2), until=START + dt.timedelta(hours=5))
    assert [e.seq for e in window] == [5, 4, 3]
    assert {e.actor for e in audit.entries(actor="frontdesk")} == {"frontdesk"}
    assert [e.seq for e in audit.entries(actor="frontdesk")] == [7, 4, 1]
    assert all(e.event is AuditEvent.SIGNED for e in audit.entries(event=AuditEvent.SIGNED))
    assert [e.seq for e in audit.entries(actor="doctor", event=AuditEvent.LOGIN)] == [8, 6, 2]
    assert len(audit.entries(limit=3)) == 3
    assert audit.actors() == ["doctor", "frontdesk"]
    eastern = dt.timezone(dt.timedelta(hours=-5))
    assert [
        e.seq for e in audit.entries(since=(START + dt.timedelta(hours=6)).astimezone(eastern))
    ] == [8, 7]


def test_export_writes_every_row_with_its_hashes_and_the_file_re_verifies(filled, tmp_path):
    audit = filled(6)
    tmp_path = tmp_path / "export"
    tmp_path.mkdir()
    audit.record(AuditEvent.LOGIN_FAILED, None, "failure", reason='said "hi", then left')
    path = tmp_path / "audit.csv"
    assert audit.export_csv(path) == 7
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        rows = list(reader)
    assert len(rows) == 7 and rows[-1]["hash"] == audit.verify().last_hash
    assert all(len(r["hash"]) == 64 and len(r["prev_hash"]) == 64 for r in rows)
    assert [p.name for p in tmp_path.iterdir()] == ["audit.csv"]  # no temp file left behind

    def typed(row: dict[str, str]) -> dict[str, object]:
        return dict(
            row,
            seq=int(row["seq"]),
            actor=row["actor"] or None,
            patient_id=int(row["patient_id"]) if row["patient_id"] else None,
            token_serial=row["token_serial"] or None,
            details=json.loads(row["details"]),
        )

    assert check_chain(KEY, (typed(r) for r in rows), lambda _h: None).ok


def test_export_to_a_missing_folder_raises_and_writes_nothing(filled, tmp_path):
    with pytest.raises(OSError):
        filled(2).export_csv(tmp_path / "no-such-folder" / "audit.csv")


def test_the_key_file_is_created_owner_only_and_reused(tmp_path):
    key = audit_key(tmp_path)
    path = tmp_path / "audit.key"
    assert len(key) == 32 and path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o644)
    assert audit_key(tmp_path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert audit_key(tmp_path / "other") != key


def test_no_parameter_invites_a_secret_and_details_that_look_like_one_are_refused(fresh_log):
    names = set(inspect.signature(AuditLog.record).parameters)
    for word in ("password", "code", "otp", "seed", "secret", "pin", "key"):
        assert not any(word in name for name in names), names
    for bad in (
        {"otp1": "x"},
        {"password": "x"},
        {"code": "x"},
        {"seed_hex": "ab"},
        {"n": "123456"},
    ):
        with pytest.raises(ValueError):
            check_details(bad)
    with pytest.raises(ValueError):
        check_details({"n": 1.5})  # type: ignore[dict-item]
    assert check_details({"rows": 3, "file": "a.csv", "error_code": "locked"})["rows"] == 3
    audit = fresh_log()
    with pytest.raises(ValueError, match="one-time code"):
        audit.record(AuditEvent.PHONE_CODE_FAILED, "doctor", "failure", details={"typed": "493021"})
    assert audit.entries() == []


def test_an_entry_joins_the_callers_transaction_and_rolls_back_with_it(filled):
    audit = filled(2)
    with pytest.raises(RuntimeError), audit.sql.transaction():
        audit.record(AuditEvent.ROLE_CHANGED, "doctor", "success", reason="made frontdesk admin")
        raise RuntimeError("the role change failed")
    assert len(audit.entries()) == 2
    with audit.sql.transaction():
        audit.record(AuditEvent.ROLE_CHANGED, "doctor", "success")
    assert len(audit.entries()) == 3 and audit.verify().ok


def test_two_processes_writing_at_once_never_fork_the_chain(tmp_path):
    path = tmp_path / "shared.sqlite"
    setup = sqlite_utils.Database(path)
    setup.execute("PRAGMA journal_mode = WAL")
    migrate_audit(setup)
    setup.close()

    def writer(name: str) -> None:
        db = sqlite_utils.Database(path)
        log = AuditLog(db, name, KEY)
        for _ in range(15):
            log.record(AuditEvent.LOGIN, name, "success")
        db.close()

    threads = [threading.Thread(target=writer, args=(f"ws{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = AuditLog(sqlite_utils.Database(path), "check", KEY).verify()
    assert report.ok and report.checked == 30


def test_the_app_store_keeps_one_audit_log_keyed_from_its_folder(tmp_path):
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        assert store.audit is store.audit
        assert store.audit.workstation == store.workstation != ""
        store.audit.record(AuditEvent.LOGIN, "doctor", "success")
        assert (tmp_path / "audit.key").exists()
        assert AuditLog(store.db, "x", audit_key(tmp_path)).verify().checked == 1
    finally:
        store.close()
