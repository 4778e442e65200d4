"""The embedded identity service against a guesser: phone codes, squatting, resync, retries."""

from __future__ import annotations

import hashlib
import json

import pytest
import sqlite_utils

from desktop.demo import DEMO_KEY, DEMO_TOKENS
from desktop.domain.models import PhoneChannel, TokenStatus
from desktop.domain.otp import generate_hotp
from desktop.exostar.base import AdapterError, TokenSyncResult
from tests.local_service import FakeClock, call, open_service, refused

ACCOUNT = "doc"
OTHER = "other"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "identity"


@pytest.fixture
def service(folder, clock):
    s = open_service(folder, clock)
    for account, name, number in (
        (ACCOUNT, "Dr. Test", "+15550100100"),
        (OTHER, "Dr. O", "+15550100101"),
    ):
        call(s, s.ensure_account, account, name)
        call(s, s.ensure_phone, account, "mobile-" + account, number, (PhoneChannel.SMS,))
    call(s, s.import_seeds, DEMO_TOKENS, "test")
    yield s
    call(s, s.close)
    s.lane.shutdown()


def hotp(counter: int) -> str:
    return generate_hotp(DEMO_KEY, counter)


def send(service, account=ACCOUNT):
    return call(service, service.send_phone_code, account, "mobile-" + account, PhoneChannel.SMS)


def newest_code(service, account=ACCOUNT) -> str:
    return [m for m in call(service, service.outbox, account) if m.code][-1].code


def grant(service, account=ACCOUNT) -> str:
    sent = send(service, account)
    return call(
        service,
        service.verify_phone_code,
        account,
        sent.challenge_id,
        newest_code(service, account),
    ).id


def notices(service, account=ACCOUNT) -> list[str]:
    return [m.text for m in call(service, service.outbox, account) if m.code is None]


# Hole 1: phone codes cannot be guessed ---------------------------------------------------
def wrong_for(right: str) -> str:
    return "000000" if right != "000000" else "111111"


def test_200_wrong_codes_in_50_rounds_pause_with_growing_waits_then_lock(service, clock):
    pauses: list[int] = []
    wrong_total = 0
    locked: AdapterError | None = None
    for _round in range(50):
        clock.now += 31  # past the resend wait
        sent = send(service)
        right = newest_code(service)
        for _ in range(4):
            try:
                call(
                    service, service.verify_phone_code, ACCOUNT, sent.challenge_id, wrong_for(right)
                )
            except AdapterError as error:
                if error.code == "wrong_code":
                    wrong_total += 1
                    continue
                if error.code == "too_many_tries":
                    wrong_total += 1
                    assert error.details["paused_now"]
                    pauses.append(error.details["seconds_left"])
                    # A right code does not get through a pause either.
                    assert (
                        refused(
                            service, service.verify_phone_code, ACCOUNT, sent.challenge_id, right
                        ).code
                        == "too_many_tries"
                    )
                    clock.now += error.details["seconds_left"]
                    break
                assert error.code == "phone_locked"
                wrong_total += 1
                locked = error
                break
        if locked is not None:
            break
    assert wrong_total == 100 and locked is not None
    assert pauses[:6] == [300, 600, 1200, 2400, 3600, 3600]
    assert len(pauses) == 19  # after 5, 10, ... 95 wrong codes
    assert "administrator" in locked.next_step and "Admin > People" in locked.next_step
    # Locked: no code is sent or checked, however long one waits, until an administrator unlocks.
    clock.now += 10 * 86400
    assert refused(
        service, service.send_phone_code, ACCOUNT, "mobile-doc", PhoneChannel.SMS
    ).code == ("phone_locked")
    assert call(service, service.phone_confirmation_locked, ACCOUNT)
    # Every pause and the lock reached the doctor's phone.
    texts = notices(service)
    assert sum("is paused for" in t for t in texts) == 19
    assert "paused for 5 minutes" in texts[0] and "paused for 10 minutes" in texts[1]
    assert any("locked until a practice administrator unlocks it" in t for t in texts)
    assert call(service, service.unlock_phone_confirmation, ACCOUNT) is True
    assert not call(service, service.phone_confirmation_locked, ACCOUNT)
    assert "unlocked" in notices(service)[-1]
    grant(service)


