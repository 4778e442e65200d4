"""Errors the application can explain to a doctor, and everything else.

A `UserFacingError` is something the user can act on: its message is written for
the doctor at the front desk and `next_step` says what to do now. Any other
exception is a defect: it is logged with its traceback and shown as a generic
message that carries the support contact, except a full disk, a read-only folder,
a damaged database file and one another program holds, which are said in plain
words (`storage_problem`).
"""

from __future__ import annotations

import enum
import errno
import os
from collections.abc import Iterator
from pathlib import Path

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


class StartupError(UserFacingError):
    """The application cannot start with its files as they are.

    The message names the file (`path`) and `next_step` says how to fix it; the window
    shows it in a message box, the command line on stderr, and the process exits 2.
    """

    def __init__(
        self, message: str, next_step: str = "", *, path: str | os.PathLike[str] | None = None
    ) -> None:
        super().__init__(message, next_step)
        self.path = None if path is None else Path(path)


class StorageProblem(enum.StrEnum):
    """What a failed read or write of a data file comes down to, for words a person can act on."""

    FULL = "full"
    READ_ONLY = "read_only"
    DAMAGED = "damaged"
    BUSY = "busy"
    """Another connection holds the file's write lock (a second window, a backup, a CLI)."""


_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_SQLITE_NAMES = {
    "SQLITE_FULL": StorageProblem.FULL,
    "SQLITE_IOERR_SHMSIZE": StorageProblem.FULL,  # no room for the WAL index: measured on tmpfs
    "SQLITE_READONLY": StorageProblem.READ_ONLY,
    "SQLITE_CANTOPEN": StorageProblem.READ_ONLY,
    "SQLITE_PERM": StorageProblem.READ_ONLY,
    "SQLITE_NOTADB": StorageProblem.DAMAGED,
    "SQLITE_CORRUPT": StorageProblem.DAMAGED,
    "SQLITE_BUSY": StorageProblem.BUSY,
    "SQLITE_LOCKED": StorageProblem.BUSY,
}
_SQLITE_TEXTS = {
    "database or disk is full": StorageProblem.FULL,
    "readonly database": StorageProblem.READ_ONLY,
    "unable to open database file": StorageProblem.READ_ONLY,
    "file is not a database": StorageProblem.DAMAGED,
    "database disk image is malformed": StorageProblem.DAMAGED,
    "database is locked": StorageProblem.BUSY,
    "database table is locked": StorageProblem.BUSY,
}


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def storage_problem(exc: BaseException) -> StorageProblem | None:
    """A full disk, a read-only file or folder, or a damaged database file behind `exc`."""
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.errno is not None:
            if cause.errno in _FULL_ERRNOS:
                return StorageProblem.FULL
            if cause.errno in _READ_ONLY_ERRNOS:
                return StorageProblem.READ_ONLY
        if type(cause).__module__ == "sqlite3":  # not imported here: it is not needed to paint
            name = str(getattr(cause, "sqlite_errorname", "") or "")
            for prefix, problem in _SQLITE_NAMES.items():
                if name == prefix or name.startswith(prefix + "_"):
                    return problem
            text = str(cause).lower()
            for words, problem in _SQLITE_TEXTS.items():
                if words in text:
                    return problem
    return None


def startup_error(path: str | os.PathLike[str], exc: BaseException) -> StartupError:
    """Words for a data file that could not be opened at start-up: the file, and the fix."""
    if isinstance(exc, StartupError):
        return exc
    path = Path(path)
    problem = storage_problem(exc)
    if problem is StorageProblem.FULL:
        return StartupError(
            f"The disk that holds {path} is full, so iCoreRx cannot start.",
            "Free some space on that disk (or ask the clinic's IT person to), "
            "then start iCoreRx again.",
            path=path,
        )
    if problem is StorageProblem.READ_ONLY:
        return StartupError(
            f"iCoreRx cannot write to {path}: the file or its folder {path.parent} is read-only "
            "or belongs to another user.",
            f"Make {path.parent} writable for the user who runs iCoreRx (the clinic's IT person "
            "can), then start iCoreRx again.",
            path=path,
        )
    if problem is StorageProblem.DAMAGED:
        return StartupError(
            f"{path} is damaged: it is not a database iCoreRx can read.",
            "Restore it from the backup of this data folder, together with the files beside "
            f"it, then start iCoreRx again. Do not delete it; if there is no backup, "
            f"{SUPPORT_CONTACT}.",
            path=path,
        )
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return StartupError(
        f"{path} could not be opened ({reason}).",
        "Check that its disk is not full, that the file and its folder are there and that "
        f"this user may write to them, then start iCoreRx again. If it keeps happening, "
        f"{SUPPORT_CONTACT}.",
        path=path,
    )


_STORAGE_WORDS = {
    StorageProblem.FULL: (
        "The disk that holds iCoreRx's data is full, so this was not saved.",
        "Free some space on it (or ask the clinic's IT person to), then try again. "
        "Nothing was half-saved.",
    ),
    StorageProblem.READ_ONLY: (
        "iCoreRx cannot write to its data folder (it is read-only or belongs to another user), "
        "so this was not saved.",
        "Ask the clinic's IT person to make the folder writable for you, then try again.",
    ),
    StorageProblem.DAMAGED: (
        "iCoreRx's database file is damaged and cannot be read.",
        f"Ask the clinic's IT person to restore it from the backup, or {SUPPORT_CONTACT}.",
    ),
    StorageProblem.BUSY: (
        "The data file is in use by another program (another iCoreRx window, a backup or a "
        "command-line tool), so this was not done.",
        "Try again in a moment: nothing was half-saved and nothing you typed was lost. If it "
        f"keeps happening, close the other program, or {SUPPORT_CONTACT}.",
    ),
}


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
    problem = storage_problem(exc)
    if problem is not None:
        return UserFacingError(*_STORAGE_WORDS[problem])
    return UserFacingError(
        "Something went wrong that the application did not expect. Nothing you typed was lost.",
        f"Try again; if it keeps happening, {SUPPORT_CONTACT}.",
    )
