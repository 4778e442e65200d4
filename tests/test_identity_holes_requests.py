"""The embedded identity service against a guesser: resync, delivered codes, idempotency keys
bound to their request, replayed results, and upgrades from older files."""

from __future__ import annotations

import hashlib
import json

import pytest
import sqlite_utils

from desktop.domain.models import TokenStatus
from desktop.exostar.base import TokenSyncResult
from tests.holes import grant, lock_token, newest_code, send
from tests.local_service import (
    ACCOUNT,
    OTHER,
    call,
    hotp,
    open_service,
    refused,
    two_doctors,
)


@pytest.fixture
def service(folder, clock):
    yield from two_doctors(folder, clock)


# Hole 8: resync ---------------------------------------------------------------------------
def test_a_locked_token_is_resynced_only_under_a_fresh_step_up(service, clock):
    old = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), old, "k1")
    lock_token(service)
    clock.now += 301  # the phone confirmation still holds, but is no longer fresh
    error = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(2), hotp(3), old, "k2"
    )
    assert error.code == "step_up_required" and error.details.get("fresh")
    assert "in the last 5 minutes" in error.message
    clock.now += 31
    fresh = grant(service)
    result = call(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(2), hotp(3), fresh, "k3"
    )
    assert result.resynced and result.token.status is TokenStatus.ACTIVE


def test_failed_resyncs_are_counted_against_the_step_up(service):
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    codes = [
        refused(
            service,
            service.add_token,
            ACCOUNT,
            "GALH12345678",
            "111111",
            "222222",
            grant_id,
            f"r{n}",
        ).code
        for n in range(4)
    ]
    assert codes == ["codes_rejected", "codes_rejected", "step_up_required", "step_up_required"]


# Hole 9 (outbox): codes only until delivered, keyed hashes ---------------------------------
def test_a_delivered_code_is_gone_from_the_database_file(service, folder, clock):
    send(service)
    code = newest_code(service)
    raw = b"".join(p.read_bytes() for p in folder.glob("identity.sqlite*"))
    assert code.encode() in raw  # waiting for the phone: still there
    read = call(service, service.outbox, ACCOUNT, mark_delivered=True)
    assert read[-1].code == code  # the phone got it
    assert newest_code(service) == code  # and its screen still shows it while it can be typed
    raw = b"".join(p.read_bytes() for p in folder.glob("identity.sqlite*"))
    assert code.encode() not in raw
    call(service, service.close)
    restarted = open_service(folder, clock)
    try:
        assert [m.code for m in call(restarted, restarted.outbox, ACCOUNT)] == [None]
    finally:
        call(restarted, restarted.close)
        restarted.lane.shutdown()


def test_stored_codes_are_keyed_hashes(service, folder):
    sent = send(service)
    code = newest_code(service)
    db = sqlite_utils.Database(folder / "identity.sqlite")
    stored = db.table("phone_codes").get(sent.challenge_id)["code_hash"]
    db.close()
    for plain in (code, f"{sent.challenge_id}:{code}", f"{sent.challenge_id}{code}"):
        assert stored != hashlib.sha256(plain.encode()).hexdigest()
    assert (folder / "code.key").stat().st_mode & 0o077 == 0
    # Still checks, with the key from outside the database.
    call(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, code)


# Holes 12 and 13: idempotency keys bound to their request ---------------------------------
def test_a_key_reused_for_a_different_request_is_refused(service):
    grant_id = grant(service)
    first = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", "111111", "222222", grant_id, "k"
    )
    assert first.code == "codes_rejected"
    # The same request again: the first answer, failure included.
    again = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", "111111", "222222", grant_id, "k"
    )
    assert again.to_json() == first.to_json()
    # The same key with codes that would work: refused by name, nothing bound.
    other = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k"
    )
    assert other.code == "request_key_reused" and "Submit again" in other.next_step
    assert call(service, service.list_tokens, ACCOUNT) == []
    assert (
        refused(
            service, service.add_token, ACCOUNT, "GALH12345679", "111111", "222222", grant_id, "k"
        ).code
        == "request_key_reused"
    )


def test_request_digests_are_keyed_hashes(service, folder):
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k")
    db = sqlite_utils.Database(folder / "identity.sqlite")
    row = db.table("requests").get("k")
    db.close()
    assert row["request_hash"] and hotp(0) not in json.dumps(row)


# Issue 15: one serialisation for results -------------------------------------------------
def test_a_resync_replayed_with_its_key_is_still_a_resync(service):
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    first = call(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(2), hotp(3), grant_id, "k2"
    )
    replay = call(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(2), hotp(3), grant_id, "k2"
    )
    assert first.resynced and replay.resynced
    assert replay == first


def test_token_sync_result_round_trips_through_json(service):
    grant_id = grant(service)
    result = call(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(4), hotp(5), grant_id, "k1"
    )
    assert TokenSyncResult.from_json(json.loads(json.dumps(result.to_json()))) == result


def test_upgrading_lifts_old_squats_and_voids_unkeyed_codes(tmp_path, clock):
    """Schema v3: rows a failed add left on never-bound tokens go; plain-hashed codes stop."""
    from desktop.exostar.local.schema import MIGRATIONS

    folder = tmp_path / "old"
    folder.mkdir()
    db = sqlite_utils.Database(folder / "identity.sqlite")
    for step in MIGRATIONS[:2]:
        step(db)
    db.execute("PRAGMA user_version = 2")
    db.table("accounts").insert({"id": OTHER, "display_name": "Dr. O", "created_at": "x"})
    db.table("tokens").insert(
        {"serial": "GALH12345678", "account": OTHER, "kind": "hotp", "status": "locked"}
    )
    db.table("phone_codes").insert(
        {
            "id": "c1",
            "account": OTHER,
            "phone_id": "p",
            "channel": "sms",
            "code_hash": hashlib.sha256(b"c1:123456").hexdigest(),
            "created_at": "x",
            "expires_at": "x",
        }
    )
    db.table("outbox").insert(
        {
            "id": "c1",
            "account": OTHER,
            "phone_number": "+15550100101",
            "channel": "sms",
            "text": "iCoreRx: your one-time password code is 123456.",
            "created_at": "2027-01-15T08:00:00+00:00",
        }
    )
    db.conn.commit()
    db.close()
    upgraded = open_service(folder, clock)
    try:
        assert call(upgraded, upgraded.holdings)["tokens"] == 0
        rows = call(upgraded, lambda: list(upgraded.db.table("phone_codes").rows))
        assert rows[0]["state"] == "replaced" and rows[0]["code_hash"] == ""
        assert call(upgraded, upgraded.outbox, OTHER)[0].code is None
    finally:
        call(upgraded, upgraded.close)
        upgraded.lane.shutdown()
