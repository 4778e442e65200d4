"""The application's schema on PostgreSQL: the same tables as SQLite, made once, kept honest."""

from __future__ import annotations

import threading

import psycopg
import pytest
import sqlite_utils

from desktop.clinic.schema import (
    SCHEMA_VERSION,
    SchemaResult,
    current_version,
    ensure_schema,
    require_current,
)
from desktop.clinic.schema_steps import CLINIC_ONLY_TABLES, DESK_STEPS
from desktop.clinic.server import open_connection
from desktop.clinic.settings import ClinicError, parse_url
from desktop.store.migrations import migrate
from desktop.store.schema import MIGRATIONS as SQLITE_MIGRATIONS


@pytest.fixture
def fresh(clinic_server):
    """A connection to a new, empty database on the session's server."""
    address = parse_url(clinic_server.fresh_database())
    conn = open_connection(address, clinic_server.password)
    yield conn
    conn.close()


def columns_pg(conn) -> dict[str, dict[str, bool]]:
    rows = conn.execute(
        "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name != 'schema_version'"
    ).fetchall()
    tables: dict[str, dict[str, bool]] = {}
    for table, column, nullable in rows:
        tables.setdefault(table, {})[column] = nullable == "NO"
    return tables


def columns_sqlite(db: sqlite_utils.Database) -> dict[str, dict[str, bool]]:
    tables: dict[str, dict[str, bool]] = {}
    for table in db.tables:
        if table.name.startswith("sqlite_"):
            continue
        for column in db.execute(f"PRAGMA table_info({table.name})").fetchall():
            _cid, name, _type, notnull, _default, pk = column
            # SQLite's INTEGER PRIMARY KEY may hold NULL (a new rowid); PostgreSQL's never.
            tables.setdefault(table.name, {})[name] = bool(notnull) or bool(pk)
    return tables


def test_the_clinic_schema_has_the_tables_and_columns_of_the_desk_database(fresh, tmp_path):
    result = ensure_schema(fresh, "desk-1", "test")
    assert (result.before, result.after) == (0, SCHEMA_VERSION)
    desk = sqlite_utils.Database(tmp_path / "desk.sqlite")
    assert migrate(desk, SQLITE_MIGRATIONS, "application") == DESK_STEPS
    clinic = columns_pg(fresh)
    assert set(clinic) - set(columns_sqlite(desk)) == set(CLINIC_ONLY_TABLES)
    assert {t: c for t, c in clinic.items() if t not in CLINIC_ONLY_TABLES} == columns_sqlite(desk)
    desk.close()


def test_the_schema_version_is_kept_with_who_applied_each_step(fresh):
    ensure_schema(fresh, "front-desk-2", "test")
    rows = fresh.execute("SELECT version, applied_by FROM schema_version ORDER BY 1").fetchall()
    assert rows == [(v, "front-desk-2") for v in range(1, SCHEMA_VERSION + 1)]
    again = ensure_schema(fresh, "doctor-1", "test")
    assert (again.before, again.after) == (SCHEMA_VERSION, SCHEMA_VERSION)
    assert current_version(fresh) == SCHEMA_VERSION


def test_an_old_schema_is_brought_forward_and_its_rows_kept(fresh):
    ensure_schema(fresh, "desk-1", "test", target=5)
    fresh.execute(
        "INSERT INTO users (username, display_name, role, roles, password_hash) "
        "VALUES ('doctor', 'Dana Whitfield', 'doctor', 'doctor', 'h')"
    )
    patient = fresh.execute(
        "INSERT INTO patients (first_name, last_name, date_of_birth) "
        "VALUES ('Ann', 'Lee', '1980-01-02') RETURNING id"
    ).fetchone()[0]
    fresh.execute(
        "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, form, "
        "route, sig, quantity, refills, prepared_by, prepared_at) "
        "VALUES (%s, 'm1', 'Drug', '5 mg', 'tablet', 'oral', 'one daily', '30', 0, 'fd', 't')",
        [patient],
    )
    fresh.commit()
    result = ensure_schema(fresh, "desk-2", "test")
    assert (result.before, result.after) == (5, SCHEMA_VERSION)
    assert fresh.execute("SELECT display_name FROM users").fetchone() == ("Dana Whitfield",)
    row = fresh.execute("SELECT status, signature, content_hash FROM prescriptions").fetchone()
    assert row == ("pending", None, None)
    assert fresh.execute("SELECT count(*) FROM practice").fetchone() == (0,)


def test_two_first_workstations_at_once_make_one_schema(clinic_server):
    url = clinic_server.fresh_database()
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def first_desk(name: str) -> None:
        with open_connection(parse_url(url), clinic_server.password) as conn:
            start.wait(timeout=30)
            try:
                results[name] = ensure_schema(conn, name, "test")
            except Exception as exc:  # noqa: BLE001 - the test reports it
                results[name] = exc

    desks = [threading.Thread(target=first_desk, args=(f"desk-{n}",)) for n in (1, 2)]
    for desk in desks:
        desk.start()
    for desk in desks:
        desk.join(timeout=60)
    assert all(isinstance(result, SchemaResult) for result in results.values()), results
    befores = sorted(result.before for result in results.values())  # type: ignore[attr-defined]
    assert befores == [0, SCHEMA_VERSION], results
    with open_connection(parse_url(url), clinic_server.password) as conn:
        versions = conn.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [v for (v,) in versions] == list(range(1, SCHEMA_VERSION + 1))


