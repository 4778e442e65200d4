"""What the OTP engine stores per token, the limits it enforces, and the answers it gives.

Everything here is an immutable value: a check or a resync returns the state to store
instead of mutating one, so a caller that fails to save it has accepted nothing, and the
storage layer decides how to write the new state atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Final

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.models import TokenKind

from .codes import MAX_COUNTER, Algorithm, validate_digits

MIN_KEY_BYTES: Final = 16
"""RFC 4226 R6: the shared secret MUST be at least 128 bits."""
MAX_RESYNC_WINDOW: Final = 100_000
"""Codes a HOTP resync may scan: about a quarter of a second; more invites brute force."""
MAX_TOTP_RESYNC_STEPS: Final = 50_000
"""Steps either side of now, so a TOTP resync scans at most as many codes as a HOTP one."""
MAX_FAILURES_LIMIT: Final = 100
"""NIST SP 800-63B 5.2.2: no more than 100 consecutive failed attempts."""


@dataclass(frozen=True, slots=True)
class OtpTokenState:
    """One token as the engine sees it. `key` is secret: it is kept out of `repr`."""

    kind: TokenKind
    key: bytes = field(repr=False)
    algorithm: Algorithm = Algorithm.SHA1
    digits: int = 6
    step_seconds: int = 30
    """TOTP time step."""
    t0: int = 0
    """TOTP epoch (Unix seconds) at which step 0 starts."""
    counter: int = 0
    """HOTP: the next counter the server expects; every counter below it is used."""
    drift_steps: int = 0
    """TOTP: the token's clock minus ours, in whole steps (drift in seconds is this times
    `step_seconds`). PSKC files also express drift in steps."""
    last_used_step: int | None = None
    """TOTP: the step of the last accepted code; it and every earlier step are used."""
    fail_count: int = 0
    """Consecutive refused codes since the last accepted one."""
    locked: bool = False
    """Set when `fail_count` reaches the policy limit; only a resync clears it."""

    def __post_init__(self) -> None:
        # Coerce the enums so rows read back from a database as plain strings still work.
        object.__setattr__(self, "kind", TokenKind(self.kind))
        object.__setattr__(self, "algorithm", Algorithm.parse(self.algorithm))
        if len(self.key) < MIN_KEY_BYTES:
            raise ValueError(f"the token key must be at least {MIN_KEY_BYTES} bytes")
        validate_digits(self.digits)
        if self.step_seconds < 1:
            raise ValueError("the time step must be at least 1 second")
        if not 0 <= self.counter <= MAX_COUNTER:
            raise ValueError("the counter must fit in 8 unsigned bytes")
        if self.fail_count < 0:
            raise ValueError("the failure count cannot be negative")

    def after_failure(self, policy: OtpPolicy) -> OtpTokenState:
        """Count a refused code; the one that reaches the limit locks the token."""
        fails = self.fail_count + 1
        return replace(self, fail_count=fails, locked=self.locked or fails >= policy.max_failures)


@dataclass(frozen=True, slots=True)
class OtpPolicy:
    """Windows and limits. The defaults are privacyIDEA's, which Exostar-like services match."""

    hotp_check_window: int = 10
    """Counters from the stored one a signing code may be found at (RFC 4226 7.4: small)."""
    totp_check_steps: int = 1
    """Steps either side of now + drift a signing code may be from (RFC 6238 5.2: one)."""
    hotp_resync_window: int = 1000
    """Counters from the stored one the first resync code is searched in."""
    totp_resync_steps: int = 2880
    """Steps either side of now + drift the first resync code is searched in (24 h of 30 s)."""
    reuse_lookback: int = 10
    """HOTP counters below the stored one that are checked so a used code is reported as
    used rather than wrong (a second Submit replays the pair just consumed: two below)."""
    max_failures: int = 10
    """Consecutive refused codes that lock the token."""

    def __post_init__(self) -> None:
        _check_range("hotp_check_window", self.hotp_check_window, 1, 100)
        _check_range("totp_check_steps", self.totp_check_steps, 0, 10)
        _check_range("hotp_resync_window", self.hotp_resync_window, 1, MAX_RESYNC_WINDOW)
        _check_range("totp_resync_steps", self.totp_resync_steps, 1, MAX_TOTP_RESYNC_STEPS)
        _check_range("reuse_lookback", self.reuse_lookback, 0, 1000)
        _check_range("max_failures", self.max_failures, 1, MAX_FAILURES_LIMIT)


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, not {value!r}")


