"""The embedded identity service: binding a token (retries, refusals, replacement) and its
lifecycle, each change told on the doctor's phone."""

from __future__ import annotations

import pytest

from desktop.demo import DEMO_KEY
from desktop.domain.models import PhoneChannel, TokenKind, TokenStatus
from desktop.domain.otp import generate_totp
from desktop.exostar.base import AdapterError
from tests.local_service import (
    ACCOUNT,
    call,
    grant,
    hotp,
    last_code,
    one_doctor,
    refused,
)


@pytest.fixture
def service(tmp_path, clock):
    yield from one_doctor(tmp_path / "identity", clock)


# binding a token ---------------------------------------------------------------------------
def test_add_token_needs_a_fresh_step_up(service, clock):
    assert (
        refused(
            service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), "nope", "k1"
        ).code
        == "step_up_required"
    )
    grant_id = grant(service)
    clock.now += 901
    error = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k2"
    )
    assert error.code == "step_up_required" and "Authenticate" in error.next_step


def test_hotp_token_binds_and_reports_how_far_ahead_it_was(service):
    grant_id = grant(service)
    result = call(
        service, service.add_token, ACCOUNT, "galh-1234 5678", hotp(37), hotp(38), grant_id, "k1"
    )
    assert result.token.serial == "GALH12345678"
    assert result.token.status is TokenStatus.ACTIVE and result.token.kind is TokenKind.HOTP
    assert result.presses_ahead == 37 and result.drift_seconds is None
    assert result.token.bound_at is not None
    tokens = call(service, service.list_tokens, ACCOUNT)
    assert [(t.serial, t.status) for t in tokens] == [("GALH12345678", TokenStatus.ACTIVE)]


def test_totp_token_binds_and_reports_its_drift(service, clock):
    grant_id = grant(service)
    token_time = clock.now + 95  # the token's clock runs 95 s (3 steps) ahead
    otp1 = generate_totp(DEMO_KEY, token_time)
    otp2 = generate_totp(DEMO_KEY, token_time + 30)
    result = call(service, service.add_token, ACCOUNT, "GAKT12345678", otp1, otp2, grant_id, "k1")
    assert result.token.status is TokenStatus.ACTIVE and result.token.kind is TokenKind.TOTP
    assert result.drift_seconds in (90, 120)


def test_the_same_request_twice_returns_the_first_answer(service):
    grant_id = grant(service)
    args = (ACCOUNT, "GALH12345678", hotp(3), hotp(4), grant_id, "same-key")
    first = call(service, service.add_token, *args)
    second = call(service, service.add_token, *args)
    assert second == first
    # A retyped pair under a new key is a replay, explained as such.
    error = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(3), hotp(4), grant_id, "k2"
    )
    assert error.code == "already_used" and "Submit twice" in error.message


def test_a_refusal_is_also_answered_the_same_way_twice(service):
    grant_id = grant(service)
    args = (ACCOUNT, "GALH12345678", hotp(3), hotp(3), grant_id, "key")
    first = refused(service, service.add_token, *args)
    second = refused(service, service.add_token, *args)
    assert first.code == second.code == "identical_codes"
    assert first.message == second.message


@pytest.mark.parametrize(
    "otp1,otp2,code",
    [
        (hotp(5), hotp(7), "codes_rejected"),
        (hotp(1500), hotp(1501), "codes_rejected"),
        ("000000", hotp(1), "codes_rejected"),
        ("12345", hotp(1), "malformed"),
    ],
)
def test_each_refusal_has_its_reason(service, otp1, otp2, code):
    grant_id = grant(service)
    error = refused(service, service.add_token, ACCOUNT, "GALH12345678", otp1, otp2, grant_id, code)
    assert error.code == code
    if code == "codes_rejected":
        assert error.message == "These two codes do not sync token GALH12345678."
        assert "888-810-7706" in error.next_step


def test_the_words_never_tell_whether_the_first_code_was_right(service):
    """A right first code with a wrong second reads exactly like two wrong codes."""
    grant_id = grant(service)
    right_first = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), "000000", grant_id, "a"
    )
    both_wrong = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", "999999", "000000", grant_id, "b"
    )
    assert right_first.to_json() == both_wrong.to_json()


