"""The audit log from the command line: `audit verify` and `audit export`, their exit codes and
their own audit entries."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.cli import main
from desktop.domain.audit import AuditEvent
from desktop.store.audit_rows import COLUMNS
from desktop.store.database import open_app_store
from tests.tampering import drop_triggers


# the command line --------------------------------------------------------------------
@pytest.fixture
def demo_dir(tmp_path, capsys):
    data_dir = tmp_path / "data"
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    return data_dir


def test_cli_verify_says_intact_and_records_the_check(demo_dir, capsys):
    assert main(["audit", "verify", "--data-dir", str(demo_dir)]) == 0
    assert capsys.readouterr().out.startswith("Audit log intact")
    assert main(["audit", "verify", "--data-dir", str(demo_dir)]) == 0
    out = capsys.readouterr().out
    assert "1 entry, last hash" in out
    store = open_app_store(demo_dir / "icorerx.sqlite")
    try:
        events = [(e.event, e.outcome, e.actor) for e in store.audit.entries()]
    finally:
        store.close()
    assert events == [(AuditEvent.AUDIT_VERIFIED, "success", None)] * 2


def test_cli_verify_names_the_tampered_row_and_exits_1(demo_dir, capsys):
    store = open_app_store(demo_dir / "icorerx.sqlite")
    for _ in range(3):
        store.audit.record(AuditEvent.SIGNED, "doctor", "success", patient_id=3)
    store.close()
    conn = sqlite3.connect(demo_dir / "icorerx.sqlite")
    drop_triggers(conn)
    conn.execute("UPDATE audit SET patient_id = 4 WHERE seq = 2")
    conn.commit()
    conn.close()
    assert main(["audit", "verify", "--data-dir", str(demo_dir)]) == 1
    assert capsys.readouterr().out.strip() == (
        "Audit log BROKEN at row 2: row 2 was edited after it was written"
    )


def test_cli_export_writes_the_file_and_records_it(demo_dir, tmp_path, capsys):
    target = tmp_path / "archive.csv"
    assert main(["audit", "export", "--csv", str(target), "--data-dir", str(demo_dir)]) == 0
    assert capsys.readouterr().out.strip() == f"Exported 0 audit entries to {target}"
    assert target.read_text(encoding="utf-8").splitlines() == [",".join(COLUMNS)]
    assert main(["audit", "export", "--csv", str(target), "--data-dir", str(demo_dir)]) == 0
    assert "Exported 1 audit entry" in capsys.readouterr().out
    store = open_app_store(demo_dir / "icorerx.sqlite")
    try:
        latest = store.audit.entries()[0]
    finally:
        store.close()
    assert latest.event is AuditEvent.AUDIT_EXPORTED
    assert latest.details == {"rows": 1, "file": "archive.csv"}


def test_cli_export_to_an_unwritable_place_exits_2(demo_dir, tmp_path, capsys):
    target = tmp_path / "missing" / "archive.csv"
    assert main(["audit", "export", "--csv", str(target), "--data-dir", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert "could not be written" in err and "Traceback" not in err
    assert not target.exists()


def test_cli_export_that_cannot_be_recorded_leaves_no_file(demo_dir, tmp_path, capsys, monkeypatch):
    from desktop.store.audit import AuditLog

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(AuditLog, "record", refuse)
    target = tmp_path / "archive.csv"
    assert main(["audit", "export", "--csv", str(target), "--data-dir", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert "could not be added to the log" in err and "nothing was exported" in err
    assert "full" in err and "Traceback" not in err
    assert not target.exists()


def test_cli_without_a_database_exits_2_and_creates_nothing(tmp_path, capsys):
    empty = tmp_path / "nothing-here"
    assert main(["audit", "verify", "--data-dir", str(empty)]) == 2
    assert "no iCoreRx database" in capsys.readouterr().err
    assert not empty.exists()
