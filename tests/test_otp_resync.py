"""Two-code resync: the window, consecutiveness, replays, unlocking, and its properties."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.domain.models import TokenKind
from desktop.domain.otp import (
    Algorithm,
    CodeScanner,
    OtpPolicy,
    OtpTokenState,
    Reason,
    check_code,
    generate_hotp,
    resync,
    time_step,
)

FAST = settings(max_examples=40, deadline=None, database=None)

KEY = b"GALH12345678-seed-of-20"[:20]
NOW = 1_700_000_000.0
NOW_STEP = time_step(NOW, 30)
DAY_STEPS = 24 * 3600 // 30


def hotp_state(**changes: Any) -> OtpTokenState:
    return replace(OtpTokenState(kind=TokenKind.HOTP, key=KEY), **changes)


def totp_state(**changes: Any) -> OtpTokenState:
    return replace(OtpTokenState(kind=TokenKind.TOTP, key=KEY), **changes)


def code(counter: int, key: bytes = KEY) -> str:
    return generate_hotp(key, counter)


def pair(counter: int, key: bytes = KEY) -> tuple[str, str]:
    return code(counter, key), code(counter + 1, key)


# --- HOTP ----------------------------------------------------------------------------------


def test_hotp_token_far_ahead_is_found_and_stored_past_both_codes() -> None:
    locked = hotp_state(counter=50, fail_count=10, locked=True)
    decision = resync(locked, *pair(750))
    assert decision.accepted and decision.reason is Reason.OK
    assert decision.presses_ahead == 700
    assert decision.matched == 750
    assert decision.state.counter == 752
    assert decision.state.fail_count == 0
    assert not decision.state.locked
    assert check_code(decision.state, code(752)).accepted


def test_hotp_token_in_step_has_zero_presses_ahead() -> None:
    decision = resync(hotp_state(counter=7), *pair(7))
    assert decision.accepted and decision.presses_ahead == 0


def test_hotp_default_window_is_one_thousand_counters() -> None:
    assert resync(hotp_state(), *pair(999)).accepted
    decision = resync(hotp_state(), *pair(1000))
    assert decision.reason is Reason.OUTSIDE_RESYNC_WINDOW
    assert decision.state.fail_count == 1
    assert decision.message.startswith("Your token is outside of the re-activation window")


def test_hotp_window_can_be_widened_to_one_hundred_thousand() -> None:
    policy = OtpPolicy(hotp_resync_window=100_000)
    decision = resync(hotp_state(counter=5), *pair(100_004), policy=policy)
    assert decision.accepted and decision.presses_ahead == 99_999
    with pytest.raises(ValueError):
        OtpPolicy(hotp_resync_window=100_001)


def test_identical_codes_are_refused_without_counting() -> None:
    first = code(300)
    decision = resync(hotp_state(fail_count=4), first, first)
    assert decision.reason is Reason.IDENTICAL_CODES
    assert decision.state == hotp_state(fail_count=4)
    assert resync(totp_state(), first, f" {first}", now=NOW).reason is Reason.IDENTICAL_CODES


@pytest.mark.parametrize(
    ("first", "second"),
    [(300, 302), (301, 300), (300, 900)],
    ids=["skipped-a-press", "swapped", "far-apart"],
)
def test_hotp_codes_that_do_not_follow_each_other(first: int, second: int) -> None:
    decision = resync(hotp_state(), code(first), code(second))
    assert decision.reason is Reason.NOT_CONSECUTIVE
    assert decision.state.fail_count == 1
    assert decision.state.counter == 0


def test_second_submit_of_the_same_pair_is_already_used() -> None:
    codes = pair(420)
    first = resync(hotp_state(), *codes)
    second = resync(first.state, *codes)
    assert second.reason is Reason.ALREADY_USED
    assert second.state.counter == 422
    assert second.state.fail_count == 1
    assert "Active" in second.message


@pytest.mark.parametrize("start", [99, 98, 90])
def test_hotp_pair_starting_below_the_counter_is_already_used(start: int) -> None:
    assert resync(hotp_state(counter=100), *pair(start)).reason is Reason.ALREADY_USED


def test_hotp_used_first_code_with_a_fresh_second_is_already_used() -> None:
    decision = resync(hotp_state(counter=100), code(95), code(400))
    assert decision.reason is Reason.ALREADY_USED


def test_hotp_pair_far_below_the_counter_is_not_found() -> None:
    decision = resync(hotp_state(counter=100), *pair(20))
    assert decision.reason is Reason.OUTSIDE_RESYNC_WINDOW


@pytest.mark.parametrize(("first", "second"), [("12345", "123456"), ("abcdef", "123456"), ("", "")])
def test_malformed_resync_codes_are_refused_without_counting(first: str, second: str) -> None:
    locked = hotp_state(fail_count=10, locked=True)
    decision = resync(locked, first, second)
    assert decision.reason is Reason.MALFORMED
    assert decision.state == locked


def test_failed_resyncs_lock_and_a_good_one_unlocks() -> None:
    state = hotp_state()
    for _ in range(10):
        state = resync(state, *pair(5000)).state
    assert state.locked and state.fail_count == 10
    assert check_code(state, code(0)).reason is Reason.LOCKED
    decision = resync(state, *pair(12))
    assert decision.accepted and not decision.state.locked and decision.state.fail_count == 0


def test_a_lone_earlier_match_of_the_first_code_does_not_hide_the_pair() -> None:
    """6 digits collide: by the birthday bound a code repeats within a few thousand counters."""
    scanner = CodeScanner(KEY, Algorithm.SHA1, 6)
    seen: dict[int, int] = {}
    for counter in range(20_000):
        value = scanner.code_at(counter)
        if value in seen and scanner.code_at(seen[value] + 1) != scanner.code_at(counter + 1):
            break
        seen.setdefault(value, counter)
    else:
        pytest.fail("no repeated code in 20,000 counters")
    policy = OtpPolicy(hotp_resync_window=counter + 1)
    decision = resync(hotp_state(), *pair(counter), policy=policy)
    assert decision.accepted and decision.matched == counter > seen[value]


# --- TOTP ----------------------------------------------------------------------------------


def totp_pair(token_step: int) -> tuple[str, str]:
    """The codes a doctor reads: one step apart, the second just before Submit."""
    return code(token_step - 1), code(token_step)


@pytest.mark.parametrize("drift", [0, 20, -20, DAY_STEPS, -DAY_STEPS + 1])
def test_totp_drift_within_a_day_is_found_and_stored(drift: int) -> None:
    locked = totp_state(fail_count=10, locked=True)
    decision = resync(locked, *totp_pair(NOW_STEP + drift), now=NOW)
    assert decision.accepted
    assert decision.drift_steps == drift == decision.state.drift_steps
    assert decision.drift_seconds == 30 * drift
    assert decision.state.last_used_step == NOW_STEP + drift
    assert not decision.state.locked and decision.state.fail_count == 0
    follow_up = check_code(decision.state, code(NOW_STEP + drift + 1), now=NOW + 30)
    assert follow_up.accepted


@pytest.mark.parametrize("drift", [DAY_STEPS + 2, -DAY_STEPS - 1, 10 * DAY_STEPS])
def test_totp_drift_beyond_a_day_is_outside_the_window(drift: int) -> None:
    decision = resync(totp_state(), *totp_pair(NOW_STEP + drift), now=NOW)
    assert decision.reason is Reason.OUTSIDE_RESYNC_WINDOW
    assert decision.state.fail_count == 1


def test_totp_window_is_centred_on_the_stored_drift_and_configurable() -> None:
    policy = OtpPolicy(totp_resync_steps=10)
    state = totp_state(drift_steps=100)
    assert resync(state, *totp_pair(NOW_STEP + 108), now=NOW, policy=policy).accepted
    far = resync(state, *totp_pair(NOW_STEP + 120), now=NOW, policy=policy)
    assert far.reason is Reason.OUTSIDE_RESYNC_WINDOW


def test_totp_replayed_pair_is_already_used() -> None:
    codes = totp_pair(NOW_STEP)
    first = resync(totp_state(), *codes, now=NOW)
    second = resync(first.state, *codes, now=NOW + 3)
    assert second.reason is Reason.ALREADY_USED
    assert second.state.last_used_step == NOW_STEP


def test_totp_pair_at_or_before_the_last_used_step_is_already_used() -> None:
    state = totp_state(last_used_step=NOW_STEP - 5)
    for first_step in (NOW_STEP - 5, NOW_STEP - 6, NOW_STEP - 200):
        decision = resync(state, code(first_step), code(first_step + 1), now=NOW)
        assert decision.reason is Reason.ALREADY_USED
    decision = resync(state, code(NOW_STEP - 4), code(NOW_STEP - 3), now=NOW)
    assert decision.accepted and decision.drift_steps == -3


def test_totp_codes_two_steps_apart_are_not_consecutive() -> None:
    decision = resync(totp_state(), code(NOW_STEP - 2), code(NOW_STEP), now=NOW)
    assert decision.reason is Reason.NOT_CONSECUTIVE


# --- properties ----------------------------------------------------------------------------

keys = st.binary(min_size=16, max_size=64)
WINDOW = 200


@FAST
@given(key=keys, counter=st.integers(min_value=0, max_value=10**12), ahead=st.integers(0, 199))
def test_hotp_resync_finds_every_pair_inside_the_window(
    key: bytes, counter: int, ahead: int
) -> None:
    state = OtpTokenState(kind=TokenKind.HOTP, key=key, counter=counter)
    policy = OtpPolicy(hotp_resync_window=WINDOW)
    decision = resync(state, *pair(counter + ahead, key), policy=policy)
    if decision.reason is Reason.IDENTICAL_CODES:  # two equal consecutive codes: 1 in 10^6
        return
    assert decision.accepted
    assert decision.matched is not None and decision.matched <= counter + ahead
    assert decision.state.counter == decision.matched + 2
    assert decision.presses_ahead == decision.matched - counter


@FAST
@given(
    key=keys,
    stored_drift=st.integers(min_value=-3000, max_value=3000),
    offset=st.integers(min_value=-100, max_value=100),
    now=st.floats(min_value=1e9, max_value=4e9),
)
def test_totp_resync_finds_every_pair_inside_the_window(
    key: bytes, stored_drift: int, offset: int, now: float
) -> None:
    state = OtpTokenState(kind=TokenKind.TOTP, key=key, drift_steps=stored_drift)
    policy = OtpPolicy(totp_resync_steps=100)
    now_step = time_step(now, 30)
    first_step = now_step + stored_drift + offset
    decision = resync(state, *pair(first_step, key), now=now, policy=policy)
    if decision.reason is Reason.IDENTICAL_CODES:
        return
    assert decision.accepted
    assert decision.matched is not None and decision.matched <= first_step
    assert decision.drift_steps == decision.matched + 1 - now_step
    assert decision.state.last_used_step == decision.matched + 1


@FAST
@given(
    key=keys,
    counter=st.integers(min_value=2, max_value=10**12),
    behind=st.integers(min_value=1, max_value=50),
    lookback=st.integers(min_value=0, max_value=20),
)
def test_hotp_resync_never_accepts_a_used_code(
    key: bytes, counter: int, behind: int, lookback: int
) -> None:
    assume(behind <= counter)
    state = OtpTokenState(kind=TokenKind.HOTP, key=key, counter=counter)
    policy = OtpPolicy(hotp_resync_window=WINDOW, reuse_lookback=lookback)
    decision = resync(state, *pair(counter - behind, key), policy=policy)
    assert not decision.accepted
    if behind <= lookback and decision.reason is not Reason.IDENTICAL_CODES:
        assert decision.reason is Reason.ALREADY_USED
    replay = resync(state, code(counter - behind, key), code(counter, key), policy=policy)
    assert not replay.accepted or (replay.matched is not None and replay.matched >= counter)


@FAST
@given(
    key=keys,
    last_used=st.integers(min_value=-100, max_value=100),
    first=st.integers(min_value=-100, max_value=100),
)
def test_totp_resync_never_accepts_a_used_step(key: bytes, last_used: int, first: int) -> None:
    state = OtpTokenState(kind=TokenKind.TOTP, key=key, last_used_step=NOW_STEP + last_used)
    policy = OtpPolicy(totp_resync_steps=150)
    decision = resync(state, *pair(NOW_STEP + first, key), now=NOW, policy=policy)
    if decision.accepted:
        assert decision.matched is not None and decision.matched > NOW_STEP + last_used
    elif first <= last_used and decision.reason is not Reason.IDENTICAL_CODES:
        assert decision.reason is Reason.ALREADY_USED
