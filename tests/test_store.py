"""The application's store: Argon2id passwords, patient search, migrations."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from desktop.domain.errors import LoginFailed
from desktop.domain.models import Role
from desktop.store.database import open_app_store
from desktop.store.migrations import SchemaTooNew, migrate
from desktop.store.schema import MIGRATIONS


@pytest.fixture
def store(store_opener):
    """On a desk's SQLite file and on the clinic's PostgreSQL database."""
    return store_opener()


def test_passwords_are_argon2id_and_checked(store):
    store.add_user("Doctor", "s3cret-pass", "Dr. Who", Role.PRESCRIBER, "acct-1")
    [row] = store.sql.query("SELECT * FROM users")
    assert row["username"] == "doctor"
    assert row["password_hash"].startswith("$argon2id$")
    assert "s3cret-pass" not in row["password_hash"]
    user = store.authenticate(" DOCTOR ", "s3cret-pass")
    assert user.role is Role.PRESCRIBER and user.exostar_account == "acct-1"


@pytest.mark.parametrize("username,password", [("doctor", "wrong"), ("ghost", "s3cret-pass")])
def test_wrong_password_and_unknown_user_read_the_same(store, username, password):
    store.add_user("doctor", "s3cret-pass", "Dr. Who", Role.PRESCRIBER)
    with pytest.raises(LoginFailed) as info:
        store.authenticate(username, password)
    assert info.value.message == "That username and password do not match."
    assert "Caps Lock" in info.value.next_step


def test_patient_search(store):
    store.add_patient("Linda", "Okafor", dt.date(1983, 8, 30), "F")
    store.add_patient("Robert", "Nguyen", dt.date(1946, 1, 9), "M")
    store.add_patient("Rob", "Okamoto", dt.date(1946, 5, 1), "M")

    def names(text):
        return [p.full_name for p in store.search_patients(text)]

    assert names("") == ["Nguyen, Robert", "Okafor, Linda", "Okamoto, Rob"]
    assert names("oka") == ["Okafor, Linda", "Okamoto, Rob"]
    assert names("Okafor, Linda") == ["Okafor, Linda"]
    assert names("rob 1946") == ["Nguyen, Robert", "Okamoto, Rob"]
    assert names("08/30/1983") == ["Okafor, Linda"]
    assert names("1946-01-09") == ["Nguyen, Robert"]
    assert names("'; DROP TABLE patients; --") == []
    assert len(names("")) == 3


def test_migrations_are_versioned_and_a_newer_file_is_refused(tmp_path):
    path = tmp_path / "app.sqlite"
    open_app_store(path).close()
    db = sqlite_utils.Database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert migrate(db, MIGRATIONS, "application") == len(MIGRATIONS)  # idempotent
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(SchemaTooNew, match="newer version"):
        open_app_store(path)


def test_a_person_holds_several_roles_and_a_prescribers_credentials(store):
    from desktop.domain.models import PrescriberCredentials

    credentials = PrescriberCredentials("AW1234563", dt.date(2029, 1, 31), "CA", "A1", "1234567893")
    store.add_user(
        "dana", "s3cret-pass", "Dr. Dana", [Role.PRESCRIBER, Role.PRACTICE_ADMIN], "acct",
        prescriber=credentials, must_change_password=True,
    )  # fmt: skip
    store.add_user("sam", "s3cret-pass", "Sam", Role.STAFF)
    dana = store.authenticate("dana", "s3cret-pass")
    assert dana.roles == {Role.PRESCRIBER, Role.PRACTICE_ADMIN}
    assert dana.may_sign and dana.is_practice_admin and dana.role is Role.PRESCRIBER
    assert dana.roles_label == "Prescriber, Practice administrator"
    assert dana.prescriber == credentials and dana.must_change_password and dana.active
    sam = store.authenticate("sam", "s3cret-pass")
    assert sam.roles == {Role.STAFF} and not sam.may_sign and sam.prescriber is None


def test_people_from_before_roles_could_be_combined_keep_their_role(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite_utils.Database(path)
    migrate(db, MIGRATIONS[:3], "application")
    db.table("users").insert(
        {"username": "sam", "display_name": "Sam", "role": "front_desk", "password_hash": "x"}
    )
    db.close()
    store = open_app_store(path)
    try:
        row = next(store.db.table("users").rows)
        assert row["roles"] == "front_desk" and row["active"] == 1
        assert row["must_change_password"] == 0
    finally:
        store.close()
