"""Re-synchronising a token from two consecutive codes (Add Token / Manage Token).

A token drifts from the server: a HOTP token counts every button press, seen or not, and
a TOTP token's clock runs fast or slow. Two consecutive codes found far ahead (or around
now) prove the doctor holds the token and tell where it is; one code alone would be
guessed in a 1,000-counter window once in a thousand tries.

The scan is the only expensive thing the engine does: its worst case, no match, computes
one HMAC per counter in the window, in `CodeScanner.find`'s tight loop.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from desktop.domain.models import TokenKind

from .codes import CodeScanner, normalize_code, time_step
from .model import DEFAULT_POLICY, OtpDecision, OtpPolicy, OtpTokenState, Reason, refuse


@dataclass(frozen=True, slots=True)
class _Window:
    start: int
    stop: int
    """Exclusive: the first code must lie in [start, stop); the second may be at stop."""
    first_unused: int
    """Counters or steps below this are used: a pair starting there is a replay."""


def resync(
    state: OtpTokenState,
    otp1: str,
    otp2: str,
    *,
    now: float | None = None,
    policy: OtpPolicy = DEFAULT_POLICY,
) -> OtpDecision:
    """Find `otp1` in the resync window with `otp2` right after it, and store past both.

    Runs on a locked token too: a successful resync is how a lock is lifted. Each
    refusal has its own reason because each needs a different action from the doctor.
    """
    first = normalize_code(otp1, state.digits)
    second = normalize_code(otp2, state.digits)
    if first is None or second is None:
        return OtpDecision(Reason.MALFORMED, state)
    if first == second:
        # Comparing two typed codes with each other reveals nothing about the key.
        return OtpDecision(Reason.IDENTICAL_CODES, state)
    if state.kind is TokenKind.HOTP:
        now_step = 0
        window = _hotp_window(state, policy)
    else:
        now_step = time_step(time.time() if now is None else now, state.step_seconds, state.t0)
        window = _totp_window(state, policy, now_step)

    scanner = CodeScanner(state.key, state.algorithm, state.digits)
    reason = Reason.OUTSIDE_RESYNC_WINDOW
    target = int(first)
    start = window.start
    while (hit := scanner.find(start, window.stop, target)) >= 0:
        used = hit < window.first_unused
        if scanner.matches(hit, first) and scanner.matches(hit + 1, second):
            if used:
                return refuse(state, Reason.ALREADY_USED, policy)
            return _synced(state, hit, now_step)
        # The first code alone was found: the second is wrong, unless the first was an
        # old code that the doctor should be told is used.
        if not used:
            reason = Reason.NOT_CONSECUTIVE
        elif reason is Reason.OUTSIDE_RESYNC_WINDOW:
            reason = Reason.ALREADY_USED
        start = hit + 1
    return refuse(state, reason, policy)


def _hotp_window(state: OtpTokenState, policy: OtpPolicy) -> _Window:
    # The scan starts a little below the stored counter only to recognise a replayed
    # pair (a second Submit); such a pair is refused, never accepted.
    return _Window(
        start=max(0, state.counter - policy.reuse_lookback),
        stop=state.counter + policy.hotp_resync_window,
        first_unused=state.counter,
    )


def _totp_window(state: OtpTokenState, policy: OtpPolicy, now_step: int) -> _Window:
    centre = now_step + state.drift_steps
    last_used = -1 if state.last_used_step is None else state.last_used_step
    return _Window(
        start=max(0, centre - policy.totp_resync_steps),
        stop=centre + policy.totp_resync_steps + 1,
        first_unused=last_used + 1,
    )


def _synced(state: OtpTokenState, hit: int, now_step: int) -> OtpDecision:
    if state.kind is TokenKind.HOTP:
        stored = replace(state, counter=hit + 2, fail_count=0, locked=False)
        return OtpDecision(Reason.OK, stored, matched=hit, presses_ahead=hit - state.counter)
    # The second code was read just before Submit, so its step is the best measure of
    # where the token's clock is now.
    drift = hit + 1 - now_step
    stored = replace(state, drift_steps=drift, last_used_step=hit + 1, fail_count=0, locked=False)
    return OtpDecision(Reason.OK, stored, matched=hit, drift_steps=drift)
