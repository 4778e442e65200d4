"""`icorerx clinic import-local`: the desk afterwards, a desk that writes meanwhile, two imports
at once, and a login that may not do it."""

# ruff: noqa: F811 - fixtures imported from tests.clinic_desks are the tests' parameters

from __future__ import annotations

import io
import json
import secrets
import shutil
import sqlite3
import threading

import pytest

from desktop.cli import main
from desktop.clinic import import_local
from desktop.clinic.settings import parse_url
from desktop.domain.audit import AuditEvent, Outcome
from desktop.settings_file import SETTINGS_FILE
from desktop.store.database import open_app_store
from tests.clinic_desks import DOCTOR_NAME, clinic, clinic_url, desk, template_desk, workstation  # noqa: F401 - fixtures
from tests.clinic_rows import (
    assert_clinic_empty,
    clinic_counts,
    desk_rows,
    run_import,
    trigger_state,
)

pytestmark = pytest.mark.usefixtures("no_keyring")  # key files, whatever keyring the machine has


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
