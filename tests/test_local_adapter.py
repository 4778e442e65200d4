"""The local identity service's first slice: accounts, phones, tokens, its own file."""

from __future__ import annotations

import pytest

from desktop.config import Paths
from desktop.demo import provision
from desktop.domain.models import PhoneChannel
from desktop.exostar import registry
from desktop.exostar.base import AdapterError, IdentityService, UnknownAccount
from desktop.exostar.local import LocalIdentityService


def on_lane(service, fn, *args):
    return service.lane.submit(fn, *args).result(timeout=10)


def test_registry_builds_the_local_adapter_and_explains_unknown_names(tmp_path):
    service = registry.create("local", tmp_path, {})
    assert isinstance(service, IdentityService)
    assert service.name == "local"
    on_lane(service, service.close)
    with pytest.raises(AdapterError, match="not installed") as info:
        registry.create("nonesuch", tmp_path, {})
    assert "local" in info.value.next_step


def test_demo_account_has_the_doctors_phone_and_no_token(tmp_path):
    provision(Paths(tmp_path))
    service = LocalIdentityService(tmp_path / "identity")
    phones = on_lane(service, service.list_phones, "doctor")
    assert [(p.masked, p.channels) for p in phones] == [
        ("(***) ***-0100", (PhoneChannel.SMS, PhoneChannel.VOICE))
    ]
    assert on_lane(service, service.list_tokens, "doctor") == []
    assert "1 account" in on_lane(service, service.check_health)
    on_lane(service, service.close)


def test_the_identity_file_is_separate_from_the_application_file(tmp_path):
    provision(Paths(tmp_path))
    identity_db = tmp_path / "identity" / "identity.sqlite"
    assert identity_db.exists()
    import sqlite_utils

    assert set(sqlite_utils.Database(identity_db).table_names()) >= {"accounts", "phones", "tokens"}
    assert "users" not in sqlite_utils.Database(identity_db).table_names()
    assert "phones" not in sqlite_utils.Database(Paths(tmp_path).app_db).table_names()


def test_unknown_account_is_explained(tmp_path):
    service = LocalIdentityService(tmp_path)
    with pytest.raises(UnknownAccount, match="not linked"):
        on_lane(service, service.list_phones, "stranger")
    on_lane(service, service.close)


def test_demo_provisioning_is_idempotent(tmp_path):
    first = provision(Paths(tmp_path))
    second = provision(Paths(tmp_path))
    assert "user doctor" in first.added
    assert second.added == []
    assert "already in place" in second.summary()