def test_the_count_survives_a_restart_and_a_right_code_resets_it(service, folder, clock):
    sent = send(service)
    right = newest_code(service)
    for _ in range(4):
        assert (
            refused(
                service,
                service.verify_phone_code,
                ACCOUNT,
                sent.challenge_id,
                "000000" if right != "000000" else "111111",
            ).code
            == "wrong_code"
        )
    call(service, service.close)
    again = open_service(folder, clock)
    try:
        clock.now += 31
        sent = call(again, again.send_phone_code, ACCOUNT, "mobile-doc", PhoneChannel.SMS)
        right = newest_code(again)
        paused = refused(
            again, again.verify_phone_code, ACCOUNT, sent.challenge_id, wrong_for(right)
        )
        assert paused.code == "too_many_tries" and paused.details["seconds_left"] == 300
        assert "in 5 minutes" in paused.next_step
        call(again, again.close)
        # Restarted during the pause: still paused.
        assert refused(
            again, again.send_phone_code, ACCOUNT, "mobile-doc", PhoneChannel.SMS
        ).code == ("too_many_tries")
        clock.now += 300
        sent = call(again, again.send_phone_code, ACCOUNT, "mobile-doc", PhoneChannel.SMS)
        call(again, again.verify_phone_code, ACCOUNT, sent.challenge_id, newest_code(again))
        # The right code ended the run: 4 more wrong codes do not pause.
        clock.now += 31
        sent = call(again, again.send_phone_code, ACCOUNT, "mobile-doc", PhoneChannel.SMS)
        right = newest_code(again)
        for left in (4, 3, 2, 1):
            error = refused(
                again, again.verify_phone_code, ACCOUNT, sent.challenge_id, wrong_for(right)
            )
            assert error.code == "wrong_code" and error.details["tries_left"] == left
    finally:
        call(again, again.close)
        again.lane.shutdown()


def test_another_account_is_not_paused_by_a_guesser(service, clock):
    for _ in range(2):
        clock.now += 31
        sent = send(service)
        right = newest_code(service)
        for _ in range(3):
            with pytest.raises(AdapterError):
                call(
                    service, service.verify_phone_code, ACCOUNT, sent.challenge_id, wrong_for(right)
                )
    grant(service, OTHER)


# Hole 2: unbound tokens cannot be squatted or destroyed ------------------------------------
def token_rows(folder) -> dict[str, dict]:
    db = sqlite_utils.Database(folder / "identity.sqlite")
    try:
        return {row["serial"]: row for row in db.table("tokens").rows}
    finally:
        db.close()


def test_a_failed_add_leaves_an_unbound_token_exactly_as_it_was(service, folder):
    squatter = grant(service, OTHER)
    for key in ("s1", "s2"):
        error = refused(
            service, service.add_token, OTHER, "GALH12345678", "123456", "654321", squatter, key
        )
        assert error.code == "codes_rejected"
    assert "GALH12345678" not in token_rows(folder)
    # Its real owner binds it as if nothing had happened.
    owner = grant(service)
    result = call(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), owner, "o1"
    )
    assert result.token.status is TokenStatus.ACTIVE and not result.resynced


def test_failed_adds_spend_the_trying_accounts_step_up_not_the_token(service, folder):
    squatter = grant(service, OTHER)
    for key in ("s1", "s2"):
        assert (
            refused(
                service, service.add_token, OTHER, "GALH12345678", "123456", "654321", squatter, key
            ).code
            == "codes_rejected"
        )
    third = refused(
        service, service.add_token, OTHER, "GALH12345678", "123456", "654321", squatter, "s3"
    )
    assert third.code == "step_up_required" and "Authenticate" in third.next_step
    assert (
        refused(
            service, service.add_token, OTHER, "GALH12345678", "123456", "654321", squatter, "s4"
        ).code
        == "step_up_required"
    )
    assert "GALH12345678" not in token_rows(folder)


def test_a_serial_typo_beside_the_right_one_destroys_no_neighbour(service, folder, clock):
    """A failed try on a neighbour's serial, then a success on one's own, revokes nothing."""
    from desktop.domain.otp import generate_totp

    mine = grant(service, OTHER)
    refused(service, service.add_token, OTHER, "GALH12345678", "123456", "654321", mine, "t1")
    result = call(
        service,
        service.add_token,
        OTHER,
        "GAKT12345678",
        generate_totp(DEMO_KEY, clock.now - 30),
        generate_totp(DEMO_KEY, clock.now),
        mine,
        "t2",
    )
    assert result.replaced == ()
    assert "GALH12345678" not in token_rows(folder)
    owner = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), owner, "o1")


# Hole 8: resync ---------------------------------------------------------------------------
def lock_token(service) -> None:
    for _ in range(10):
        with pytest.raises(AdapterError):
            call(service, service.verify_signing_code, ACCOUNT, "000000")
    assert call(service, service.list_tokens, ACCOUNT)[0].status is TokenStatus.LOCKED


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
