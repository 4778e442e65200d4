"""The privacyIDEA adapter against what a guesser, a lost answer or a retry would try."""

from __future__ import annotations

import time

import pytest

from desktop.domain.models import PhoneChannel, TokenStatus
from desktop.exostar.base import AdapterError
from tests.privacyidea_helpers import DOCTOR, HOTP, adapter_for, hotp, key, open_adapter, step_up


@pytest.fixture
def identity(pi_server, tmp_path):
    with open_adapter(pi_server, tmp_path) as adapter:
        yield adapter


def test_a_retry_after_a_lost_answer_gets_the_first_result(identity, pi_server, monkeypatch):
    """The resync went through but the answer never arrived; the retry must not fail."""
    grant = step_up(identity, pi_server)
    same = key()
    finish = identity._finish

    def connection_drops(*args, **kwargs):
        raise AdapterError("lost", "", code="service_unreachable")

    monkeypatch.setattr(identity, "_finish", connection_drops)
    with pytest.raises(AdapterError):
        identity.add_token(DOCTOR, HOTP, hotp(7), hotp(8), grant, same)
    monkeypatch.setattr(identity, "_finish", finish)
    result = identity.add_token(DOCTOR, HOTP, hotp(7), hotp(8), grant, same)
    assert result.token.status is TokenStatus.ACTIVE and result.presses_ahead == 7
    assert pi_server.token(HOTP)["username"] == DOCTOR


def test_a_locked_token_is_explained_and_a_resync_unlocks_it(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    codes = []
    for attempt in range(10):
        with pytest.raises(AdapterError) as refused:
            identity.verify_signing_code(DOCTOR, f"{attempt:06d}")
        codes.append(refused.value.code)
    assert codes[-1] == "locked" and set(codes[:-1]) == {"wrong_code"}
    assert "Sync it again" in refused.value.next_step
    assert identity.list_tokens(DOCTOR)[0].status is TokenStatus.LOCKED
    result = identity.add_token(DOCTOR, HOTP, hotp(10), hotp(11), grant, key())
    assert result.resynced and result.token.status is TokenStatus.ACTIVE
    assert identity.verify_signing_code(DOCTOR, hotp(12)).serial == HOTP


def unchanged_view(token) -> dict:
    """What a refused add must leave exactly as it was on a token that was not the doctor's."""
    keep = ("username", "count", "failcount", "active", "revoked", "locked", "maxfail")
    info = {k: v for k, v in (token.get("info") or {}).items() if k.startswith("icorerx")}
    return {**{k: token.get(k) for k in keep}, "info": info}


def test_a_refused_add_leaves_an_unbound_token_as_it_was(identity, pi_server):
    before = unchanged_view(pi_server.token(HOTP))
    grant = step_up(identity, pi_server)
    for _ in range(2):
        with pytest.raises(AdapterError) as refused:
            identity.add_token(DOCTOR, HOTP, "123456", "654321", grant, key())
        assert refused.value.code == "codes_rejected"
    assert unchanged_view(pi_server.token(HOTP)) == before
    # The third failure under the same phone confirmation ends it.
    with pytest.raises(AdapterError) as spent:
        identity.add_token(DOCTOR, HOTP, "123456", "654321", grant, key())
    assert spent.value.code == "step_up_required"
    with pytest.raises(AdapterError) as gone:
        identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    assert gone.value.code == "step_up_required"


def test_one_answer_whichever_code_was_wrong(identity, pi_server):
    grant = step_up(identity, pi_server)
    with pytest.raises(AdapterError) as right_first:
        identity.add_token(DOCTOR, HOTP, hotp(0), "000000", grant, key())
    with pytest.raises(AdapterError) as both_wrong:
        identity.add_token(DOCTOR, HOTP, "999999", "000000", grant, key())
    assert right_first.value.to_json() == both_wrong.value.to_json()


def test_a_retry_after_a_failed_resync_gets_the_failure_not_a_success(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    same = key()
    with pytest.raises(AdapterError) as first:
        identity.add_token(DOCTOR, HOTP, "111111", "222222", grant, same)
    # The counter moves (the doctor signs with the token), then the same request comes again.
    identity.verify_signing_code(DOCTOR, hotp(2))
    with pytest.raises(AdapterError) as again:
        identity.add_token(DOCTOR, HOTP, "111111", "222222", grant, same)
    assert again.value.to_json() == first.value.to_json()
    # The same key with other codes is refused by name, from any workstation.
    with pytest.raises(AdapterError) as reused:
        identity.add_token(DOCTOR, HOTP, hotp(3), hotp(4), grant, same)
    assert reused.value.code == "request_key_reused"


def test_a_resync_replayed_is_still_a_resync(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    same = key()
    first = identity.add_token(DOCTOR, HOTP, hotp(2), hotp(3), grant, same)
    again = identity.add_token(DOCTOR, HOTP, hotp(2), hotp(3), grant, same)
    assert first.resynced and again.resynced and again == first


def test_a_locked_token_is_resynced_only_under_a_fresh_step_up(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    for _ in range(10):
        with pytest.raises(AdapterError):
            identity.verify_signing_code(DOCTOR, "000000")
    assert identity.list_tokens(DOCTOR)[0].status is TokenStatus.LOCKED
    identity.clock = lambda: time.time() + 400  # the grant is no longer fresh
    with pytest.raises(AdapterError) as stale:
        identity.add_token(DOCTOR, HOTP, hotp(2), hotp(3), grant, key())
    assert stale.value.code == "step_up_required" and stale.value.details.get("fresh")


def test_wrong_phone_codes_pause_across_codes_and_workstations(identity, pi_server, tmp_path):
    phone = identity.list_phones(DOCTOR)[0]
    ahead = [0.0]
    identity.clock = lambda: time.time() + ahead[0]
    answers = []
    for _round in range(2):
        ahead[0] += 31
        sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
        right = pi_server.sink.for_phone(phone.number)[-1].code
        for _ in range(3 if _round == 0 else 2):
            with pytest.raises(AdapterError) as refused:
                identity.verify_phone_code(DOCTOR, sent.challenge_id, str(int(right) ^ 1).zfill(6))
            answers.append(refused.value)
    assert [a.code for a in answers] == ["wrong_code"] * 4 + ["too_many_tries"]
    assert answers[-1].details["paused_now"] and answers[-1].details["seconds_left"] == 300
    # Another workstation (or a restart) sees the same pause: it is kept on the server.
    other = adapter_for(pi_server, tmp_path)
    try:
        with pytest.raises(AdapterError) as paused:
            other.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
        assert paused.value.code == "too_many_tries"
        assert not other.phone_confirmation_locked(DOCTOR)
        assert other.unlock_phone_confirmation(DOCTOR) is True
        other.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    finally:
        other.close()
        other.lane.shutdown()