def test_a_failed_step_leaves_the_database_as_it_was(fresh, monkeypatch):
    from desktop.clinic import schema

    broken = [*schema.MIGRATIONS[:-1], ["CREATE TABLE audit_day_reviews (x INTEGER", "x"]]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(psycopg.errors.SyntaxError):
        schema.ensure_schema(fresh, "desk-1", "test")
    assert current_version(fresh) == 0
    assert fresh.execute("SELECT to_regclass('users')").fetchone() == (None,)


def test_a_schema_from_a_newer_version_is_refused(fresh):
    ensure_schema(fresh, "desk-1", "test")
    fresh.execute("INSERT INTO schema_version (version, applied_by) VALUES (99, 'later')")
    fresh.commit()
    with pytest.raises(ClinicError) as refused:
        ensure_schema(fresh, "desk-1", "test")
    assert "schema 99" in refused.value.message
    assert "Update iCoreRx" in refused.value.next_step


def test_a_user_who_may_not_create_tables_is_told_what_to_grant(clinic_server):
    url = clinic_server.fresh_database()
    clinic_server.admin(f"CREATE ROLE reader LOGIN PASSWORD '{clinic_server.password}'")
    address = parse_url(url.replace("clinic_app@", "reader@"))
    with open_connection(address, clinic_server.password) as conn:
        with pytest.raises(ClinicError) as refused:
            ensure_schema(conn, "desk-1", address.url)
    assert "does not let its user create" in refused.value.message
    assert "OWNER TO" in refused.value.next_step


def test_a_desk_that_only_uses_the_database_is_told_when_the_schema_is_behind(fresh):
    with pytest.raises(ClinicError, match="has no iCoreRx tables yet") as refused:
        require_current(fresh, "db")
    assert "icorerx clinic connect" in refused.value.next_step
    fresh.rollback()
    ensure_schema(fresh, "desk-1", "db", target=4)
    with pytest.raises(ClinicError, match=f"has schema 4; .* uses schema {SCHEMA_VERSION}"):
        require_current(fresh, "db")
    fresh.rollback()
    ensure_schema(fresh, "desk-1", "db")
    assert require_current(fresh, "db") == SCHEMA_VERSION
    fresh.execute("INSERT INTO schema_version (version, applied_by) VALUES (99, 'later')")
    with pytest.raises(ClinicError, match="from a newer version of iCoreRx"):
        require_current(fresh, "db")
    fresh.rollback()
    assert current_version(fresh) == SCHEMA_VERSION  # checking changed nothing


# --- the rules the triggers keep ---------------------------------------------------------
@pytest.fixture
def schema_made(fresh):
    ensure_schema(fresh, "desk-1", "test")
    fresh.execute(
        "INSERT INTO audit (seq, at, workstation, event, outcome, reason, details, prev_hash, "
        "hash) VALUES (1, 't', 'w', 'e', 'success', '', '{}', '0', 'h1')"
    )
    patient = fresh.execute(
        "INSERT INTO patients (first_name, last_name, date_of_birth) "
        "VALUES ('Ann', 'Lee', '1980-01-02') RETURNING id"
    ).fetchone()[0]
    fresh.execute(
        "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, form, "
        "route, sig, quantity, refills, prepared_by, prepared_at) "
        "VALUES (%s, 'm1', 'Drug', '5 mg', 'tablet', 'oral', 'one daily', '30', 0, 'fd', 't')",
        [patient],
    )
    fresh.commit()
    return fresh


def refused(conn, statement: str) -> str:
    with pytest.raises(psycopg.errors.RestrictViolation) as caught:
        conn.execute(statement)
    conn.rollback()
    return caught.value.diag.message_primary or ""


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit SET reason = 'x'", "DELETE FROM audit", "TRUNCATE audit"],
)
def test_audit_rows_are_append_only(schema_made, statement):
    assert "audit rows are append-only" in refused(schema_made, statement)


def test_a_prescription_is_signed_only_with_its_signature_then_never_changed(schema_made):
    conn = schema_made
    assert "only with its signature" in refused(
        conn, "UPDATE prescriptions SET status = 'signed', signed_by = 'd', signed_at = 't'"
    )
    conn.execute(
        "UPDATE prescriptions SET status = 'signed', signed_by = 'd', signed_at = 't', "
        "signature = 's', key_fingerprint = 'k', content_hash = 'c', prescriber_name = 'D'"
    )
    conn.commit()
    assert "cannot be changed" in refused(conn, "UPDATE prescriptions SET sig = 'two daily'")
    assert "cannot be deleted" in refused(conn, "DELETE FROM prescriptions")
    conn.execute("UPDATE prescriptions SET status = 'sent'")  # signed to sent, nothing else
    conn.commit()
    assert conn.execute("SELECT status FROM prescriptions").fetchone() == ("sent",)


def test_a_prescription_is_added_as_pending(schema_made):
    assert "added as pending" in refused(
        schema_made,
        "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, form, "
        "route, sig, quantity, refills, prepared_by, prepared_at, status, signed_by, signed_at) "
        "SELECT id, 'm', 'D', '1', 'f', 'r', 'one daily', '1', 0, 'fd', 't', 'signed', 'd', 't' "
        "FROM patients",
    )
