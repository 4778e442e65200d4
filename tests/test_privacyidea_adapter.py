"""The privacyIDEA adapter against a real privacyIDEA 3.14 server on 127.0.0.1: phones,
adding, signing and the token list. Faults and settings: test_privacyidea_transport.py;
what a guesser would try: test_privacyidea_holes.py."""

from __future__ import annotations

import time

import pytest

from desktop.demo import DEMO_KEY
from desktop.domain.models import PhoneChannel, TokenStatus
from desktop.domain.otp import generate_totp
from desktop.exostar.base import AdapterError, AddRequestLedger, IdentityService
from tests.privacyidea_helpers import DOCTOR, HOTP, TOTP, hotp, key, open_adapter, step_up


@pytest.fixture
def identity(pi_server, tmp_path):
    with open_adapter(pi_server, tmp_path) as adapter:
        yield adapter


def test_it_is_an_identity_service_and_reports_health(identity):
    assert isinstance(identity, IdentityService)
    status = identity.check_health()
    assert "answers, signed by its key" in status and "realm clinic" in status


def test_phones_come_from_the_doctors_sms_token_and_voice_is_unavailable(identity, pi_server):
    phones = identity.list_phones(DOCTOR)
    assert [(p.masked, p.channels) for p in phones] == [("(***) ***-0100", (PhoneChannel.SMS,))]
    with pytest.raises(AdapterError) as refused:
        identity.send_phone_code(DOCTOR, phones[0].id, PhoneChannel.VOICE)
    assert refused.value.code == "channel_unavailable"
    assert "SMS text" in str(refused.value)
    assert pi_server.sink.messages == []


def test_sms_code_gives_a_step_up_grant_and_resend_waits(identity, pi_server):
    phone = identity.list_phones(DOCTOR)[0]
    sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    [message] = pi_server.sink.messages
    assert message.phone == "+15550100100" and message.code
    with pytest.raises(AdapterError) as too_soon:
        identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    assert too_soon.value.code == "resend_too_soon"
    wrong = "000000" if message.code != "000000" else "111111"
    with pytest.raises(AdapterError) as refused:
        identity.verify_phone_code(DOCTOR, sent.challenge_id, wrong)
    # Counted per account across codes: 4 more wrong codes pause phone confirmation.
    assert refused.value.code == "wrong_code" and refused.value.details["tries_left"] == 4
    grant = identity.verify_phone_code(DOCTOR, sent.challenge_id, message.code)
    assert grant.account == DOCTOR
    assert 14 * 60 < (grant.expires_at.timestamp() - time.time()) <= 15 * 60


def test_adding_a_token_needs_a_step_up(identity):
    with pytest.raises(AdapterError) as refused:
        identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), "no-such-grant", key())
    assert refused.value.code == "step_up_required"


def test_hotp_token_is_assigned_and_resynced(identity, pi_server):
    grant = step_up(identity, pi_server)
    result = identity.add_token(DOCTOR, "galh-1234 5678", hotp(37), hotp(38), grant, key())
    assert result.token.serial == HOTP and result.token.status is TokenStatus.ACTIVE
    assert result.presses_ahead == 37 and not result.resynced
    assert pi_server.token(HOTP)["username"] == DOCTOR
    assert [t.serial for t in identity.list_tokens(DOCTOR)] == [HOTP]


def test_totp_token_reports_its_drift(identity, pi_server):
    grant = step_up(identity, pi_server)
    now = time.time()
    codes = [generate_totp(DEMO_KEY, now - 90 + i * 30, 30, 6, "sha1") for i in range(2)]
    result = identity.add_token(DOCTOR, TOTP, *codes, grant, key())
    assert result.token.status is TokenStatus.ACTIVE
    assert result.drift_seconds is not None and -150 <= result.drift_seconds <= -30


def test_asking_twice_returns_the_first_answer(identity, pi_server):
    grant = step_up(identity, pi_server)
    same = key()
    first = identity.add_token(DOCTOR, HOTP, hotp(5), hotp(6), grant, same)
    again = identity.add_token(DOCTOR, HOTP, hotp(5), hotp(6), grant, same)
    assert again == first


