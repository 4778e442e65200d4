"""The clinic database driver: its address, its password, a checked connection."""

from __future__ import annotations

import stat
from types import SimpleNamespace

import keyring
import pytest

from desktop.clinic.password import PASSWORD_FILE, read_password, store_password
from desktop.clinic.server import check_server, open_connection
from desktop.clinic.settings import ClinicAddress, ClinicError, ClinicSettings, parse_url
from desktop.config import Settings
from desktop.settings_file import SettingsError
from tests.clinic_server import write_tls_files
from tests.keyrings import MemoryKeyring


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def address_of(server, database="clinic"):
    return parse_url(server.url(database))


# --- the address -------------------------------------------------------------------------
def test_an_address_names_user_server_port_and_database():
    address = parse_url("postgresql://icorerx@db.clinic.example:6543/rx")
    assert address == ClinicAddress("icorerx", "db.clinic.example", 6543, "rx")
    assert parse_url("postgres://a@b/c").port == 5432
    assert address.server == "db.clinic.example:6543"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://a@b/c", "must start with postgresql://"),
        ("postgresql://a:secret@b/c", "holds a password"),
        ("postgresql://b:5432/c", "names no user"),
        ("postgresql://a@:5432/c", "names no server"),
        ("postgresql://a@b:5432/", "names no database"),
        ("postgresql://a@b:99999/c", "cannot be read"),
        ("postgresql://a@b/c?sslmode=disable", "has options"),
    ],
)
def test_a_bad_address_is_refused_with_what_is_wrong(url, words):
    with pytest.raises(ClinicError) as refused:
        parse_url(url)
    assert words in refused.value.message
    assert refused.value.next_step
    assert "secret" not in str(refused.value)


def test_the_setting_is_saved_and_read_back_with_its_ca(tmp_path):
    settings = Settings(adapter="privacyidea")
    ClinicSettings("postgres://rx@db:5433/clinic", "/etc/clinic-ca.pem").apply(settings)
    (tmp_path / "settings.json").write_text(
        '{"adapter": "local", "clinic_url": "postgresql://rx@db:5433/clinic"}'
    )
    with pytest.raises(SettingsError) as refused:
        Settings.load(tmp_path)
    assert '"clinic_url" needs "adapter": "privacyidea"' in str(refused.value)
    (tmp_path / "settings.json").write_text('{"clinic_url": 5}')
    with pytest.raises(SettingsError, match='"clinic_url" must be text'):
        Settings.load(tmp_path)
    assert settings.clinic_url == "postgresql://rx@db:5433/clinic"
    clinic = ClinicSettings.from_settings(settings)
    assert clinic is not None and clinic.ca_path is not None
    assert clinic.address.port == 5433
    assert ClinicSettings.from_settings(Settings()) is None


# --- the password ------------------------------------------------------------------------
def test_without_a_keyring_the_password_is_kept_in_an_owner_only_file(tmp_path, no_keyring):
    address = parse_url("postgresql://rx@db:5432/clinic")
    where = store_password(tmp_path, address, "pw with spaces ")
    path = tmp_path / PASSWORD_FILE
    assert str(path) in where
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_password(tmp_path, address) == "pw with spaces "


def test_with_a_keyring_the_password_goes_there_and_no_file_is_written(tmp_path, memory_keyring):
    address = parse_url("postgresql://rx@db:5432/clinic")
    where = store_password(tmp_path, address, "s3cret")
    assert "OS keyring" in where
    assert not (tmp_path / PASSWORD_FILE).exists()
    assert "s3cret" in memory_keyring.store.values()
    assert read_password(tmp_path, address) == "s3cret"


def test_no_kept_password_says_to_connect_again(tmp_path, no_keyring):
    with pytest.raises(ClinicError, match="clinic connect again"):
        read_password(tmp_path, parse_url("postgresql://rx@db:5432/clinic"))


# --- the connection ----------------------------------------------------------------------
def test_the_server_is_reached_and_checked(clinic_server):
    with open_connection(address_of(clinic_server), clinic_server.password) as conn:
        info = check_server(conn, address_of(clinic_server))
    assert info.version.startswith("15.")


def test_a_wrong_password_is_named_as_such(clinic_server):
    with pytest.raises(ClinicError) as refused:
        open_connection(address_of(clinic_server), "not-the-password")
    assert "refused the password of user clinic_app" in refused.value.message
    assert f"127.0.0.1:{clinic_server.port}" in refused.value.message


def test_an_unreachable_port_names_host_and_port(clinic_server):
    from tests.clinic_server import free_port

    address = parse_url(f"postgresql://clinic_app@127.0.0.1:{free_port()}/clinic")
    with pytest.raises(ClinicError) as refused:
        open_connection(address, "x", timeout_s=3)
    assert f"at 127.0.0.1:{address.port} cannot be reached" in refused.value.message
    assert "Connection refused" in refused.value.message
    assert "firewall" in refused.value.next_step


def test_a_missing_database_is_named(clinic_server):
    with pytest.raises(ClinicError, match="has no database named nothing_here"):
        open_connection(address_of(clinic_server, "nothing_here"), clinic_server.password)


def test_with_the_clinic_ca_the_link_is_tls_verified(clinic_server):
    address = address_of(clinic_server)
    with open_connection(address, clinic_server.password, ca_file=clinic_server.ca_file) as conn:
        assert conn.info.get_parameters()["sslmode"] == "verify-full"
        assert check_server(conn, address).tls


def test_a_certificate_from_another_ca_is_refused(clinic_server, tmp_path):
    other = tmp_path / "other-ca.pem"
    write_tls_files(other, tmp_path / "unused.crt")
    with pytest.raises(ClinicError) as refused:
        open_connection(address_of(clinic_server), clinic_server.password, ca_file=other)
    assert "could not be verified with" in refused.value.message
    assert str(other) in refused.value.message


def test_a_missing_ca_file_is_named_before_any_connection(clinic_server, tmp_path):
    with pytest.raises(ClinicError, match="is not a file"):
        open_connection(
            address_of(clinic_server), clinic_server.password, ca_file=tmp_path / "none.pem"
        )


def test_a_server_older_than_postgresql_13_is_refused():
    old = SimpleNamespace(info=SimpleNamespace(server_version=120017))
    with pytest.raises(ClinicError) as refused:
        check_server(old, parse_url("postgresql://rx@db:5432/clinic"))  # type: ignore[arg-type]
    assert "PostgreSQL 12.17" in refused.value.message
    assert "13 or newer" in refused.value.message
