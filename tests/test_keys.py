"""Keys are never silently re-created once something depends on them; `audit verify` says why."""

from __future__ import annotations

import os

import pytest

from desktop.cli import main
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import StartupError
from desktop.exostar.local import LocalIdentityService
from desktop.store.audit_key import audit_key
from desktop.store.database import open_app_store


@pytest.fixture
def logged_dir(tmp_path, capsys):
    """A demo data dir whose audit log holds three entries."""
    data_dir = tmp_path / "data"
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    store = open_app_store(data_dir / "icorerx.sqlite")
    try:
        for _ in range(3):
            store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    finally:
        store.close()
    return data_dir


def verify(data_dir, capsys) -> tuple[int, str, str]:
    code = main(["audit", "verify", "--data-dir", str(data_dir)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# audit.key ---------------------------------------------------------------------------
def test_a_missing_audit_key_beside_entries_stops_the_store_and_is_not_replaced(logged_dir):
    key = logged_dir / "audit.key"
    key.unlink()
    with pytest.raises(StartupError) as info:
        open_app_store(logged_dir / "icorerx.sqlite")
    error = info.value
    assert error.path == key
    assert str(key) in error.message and "missing" in error.message
    assert "Restore audit.key from the backup" in error.next_step
    assert not key.exists()


@pytest.mark.parametrize("content", [b"", b"0123456789", os.urandom(33)], ids=["0", "10", "33"])
def test_a_short_or_long_audit_key_stops_the_store(logged_dir, content):
    key = logged_dir / "audit.key"
    key.write_bytes(content)
    with pytest.raises(StartupError, match=f"damaged \\({len(content)} bytes; a key is 32\\)"):
        open_app_store(logged_dir / "icorerx.sqlite")
    assert key.read_bytes() == content


def test_an_unreadable_audit_key_is_named(logged_dir, monkeypatch):
    """Tests run as root, which reads any file: the refusal is simulated at read_bytes."""
    key = logged_dir / "audit.key"
    real = type(key).read_bytes

    def denied(path):
        if path == key:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(type(key), "read_bytes", denied)
    with pytest.raises(StartupError, match="cannot be read \\(Permission denied\\)") as info:
        open_app_store(logged_dir / "icorerx.sqlite")
    assert "readable for the user" in info.value.next_step


def test_a_new_audit_key_is_made_only_for_an_empty_log(tmp_path):
    assert len(audit_key(tmp_path)) == 32  # an empty store: made
    (tmp_path / "audit.key").unlink()
    with pytest.raises(StartupError, match="missing"):
        audit_key(tmp_path, create=False)
    assert not (tmp_path / "audit.key").exists()


def test_the_store_writes_its_first_entry_with_a_new_key_and_checks_it_from_then_on(tmp_path):
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        assert not (tmp_path / "audit.key").exists()  # nothing made before it is needed
        store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    finally:
        store.close()
    (tmp_path / "audit.key").write_bytes(b"short")
    with pytest.raises(StartupError, match="damaged"):
        open_app_store(tmp_path / "icorerx.sqlite")


def test_a_full_disk_while_making_the_key_leaves_no_short_key(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(28, "No space left on device")

    (tmp_path / "keys.json").write_text('{"store": "file"}')  # the choice is already made
    monkeypatch.setattr("desktop.keys.os.fsync", full)
    with pytest.raises(StartupError, match="is full") as info:
        audit_key(tmp_path)
    assert info.value.path == tmp_path / "audit.key"
    assert not (tmp_path / "audit.key").exists()


def test_a_full_disk_while_recording_the_key_store_leaves_no_record_and_no_key(
    tmp_path, monkeypatch
):
    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.keys.os.fsync", full)
    with pytest.raises(StartupError, match="is full") as info:
        audit_key(tmp_path)
    assert info.value.path == tmp_path / "keys.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# seed.key ----------------------------------------------------------------------------
def identity(folder) -> LocalIdentityService:
    return LocalIdentityService(folder, key_store="file")


def run(service: LocalIdentityService, fn, *args):
    return service.lane.submit(fn, *args).result(timeout=30)


def closed(service: LocalIdentityService) -> None:
    run(service, service.close)
    service.lane.shutdown()


@pytest.fixture
def seeded(tmp_path):
    from desktop.demo import DEMO_TOKENS

    folder = tmp_path / "identity"
    service = identity(folder)
    run(service, service.import_seeds, DEMO_TOKENS, "test")
    closed(service)
    return folder


@pytest.mark.parametrize("damage", ["missing", "short"])
def test_a_missing_or_short_seed_key_beside_seeds_stops_the_service(seeded, damage):
    key = seeded / "seed.key"
    if damage == "missing":
        key.unlink()
    else:
        key.write_bytes(b"x" * 10)
    service = identity(seeded)
    try:
        with pytest.raises(StartupError) as info:
            run(service, service.check_storage)
    finally:
        closed(service)
    assert info.value.path == key and str(key) in info.value.message
    assert "Restore seed.key" in info.value.next_step
    assert (damage == "missing") != key.exists()  # nothing was made in its place


def test_a_seed_key_that_opens_none_of_the_seeds_is_the_wrong_key(seeded):
    (seeded / "seed.key").write_bytes(bytes(range(32)))
    service = identity(seeded)
    try:
        with pytest.raises(StartupError, match="does not open any of the 2 token seeds"):
            run(service, service.check_storage)
    finally:
        closed(service)


def test_a_seed_key_is_made_while_no_seed_is_stored(tmp_path):
    service = identity(tmp_path / "identity")
    try:
        run(service, service.check_storage)
        assert run(service, service.holdings) == {"accounts": 0, "tokens": 0, "seeds": 0}
        run(service, lambda: service.vault)
    finally:
        closed(service)
    assert len((tmp_path / "identity" / "seed.key").read_bytes()) == 32


def test_holdings_never_create_a_database(tmp_path):
    service = identity(tmp_path / "identity")
    try:
        assert run(service, service.holdings) == {}
    finally:
        closed(service)
    assert not (tmp_path / "identity").exists()


# icorerx audit verify: 0 intact, 1 broken, 2 could not check ---------------------------
def test_verify_exits_0_when_intact(logged_dir, capsys):
    code, out, err = verify(logged_dir, capsys)
    assert code == 0 and out.startswith("Audit log intact") and err == ""


def test_verify_exits_1_and_names_the_row_when_broken(logged_dir, capsys):
    import sqlite3

    conn = sqlite3.connect(logged_dir / "icorerx.sqlite")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
    conn.commit()
    conn.close()
    code, out, _err = verify(logged_dir, capsys)
    assert code == 1 and "BROKEN at row 2" in out


@pytest.mark.parametrize("damage", ["missing key", "short key", "garbage database", "no database"])
def test_verify_exits_2_and_says_why_it_could_not_check(logged_dir, capsys, damage):
    if damage == "missing key":
        (logged_dir / "audit.key").unlink()
        expected = "audit.key is missing"
    elif damage == "short key":
        (logged_dir / "audit.key").write_bytes(b"0123456789")
        expected = "audit.key is damaged (10 bytes"
    elif damage == "garbage database":
        (logged_dir / "icorerx.sqlite").write_bytes(os.urandom(8192))
        for extra in ("icorerx.sqlite-wal", "icorerx.sqlite-shm"):
            (logged_dir / extra).unlink(missing_ok=True)
        expected = "icorerx.sqlite is damaged"
    else:
        (logged_dir / "icorerx.sqlite").unlink()
        expected = "There is no iCoreRx database"
    code, out, err = verify(logged_dir, capsys)
    assert code == 2, out + err
    assert expected in err and "Traceback" not in err
    assert "could not be checked" in err
    if damage.endswith("key"):
        assert "Restore audit.key from the backup" in err


def test_every_command_that_needs_the_audit_key_says_so(logged_dir, tmp_path, capsys):
    (logged_dir / "audit.key").unlink()
    target = tmp_path / "archive.csv"
    assert main(["audit", "export", "--csv", str(target), "--data-dir", str(logged_dir)]) == 2
    err = capsys.readouterr().err
    assert "audit.key is missing" in err and "Traceback" not in err
    assert not target.exists() and not (logged_dir / "audit.key").exists()


def test_a_seed_import_without_the_seed_key_imports_nothing(tmp_path, capsys):
    from desktop.demo import DEMO_TOKENS

    data_dir = tmp_path / "data"
    service = identity(data_dir / "identity")
    run(service, service.import_seeds, DEMO_TOKENS[:1], "first")
    closed(service)
    (data_dir / "identity" / "seed.key").unlink()
    (data_dir / "settings.json").write_text('{"adapter_options": {"key_store": "file"}}')
    pskc = tmp_path / "more.pskc"
    pskc.write_text(PSKC)
    assert main(["seeds", "import", str(pskc), "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "seed.key is missing" in err and "Nothing was imported" in err
    assert not (data_dir / "identity" / "seed.key").exists()


PSKC = """<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
  <KeyPackage>
    <DeviceInfo><Manufacturer>Demo</Manufacturer><SerialNo>GALH00000077</SerialNo></DeviceInfo>
    <Key Id="GALH00000077" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
      <AlgorithmParameters><ResponseFormat Length="6" Encoding="DECIMAL"/></AlgorithmParameters>
      <Data>
        <Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret>
        <Counter><PlainValue>0</PlainValue></Counter>
      </Data>
    </Key>
  </KeyPackage>
</KeyContainer>
"""
