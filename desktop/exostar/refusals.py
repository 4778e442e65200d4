"""Refusals every identity service words the same way, whichever adapter gives them.

A doctor who moves between a workstation on the embedded service and one on the
clinic's server reads the same sentence for the same situation.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.serials import suggest_serial, unknown_serial_message
from desktop.exostar.base import AdapterError


def unknown_phone() -> AdapterError:
    return AdapterError(
        "That phone is not on your account.",
        "Pick a phone from the Manage Phones list.",
        code="unknown_phone",
    )


def resend_too_soon(seconds: int) -> AdapterError:
    return AdapterError(
        "A code was sent moments ago; it may still be on its way.",
        f"You can ask for a new one in {seconds} seconds.",
        code="resend_too_soon",
        seconds_left=seconds,
    )


def code_malformed() -> AdapterError:
    return AdapterError(
        "The code is the 6 digits from the message, numbers only.",
        "Type it exactly as it arrived.",
        code="code_malformed",
    )


def wrong_phone_code(tries_left: int) -> AdapterError:
    tries = "try" if tries_left == 1 else "tries"
    return AdapterError(
        "That code does not match the one we sent.",
        f"Check the message and type it again: {tries_left} {tries} left.",
        code="wrong_code",
        tries_left=tries_left,
    )


def step_up_required() -> AdapterError:
    return AdapterError(
        "Your phone confirmation is missing or has run out (it lasts 15 minutes).",
        "Click Authenticate under Manage Phones, type the code sent to your phone, "
        "then try again. What you typed is kept.",
        code="step_up_required",
    )


def unknown_serial(serial: str, known: Iterable[str]) -> AdapterError:
    """No token has this serial; suggest the known one it most likely was."""
    suggestion = suggest_serial(serial, list(known))
    message, next_step = unknown_serial_message(serial, suggestion)
    return AdapterError(
        message, next_step, code="unknown_serial", serial=serial, suggestion=suggestion
    )


def token_revoked(serial: str) -> AdapterError:
    """Adding or syncing a token that was deactivated."""
    return AdapterError(
        f"Token {serial} was deactivated and can never be used again.",
        f"Use a new token. If this one was deactivated by mistake, {SUPPORT_CONTACT}.",
        code="token_revoked",
    )


def token_other_account(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is registered to another account.",
        "Check the serial on the back of your own token. Each doctor needs their "
        f"own token; if this one is yours, {SUPPORT_CONTACT}.",
        code="token_other_account",
    )


def token_suspended(serial: str) -> AdapterError:
    """Syncing a suspended token."""
    return AdapterError(
        f"Token {serial} is suspended.",
        "Resume it in the token list before syncing it.",
        code="token_suspended",
    )


def no_active_token() -> AdapterError:
    return AdapterError(
        "No hardware token is active on your account, so it cannot sign.",
        "Sync your token under Admin > EPCS Device Management, then sign again.",
        code="no_active_token",
    )


def suspended_cannot_sign(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is suspended, so it cannot sign.",
        "Resume it under Admin > EPCS Device Management, then sign again.",
        code="token_suspended",
    )


def token_not_on_account(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is not on your account.",
        "Check the serial number in the token list.",
        code="unknown_serial",
    )


def already_deactivated(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is already deactivated; it can never be used again.",
        "Nothing more to do for this token.",
        code="token_revoked",
    )


def phone_locked(wrong_in_a_row: int, *, locked_now: bool = False) -> AdapterError:
    """100 wrong phone codes in a row (NIST SP 800-63B 5.2.2): only an administrator unlocks."""
    return AdapterError(
        f"Phone confirmation is locked after {wrong_in_a_row} wrong codes in a row.",
        "A practice administrator can unlock it under Admin > People (Unlock phone "
        f"confirmation). If you did not type these codes, {SUPPORT_CONTACT}.",
        code="phone_locked",
        locked_now=locked_now,
        wrong_in_a_row=wrong_in_a_row,
    )


def fresh_step_up_required() -> AdapterError:
    """Resyncing a locked token: the phone confirmation must be new, not one held a while."""
    return AdapterError(
        "This token is locked, and unlocking it needs a phone confirmation made in the last "
        "5 minutes.",
        "Click Authenticate under Manage Phones, type the new code sent to your phone, then "
        "sync the token again. What you typed is kept.",
        code="step_up_required",
        fresh=True,
    )


def codes_do_not_sync(serial: str) -> AdapterError:
    """One answer for two codes that do not sync a token, whichever of them was wrong: the
    words never tell a guesser that the first code was right."""
    return AdapterError(
        f"These two codes do not sync token {serial}.",
        "Check the serial number. Press the button, type that code in One-Time Password 1, "
        "wait until the digits disappear, press once more and type the new code in One-Time "
        f"Password 2. If it fails again, {SUPPORT_CONTACT} to reset your token.",
        code="codes_rejected",
        serial=serial,
    )


def sync_tries_spent() -> AdapterError:
    """Too many failed syncs under one phone confirmation: a new one is needed."""
    return AdapterError(
        "Too many token syncs failed under this phone confirmation, so it has ended.",
        "Click Authenticate under Manage Phones for a new code, then try once more with two "
        f"new codes from the token. If it keeps failing, {SUPPORT_CONTACT}.",
        code="step_up_required",
    )


def request_key_reused() -> AdapterError:
    """An idempotency key sent again with a different serial or different codes."""
    return AdapterError(
        "This request was already sent once with a different serial number or different codes, "
        "so it cannot be answered as a repeat.",
        "Nothing was changed by this one. Click Submit again to send it as a new request.",
        code="request_key_reused",
    )
