"""`icorerx clinic connect`: check the server, make the schema, keep the password, then save."""

from __future__ import annotations

import io
import json
import stat
import threading

import pytest

from desktop.cli import main
from desktop.clinic.connect import connect
from desktop.clinic.password import PASSWORD_FILE
from desktop.clinic.schema import SCHEMA_VERSION, current_version, ensure_schema
from desktop.clinic.server import open_connection
from desktop.clinic.settings import ClinicError, parse_url
from desktop.settings_file import SETTINGS_FILE
from tests.clinic_desks import PRIVACYIDEA
from tests.clinic_server import free_port, write_tls_files

# The password goes to the owner-only file, as on a workstation without a keyring.
pytestmark = pytest.mark.usefixtures("no_keyring")


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / SETTINGS_FILE).write_text(json.dumps(PRIVACYIDEA), encoding="utf-8")
    return folder


@pytest.fixture
def fresh_url(clinic_server):
    return clinic_server.fresh_database()


def run_cli(monkeypatch, data_dir, password, *args):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["clinic", "connect", "--data-dir", str(data_dir), "--password-stdin", *args])


def schema_of(clinic_server, url):
    with open_connection(parse_url(url), clinic_server.password) as conn:
        return current_version(conn)


def assert_nothing_saved(data_dir):
    assert json.loads((data_dir / SETTINGS_FILE).read_text()) == PRIVACYIDEA
    assert not (data_dir / PASSWORD_FILE).exists()


def test_connect_checks_the_server_makes_the_schema_keeps_the_password_and_saves(
    clinic_server, data_dir, fresh_url, monkeypatch, capsys
):
    code = run_cli(
        monkeypatch,
        data_dir,
        clinic_server.password,
        "--url",
        fresh_url,
        "--ca-file",
        str(clinic_server.ca_file),
    )
    said = capsys.readouterr()
    assert code == 0, said.err
    assert "PostgreSQL 15." in said.out
    assert "TLS, its certificate verified with" in said.out
    assert f"tables were created (schema {SCHEMA_VERSION})" in said.out
    assert "keeps its records in the clinic database" in said.out
    saved = json.loads((data_dir / SETTINGS_FILE).read_text())
    assert saved["clinic_url"] == fresh_url
    assert saved["clinic_ca_file"] == str(clinic_server.ca_file.resolve())
    assert saved["adapter_options"] == PRIVACYIDEA["adapter_options"]
    password_file = data_dir / PASSWORD_FILE
    assert password_file.read_text() == clinic_server.password
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert clinic_server.password not in (data_dir / SETTINGS_FILE).read_text()
    assert schema_of(clinic_server, fresh_url) == SCHEMA_VERSION
    with open_connection(parse_url(fresh_url), clinic_server.password) as conn:
        by = conn.execute("SELECT DISTINCT applied_by FROM schema_version").fetchall()
    assert by == [("front-desk-2",)]


def test_without_a_ca_the_link_is_said_to_be_unchecked(
    clinic_server, data_dir, fresh_url, monkeypatch, capsys
):
    assert run_cli(monkeypatch, data_dir, clinic_server.password, "--url", fresh_url) == 0
    said = capsys.readouterr().out
    assert "TLS, its certificate not checked" in said
    assert "WARNING: no --ca-file" in said


def test_a_wrong_password_saves_nothing(clinic_server, data_dir, fresh_url, monkeypatch, capsys):
    code = run_cli(monkeypatch, data_dir, "not-the-password", "--url", fresh_url)
    err = capsys.readouterr().err
    assert code == 1
    assert "nothing was saved" in err
    assert "refused the password of user clinic_app" in err
    assert_nothing_saved(data_dir)
    assert schema_of(clinic_server, fresh_url) == 0


def test_an_unreachable_port_names_it_and_saves_nothing(data_dir, monkeypatch, capsys):
    port = free_port()
    url = f"postgresql://clinic_app@127.0.0.1:{port}/clinic"
    code = run_cli(monkeypatch, data_dir, "pw", "--url", url, "--timeout", "3")
    err = capsys.readouterr().err
    assert code == 1
    assert f"127.0.0.1:{port} cannot be reached" in err
    assert "nothing was saved" in err
    assert_nothing_saved(data_dir)


def test_an_old_schema_is_upgraded(clinic_server, data_dir, fresh_url, monkeypatch, capsys):
    with open_connection(parse_url(fresh_url), clinic_server.password) as conn:
        ensure_schema(conn, "older-desk", "test", target=3)
    assert run_cli(monkeypatch, data_dir, clinic_server.password, "--url", fresh_url) == 0
    assert f"brought forward from 3 to {SCHEMA_VERSION}" in capsys.readouterr().out
    assert schema_of(clinic_server, fresh_url) == SCHEMA_VERSION


