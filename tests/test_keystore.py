"""One key store per data folder, chosen once and recorded: keys are never orphaned."""

from __future__ import annotations

import json
import stat

import keyring
import keyring.errors
import pytest

from desktop.demo import DEMO_TOKENS
from desktop.domain.errors import StartupError
from desktop.exostar.base import AdapterError
from desktop.exostar.local import LocalIdentityService
from desktop.keys import RECORD_FILE, KeySpec, get_key, recorded_store
from desktop.store.audit_key import audit_key
from tests.keyrings import MemoryKeyring, unlisted

SPARE = KeySpec("spare", "The spare key", "something depends on it", "Restore it.")


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def run(service, fn, *args):
    return service.lane.submit(fn, *args).result(timeout=30)


def closed(service):
    run(service, service.close)
    service.lane.shutdown()


def import_demo_seeds(folder, key_store="auto"):
    service = LocalIdentityService(folder, key_store=key_store)
    try:
        run(service, service.import_seeds, DEMO_TOKENS, "test")
        return run(service, lambda: service.vault.where)
    finally:
        closed(service)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_seed_key_made_without_a_keyring_stays_the_key_when_a_keyring_turns_up(
    tmp_path, no_keyring
):
    folder = tmp_path / "identity"
    assert "key file" in import_demo_seeds(folder)
    assert recorded_store(folder) == "file"
    key_before = (folder / "seed.key").read_bytes()

    memory = MemoryKeyring()
    keyring.set_keyring(memory)  # the next run has a keyring
    service = LocalIdentityService(folder, key_store="auto")
    try:
        run(service, service.check_storage)
        assert "key file" in run(service, lambda: service.vault.where)
        _serial, seed = run(service, service.seed_for_device, DEMO_TOKENS[0].serial)
        assert seed == DEMO_TOKENS[0].key
    finally:
        closed(service)
    assert memory.store == {}  # no second key was made in the keyring
    assert (folder / "seed.key").read_bytes() == key_before


def test_every_key_of_a_folder_follows_the_recorded_keyring(tmp_path, memory_keyring):
    assert len(audit_key(tmp_path)) == 32
    assert recorded_store(tmp_path) == "keyring"
    spare = get_key(tmp_path, SPARE, create=True)
    assert "OS keyring" in spare.where
    assert not list(tmp_path.glob("*.key"))
    assert len(memory_keyring.store) == 2
    assert get_key(tmp_path, SPARE, create=False).value == spare.value


def test_a_folder_recorded_as_keyring_never_falls_back_to_a_file(tmp_path, memory_keyring):
    audit_key(tmp_path)
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # a run outside the desktop session
    with pytest.raises(StartupError, match="kept in the OS keyring, and no keyring"):
        get_key(tmp_path, SPARE, create=True)
    with pytest.raises(StartupError, match="no keyring"):
        audit_key(tmp_path, create=False)
    assert not list(tmp_path.glob("*.key"))


def test_a_folder_recorded_as_files_keeps_files_with_a_keyring(tmp_path, no_keyring):
    audit_key(tmp_path)
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    held = get_key(tmp_path, SPARE, create=True)
    assert held.where == f"key file {tmp_path / 'spare.key'}"
    assert memory.store == {}


def test_an_existing_key_file_without_a_record_is_recorded_as_file(tmp_path, memory_keyring):
    (tmp_path / "audit.key").write_bytes(b"k" * 32)  # a folder from before the record
    (tmp_path / "audit.key").chmod(0o600)
    assert audit_key(tmp_path, create=False) == b"k" * 32
    assert recorded_store(tmp_path) == "file"
    assert memory_keyring.store == {}


def test_no_second_seed_key_while_seeds_exist_in_the_keyring(tmp_path, memory_keyring):
    folder = tmp_path / "identity"
    assert "OS keyring" in import_demo_seeds(folder)
    memory_keyring.store.clear()  # the keyring entry is lost
    service = LocalIdentityService(folder, key_store="auto")
    try:
        with pytest.raises(StartupError) as info:
            run(service, service.check_storage)
    finally:
        closed(service)
    assert "missing from the OS keyring" in info.value.message
    assert "Restore seed.key (or the OS keyring entry)" in info.value.next_step
    assert memory_keyring.store == {}
    assert not (folder / "seed.key").exists()


def test_a_lost_record_and_key_beside_data_make_no_new_key(tmp_path, no_keyring):
    with pytest.raises(StartupError, match="spare.key is missing, but something depends"):
        get_key(tmp_path, SPARE, create=False)
    assert not (tmp_path / RECORD_FILE).exists() and not (tmp_path / "spare.key").exists()


def test_a_setting_that_contradicts_the_record_is_refused(tmp_path, no_keyring):
    audit_key(tmp_path)
    keyring.set_keyring(MemoryKeyring())
    with pytest.raises(StartupError, match='asks for "key_store": "keyring"') as info:
        get_key(tmp_path, SPARE, create=True, store="keyring")
    assert 'Set "key_store" to "file"' in info.value.next_step
    assert not (tmp_path / "spare.key").exists()


def test_forcing_the_keyring_where_there_is_none_is_said(tmp_path, no_keyring):
    with pytest.raises(AdapterError) as info:
        import_demo_seeds(tmp_path / "identity", key_store="keyring")
    assert info.value.code == "no_keyring"
    assert not (tmp_path / "identity" / RECORD_FILE).exists()


def test_forcing_files_with_a_keyring_keeps_files(tmp_path, memory_keyring):
    assert "key file" in import_demo_seeds(tmp_path / "identity", key_store="file")
    assert memory_keyring.store == {}


def test_keys_and_their_record_are_owner_only(tmp_path, no_keyring):
    audit_key(tmp_path)
    get_key(tmp_path, SPARE, create=True)
    for name in ("audit.key", "spare.key", RECORD_FILE):
        assert mode(tmp_path / name) == 0o600, name
    assert json.loads((tmp_path / RECORD_FILE).read_text())["store"] == "file"


def test_a_damaged_record_is_named_and_no_key_is_made(tmp_path, no_keyring):
    (tmp_path / RECORD_FILE).write_text("{not json")
    with pytest.raises(StartupError, match="is damaged") as info:
        get_key(tmp_path, SPARE, create=True)
    assert info.value.path == tmp_path / RECORD_FILE
    assert not (tmp_path / "spare.key").exists()


class RefusingKeyring(MemoryKeyring):
    """Looks usable (a locked collection, no session bus behind it) but stores nothing."""

    def set_password(self, service, username, password):
        raise keyring.errors.KeyringLocked("the collection is locked")


unlisted(RefusingKeyring)


def test_a_keyring_that_refuses_the_first_key_leaves_the_folder_on_files(tmp_path):
    previous = keyring.get_keyring()
    keyring.set_keyring(RefusingKeyring())
    try:
        held = get_key(tmp_path, SPARE, create=True)
    finally:
        keyring.set_keyring(previous)
    assert held.where == f"key file {tmp_path / 'spare.key'}"
    assert recorded_store(tmp_path) == "file"
