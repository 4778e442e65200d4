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


class AuditUnavailable(UserFacingError):
    """An audit entry could not be written, so the action it records did not go ahead.

    21 CFR 1311.150 asks for a record of every signature and token change: an action
    whose entry cannot be written is refused (fail closed) rather than done unrecorded.
    `why` is the cause in plain words (a full disk, a read-only folder...); `consequence`
    says what that meant for the doctor ("nothing was signed").
    """

    def __init__(self, why: str, next_step: str, consequence: str = "nothing was changed") -> None:
        super().__init__(
            f"This could not be recorded in the audit log, so {consequence}: {why}.", next_step
        )
        self.why = why
        self.consequence = consequence

    def because(self, consequence: str) -> AuditUnavailable:
        """The same failure, saying what it stopped in this flow."""
        return AuditUnavailable(self.why, self.next_step, consequence)

    def note(self) -> str:
        """Words to add to another message, when only the entry went wrong."""
        return f"This could not be recorded in the audit log: {self.why}. {self.next_step}"

    def after(self, done: str, next_step: str = "") -> str:
        """Words for a change that did happen and could not be recorded afterwards."""
        return f"{done}, but this could not be recorded in the audit log: {self.why}. " + (
            next_step or self.next_step
        )


def generic_message(exc: BaseException) -> UserFacingError:
    """Wrap an unexpected failure in words a doctor can act on."""
    if isinstance(exc, UserFacingError):
        return exc
    return UserFacingError(
        "Something went wrong that the application did not expect. Nothing you typed was lost.",
        f"Try again; if it keeps happening, {SUPPORT_CONTACT}.",
    )
