"""`icorerx clinic import-local DATA_DIR`: a desk's whole history into the clinic database, once."""

# ruff: noqa: F811 - fixtures imported from tests.clinic_desks are the tests' parameters

from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest
import sqlite_utils

from desktop.clinic import import_check, import_source
from desktop.clinic.moved import MOVED_NOTE
from desktop.store.audit_key import audit_key
from desktop.store.migrations import migrate
from desktop.store.schema import MIGRATIONS
from tests.clinic_desks import clinic, clinic_url, desk, template_desk, workstation  # noqa: F401 - fixtures
from tests.clinic_rows import clinic_rows, desk_rows, run_import, trigger_state

pytestmark = pytest.mark.usefixtures("no_keyring")  # key files, whatever keyring the machine has


# --- the move -------------------------------------------------------------------------------
def test_every_table_of_a_desk_database_is_moved(tmp_path):
    db = sqlite_utils.Database(tmp_path / "desk.sqlite")
    migrate(db, MIGRATIONS, "application")
    names = {t.name for t in db.tables if not t.name.startswith("sqlite_")}
    db.close()
    assert set(import_source.TABLES) == names - import_source.NOT_MOVED
    assert import_source.NOT_MOVED == {"write_keys"}  # a desk's retries stay at the desk


def test_a_desk_is_moved_whole_and_its_chain_verifies_from_the_clinic_database(
    desk, workstation, clinic, capsys
):
    before = desk_rows(desk)
    assert len(before["audit"]) >= 4 and before["audit_day_reviews"]
    assert {rx["status"] for rx in before["prescriptions"]} == {"signed", "sent", "pending"}
    assert before["password_throttles"] and before["rx_signing_keys"] and before["epcs_grants"]

    code, out, err = run_import(desk, workstation, capsys)

    assert code == 0, err
    assert f"the audit trail of {desk} is intact ({len(before['audit'])} entries" in out
    assert f"2 people, {len(before['patients'])} patients, 4 prescriptions" in out
    assert "every table's rows match" in out and "the audit chain verifies there" in out
    assert clinic_rows(clinic) == {
        table: [
            {c: bytes(v) if isinstance(v, memoryview) else v for c, v in row.items()}
            for row in rows
        ]
        for table, rows in before.items()
    }
    signed = [rx for rx in clinic_rows(clinic)["prescriptions"] if rx["status"] != "pending"]
    assert len(signed) == 3 and all(rx["signature"] and rx["content_hash"] for rx in signed)
    report = import_check.chain_in_clinic(clinic, audit_key(desk, create=False))
    assert report.ok and report.checked == len(before["audit"])
    assert report.last_hash == before["audit"][-1]["hash"]
    record = clinic.execute(
        "SELECT source_dir, audit_entries, audit_head_hash, imported_by, row_counts "
        "FROM clinic_imports"
    ).fetchall()
    assert len(record) == 1
    folder, entries, head, by, counts = record[0]
    assert (folder, entries, head, by) == (
        str(desk),
        len(before["audit"]),
        report.last_hash,
        "front-desk-2",
    )
    assert json.loads(counts) == {table: len(rows) for table, rows in before.items()}
    # the desk is kept, whole, and says where its records went
    assert desk_rows(desk) == before
    assert (desk / "audit.key").exists() and (desk / "audit.head").exists()
    note = (desk / MOVED_NOTE).read_text()
    assert "clinic_app@127.0.0.1" in note and "Nothing in this folder was deleted" in note


def test_ids_go_on_past_the_highest_the_desk_ever_gave(desk, workstation, clinic, capsys):
    removed = sqlite3.connect(desk / "icorerx.sqlite")
    (given,) = removed.execute("SELECT seq FROM sqlite_sequence WHERE name = 'prescriptions'")
    (kept,) = removed.execute("SELECT max(id) FROM prescriptions").fetchone()
    removed.close()
    assert given[0] > kept  # the desk removed its newest pending prescription
    assert run_import(desk, workstation, capsys)[0] == 0
    (highest,) = clinic.execute("SELECT max(id) FROM patients").fetchone()
    patient = clinic.execute(
        "INSERT INTO patients (first_name, last_name, date_of_birth) "
        "VALUES ('New', 'Patient', '2000-01-01') RETURNING id"
    ).fetchone()[0]
    assert patient == highest + 1
    rx = clinic.execute(
        "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, form, "
        "route, sig, quantity, refills, prepared_by, prepared_at) VALUES "
        "(%s, 'm', 'Drug', '5 mg', 'tablet', 'oral', 'one daily', '30', 0, 'fd', 't') RETURNING id",
        [patient],
    ).fetchone()[0]
    assert rx == given[0] + 1


def test_the_rules_of_the_clinic_database_still_hold_after_the_move(
    desk, workstation, clinic, capsys
):
    assert run_import(desk, workstation, capsys)[0] == 0
    assert trigger_state(clinic) == "O"
    for statement, words in [
        ("UPDATE audit SET reason = 'x' WHERE seq = 1", "append-only"),
        ("DELETE FROM audit_day_reviews", "append-only"),
        ("UPDATE prescriptions SET sig = 'two daily' WHERE status = 'signed'", "cannot be changed"),
        (
            "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, "
            "form, route, sig, quantity, refills, prepared_by, prepared_at, status, signed_by, "
            "signed_at) VALUES (1, 'm', 'D', '1', 'f', 'r', 'one daily', '1', 0, 'fd', 't', "
            "'signed', 'd', 't')",
            "added as pending",
        ),
        ("UPDATE clinic_imports SET imported_by = 'x'", "append-only"),
        ("DELETE FROM clinic_imports", "append-only"),
    ]:
        with pytest.raises(psycopg.errors.RestrictViolation, match=words):
            clinic.execute(statement)
    with pytest.raises(psycopg.errors.UniqueViolation):
        clinic.execute(
            "INSERT INTO clinic_imports (source_dir, source_workstation, audit_log_id, "
            "audit_entries, audit_head_hash, row_counts, imported_at, imported_by) "
            "VALUES ('d', 'w', 'l', 0, 'h', '{}', 't', 'w')"
        )


def test_a_prescription_signed_before_signatures_were_kept_is_moved_and_the_rule_is_back(
    desk, workstation, clinic, capsys
):
    """A desk older than schema 7 has signed rows with no signature: they move as they are."""
    db = sqlite3.connect(desk / "icorerx.sqlite")
    db.execute("DROP TRIGGER prescriptions_signed_with_a_signature")
    db.execute(
        "UPDATE prescriptions SET status = 'signed', signed_by = 'doctor', signed_at = 't' "
        "WHERE status = 'pending'"
    )
    db.commit()
    db.close()
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 0, err
    legacy = clinic.execute(
        "SELECT count(*) FROM prescriptions WHERE status = 'signed' AND signature IS NULL"
    ).fetchone()[0]
    assert legacy == 1
    assert trigger_state(clinic) == "O"  # enabled again inside the import's transaction
    clinic.execute(
        "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, form, "
        "route, sig, quantity, refills, prepared_by, prepared_at) "
        "VALUES (1, 'm', 'D', '1', 'f', 'r', 'one daily', '1', 0, 'fd', 't')"
    )
    with pytest.raises(psycopg.errors.RestrictViolation, match="only with its signature"):
        clinic.execute(
            "UPDATE prescriptions SET status = 'signed', signed_by = 'd', signed_at = 't' "
            "WHERE status = 'pending'"
        )
