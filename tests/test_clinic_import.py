"""`icorerx clinic import-local DATA_DIR`: a desk's whole history into the clinic database, once."""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import shutil
import sqlite3
import threading

import keyring
import psycopg
import pytest
import sqlite_utils

from desktop.cli import main
from desktop.clinic import import_check, import_copy, import_local, import_source
from desktop.clinic.connect import connect
from desktop.clinic.moved import MOVED_NOTE
from desktop.clinic.schema import ensure_schema
from desktop.clinic.server import open_connection
from desktop.clinic.settings import parse_url
from desktop.config import SETTINGS_FILE, Paths
from desktop.demo import DOCTOR, FRONT_DESK, provision
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import LoginFailed
from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft
from desktop.store import audited
from desktop.store.audit_key import audit_key
from desktop.store.daily_review import DailyReviews
from desktop.store.database import open_app_store
from desktop.store.migrations import migrate
from desktop.store.schema import MIGRATIONS

PRIVACYIDEA = {
    "adapter": "privacyidea",
    "adapter_options": {
        "url": "https://otp.clinic.example",
        "realm": "clinic",
        "service_account": "icorerx",
        "public_key_file": "privacyidea-public.pem",
    },
    "workstation": "front-desk-2",
}
MEDS = {m.id: m for m in load_formulary()}
OXYCODONE = MEDS["oxycodone-5-mg-tab"]
LISINOPRIL = MEDS["lisinopril-10-mg-tab"]
SERIAL = "GALH12345678"
DOCTOR_NAME = DOCTOR[0]


def use_key_files():
    """Key files, whatever keyring this machine offers; returns the keyring to put back."""
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    return previous


@pytest.fixture(autouse=True)
def no_keyring():
    previous = use_key_files()
    yield
    keyring.set_keyring(previous)


def sign(store, ids, patient_id, serial=SERIAL):
    shown = store.prescriptions.shown_hash(ids, patient_id, DOCTOR_NAME)
    details = {"attempt": "t", "prescriptions": ", ".join(f"#{i}" for i in ids)}
    at = dt.datetime.now(dt.UTC)
    return audited.sign(store, ids, patient_id, DOCTOR_NAME, serial, at, details, shown=shown)


def build_desk(folder):
    """The demo desk with a history: signed, sent and pending prescriptions (a removed one
    above them), a password throttle, audit entries and a daily review."""
    provision(Paths(folder))
    store = open_app_store(folder / "icorerx.sqlite")
    try:
        rx = store.prescriptions
        first = rx.add(1, RxDraft(OXYCODONE, "Take 1 tablet every 6 hours", "20", 0), "fd")
        second = rx.add(1, RxDraft(LISINOPRIL, "Take 1 tablet by mouth daily", "30", 2), "fd")
        sign(store, [first.id, second.id], 1)
        third = rx.add(2, RxDraft(LISINOPRIL, "Take 1 tablet by mouth daily", "90", 1), "fd")
        sign(store, [third.id], 2, serial=None)
        store.db.execute("UPDATE prescriptions SET status = 'sent' WHERE id = ?", [third.id])
        rx.add(3, RxDraft(LISINOPRIL, "Take 2 tablets by mouth daily", "60", 0), "fd")
        gone = rx.add(3, RxDraft(OXYCODONE, "Take 1 tablet at bedtime", "10", 0), "fd")
        rx.remove_pending(gone.id, 3)  # its id is never given again, in the clinic either
        with pytest.raises(LoginFailed):
            store.authenticate(FRONT_DESK[0], "not-the-password")
        store.audit.record(AuditEvent.LOGIN, DOCTOR_NAME, Outcome.SUCCESS)
        store.db.conn.commit()
        day = store.audit.entries(limit=1)[0].at.date()
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
        reviews = DailyReviews(store, tz=dt.UTC, clock=lambda: later)
        reviews.mark_reviewed(day, reviews.report(day).head.seq, DOCTOR_NAME, note="read")
    finally:
        store.close()


@pytest.fixture(scope="module")
def template_desk(tmp_path_factory):
    previous = use_key_files()
    try:
        folder = tmp_path_factory.mktemp("template") / "desk"
        build_desk(folder)
    finally:
        keyring.set_keyring(previous)
    return folder


@pytest.fixture
def desk(template_desk, tmp_path):
    folder = tmp_path / "desk"
    shutil.copytree(template_desk, folder)
    return folder


def connected_workstation(folder, clinic_server, url):
    folder.mkdir()
    (folder / SETTINGS_FILE).write_text(json.dumps(PRIVACYIDEA), encoding="utf-8")
    said = io.StringIO()
    code = connect(
        folder,
        url,
        ca_file=clinic_server.ca_file,
        password_stdin=True,
        stdin=io.StringIO(clinic_server.password + "\n"),
        out=said,
        err=said,
    )
    assert code == 0, said.getvalue()
    return folder


@pytest.fixture
def clinic_url(clinic_server):
    return clinic_server.fresh_database()


@pytest.fixture
def workstation(clinic_server, clinic_url, tmp_path):
    return connected_workstation(tmp_path / "workstation", clinic_server, clinic_url)