DEFAULT_POLICY: Final = OtpPolicy()


class Reason(StrEnum):
    """Why a code was accepted or refused; each one tells the doctor something different."""

    OK = "ok"
    WRONG_CODE = "wrong_code"
    ALREADY_USED = "already_used"
    IDENTICAL_CODES = "identical_codes"
    NOT_CONSECUTIVE = "not_consecutive"
    OUTSIDE_RESYNC_WINDOW = "outside_resync_window"
    LOCKED = "locked"
    MALFORMED = "malformed"

    @property
    def counts_as_failure(self) -> bool:
        """Only answers that compared the input against the key cost an attempt.

        A typo in the format or two identical codes reveal nothing about the key, so they
        are refused without bringing the token closer to its lock.
        """
        return self in _FAILURES

    @property
    def message(self) -> str:
        """Plain words for the doctor, with what to do next."""
        return _MESSAGES[self]


_FAILURES: Final = frozenset(
    {Reason.WRONG_CODE, Reason.ALREADY_USED, Reason.NOT_CONSECUTIVE, Reason.OUTSIDE_RESYNC_WINDOW}
)

_MESSAGES: Final = {
    Reason.OK: "The code was accepted: your token is working.",
    Reason.WRONG_CODE: (
        "That code does not match your token. Check that you are using the token with this "
        "serial number, press its button for a new code and type it again."
    ),
    Reason.ALREADY_USED: (
        "That code has already been used, and each code works only once. If you clicked "
        "Submit twice, the first click already synced your token: check that Token Status "
        "shows Active. Otherwise press the token's button for a new code."
    ),
    Reason.IDENTICAL_CODES: (
        "The two codes are the same: the second button press came too soon. Wait until the "
        "digits disappear from the token's screen (about 30 seconds), press the button "
        "again and type the new code in One-Time Password 2."
    ),
    Reason.NOT_CONSECUTIVE: (
        "The two codes are not one right after the other. Press the button once and type "
        "that code in One-Time Password 1, wait until the digits disappear, press once more "
        "and type the new code in One-Time Password 2, then click Submit once."
    ),
    Reason.OUTSIDE_RESYNC_WINDOW: (
        "Your token is outside of the re-activation window, or a code was mistyped. Check "
        "the serial number, then try once more with two new codes. If it fails again, "
        f"{SUPPORT_CONTACT} to reset your token."
    ),
    Reason.LOCKED: (
        "This token is locked after too many wrong codes. Sync it again under Manage Token "
        "with two new codes to unlock it."
    ),
    Reason.MALFORMED: (
        "A code is the 6 (or 8) digits shown on the token, numbers only. Type it exactly "
        "as the token shows it."
    ),
}


@dataclass(frozen=True, slots=True)
class OtpDecision:
    """The answer to a check or a resync, and the state to store whatever the answer."""

    reason: Reason
    state: OtpTokenState
    matched: int | None = None
    """HOTP counter or TOTP step of the accepted code (the first one, for a resync)."""
    presses_ahead: int | None = None
    """HOTP resync: how many codes the token had made that the server never saw."""
    drift_steps: int | None = None
    """TOTP, accepted: the token's clock minus ours in steps, as now stored."""
    locked_now: bool = False
    """This very refusal locked the token, which the doctor needs to be told."""
    accepted: bool = field(init=False)

    def __post_init__(self) -> None:
        # Derived, not passed, so an accepted decision can never carry a refusal reason.
        object.__setattr__(self, "accepted", self.reason is Reason.OK)

    @property
    def drift_seconds(self) -> int | None:
        if self.drift_steps is None:
            return None
        return self.drift_steps * self.state.step_seconds

    @property
    def message(self) -> str:
        if self.locked_now:
            return f"{self.reason.message} {_LOCKED_NOW}"
        return self.reason.message


_LOCKED_NOW: Final = (
    "That was one wrong code too many, so the token is now locked: sync it again under "
    "Manage Token to unlock it."
)


def refuse(state: OtpTokenState, reason: Reason, policy: OtpPolicy) -> OtpDecision:
    """A refusal, counted against the token when the reason says it costs an attempt."""
    if not reason.counts_as_failure:
        return OtpDecision(reason, state)
    counted = state.after_failure(policy)
    return OtpDecision(reason, counted, locked_now=counted.locked and not state.locked)