def test_the_token_says_what_became_of_a_request(identity, pi_server):
    """Start-up recovery asks this about a sync whose answer the window never saw."""
    assert isinstance(identity, AddRequestLedger)
    grant = step_up(identity, pi_server)
    first = key()
    assert identity.add_token_outcome(DOCTOR, HOTP, first) is None  # never sent: cannot tell
    identity.add_token(DOCTOR, HOTP, hotp(9), hotp(10), grant, first)
    assert identity.add_token_outcome(DOCTOR, HOTP, first) is True
    assert identity.add_token_outcome("nurse", HOTP, first) is False
    assert identity.add_token_outcome(DOCTOR, HOTP, key()) is None


def test_failed_resync_undoes_the_assignment(identity, pi_server):
    grant = step_up(identity, pi_server)
    with pytest.raises(AdapterError) as refused:
        identity.add_token(DOCTOR, HOTP, hotp(3), hotp(5), grant, key())
    assert refused.value.code == "codes_rejected"
    assert "support" in str(refused.value)
    token = pi_server.token(HOTP)
    assert not token["username"]
    assert "icorerx_add_key" not in token["info"]
    assert identity.list_tokens(DOCTOR) == []


def test_unknown_serial_suggests_the_likely_one(identity, pi_server):
    grant = step_up(identity, pi_server)
    with pytest.raises(AdapterError) as refused:
        identity.add_token(DOCTOR, "GALH1234567B", hotp(0), hotp(1), grant, key())
    assert refused.value.code == "unknown_serial"
    assert refused.value.details["suggestion"] == HOTP


def test_a_token_of_another_doctor_is_refused(identity, pi_server):
    pi_server.assign(HOTP, "doctor2")
    grant = step_up(identity, pi_server)
    with pytest.raises(AdapterError) as refused:
        identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    assert refused.value.code == "token_other_account"
    assert pi_server.token(HOTP)["username"] == "doctor2"


def test_signing_accepts_a_code_once(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    check = identity.verify_signing_code(DOCTOR, hotp(2))
    assert check.serial == HOTP
    with pytest.raises(AdapterError) as replay:
        identity.verify_signing_code(DOCTOR, hotp(2))
    assert replay.value.code in ("already_used", "wrong_code")
    assert identity.list_tokens(DOCTOR)[0].last_used_at is not None


def test_suspend_resume_and_deactivate(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    assert identity.suspend_token(DOCTOR, HOTP, grant, "on leave").status is TokenStatus.SUSPENDED
    with pytest.raises(AdapterError) as suspended:
        identity.verify_signing_code(DOCTOR, hotp(2))
    assert suspended.value.code == "token_suspended"
    assert identity.resume_token(DOCTOR, HOTP, grant).status is TokenStatus.ACTIVE
    gone = identity.deactivate_token(DOCTOR, HOTP, grant, "lost")
    assert gone.status is TokenStatus.REVOKED and gone.reason == "lost"
    with pytest.raises(AdapterError) as revoked:
        identity.add_token(DOCTOR, HOTP, hotp(5), hotp(6), grant, key())
    assert revoked.value.code == "token_revoked"


def test_a_new_token_replaces_the_old_one(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    now = time.time()
    codes = [generate_totp(DEMO_KEY, now - 30 + i * 30, 30, 6, "sha1") for i in range(2)]
    result = identity.add_token(DOCTOR, TOTP, *codes, grant, key())
    assert result.replaced == (HOTP,)
    statuses = {t.serial: t.status for t in identity.list_tokens(DOCTOR)}
    assert statuses == {TOTP: TokenStatus.ACTIVE, HOTP: TokenStatus.REVOKED}


def test_unknown_account_is_explained(identity):
    with pytest.raises(AdapterError) as refused:
        identity.list_phones("nobody-here")
    assert refused.value.code in ("unknown_account", "service_refused")


def test_a_text_the_gateway_could_not_send_is_not_called_a_wrong_code(identity, pi_server):
    phone = identity.list_phones(DOCTOR)[0]
    pi_server.sink.failing = True
    with pytest.raises(AdapterError) as refused:
        identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    assert refused.value.code == "code_not_sent"
    assert "could not send" in refused.value.message
    pi_server.sink.failing = False
    sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)  # no 30 s wait
    assert sent.challenge_id and pi_server.sink.messages