def test_the_embedded_identity_service_is_refused_with_the_reason(
    clinic_server, tmp_path, fresh_url, monkeypatch, capsys
):
    settings = {"adapter": "local", "workstation": "desk-1"}
    (tmp_path / SETTINGS_FILE).write_text(json.dumps(settings))
    code = run_cli(monkeypatch, tmp_path, clinic_server.password, "--url", fresh_url)
    err = capsys.readouterr().err
    assert code == 2
    assert "needs the clinic's shared identity service (privacyIDEA)" in err
    assert "icorerx privacyidea setup" in err
    assert json.loads((tmp_path / SETTINGS_FILE).read_text()) == settings
    assert not (tmp_path / PASSWORD_FILE).exists()
    assert schema_of(clinic_server, fresh_url) == 0  # the server was not touched


def test_a_data_dir_without_settings_uses_the_embedded_service_and_is_refused(
    clinic_server, tmp_path, fresh_url, monkeypatch, capsys
):
    code = run_cli(monkeypatch, tmp_path, clinic_server.password, "--url", fresh_url)
    assert code == 2
    assert "privacyIDEA" in capsys.readouterr().err
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_a_certificate_from_another_ca_saves_nothing(
    clinic_server, data_dir, fresh_url, tmp_path, monkeypatch, capsys
):
    other = tmp_path / "other-ca.pem"
    write_tls_files(other, tmp_path / "unused.crt")
    code = run_cli(
        monkeypatch, data_dir, clinic_server.password, "--url", fresh_url, "--ca-file", str(other)
    )
    assert code == 1
    assert "could not be verified" in capsys.readouterr().err
    assert_nothing_saved(data_dir)
    assert schema_of(clinic_server, fresh_url) == 0


@pytest.mark.parametrize(
    ("url", "password", "extra", "words"),
    [
        ("postgresql://u:pw@127.0.0.1:5/db", "pw", [], "holds a password"),
        ("postgresql://clinic_app@127.0.0.1:5/db", "", [], "No password was given"),
        ("postgresql://clinic_app@127.0.0.1:5/db", "pw", ["--ca-file", "/nope.pem"], "not a file"),
    ],
)
def test_bad_input_is_refused_before_the_server_is_asked(
    data_dir, monkeypatch, capsys, url, password, extra, words
):
    assert run_cli(monkeypatch, data_dir, password, "--url", url, *extra) == 2
    err = capsys.readouterr().err
    assert words in err and "nothing was saved" in err
    assert_nothing_saved(data_dir)


def test_the_setting_is_saved_only_after_the_password_is_kept(
    clinic_server, data_dir, fresh_url, monkeypatch, capsys
):
    def full_disk(*_args):
        raise ClinicError("The clinic database's password could not be kept (disk full).", "")

    monkeypatch.setattr("desktop.clinic.connect.store_password", full_disk)
    assert run_cli(monkeypatch, data_dir, clinic_server.password, "--url", fresh_url) == 1
    assert "could not be kept" in capsys.readouterr().err
    assert_nothing_saved(data_dir)


def test_two_first_workstations_connecting_at_once_make_one_schema(
    clinic_server, tmp_path, fresh_url
):
    start = threading.Barrier(2)
    outcomes: dict[str, tuple[int, str, str]] = {}

    def desk(name: str) -> None:
        folder = tmp_path / name
        folder.mkdir()
        (folder / SETTINGS_FILE).write_text(json.dumps({**PRIVACYIDEA, "workstation": name}))
        out, err = io.StringIO(), io.StringIO()
        start.wait(timeout=30)
        code = connect(
            folder,
            fresh_url,
            password_stdin=True,
            stdin=io.StringIO(clinic_server.password + "\n"),
            out=out,
            err=err,
        )
        outcomes[name] = (code, out.getvalue(), err.getvalue())

    desks = [threading.Thread(target=desk, args=(name,)) for name in ("desk-a", "desk-b")]
    for thread in desks:
        thread.start()
    for thread in desks:
        thread.join(timeout=60)
    assert [outcome[0] for outcome in outcomes.values()] == [0, 0], outcomes
    said = " ".join(outcome[1] for outcome in outcomes.values())
    assert said.count("tables were created") == 1
    assert said.count("schema is current") == 1
    with open_connection(parse_url(fresh_url), clinic_server.password) as conn:
        rows = conn.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [version for (version,) in rows] == list(range(1, SCHEMA_VERSION + 1))
