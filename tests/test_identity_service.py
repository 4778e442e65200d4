"""The embedded identity service: phone step-up, token binding, signing checks, seeds at rest."""

from __future__ import annotations

import re
import stat

import pytest
import sqlite_utils

from desktop.demo import DEMO_KEY, DEMO_TOKENS
from desktop.domain.errors import StartupError
from desktop.domain.models import PhoneChannel, TokenStatus
from desktop.exostar.local import LocalIdentityService, create_adapter
from tests.local_service import (
    ACCOUNT,
    T0,
    call,
    grant,
    hotp,
    last_code,
    one_doctor,
    open_service,
    refused,
)


@pytest.fixture
def service(tmp_path, clock):
    yield from one_doctor(tmp_path / "identity", clock)


# seeds at rest -----------------------------------------------------------------------------
def test_seeds_are_encrypted_and_the_key_is_kept_apart(service, tmp_path):
    folder = tmp_path / "identity"
    raw = (folder / "identity.sqlite").read_bytes()
    assert DEMO_KEY not in raw
    key_file = folder / "seed.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    row = sqlite_utils.Database(folder / "identity.sqlite").table("seeds").get("GALH12345678")
    assert DEMO_KEY not in row["sealed_key"]


def test_a_copied_database_without_its_key_reveals_no_seed(service, tmp_path, clock):
    call(service, service.close)
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "identity.sqlite").write_bytes((tmp_path / "identity" / "identity.sqlite").read_bytes())
    thief = open_service(copy, clock)
    # No key beside the seeds: refused by name, and no new key is made in its place.
    with pytest.raises(StartupError, match="seed.key is missing"):
        call(thief, thief.seed_for_device, "GALH12345678")
    assert not (copy / "seed.key").exists()
    call(thief, thief.close)
    thief.lane.shutdown()
    # A key of the thief's own opens nothing.
    (copy / "seed.key").write_bytes(bytes(range(32)))
    thief = open_service(copy, clock)
    error = refused(thief, thief.seed_for_device, "GALH12345678")
    assert error.code == "seed_unreadable"
    assert "cannot be read" in error.message
    call(thief, thief.close)
    thief.lane.shutdown()


def test_swapping_two_sealed_keys_is_detected(service, tmp_path):
    call(service, service.close)
    db = sqlite_utils.Database(tmp_path / "identity" / "identity.sqlite")
    a = db.table("seeds").get("GALH12345678")["sealed_key"]
    db.execute("UPDATE seeds SET sealed_key = ? WHERE serial = ?", [a, "GAKT12345678"])
    db.conn.commit()
    db.close()
    assert refused(service, service.seed_for_device, "GAKT12345678").code == "seed_unreadable"


def test_duplicate_seeds_are_reported_not_overwritten(service):
    report = call(service, service.import_seeds, DEMO_TOKENS, "again")
    assert report.imported == [] and report.duplicates == ["GALH12345678", "GAKT12345678"]


# phone step-up -----------------------------------------------------------------------------
def test_sms_code_arrives_in_the_outbox_and_buys_a_15_minute_grant(service, clock):
    sent = call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    assert sent.phone.masked == "(***) ***-0100"
    assert (sent.expires_at.timestamp() - T0) == 300
    message = call(service, service.outbox, ACCOUNT)[-1]
    assert message.channel is PhoneChannel.SMS and message.phone_number == "+15550100100"
    assert "expires in 5 minutes" in message.text
    result = call(
        service, service.verify_phone_code, ACCOUNT, sent.challenge_id, last_code(service)
    )
    assert result.expires_at.timestamp() - T0 == 900
    assert (
        refused(
            service, service.verify_phone_code, ACCOUNT, sent.challenge_id, last_code(service)
        ).code
        == "code_used"
    )


def test_voice_code_is_read_out_digit_by_digit(service):
    call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.VOICE)
    text = call(service, service.outbox)[-1].text
    assert re.search(r"(\d, ){5}\d", text)


def test_wrong_codes_count_down_then_pause_phone_confirmation(service, clock):
    sent = call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    wrong = "000000" if last_code(service) != "000000" else "111111"
    for left in (4, 3, 2, 1):
        error = refused(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, wrong)
        assert error.code == "wrong_code" and error.details["tries_left"] == left
        assert f"{left} tr" in error.next_step
    error = refused(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, wrong)
    assert error.code == "too_many_tries" and "You can send a new code at" in error.next_step
    right = last_code(service)
    assert (
        refused(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, right).code
        == "too_many_tries"
    )
    assert (
        refused(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS).code
        == "too_many_tries"
    )
    clock.now += 301
    call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)


