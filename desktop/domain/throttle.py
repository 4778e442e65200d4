"""How long a wrong password holds an account back (NIST SP 800-63B 5.2.2).

Per account, for sign-in, the idle-lock password and the signing password alike:
the first five wrong passwords in a row cost nothing; after the fifth, each try waits
30 seconds, doubling after each further wrong one, at most an hour; the hundredth in a
row locks the account until a practice administrator unlocks it. A right password
starts the count again. Unknown usernames are held back the same way, so a wait never
tells anyone that a username exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain.errors import LoginFailed, UserFacingError
from desktop.domain.models import format_time


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int = 5
    first_wait_s: float = 30.0
    max_wait_s: float = 3600.0
    lock_after: int = 100

    def wait_after(self, failures: int) -> float:
        """Seconds the next try waits after `failures` wrong passwords in a row."""
        if failures < self.free_failures:
            return 0.0
        doublings = min(failures - self.free_failures, 32)
        return float(min(self.first_wait_s * 2**doublings, self.max_wait_s))

    def locks(self, failures: int) -> bool:
        return failures >= self.lock_after


DEFAULT_THROTTLE = ThrottlePolicy()


class PasswordThrottled(UserFacingError):
    """A try refused unchecked: the account waits after wrong passwords."""

    code = "throttled"

    def __init__(self, until: dt.datetime, seconds: float) -> None:
        super().__init__(
            "Too many wrong passwords in a row, so this account waits before the next try.",
            f"Try again at {try_again_at(until)} ({in_words(seconds)}). "
            "After 100 wrong passwords in a row the account is locked until a practice "
            "administrator unlocks it.",
        )
        self.until = until
        self.seconds = seconds


class AccountLocked(UserFacingError):
    """100 wrong passwords in a row: only a practice administrator can unlock it."""

    code = "account_locked"

    def __init__(self) -> None:
        super().__init__(
            "This account is locked after 100 wrong passwords in a row.",
            "Ask a practice administrator to unlock it (Admin > People > Unlock).",
        )


class AccountDeactivated(UserFacingError):
    """The right password of a person the practice deactivated."""

    code = "account_deactivated"

    def __init__(self) -> None:
        super().__init__(
            "This account has been deactivated, so it cannot sign in.",
            "If you still work here, ask a practice administrator to reactivate it.",
        )


class WrongPassword(LoginFailed):
    """A wrong password (or unknown username): the usual words, plus the wait it started."""

    def __init__(self, wait_s: float = 0.0, until: dt.datetime | None = None) -> None:
        next_step = "Check the username, and that Caps Lock is off, then try again."
        if wait_s > 0 and until is not None:
            next_step = (
                "After several wrong passwords in a row each try waits longer: try again at "
                f"{try_again_at(until)} ({in_words(wait_s)}). Check the username, and that "
                "Caps Lock is off."
            )
        super().__init__("That username and password do not match.", next_step)
        self.wait_s = wait_s
        self.until = until

    @property
    def wait_words(self) -> str:
        """The wait this wrong password started, for a screen that words the rest itself."""
        if self.wait_s <= 0 or self.until is None:
            return ""
        when = try_again_at(self.until)
        return f"Each try now waits: try again at {when} ({in_words(self.wait_s)})."


def wrong_password(wait_s: float, until: dt.datetime | None) -> WrongPassword:
    return WrongPassword(wait_s, until)


def try_again_at(moment: dt.datetime) -> str:
    """'6:42:15 PM': to the second, since the first waits are half a minute."""
    return format_time(moment).replace(" ", f":{moment.astimezone():%S} ", 1)


def in_words(seconds: float) -> str:
    whole = max(1, round(seconds))
    if whole < 90:
        return f"in {whole} seconds"
    minutes = round(whole / 60)
    return f"in {minutes} minutes"
