"""The embedded identity service against a guesser: phone codes, squatting, resync, retries."""

from __future__ import annotations

import pytest

from desktop.demo import DEMO_KEY
from desktop.domain.models import PhoneChannel, TokenStatus
from desktop.exostar.base import AdapterError
from tests.holes import grant, newest_code, notices, send, token_rows, wrong_for
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


# Hole 1: phone codes cannot be guessed ---------------------------------------------------
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
