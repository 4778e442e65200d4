"""`icorerx clinic import-local`: what it refuses, saying why, with nothing copied."""

# ruff: noqa: F811 - fixtures imported from tests.clinic_desks are the tests' parameters

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from desktop.clinic.moved import MOVED_NOTE
from desktop.clinic.schema import ensure_schema
from desktop.clinic.server import open_connection
from desktop.clinic.settings import parse_url
from desktop.domain.audit import AuditEvent, Outcome
from desktop.settings_file import SETTINGS_FILE
from desktop.store.database import open_app_store
from tests.clinic_desks import (  # noqa: F401 - fixtures
    DOCTOR_NAME,
    clinic,
    clinic_url,
    connected_workstation,
    desk,
    template_desk,
    workstation,
)
from tests.clinic_rows import assert_clinic_empty, clinic_counts, run_import

pytestmark = pytest.mark.usefixtures("no_keyring")  # key files, whatever keyring the machine has


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
        conn.execute("DELETE FROM schema_version WHERE version >= 9")
        conn.execute("DROP TABLE clinic_imports")
        conn.execute("DROP TABLE changes")
        conn.execute("DROP FUNCTION icorerx_changed() CASCADE")  # and its triggers
        conn.execute("DROP TABLE write_keys")
        conn.execute("DROP TABLE clinic_audit_key")
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
