"""The OTP engine: HOTP/TOTP codes, signing checks, two-code resync, failure lock-out.

Pure functions over immutable values: each call takes a token's state (and `now` for
time-based tokens) and returns an `OtpDecision` carrying the state to store. The caller
must store that state before acting on the answer and must not run two calls for the
same token at once, or a code could be accepted twice.
"""

from .check import check_code
from .codes import (
    MAX_COUNTER,
    Algorithm,
    CodeScanner,
    dynamic_truncate,
    format_code,
    generate_hotp,
    generate_totp,
    normalize_code,
    time_step,
)
from .model import (
    DEFAULT_POLICY,
    MAX_FAILURES_LIMIT,
    MAX_RESYNC_WINDOW,
    MAX_TOTP_RESYNC_STEPS,
    MIN_KEY_BYTES,
    OtpDecision,
    OtpPolicy,
    OtpTokenState,
    Reason,
)
from .resync import resync

__all__ = [
    "DEFAULT_POLICY",
    "MAX_COUNTER",
    "MAX_FAILURES_LIMIT",
    "MAX_RESYNC_WINDOW",
    "MAX_TOTP_RESYNC_STEPS",
    "MIN_KEY_BYTES",
    "Algorithm",
    "CodeScanner",
    "OtpDecision",
    "OtpPolicy",
    "OtpTokenState",
    "Reason",
    "check_code",
    "dynamic_truncate",
    "format_code",
    "generate_hotp",
    "generate_totp",
    "normalize_code",
    "resync",
    "time_step",
]
