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