@pytest.fixture
def clinic(clinic_server, clinic_url):
    with open_connection(parse_url(clinic_url), clinic_server.password) as conn:
        conn.autocommit = True
        yield conn


def run_import(desk, workstation, capsys):
    code = main(["clinic", "import-local", str(desk), "--data-dir", str(workstation)])
    said = capsys.readouterr()
    return code, said.out, said.err


def desk_rows(desk):
    db = sqlite3.connect(desk / "icorerx.sqlite")
    try:
        tables = {}
        for table, key in import_source.TABLES.items():
            cursor = db.execute(f"SELECT * FROM {table} ORDER BY {key}")
            columns = [c[0] for c in cursor.description]
            tables[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
        return tables
    finally:
        db.close()


def clinic_rows(conn):
    tables = {}
    for table, key in import_source.TABLES.items():
        order = f'{key} COLLATE "C"' if key in ("username", "fingerprint") else key
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
        columns = [c.name for c in cursor.description]
        tables[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
    return tables


def clinic_counts(conn):
    tables = [*import_source.TABLES, "clinic_imports"]
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def assert_clinic_empty(conn):
    assert set(clinic_counts(conn).values()) == {0}


def trigger_state(conn, name="prescriptions_signed_with_a_signature"):
    return conn.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [name]).fetchone()[0]


# --- the move -------------------------------------------------------------------------------
def test_every_table_of_a_desk_database_is_moved(tmp_path):
    db = sqlite_utils.Database(tmp_path / "desk.sqlite")
    migrate(db, MIGRATIONS, "application")
    names = {t.name for t in db.tables if not t.name.startswith("sqlite_")}
    db.close()
    assert set(import_source.TABLES) == names


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


# --- refusals -------------------------------------------------------------------------------
def test_a_second_import_is_refused_of_the_same_desk_or_any_other(
    desk, workstation, clinic, template_desk, tmp_path, capsys
):
    assert run_import(desk, workstation, capsys)[0] == 0
    moved = clinic_counts(clinic)

    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 2
    assert "nothing was imported" in err and "were already moved into the clinic database" in err

    (desk / MOVED_NOTE).rename(tmp_path / "note-aside.txt")  # the note alone does not guard it
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 2
    assert f"already holds this desk's records: the records moved in from {desk}" in err

    other = tmp_path / "other-desk"
    shutil.copytree(template_desk, other)
    store = open_app_store(other / "icorerx.sqlite")  # a history of its own from here on
    store.audit.record(AuditEvent.LOGIN, DOCTOR_NAME, Outcome.SUCCESS)
    store.close()
    code, _out, err = run_import(other, workstation, capsys)
    assert code == 2 and "already holds the records moved in" in err
    assert "cannot be merged into another desk's history" in err
    assert clinic_counts(clinic) == moved
    assert not (other / MOVED_NOTE).exists()


def test_a_clinic_database_that_already_has_records_is_refused(desk, workstation, clinic, capsys):
    clinic.execute(
        "INSERT INTO patients (first_name, last_name, date_of_birth) "
        "VALUES ('Ann', 'Lee', '1980-01-02')"
    )
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 2
    assert "already holds records (1 patient)" in err
    assert clinic.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    assert not (desk / MOVED_NOTE).exists()


def test_a_tampered_audit_trail_is_refused_and_nothing_is_copied(desk, workstation, clinic, capsys):
    db = sqlite3.connect(desk / "icorerx.sqlite")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET actor = 'someone-else' WHERE seq = 2")
    db.commit()
    db.close()
    code, out, err = run_import(desk, workstation, capsys)
    assert code == 2
    assert "does not verify" in err and "BROKEN at row 2" in err
    assert "Nothing was copied" in err and "ok " not in out
    assert_clinic_empty(clinic)
    assert not (desk / MOVED_NOTE).exists()


def test_a_desk_whose_audit_key_is_gone_is_refused(desk, workstation, clinic, capsys):
    (desk / "audit.key").rename(desk.parent / "audit.key.aside")
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 2
    assert "audit.key" in err
    assert_clinic_empty(clinic)


def test_without_a_clinic_connection_it_says_to_connect_first(desk, tmp_path, capsys):
    alone = tmp_path / "alone"
    alone.mkdir()
    code, _out, err = run_import(desk, alone, capsys)
    assert code == 2
    assert "not connected to a clinic database" in err and "icorerx clinic connect first" in err
    assert not (desk / MOVED_NOTE).exists()


def test_a_folder_that_is_no_desk_is_refused(workstation, tmp_path, capsys):
    code, _out, err = run_import(tmp_path / "nowhere", workstation, capsys)
    assert code == 2
    assert "There is no iCoreRx database" in err


def test_a_clinic_schema_behind_this_version_is_refused(clinic_server, desk, tmp_path, capsys):
    url = clinic_server.fresh_database()
    ws = connected_workstation(tmp_path / "ws", clinic_server, url)
    with open_connection(parse_url(url), clinic_server.password) as conn:
        conn.execute("DELETE FROM schema_version WHERE version = 9")
        conn.execute("DROP TABLE clinic_imports")
        conn.commit()
    code, _out, err = run_import(desk, ws, capsys)
    assert code == 2
    assert "has schema 8" in err and "icorerx clinic connect" in err
    with open_connection(parse_url(url), clinic_server.password) as conn:
        ensure_schema(conn, "desk", url)
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (0,)


def test_the_server_unreachable_is_a_failure_not_a_refusal(desk, workstation, capsys):
    settings = json.loads((workstation / SETTINGS_FILE).read_text())
    address = parse_url(settings["clinic_url"])
    from tests.clinic_server import free_port

    settings["clinic_url"] = address.url.replace(f":{address.port}/", f":{free_port()}/")
    (workstation / SETTINGS_FILE).write_text(json.dumps(settings))
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 1
    assert "cannot be reached" in err
    assert not (desk / MOVED_NOTE).exists()


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


# --- the desk afterwards --------------------------------------------------------------------
def test_whoever_uses_the_moved_desk_is_told(desk, workstation, capsys):
    assert run_import(desk, workstation, capsys)[0] == 0
    code = main(["audit", "verify", "--data-dir", str(desk)])
    said = capsys.readouterr()
    assert code == 0, said.err
    assert "were moved into the clinic database postgresql://clinic_app@127.0.0.1" in said.err
    assert "does not reach the clinic database" in said.err


def test_a_note_that_cannot_be_written_is_said_and_the_move_stands(
    desk, workstation, clinic, monkeypatch, capsys
):
    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(import_local, "_mark_moved", full_disk)
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 1
    assert "the records ARE in the clinic database" in err and "No space left" in err
    assert clinic_counts(clinic)["clinic_imports"] == 1


def test_what_is_copied_is_what_was_verified_though_the_desk_writes_meanwhile(
    desk, workstation, clinic, monkeypatch, capsys
):
    real = import_local._read_source
    verified: list[int] = []

    def read_then_desk_writes(store, folder):
        source = real(store, folder)
        verified.append(source.chain.checked)
        other = open_app_store(folder / "icorerx.sqlite")  # the desk's window, still open
        try:
            other.audit.record(AuditEvent.LOGIN, DOCTOR_NAME, Outcome.SUCCESS)
        finally:
            other.close()
        return source

    monkeypatch.setattr(import_local, "_read_source", read_then_desk_writes)
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 0, err
    assert clinic.execute("SELECT count(*) FROM audit").fetchone()[0] == verified[0]
    assert len(desk_rows(desk)["audit"]) == verified[0] + 1


def test_two_imports_at_once_move_one_desk(desk, workstation, clinic, tmp_path):
    """Both find the database empty only one at a time: the import's lock, then its record."""
    twin = tmp_path / "twin"
    shutil.copytree(desk, twin)
    start = threading.Barrier(2)
    outcomes: dict[str, tuple[int, str]] = {}

    def run(folder):
        out, err = io.StringIO(), io.StringIO()
        start.wait(timeout=30)
        code = import_local.import_local(workstation, folder, out=out, err=err)
        outcomes[folder.name] = (code, err.getvalue())

    threads = [threading.Thread(target=run, args=(folder,)) for folder in (desk, twin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(code for code, _err in outcomes.values()) == [0, 2], outcomes
    refused = next(err for code, err in outcomes.values() if code == 2)
    assert "already holds this desk's records" in refused
    assert clinic_counts(clinic)["clinic_imports"] == 1
    assert clinic.execute("SELECT count(*) FROM audit").fetchone()[0] == len(
        desk_rows(desk)["audit"]
    )


@pytest.mark.parametrize("grants", ["nothing", "the rows, not the tables"])
def test_a_login_that_may_not_do_the_import_is_told_which_to_use(
    grants, desk, workstation, clinic_server, clinic_url, clinic, capsys
):
    role = f"clerk_{secrets.token_hex(3)}"
    database = parse_url(clinic_url).database
    clinic_server.admin(f"CREATE ROLE {role} LOGIN PASSWORD '{clinic_server.password}'")
    if grants != "nothing":  # may read and write every row, but owns no table
        clinic_server.admin(
            f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {role}",
            f"GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
            database=database,
        )
        db = sqlite3.connect(desk / "icorerx.sqlite")  # a legacy row: the trigger is the owner's
        db.execute("DROP TRIGGER prescriptions_signed_with_a_signature")
        db.execute(
            "UPDATE prescriptions SET status = 'signed', signed_by = 'doctor', signed_at = 't' "
            "WHERE status = 'pending'"
        )
        db.commit()
        db.close()
    settings = json.loads((workstation / SETTINGS_FILE).read_text())
    settings["clinic_url"] = settings["clinic_url"].replace("clinic_app@", f"{role}@")
    (workstation / SETTINGS_FILE).write_text(json.dumps(settings))
    code, _out, err = run_import(desk, workstation, capsys)
    assert code == 2, err
    assert f"does not let its user {role} do all the import needs" in err
    assert "the login that owns the clinic database" in err
    if grants != "nothing":
        assert "must be owner of table prescriptions" in err  # the copy got that far
    assert_clinic_empty(clinic)
    assert trigger_state(clinic) == "O"
