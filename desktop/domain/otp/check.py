"""Checking one code, as signing a controlled-substance prescription does.

Every candidate in the small window is compared in constant time and the loop never
stops early, so how long a check takes says nothing about which counter or digit matched.
"""

from __future__ import annotations

import time
from dataclasses import replace

from desktop.domain.models import TokenKind

from .codes import MAX_COUNTER, CodeScanner, normalize_code, time_step
from .model import DEFAULT_POLICY, OtpDecision, OtpPolicy, OtpTokenState, Reason, refuse


def check_code(
    state: OtpTokenState,
    code: str,
    *,
    now: float | None = None,
    policy: OtpPolicy = DEFAULT_POLICY,
) -> OtpDecision:
    """Accept `code` at most once, and only while the token is unlocked.

    `now` (Unix seconds) matters for time-based tokens only; it is read from the clock
    here, at the edge, when not given, so the rules below stay pure and testable.
    A locked token is refused before any HMAC is computed: while locked, nothing about
    the key may be learnt from it.
    """
    if state.locked:
        return OtpDecision(Reason.LOCKED, state)
    typed = normalize_code(code, state.digits)
    if typed is None:
        return OtpDecision(Reason.MALFORMED, state)
    scanner = CodeScanner(state.key, state.algorithm, state.digits)
    if state.kind is TokenKind.HOTP:
        return _check_hotp(state, typed, scanner, policy)
    return _check_totp(state, typed, scanner, time.time() if now is None else now, policy)


def _check_hotp(
    state: OtpTokenState, typed: str, scanner: CodeScanner, policy: OtpPolicy
) -> OtpDecision:
    # Counters below the stored one are used; they are looked at only to say "already
    # used" instead of "wrong", which is what a doctor who typed an old code needs to hear.
    start = max(0, state.counter - policy.reuse_lookback)
    stop = min(state.counter + policy.hotp_check_window, MAX_COUNTER + 1)
    found: int | None = None
    used = False
    for counter in range(start, stop):
        if scanner.matches(counter, typed):
            if counter < state.counter:
                used = True
            elif found is None:
                found = counter
    if found is not None:
        stored = replace(state, counter=found + 1, fail_count=0)
        return OtpDecision(Reason.OK, stored, matched=found)
    return refuse(state, Reason.ALREADY_USED if used else Reason.WRONG_CODE, policy)


def _check_totp(
    state: OtpTokenState, typed: str, scanner: CodeScanner, now: float, policy: OtpPolicy
) -> OtpDecision:
    now_step = time_step(now, state.step_seconds, state.t0)
    centre = now_step + state.drift_steps
    last_used = -1 if state.last_used_step is None else state.last_used_step
    found: int | None = None
    used = False
    for step in range(centre - policy.totp_check_steps, centre + policy.totp_check_steps + 1):
        if scanner.matches(step, typed):
            if step <= last_used:
                used = True
            elif found is None:
                found = step
    if found is not None:
        # RFC 6238 section 6: follow the token's clock by storing the drift each accepted
        # code shows, so a slowly drifting token never walks out of the +-1 step window.
        drift = found - now_step
        stored = replace(state, last_used_step=found, drift_steps=drift, fail_count=0)
        return OtpDecision(Reason.OK, stored, matched=found, drift_steps=drift)
    return refuse(state, Reason.ALREADY_USED if used else Reason.WRONG_CODE, policy)