def test_unknown_serial_suggests_the_likely_one(service):
    grant_id = grant(service)
    error = refused(
        service, service.add_token, ACCOUNT, "GALH1234567B", hotp(0), hotp(1), grant_id, "k"
    )
    assert error.code == "unknown_serial"
    assert error.details["suggestion"] == "GALH12345678"
    assert "GALH12345678" in f"{error.message} {error.next_step}"


def test_a_new_token_replaces_the_old_which_can_never_be_used_again(service, clock):
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    result = call(
        service,
        service.add_token,
        ACCOUNT,
        "GAKT12345678",
        generate_totp(DEMO_KEY, clock.now),
        generate_totp(DEMO_KEY, clock.now + 30),
        grant_id,
        "k2",
    )
    assert result.replaced == ("GALH12345678",)
    statuses = {t.serial: t.status for t in call(service, service.list_tokens, ACCOUNT)}
    assert statuses == {"GAKT12345678": TokenStatus.ACTIVE, "GALH12345678": TokenStatus.REVOKED}
    error = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(2), hotp(3), grant_id, "k3"
    )
    assert error.code == "token_revoked"


def test_a_token_bound_to_another_account_is_refused(service, clock):
    call(
        service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant(service), "k1"
    )
    call(
        service, service.ensure_phone, "other", "other-mobile", "+15550100111", (PhoneChannel.SMS,)
    )
    sent = call(service, service.send_phone_code, "other", "other-mobile", PhoneChannel.SMS)
    other_grant = call(
        service, service.verify_phone_code, "other", sent.challenge_id, last_code(service)
    ).id
    error = refused(
        service, service.add_token, "other", "GALH12345678", hotp(2), hotp(3), other_grant, "k2"
    )
    assert error.code == "token_other_account" and "another account" in error.message
    assert call(service, service.list_tokens, "other") == []


# lifecycle and notices ---------------------------------------------------------------------
def notices(service):
    return [m.text for m in call(service, service.outbox, ACCOUNT) if m.code is None]


def test_suspend_and_resume_need_a_grant_and_are_reversible(service):
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    assert (
        refused(service, service.suspend_token, ACCOUNT, "GALH12345678", "bad", "on leave").code
        == "step_up_required"
    )
    info = call(service, service.suspend_token, ACCOUNT, "GALH12345678", grant_id, "on leave")
    assert info.status is TokenStatus.SUSPENDED and info.reason == "on leave"
    assert refused(service, service.verify_signing_code, ACCOUNT, hotp(2)).code == "token_suspended"
    info = call(service, service.resume_token, ACCOUNT, "GALH12345678", grant_id)
    assert info.status is TokenStatus.ACTIVE
    call(service, service.verify_signing_code, ACCOUNT, hotp(2))


def test_deactivated_tokens_stay_deactivated(service):
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    info = call(service, service.deactivate_token, ACCOUNT, "GALH12345678", grant_id, "lost")
    assert info.status is TokenStatus.REVOKED and info.reason == "lost"
    for action in (service.resume_token,):
        assert refused(service, action, ACCOUNT, "GALH12345678", grant_id).code == "token_revoked"
    assert (
        refused(service, service.suspend_token, ACCOUNT, "GALH12345678", grant_id, "x").code
        == "token_revoked"
    )


def test_the_doctor_is_told_on_the_phone_of_every_token_change(service):
    grant_id = grant(service)
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(0), hotp(1), grant_id, "k1")
    for _ in range(10):
        with pytest.raises(AdapterError):
            call(service, service.verify_signing_code, ACCOUNT, "000000")
    call(service, service.add_token, ACCOUNT, "GALH12345678", hotp(5), hotp(6), grant_id, "k2")
    call(service, service.suspend_token, ACCOUNT, "GALH12345678", grant_id, "on leave")
    call(service, service.resume_token, ACCOUNT, "GALH12345678", grant_id)
    call(service, service.deactivate_token, ACCOUNT, "GALH12345678", grant_id, "lost")
    texts = notices(service)
    assert [t.split(" was ")[1].split(".")[0] for t in texts] == [
        "added to your account",
        "locked after wrong codes",
        "resynced",
        "suspended",
        "resumed",
        "deactivated",
    ]
    assert all("If this was not you, call 888-810-7706" in t for t in texts)
