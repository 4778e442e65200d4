"""Hardware tokens: the serial typed, the token's status, and the codes it shows."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.otp.model import OtpDecision
from desktop.domain.serials import suggest_serial, unknown_serial_message
from desktop.exostar.base import AdapterError, RefusalCode


def unknown_serial(serial: str, known: Iterable[str]) -> AdapterError:
    """No token has this serial; suggest the known one it most likely was."""
    suggestion = suggest_serial(serial, list(known))
    message, next_step = unknown_serial_message(serial, suggestion)
    return AdapterError(
        message, next_step, code=RefusalCode.UNKNOWN_SERIAL, serial=serial, suggestion=suggestion
    )


def token_revoked(serial: str) -> AdapterError:
    """Adding or syncing a token that was deactivated."""
    return AdapterError(
        f"Token {serial} was deactivated and can never be used again.",
        f"Use a new token. If this one was deactivated by mistake, {SUPPORT_CONTACT}.",
        code=RefusalCode.TOKEN_REVOKED,
    )


def token_other_account(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is registered to another account.",
        "Check the serial on the back of your own token. Each doctor needs their "
        f"own token; if this one is yours, {SUPPORT_CONTACT}.",
        code=RefusalCode.TOKEN_OTHER_ACCOUNT,
    )


def token_suspended(serial: str) -> AdapterError:
    """Syncing a suspended token."""
    return AdapterError(
        f"Token {serial} is suspended.",
        "Resume it in the token list before syncing it.",
        code=RefusalCode.TOKEN_SUSPENDED,
    )


def no_active_token() -> AdapterError:
    return AdapterError(
        "No hardware token is active on your account, so it cannot sign.",
        "Sync your token under Admin > EPCS Device Management, then sign again.",
        code=RefusalCode.NO_ACTIVE_TOKEN,
    )


def suspended_cannot_sign(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is suspended, so it cannot sign.",
        "Resume it under Admin > EPCS Device Management, then sign again.",
        code=RefusalCode.TOKEN_SUSPENDED,
    )


def token_not_on_account(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is not on your account.",
        "Check the serial number in the token list.",
        code=RefusalCode.UNKNOWN_SERIAL,
    )


def already_deactivated(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is already deactivated; it can never be used again.",
        "Nothing more to do for this token.",
        code=RefusalCode.TOKEN_REVOKED,
    )


def codes_do_not_sync(serial: str) -> AdapterError:
    """One answer for two codes that do not sync a token, whichever of them was wrong: the
    words never tell a guesser that the first code was right."""
    return AdapterError(
        f"These two codes do not sync token {serial}.",
        "Check the serial number. Press the button, type that code in One-Time Password 1, "
        "wait until the digits disappear, press once more and type the new code in One-Time "
        f"Password 2. If it fails again, {SUPPORT_CONTACT} to reset your token.",
        code=RefusalCode.CODES_REJECTED,
        serial=serial,
    )


def request_key_reused() -> AdapterError:
    """An idempotency key sent again with a different serial or different codes."""
    return AdapterError(
        "This request was already sent once with a different serial number or different codes, "
        "so it cannot be answered as a repeat.",
        "Nothing was changed by this one. Click Submit again to send it as a new request.",
        code=RefusalCode.REQUEST_KEY_REUSED,
    )


def signing_code_used_again(serial: str, *, time_token: bool) -> AdapterError:
    wait = (
        "Wait until the digits change (time tokens show a new code every 30 seconds), "
        "then type the new code."
        if time_token
        else "Press the token's button for a new code and type it."
    )
    return AdapterError(
        "That code has already been used, and each code works only once.",
        wait,
        code=RefusalCode.ALREADY_USED,
        serial=serial,
    )


def wrong_signing_code(serial: str, tries_left: int | None) -> AdapterError:
    tries = {} if tries_left is None else {"tries_left": tries_left}
    return AdapterError(
        "That code is not the one the token shows.",
        "Press the token's button and type the new code.",
        code=RefusalCode.WRONG_CODE,
        serial=serial,
        **tries,
    )


def token_locked(serial: str, *, locked_now: bool = False) -> AdapterError:
    return AdapterError(
        f"Token {serial} is locked after too many wrong codes.",
        "Sync it again under Admin > EPCS Device Management to unlock it.",
        code=RefusalCode.LOCKED,
        serial=serial,
        locked_now=locked_now,
    )


# Said by the embedded identity service -------------------------------------------------------


def token_code_refused(decision: OtpDecision, serial: str | None = None) -> AdapterError:
    """The OTP engine's own refusal of a token's code: its words already say what to do
    next, and its reason is the code."""
    return AdapterError(
        decision.message,
        "",
        code=decision.reason.value,
        locked_now=decision.locked_now,
        serial=serial,
    )


def seed_unreadable(serial: str) -> AdapterError:
    """A stored seed that the workstation's key does not open (moved without it, altered)."""
    return AdapterError(
        f"The stored secret of token {serial} cannot be read on this workstation.",
        "The identity database was moved without its key, or was altered. Restore "
        "it with its key, or import the token's seed file again.",
        code=RefusalCode.SEED_UNREADABLE,
    )


def not_a_demo_token(serial: str) -> AdapterError:
    """The demo device was asked for the code of a token that was not made for the demo."""
    return AdapterError(
        f"{serial} is not a demo token.",
        "Pick one of the demo tokens in the list.",
        code=RefusalCode.NOT_A_DEMO_TOKEN,
    )
