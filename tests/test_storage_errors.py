"""During work, a full disk or a read-only file is said in plain words, and nothing is half-written.

A full disk is made with SQLite's `PRAGMA max_page_count` on the connection: the database
cannot grow past its current size, which SQLite reports exactly as it reports a full disk.
"""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
from dataclasses import replace

import pytest

from desktop.demo import DEMO_TOKENS
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import (
    StartupError,
    StorageProblem,
    UserFacingError,
    generic_message,
    startup_error,
    storage_problem,
)
from desktop.exostar.local import LocalIdentityService
from desktop.store.database import open_app_store
from desktop.store.migrations import write_transaction


def disk_full_now(db) -> None:
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


@pytest.mark.parametrize(
    ("exc", "problem"),
    [
        (sqlite3.OperationalError("database or disk is full"), StorageProblem.FULL),
        (OSError(errno.ENOSPC, "No space left on device"), StorageProblem.FULL),
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            StorageProblem.READ_ONLY,
        ),
        (OSError(errno.EROFS, "Read-only file system"), StorageProblem.READ_ONLY),
        (PermissionError(errno.EACCES, "Permission denied"), StorageProblem.READ_ONLY),
        (sqlite3.DatabaseError("file is not a database"), StorageProblem.DAMAGED),
        (sqlite3.DatabaseError("database disk image is malformed"), StorageProblem.DAMAGED),
        (ValueError("a defect"), None),
        (OSError(errno.ECONNREFUSED, "Connection refused"), None),
    ],
)
def test_what_a_storage_failure_comes_down_to(exc, problem):
    assert storage_problem(exc) is problem
    wrapped = RuntimeError("while signing")
    wrapped.__cause__ = exc
    assert storage_problem(wrapped) is problem  # found behind whatever wrapped it


def test_the_one_generic_mapping_says_full_and_read_only_in_plain_words():
    full = generic_message(sqlite3.OperationalError("database or disk is full"))
    assert full.message.startswith("The disk that holds iCoreRx's data is full")
    assert "Free some space" in full.next_step and "Nothing was half-saved" in full.next_step
    read_only = generic_message(OSError(errno.EROFS, "Read-only file system"))
    assert "cannot write to its data folder" in read_only.message
    assert "writable" in read_only.next_step
    for words in (full, read_only):
        assert "Something went wrong" not in str(words)
    assert "Something went wrong" in generic_message(KeyError("x")).message
    refusal = UserFacingError("That code has expired.")
    assert generic_message(refusal) is refusal


def test_start_up_words_name_the_file(tmp_path):
    path = tmp_path / "icorerx.sqlite"
    error = startup_error(path, sqlite3.OperationalError("database or disk is full"))
    assert isinstance(error, StartupError) and error.path == path
    assert str(path) in error.message


def test_a_full_disk_while_signing_leaves_every_prescription_pending(tmp_path):
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        db = store.db
        db.execute("CREATE TABLE ballast (x BLOB)")  # signing must need a page of its own
        db.conn.commit()
        patient = store.add_patient("Maria", "Alvarez", dt.date(1958, 3, 14))
        store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
        disk_full_now(db)
        with pytest.raises(sqlite3.OperationalError) as info, write_transaction(db):
            store.audit.record(AuditEvent.SIGNED, "doctor", Outcome.SUCCESS, patient_id=patient.id)
            db.execute("INSERT INTO ballast VALUES (?)", [b"x" * 200_000])
        assert storage_problem(info.value) is StorageProblem.FULL
        assert "is full" in generic_message(info.value).message
        assert store.count_audit_entries() == 1  # the signing entry went with the change
        assert store.audit.verify().ok
    finally:
        store.close()


def test_a_full_disk_while_writing_the_log_adds_no_half_entry(tmp_path):
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
        disk_full_now(store.db)
        written = 0
        with pytest.raises(sqlite3.OperationalError, match="full"):
            for written in range(1, 10_000):  # noqa: B007 - how far it got is the point
                store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.FAILURE, reason="r" * 500)
        assert store.count_audit_entries() == written  # every entry before the full one
        assert store.audit.verify().ok
    finally:
        store.close()


def test_a_full_disk_while_importing_seeds_imports_none(tmp_path):
    service = LocalIdentityService(tmp_path / "identity", key_store="file")

    def run(fn, *args):
        return service.lane.submit(fn, *args).result(timeout=30)

    try:
        run(service.import_seeds, DEMO_TOKENS[:1], "first")
        run(lambda: disk_full_now(service.db))
        many = [
            replace(DEMO_TOKENS[0], serial=f"GALH{n:08d}") for n in range(20_003_000, 20_006_000)
        ]
        with pytest.raises(sqlite3.OperationalError) as info:
            run(service.import_seeds, many, "vendor.pskc")
        assert "is full" in generic_message(info.value).message
        assert run(service.holdings)["seeds"] == 1
    finally:
        run(service.close)
        service.lane.shutdown()
