"""Checking a signing code: windows, single use, failure counting and the lock."""

from __future__ import annotations

import hmac
import time
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import desktop.domain.otp.check as check_module
from desktop.domain.models import TokenKind
from desktop.domain.otp import (
    Algorithm,
    OtpPolicy,
    OtpTokenState,
    Reason,
    check_code,
    generate_hotp,
    generate_totp,
    time_step,
)

FAST = settings(max_examples=40, deadline=None, database=None)

KEY = bytes(range(1, 21))
NOW = 1_700_000_000.0
NOW_STEP = time_step(NOW, 30)


def hotp_state(**changes: Any) -> OtpTokenState:
    return replace(OtpTokenState(kind=TokenKind.HOTP, key=KEY, counter=100), **changes)


def totp_state(**changes: Any) -> OtpTokenState:
    return replace(OtpTokenState(kind=TokenKind.TOTP, key=KEY), **changes)


def hotp(counter: int) -> str:
    return generate_hotp(KEY, counter)


def totp(step: int, digits: int = 6, algorithm: Algorithm = Algorithm.SHA1) -> str:
    return generate_hotp(KEY, step, digits, algorithm)


# --- HOTP ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ahead", [0, 1, 9])
def test_hotp_code_inside_the_look_ahead_window_is_accepted(ahead: int) -> None:
    decision = check_code(hotp_state(fail_count=3), hotp(100 + ahead))
    assert decision.accepted and decision.reason is Reason.OK
    assert decision.matched == 100 + ahead
    assert decision.state.counter == 101 + ahead
    assert decision.state.fail_count == 0


def test_hotp_code_beyond_the_look_ahead_window_is_wrong() -> None:
    decision = check_code(hotp_state(), hotp(110))
    assert decision.reason is Reason.WRONG_CODE
    assert decision.state.counter == 100
    assert decision.state.fail_count == 1


def test_hotp_look_ahead_window_is_configurable() -> None:
    decision = check_code(hotp_state(), hotp(130), policy=OtpPolicy(hotp_check_window=31))
    assert decision.accepted and decision.state.counter == 131


def test_hotp_code_is_accepted_once_only() -> None:
    first = check_code(hotp_state(), hotp(103))
    again = check_code(first.state, hotp(103))
    assert first.accepted
    assert again.reason is Reason.ALREADY_USED
    assert again.state.counter == 104
    assert again.state.fail_count == 1


def test_hotp_skipped_codes_die_with_a_later_one() -> None:
    """Pressing twice and typing the second code makes the first one unusable."""
    later = check_code(hotp_state(), hotp(101))
    assert check_code(later.state, hotp(100)).reason is Reason.ALREADY_USED


def test_hotp_old_code_beyond_the_lookback_is_just_wrong() -> None:
    assert check_code(hotp_state(), hotp(89)).reason is Reason.WRONG_CODE
    assert check_code(hotp_state(), hotp(90)).reason is Reason.ALREADY_USED


