"""Errors the application can explain to a doctor, and everything else.

A `UserFacingError` is something the user can act on: its message is written for
the doctor at the front desk and `next_step` says what to do now. Any other
exception is a defect: it is logged with its traceback and shown as a generic
message that carries the support contact.
"""

from __future__ import annotations

SUPPORT_PHONE = "888-810-7706"
SUPPORT_EMAIL = "support@icoreconnect.com"
SUPPORT_CONTACT = f"call support at {SUPPORT_PHONE} or write to {SUPPORT_EMAIL}"


class UserFacingError(Exception):
    """A failure the user can understand and act on."""

    def __init__(self, message: str, next_step: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.next_step = next_step

    def __str__(self) -> str:
        return f"{self.message} {self.next_step}".strip()


class LoginFailed(UserFacingError):
    """Wrong username or password; deliberately does not say which."""


def generic_message(exc: BaseException) -> UserFacingError:
    """Wrap an unexpected failure in words a doctor can act on."""
    if isinstance(exc, UserFacingError):
        return exc
    return UserFacingError(
        "Something went wrong that the application did not expect. Nothing you typed was lost.",
        f"Try again; if it keeps happening, {SUPPORT_CONTACT}.",
    )
