"""The clinic's one audit key: made once even by two first desks at once, recorded by its check
value, checked at every desk's start, and carried to a new desk by `icorerx clinic audit-key`."""

from __future__ import annotations

import io
import os
import secrets
import stat
import threading

import pytest

from desktop.cli import main
from desktop.clinic import import_local
from desktop.clinic.audit_key import check_value, recorded, shown
from desktop.clinic.schema import ensure_schema
from desktop.clinic.server import open_connection
from desktop.clinic.settings import ClinicError, parse_url
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import StartupError
from desktop.store.audit import AuditLog
from desktop.store.audit_key import KEY_FILE
from desktop.store.clinic_store import open_clinic_store
from desktop.store.sql_postgres import PostgresSql
from tests.clinic_desks import (
    clinic,
    clinic_url,
    connected_workstation,
    desk,
    template_desk,
    workstation,
)

__all__ = ["clinic", "clinic_url", "desk", "template_desk", "workstation"]  # fixtures used here


def open_desk(clinic_server, url, folder, name, key=None):
    return open_clinic_store(
        parse_url(url), clinic_server.password, audit_key=key, key_dir=folder, workstation=name
    )


def key_in(folder):
    return (folder / KEY_FILE).read_bytes()


def first_desks_at_once(clinic_server, url, folders):
    """Each folder's desk opens the clinic database at the same moment; what each one got."""
    start = threading.Barrier(len(folders))
    results: list[object] = [None] * len(folders)

    def run(index: int) -> None:
        start.wait()
        try:
            store = open_desk(clinic_server, url, folders[index], f"desk-{index + 1}")
            results[index] = "opened"
            store.close()
        except Exception as exc:  # noqa: BLE001 - compared below
            results[index] = exc

    threads = [threading.Thread(target=run, args=[i]) for i in range(len(folders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_two_first_desks_at_once_make_one_key(
    clinic_server, clinic_url, clinic, tmp_path, no_keyring
):
    for attempt in range(3):  # three empty clinics: the two desks race each time
        url = clinic_url if attempt == 0 else clinic_server.fresh_database()
        conn = open_connection(parse_url(url), clinic_server.password)
        ensure_schema(conn, "it", url)
        folders = [tmp_path / f"race-{attempt}-a", tmp_path / f"race-{attempt}-b"]
        for folder in folders:
            folder.mkdir()
        results = first_desks_at_once(clinic_server, url, folders)
        assert sorted(map(str, results)).count("opened") == 1, results
        made = [
            folder for folder, result in zip(folders, results, strict=True) if result == "opened"
        ]
        other = next(folder for folder in folders if folder not in made)
        refused = next(result for result in results if isinstance(result, ClinicError))
        assert not (other / KEY_FILE).exists()  # the second desk made no key of its own
        assert "does not hold the audit key" in refused.message
        assert "icorerx clinic audit-key --export" in refused.next_step
        assert "tamper" not in f"{refused}".lower()
        conn.autocommit = True
        record = recorded(conn)
        assert record is not None and record.matches(key_in(made[0]))
        assert record.made_by in refused.message  # it says which desk has the key
        assert conn.execute("SELECT count(*) FROM clinic_audit_key").fetchone() == (1,)
        conn.close()


def test_a_desk_with_another_key_is_refused_in_plain_words(
    clinic_server, clinic_url, workstation, tmp_path, no_keyring
):
    first = tmp_path / "first"
    first.mkdir()
    store = open_desk(clinic_server, clinic_url, first, "front-desk-1")
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    store.close()
    own = secrets.token_bytes(32)
    (workstation / KEY_FILE).write_bytes(own)
    os.chmod(workstation / KEY_FILE, 0o600)
    with pytest.raises(ClinicError) as refused:
        open_desk(clinic_server, clinic_url, workstation, "front-desk-2")
    said = f"{refused.value.message} {refused.value.next_step}"
    assert "The audit key on this workstation" in said and "is not the clinic's" in said
    assert "front-desk-1" in said and shown(check_value(key_in(first))) in said
    assert "tamper" not in said.lower() and "broken" not in refused.value.message
    assert key_in(workstation) == own  # kept as it was
    with pytest.raises(ClinicError, match="is not the clinic's"):  # a key passed in, the same
        open_desk(clinic_server, clinic_url, tmp_path, "tool", key=own)


def test_the_key_goes_to_a_new_desk_by_export_and_import(
    clinic_server, clinic_url, tmp_path, capsys, no_keyring
):
    first = connected_workstation(tmp_path / "first", clinic_server, clinic_url)
    new = connected_workstation(tmp_path / "new", clinic_server, clinic_url)
    capsys.readouterr()
    open_desk(clinic_server, clinic_url, first, "front-desk-1").close()  # makes the key
    carried = tmp_path / "usb" / "clinic-audit.key"
    carried.parent.mkdir()

    code = main(["clinic", "audit-key", "--export", str(carried), "--data-dir", str(first)])
    said = capsys.readouterr()
    assert code == 0, said.err
    assert stat.S_IMODE(carried.stat().st_mode) == 0o600
    assert carried.read_bytes() == key_in(first)
    assert shown(check_value(key_in(first))) in said.out
    code = main(["clinic", "audit-key", "--export", str(carried), "--data-dir", str(first)])
    assert code == 2 and "is not written over" in capsys.readouterr().err

    with pytest.raises(ClinicError, match="does not hold the audit key"):
        open_desk(clinic_server, clinic_url, new, "front-desk-2")
    code = main(["clinic", "audit-key", "--import", str(carried), "--data-dir", str(new)])
    said = capsys.readouterr()
    assert code == 0, said.err
    assert key_in(new) == key_in(first)
    assert stat.S_IMODE((new / KEY_FILE).stat().st_mode) == 0o600
    assert f"delete {carried}" in said.out
    open_desk(clinic_server, clinic_url, new, "front-desk-2").close()  # now it starts
    code = main(["clinic", "audit-key", "--import", str(carried), "--data-dir", str(new)])
    assert code == 0  # the same key again: nothing to change


def test_import_refuses_a_file_that_is_not_the_clinics_key(
    clinic_server, clinic_url, tmp_path, capsys, no_keyring
):
    first = connected_workstation(tmp_path / "first", clinic_server, clinic_url)
    new = connected_workstation(tmp_path / "new", clinic_server, clinic_url)
    open_desk(clinic_server, clinic_url, first, "front-desk-1").close()
    capsys.readouterr()
    wrong = tmp_path / "wrong.key"
    wrong.write_bytes(secrets.token_bytes(32))
    code = main(["clinic", "audit-key", "--import", str(wrong), "--data-dir", str(new)])
    err = capsys.readouterr().err
    assert code == 2
    assert "is not the clinic's audit key" in err and shown(check_value(key_in(first))) in err
    assert not (new / KEY_FILE).exists()
    short = tmp_path / "short.key"
    short.write_bytes(b"not a key")
    code = main(["clinic", "audit-key", "--import", str(short), "--data-dir", str(new)])
    assert code == 2 and "is not an audit key file" in capsys.readouterr().err
    assert not (new / KEY_FILE).exists()


def test_import_never_writes_over_another_key(
    clinic_server, clinic_url, tmp_path, capsys, no_keyring
):
    first = connected_workstation(tmp_path / "first", clinic_server, clinic_url)
    new = connected_workstation(tmp_path / "new", clinic_server, clinic_url)
    open_desk(clinic_server, clinic_url, first, "front-desk-1").close()
    own = secrets.token_bytes(32)
    (new / KEY_FILE).write_bytes(own)
    os.chmod(new / KEY_FILE, 0o600)
    capsys.readouterr()
    code = main(["clinic", "audit-key", "--import", str(first / KEY_FILE), "--data-dir", str(new)])
    err = capsys.readouterr().err
    assert code == 2 and "already holds another audit key" in err
    assert key_in(new) == own


def test_export_refuses_a_key_that_is_not_the_clinics(
    clinic_server, clinic_url, tmp_path, capsys, no_keyring
):
    first = connected_workstation(tmp_path / "first", clinic_server, clinic_url)
    other = connected_workstation(tmp_path / "other", clinic_server, clinic_url)
    open_desk(clinic_server, clinic_url, first, "front-desk-1").close()
    (other / KEY_FILE).write_bytes(secrets.token_bytes(32))
    os.chmod(other / KEY_FILE, 0o600)
    capsys.readouterr()
    out = tmp_path / "out.key"
    code = main(["clinic", "audit-key", "--export", str(out), "--data-dir", str(other)])
    assert code == 2 and "is not the clinic's" in capsys.readouterr().err
    assert not out.exists()


def test_a_clinic_from_before_the_record_records_the_key_that_chains_its_trail(
    clinic_server, tmp_path, no_keyring
):
    url = clinic_server.fresh_database()
    key = secrets.token_bytes(32)
    with open_connection(parse_url(url), clinic_server.password) as conn:
        ensure_schema(conn, "it", url, target=9)  # the schema before the key was recorded
        conn.autocommit = True
        AuditLog(PostgresSql(conn), "front-desk-1", key).record(
            AuditEvent.LOGIN, "doctor", Outcome.SUCCESS
        )
        ensure_schema(conn, "it", url)
    with pytest.raises(ClinicError, match="not the key the audit trail"):
        open_desk(clinic_server, url, tmp_path, "front-desk-2", key=secrets.token_bytes(32))
    with pytest.raises(ClinicError, match="whose audit trail already has entries"):
        open_desk(clinic_server, url, tmp_path, "front-desk-2")  # none here: none is made
    assert not (tmp_path / KEY_FILE).exists()
    open_desk(clinic_server, url, tmp_path, "front-desk-1", key=key).close()
    with open_connection(parse_url(url), clinic_server.password) as conn:
        record = recorded(conn)
    assert record is not None and record.matches(key) and record.made_by == "front-desk-1"


def test_import_local_records_the_desks_key_and_refuses_a_clinic_with_another(
    clinic_server, desk, tmp_path, no_keyring
):
    url = clinic_server.fresh_database()
    station = connected_workstation(tmp_path / "station", clinic_server, url)
    assert import_local.import_local(station, desk, out=io.StringIO()) == 0
    with open_connection(parse_url(url), clinic_server.password) as conn:
        record = recorded(conn)
    assert record is not None and record.matches(key_in(desk))
    assert str(desk) in record.kept_at

    url = clinic_server.fresh_database()
    station = connected_workstation(tmp_path / "station-2", clinic_server, url)
    started = tmp_path / "started-first"
    started.mkdir()
    open_desk(clinic_server, url, started, "front-desk-1").close()  # made its own key
    (desk / "MOVED-TO-CLINIC.txt").unlink()
    said = io.StringIO()
    assert import_local.import_local(station, desk, out=said, err=said) == 2
    assert "already has its own audit key, made by front-desk-1" in said.getvalue()
    with open_connection(parse_url(url), clinic_server.password) as conn:
        assert conn.execute("SELECT count(*) FROM audit").fetchone() == (0,)


def test_a_damaged_key_file_is_said_as_it_is_and_nothing_is_made(
    clinic_server, clinic_url, workstation, tmp_path, no_keyring
):
    first = tmp_path / "first"
    first.mkdir()
    open_desk(clinic_server, clinic_url, first, "front-desk-1").close()
    second = tmp_path / "second"
    second.mkdir()
    (second / KEY_FILE).write_bytes(b"short")
    os.chmod(second / KEY_FILE, 0o600)
    with pytest.raises(StartupError, match="is damaged"):
        open_desk(clinic_server, clinic_url, second, "front-desk-2")
    assert (second / KEY_FILE).read_bytes() == b"short"