def test_resend_waits_30_seconds_and_replaces_the_earlier_code(service, clock):
    first = call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    first_code = last_code(service)
    clock.now += 10
    error = refused(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    assert error.code == "resend_too_soon" and error.details["seconds_left"] == 21
    clock.now += 20
    second = call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.VOICE)
    assert (
        refused(service, service.verify_phone_code, ACCOUNT, first.challenge_id, first_code).code
        == "code_replaced"
    )
    call(service, service.verify_phone_code, ACCOUNT, second.challenge_id, last_code(service))


def test_codes_expire_after_five_minutes(service, clock):
    sent = call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    clock.now += 300
    error = refused(
        service, service.verify_phone_code, ACCOUNT, sent.challenge_id, last_code(service)
    )
    assert error.code == "code_expired" and "Send a new code" in error.next_step


def test_malformed_phone_code_does_not_cost_a_try(service):
    sent = call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    assert (
        refused(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, "12ab").code
        == "code_malformed"
    )
    call(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, " " + last_code(service))


def test_a_channel_the_phone_cannot_take_is_refused_with_the_alternative(service):
    call(service, service.ensure_phone, ACCOUNT, "desk", "+15550100199", (PhoneChannel.VOICE,))
    error = refused(service, service.send_phone_code, ACCOUNT, "desk", PhoneChannel.SMS)
    assert error.code == "channel_unavailable" and "phone call" in error.next_step
    assert call(service, service.outbox) == []


def test_a_gateway_that_is_down_stores_no_code_and_blocks_no_resend(tmp_path, clock):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    options = {
        "key_store": "file",
        "delivery": {"channel": "webhook", "url": f"http://127.0.0.1:{port}/sms", "retries": 0},
    }
    service = create_adapter(tmp_path, options)
    call(service, service.ensure_account, ACCOUNT, "Dr. Test")
    call(service, service.ensure_phone, ACCOUNT, "mobile", "+15550100100", (PhoneChannel.SMS,))
    error = refused(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    assert "could not be reached" in error.message
    error = refused(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    assert error.code != "resend_too_soon"
    call(service, service.close)


# signing -----------------------------------------------------------------------------------
def test_signing_codes_are_accepted_once_and_lock_after_ten_failures(service):
    assert refused(service, service.verify_signing_code, ACCOUNT, hotp(0)).code == "no_active_token"
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    check = call(service, service.verify_signing_code, ACCOUNT, hotp(2))
    assert check.serial == "GALH12345678"
    assert refused(service, service.verify_signing_code, ACCOUNT, hotp(2)).code == "already_used"
    for _ in range(8):  # the replay above was failure 1 of 10
        refused(service, service.verify_signing_code, ACCOUNT, "000000")
    error = refused(service, service.verify_signing_code, ACCOUNT, "000000")
    assert error.details["locked_now"] is True and "locked" in error.message
    assert refused(service, service.verify_signing_code, ACCOUNT, hotp(3)).code == "locked"
    tokens = call(service, service.list_tokens, ACCOUNT)
    assert tokens[0].status is TokenStatus.LOCKED
    result = call(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(5), hotp(6), grant_id, "k2"
    )
    assert result.token.status is TokenStatus.ACTIVE
    call(service, service.verify_signing_code, ACCOUNT, hotp(7))


def test_deactivation_needs_a_grant_and_is_permanent(service):
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    assert (
        refused(service, service.deactivate_token, ACCOUNT, "GALH12345678", "bad", "lost").code
        == "step_up_required"
    )
    info = call(service, service.deactivate_token, ACCOUNT, "GALH12345678", grant_id, "lost")
    assert info.status is TokenStatus.REVOKED
    assert refused(service, service.verify_signing_code, ACCOUNT, hotp(2)).code == "no_active_token"


def test_codes_and_seeds_never_reach_the_log(service, caplog):
    caplog.set_level("DEBUG")
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    call(service, service.verify_signing_code, ACCOUNT, hotp(2))
    for code in (hotp(0), hotp(1), hotp(2), DEMO_KEY.decode()):
        assert code not in caplog.text


def test_the_seed_key_goes_to_the_os_keyring_when_one_is_available(tmp_path, clock):
    import keyring

    from tests.keyrings import MemoryKeyring

    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        service = LocalIdentityService(tmp_path / "identity", key_store="auto", clock=clock)
        call(service, service.import_seeds, DEMO_TOKENS, "test")
        assert "OS keyring" in service.vault.where
        assert not (tmp_path / "identity" / "seed.key").exists()
        assert len(memory.store) == 1
        _, key = call(service, service.seed_for_device, "GALH12345678")
        assert key == DEMO_KEY
        call(service, service.close)
    finally:
        keyring.set_keyring(previous)
