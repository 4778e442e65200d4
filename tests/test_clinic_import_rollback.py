"""`icorerx clinic import-local`: a failure part-way keeps nothing, and a retry moves it all."""

# ruff: noqa: F811 - fixtures imported from tests.clinic_desks are the tests' parameters

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from desktop.clinic import import_copy
from desktop.clinic.moved import MOVED_NOTE
from desktop.clinic.server import open_connection
from desktop.clinic.settings import parse_url
from tests.clinic_desks import clinic, clinic_url, desk, template_desk, workstation  # noqa: F401 - fixtures
from tests.clinic_rows import (
    assert_clinic_empty,
    clinic_counts,
    clinic_rows,
    desk_rows,
    run_import,
    trigger_state,
)

pytestmark = pytest.mark.usefixtures("no_keyring")  # key files, whatever keyring the machine has


# --- nothing half ---------------------------------------------------------------------------
def _kill_session(clinic_server, url):
    database = parse_url(url).database
    clinic_server.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND application_name = 'icorerx'"
    )


@pytest.mark.parametrize("failure", ["error", "session killed", "server stopped"])
def test_a_failure_between_tables_keeps_nothing_and_a_retry_moves_it_all(
    failure, desk, workstation, clinic_server, clinic_url, monkeypatch, capsys
):
    # a legacy row: the one trigger the import turns off must be back after the rollback
    db = sqlite3.connect(desk / "icorerx.sqlite")
    db.execute("DROP TRIGGER prescriptions_signed_with_a_signature")
    db.execute(
        "UPDATE prescriptions SET status = 'signed', signed_by = 'doctor', signed_at = 't' "
        "WHERE status = 'pending'"
    )
    db.commit()
    db.close()
    real = import_copy._copy_table
    copied: list[str] = []

    def copy_then_fail(conn, desk_db, source, table):
        real(conn, desk_db, source, table)
        copied.append(table)
        if table != "epcs_grants":
            return
        if failure == "error":
            raise psycopg.OperationalError("the network went away (injected)")
        if failure == "session killed":
            _kill_session(clinic_server, clinic_url)
        else:
            clinic_server.stop()

    monkeypatch.setattr(import_copy, "_copy_table", copy_then_fail)
    try:
        code, out, err = run_import(desk, workstation, capsys)
    finally:
        if not clinic_server.running:
            clinic_server.start()
    assert code == 1, err
    assert copied[:3] == ["users", "patients", "prescriptions"]
    assert "stopped the import" in err and "Nothing was copied" in err
    assert "moved into the clinic database" not in out
    assert not (desk / MOVED_NOTE).exists()
    with open_connection(parse_url(clinic_url), clinic_server.password) as conn:
        assert_clinic_empty(conn)
        assert trigger_state(conn) == "O"
        assert not conn.execute("SELECT to_regclass('import_prescriptions')").fetchone()[0]
    monkeypatch.setattr(import_copy, "_copy_table", real)
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 0, err
    with open_connection(parse_url(clinic_url), clinic_server.password) as conn:
        assert clinic_counts(conn)["clinic_imports"] == 1
        assert clinic_rows(conn)["patients"] == desk_rows(desk)["patients"]


def test_a_difference_read_back_rolls_everything_back(
    desk, workstation, clinic, monkeypatch, capsys
):
    real = import_copy._copy_table

    def copy_and_change(conn, desk_db, source, table):
        real(conn, desk_db, source, table)
        if table == "patients":
            conn.execute("UPDATE patients SET last_name = 'Changed' WHERE id = 2")

    monkeypatch.setattr(import_copy, "_copy_table", copy_and_change)
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 1
    assert "returned the desk's patients differently" in err and "first at id 2" in err
    assert_clinic_empty(clinic)


def test_an_audit_entry_changed_on_the_way_fails_the_chain_check_and_keeps_nothing(
    desk, workstation, clinic, monkeypatch, capsys
):
    real = import_copy._copy_table

    def copy_and_forge(conn, desk_db, source, table):
        real(conn, desk_db, source, table)
        if table == "audit":  # the triggers forbid it; as the table's owner, for the test
            conn.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update")
            conn.execute("UPDATE audit SET reason = 'forged' WHERE seq = 3")
            conn.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_update")

    monkeypatch.setattr(import_copy, "_copy_table", copy_and_forge)
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 1
    assert "audit trail differently" in err and "BROKEN at row 3" in err
    assert_clinic_empty(clinic)
    assert not (desk / MOVED_NOTE).exists()
