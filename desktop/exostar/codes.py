"""`RefusalCode`: why an identity service said no, one typed vocabulary for every adapter.

Imported from `desktop.exostar.base` with the rest of the adapter contract; the words for
each refusal are in `desktop.exostar.refusals`.
"""

from __future__ import annotations

from enum import StrEnum


class RefusalCode(StrEnum):
    """Why an identity service said no: one member per refusal any adapter gives.

    A member is its string (`RefusalCode.WRONG_CODE == "wrong_code"`), so stored answers,
    audit reasons, the UI contract and scripts read the same values as before.
    """

    ERROR = "error"
    UNKNOWN_ACCOUNT = "unknown_account"
    BAD_SETTINGS = "bad_settings"
    # Reaching the service.
    SERVICE_UNREACHABLE = "service_unreachable"
    SERVICE_SLOW = "service_slow"
    TIMEOUT = "timeout"
    SERVICE_ERROR = "service_error"
    SERVICE_REFUSED = "service_refused"
    SERVICE_ACCOUNT_REFUSED = "service_account_refused"
    BAD_SIGNATURE = "bad_signature"
    TLS_UNTRUSTED = "tls_untrusted"
    NO_KEYRING = "no_keyring"
    SEED_UNREADABLE = "seed_unreadable"
    # Phones and step-up codes.
    UNKNOWN_PHONE = "unknown_phone"
    CHANNEL_UNAVAILABLE = "channel_unavailable"
    CODE_NOT_SENT = "code_not_sent"
    RESEND_TOO_SOON = "resend_too_soon"
    NO_CODE = "no_code"
    CODE_MALFORMED = "code_malformed"
    CODE_REPLACED = "code_replaced"
    CODE_USED = "code_used"
    CODE_EXPIRED = "code_expired"
    TOO_MANY_TRIES = "too_many_tries"
    PHONE_LOCKED = "phone_locked"
    STEP_UP_REQUIRED = "step_up_required"
    # Token codes (the OTP engine's reasons keep their names).
    WRONG_CODE = "wrong_code"
    ALREADY_USED = "already_used"
    IDENTICAL_CODES = "identical_codes"
    NOT_CONSECUTIVE = "not_consecutive"
    OUTSIDE_RESYNC_WINDOW = "outside_resync_window"
    MALFORMED = "malformed"
    LOCKED = "locked"
    CODES_REJECTED = "codes_rejected"
    REQUEST_KEY_REUSED = "request_key_reused"
    # Tokens.
    UNKNOWN_SERIAL = "unknown_serial"
    TOKEN_REVOKED = "token_revoked"
    TOKEN_OTHER_ACCOUNT = "token_other_account"
    TOKEN_SUSPENDED = "token_suspended"
    NO_ACTIVE_TOKEN = "no_active_token"
    NOT_A_DEMO_TOKEN = "not_a_demo_token"

    @property
    def spends_codes(self) -> bool:
        """The one-time codes the doctor typed were compared and are used up: the form clears
        them and asks for new ones. Any other refusal leaves what was typed in place."""
        return self in _SPENDS_CODES

    @classmethod
    def of(cls, code: object) -> RefusalCode:
        """The member for a stored or received code; `ERROR` for one this version does not
        know (an answer stored by a newer version, a third-party adapter's own code)."""
        try:
            return cls(str(code))
        except ValueError:
            return cls.ERROR


_SPENDS_CODES = frozenset(
    {
        # a token's codes (sync and signing)
        RefusalCode.WRONG_CODE,
        RefusalCode.ALREADY_USED,
        RefusalCode.NOT_CONSECUTIVE,
        RefusalCode.OUTSIDE_RESYNC_WINDOW,
        RefusalCode.CODES_REJECTED,
        # a phone code
        RefusalCode.CODE_EXPIRED,
        RefusalCode.CODE_USED,
        RefusalCode.CODE_REPLACED,
        RefusalCode.TOO_MANY_TRIES,
        RefusalCode.PHONE_LOCKED,
    }
)


def spends_codes(code: str) -> bool:
    """For a code received as a string (a signal's argument): see `RefusalCode.spends_codes`."""
    return RefusalCode.of(code).spends_codes