def test_hotp_every_candidate_is_compared_in_constant_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No early exit: the time a check takes does not depend on where the code matched."""
    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert check_code(hotp_state(), hotp(100)).accepted
    assert len(calls) == 10 + 10  # lookback + look-ahead
    assert all(typed == hotp(100) for _, typed in calls)


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "12a456", "\u00b9\u00b2\u00b3456"])
def test_malformed_code_is_refused_without_counting(typed: str) -> None:
    decision = check_code(hotp_state(fail_count=9), typed)
    assert decision.reason is Reason.MALFORMED
    assert decision.state == hotp_state(fail_count=9)


def test_code_typed_with_the_tokens_space_is_accepted() -> None:
    code = hotp(100)
    assert check_code(hotp_state(), f"{code[:3]} {code[3:]}").accepted


def test_eight_digit_sha256_hotp_token() -> None:
    state = hotp_state(digits=8, algorithm=Algorithm.SHA256)
    code = generate_hotp(KEY, 102, 8, Algorithm.SHA256)
    assert check_code(state, code).accepted
    assert check_code(state, code[:6]).reason is Reason.MALFORMED


# --- failures and the lock -----------------------------------------------------------------


def test_tenth_wrong_code_locks_the_token_and_says_so() -> None:
    state = hotp_state()
    for attempt in range(1, 10):
        decision = check_code(state, hotp(500))
        state = decision.state
        assert decision.reason is Reason.WRONG_CODE
        assert (state.fail_count, state.locked, decision.locked_now) == (attempt, False, False)
    decision = check_code(state, hotp(500))
    assert decision.state.locked and decision.locked_now
    assert decision.state.fail_count == 10
    assert "now locked" in decision.message
    assert decision.message.startswith(Reason.WRONG_CODE.message)


def test_locked_token_refuses_even_the_right_code_without_computing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_hmac(*args: object) -> None:
        raise AssertionError("a locked token must not compute codes")

    monkeypatch.setattr(check_module, "CodeScanner", no_hmac)
    locked = hotp_state(fail_count=10, locked=True)
    decision = check_code(locked, hotp(100))
    assert decision.reason is Reason.LOCKED
    assert decision.state == locked
    assert not decision.locked_now
    assert check_code(totp_state(locked=True), "not even digits").reason is Reason.LOCKED


def test_failure_limit_is_configurable() -> None:
    policy = OtpPolicy(max_failures=3)
    state = hotp_state(fail_count=2)
    assert check_code(state, hotp(300), policy=policy).state.locked


def test_success_resets_the_failure_count() -> None:
    failed = check_code(hotp_state(), hotp(300)).state
    assert failed.fail_count == 1
    assert check_code(failed, hotp(100)).state.fail_count == 0


# --- TOTP ----------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_totp_code_within_one_step_is_accepted_and_drift_followed(offset: int) -> None:
    decision = check_code(totp_state(), totp(NOW_STEP + offset), now=NOW)
    assert decision.accepted
    assert decision.matched == NOW_STEP + offset
    assert decision.state.last_used_step == NOW_STEP + offset
    assert decision.state.drift_steps == offset == decision.drift_steps
    assert decision.drift_seconds == 30 * offset


@pytest.mark.parametrize("offset", [-2, 2, 40])
def test_totp_code_further_than_one_step_is_wrong(offset: int) -> None:
    decision = check_code(totp_state(), totp(NOW_STEP + offset), now=NOW)
    assert decision.reason is Reason.WRONG_CODE
    assert decision.state.fail_count == 1
    assert decision.state.last_used_step is None


def test_totp_window_is_centred_on_the_stored_drift() -> None:
    state = totp_state(drift_steps=40)
    assert check_code(state, totp(NOW_STEP + 41), now=NOW).accepted
    assert check_code(state, totp(NOW_STEP), now=NOW).reason is Reason.WRONG_CODE


def test_totp_code_is_accepted_once_only() -> None:
    first = check_code(totp_state(), totp(NOW_STEP), now=NOW)
    again = check_code(first.state, totp(NOW_STEP), now=NOW + 5)
    assert again.reason is Reason.ALREADY_USED
    assert again.state.fail_count == 1


def test_totp_step_at_or_before_the_last_used_one_is_already_used() -> None:
    used = totp_state(last_used_step=NOW_STEP + 1)
    assert check_code(used, totp(NOW_STEP), now=NOW).reason is Reason.ALREADY_USED
    assert check_code(used, totp(NOW_STEP - 1), now=NOW).reason is Reason.ALREADY_USED


def test_totp_with_other_step_t0_digits_and_hash() -> None:
    state = totp_state(step_seconds=60, t0=15, digits=8, algorithm=Algorithm.SHA512)
    code = generate_totp(KEY, NOW, step=60, digits=8, algorithm=Algorithm.SHA512, t0=15)
    decision = check_code(state, code, now=NOW)
    assert decision.accepted
    assert decision.matched == time_step(NOW, 60, 15)


def test_totp_reads_the_clock_when_now_is_not_given() -> None:
    assert check_code(totp_state(), generate_totp(KEY, time.time())).accepted


def test_hotp_ignores_now() -> None:
    assert check_code(hotp_state(), hotp(100), now=0.0).accepted


# --- properties ----------------------------------------------------------------------------


@FAST
@given(
    start=st.integers(min_value=0, max_value=10**9),
    presses=st.lists(st.integers(min_value=-15, max_value=15), min_size=1, max_size=8),
)
def test_hotp_counter_only_moves_forward(start: int, presses: list[int]) -> None:
    """Whatever codes are typed, each accepted counter lies beyond every earlier one."""
    state = hotp_state(counter=start)
    accepted: list[int] = []
    for offset in presses:
        counter = max(0, state.counter + offset)
        decision = check_code(state, hotp(counter))
        if decision.accepted:
            assert decision.matched is not None and decision.matched >= state.counter
            accepted.append(decision.matched)
            assert decision.state.counter == decision.matched + 1
        else:
            assert decision.state.counter == state.counter
        state = decision.state
    assert accepted == sorted(set(accepted))


@FAST
@given(offsets=st.lists(st.integers(min_value=-3, max_value=3), min_size=1, max_size=8))
def test_totp_never_accepts_a_step_twice(offsets: list[int]) -> None:
    state = totp_state()
    accepted: list[int] = []
    for offset in offsets:
        decision = check_code(state, totp(NOW_STEP + offset), now=NOW)
        if decision.accepted:
            assert decision.matched is not None
            accepted.append(decision.matched)
        state = decision.state
    assert accepted == sorted(set(accepted))
