"""Wrong passwords in a row, per account, kept in the application database.

The count, the end of the current wait and the lock survive a restart (a row per
username in `password_throttles`). A wait is read through `Waits`, like the identity
service's phone-code pauses: a clock set back or forward never makes one longer than
its own length. Names nobody holds get rows too, so a wait says nothing about whether
a username exists.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from desktop.domain.throttle import (
    DEFAULT_THROTTLE,
    AccountLocked,
    PasswordThrottled,
    ThrottlePolicy,
)
from desktop.domain.waits import Clock, Waits
from desktop.store.sql import Sql, as_sql, upsert

log = logging.getLogger(__name__)
TABLE = "password_throttles"


def migrate_throttles(db: sqlite_utils.Database) -> None:
    db.table(TABLE).create(
        {
            "username": str,
            "failures": int,
            "last_failure_at": str,
            "wait_until": str,
            "wait_seconds": float,
            "locked_at": str,
        },
        pk="username",
        not_null={"failures"},
    )


@dataclass(frozen=True)
class ThrottleState:
    failures: int = 0
    waiting_until: dt.datetime | None = None
    locked: bool = False


@dataclass(frozen=True)
class Failure:
    """What one more wrong password did."""

    failures: int
    wait_s: float
    until: dt.datetime | None
    locked_now: bool
    lock_unrecorded: Exception | None = None
    """Why the lock's audit entry could not be written (the account is locked all the same)."""


class Throttles:
    """Counts and waits of wrong passwords. Not thread-safe: use it from the store's lane."""

    def __init__(
        self,
        db: sqlite_utils.Database | Sql,
        policy: ThrottlePolicy = DEFAULT_THROTTLE,
        clock: Clock = time.time,
        monotonic: Clock = time.monotonic,
    ) -> None:
        self.sql = as_sql(db)
        self.policy = policy
        self.clock = clock
        self.waits = Waits(lambda: self.clock(), monotonic)

    def refuse_if_held(self, username: str) -> None:
        """Raise `AccountLocked` or `PasswordThrottled` before a password is even checked."""
        row = self._row(username)
        if row is None:
            return
        if row["locked_at"]:
            raise AccountLocked()
        left = self._left(username, row)
        if left > 0:
            raise PasswordThrottled(_moment(self.clock() + left), left)

    def state(self, username: str) -> ThrottleState:
        row = self._row(username)
        if row is None:
            return ThrottleState()
        left = self._left(username, row)
        return ThrottleState(
            failures=int(row["failures"]),
            waiting_until=_moment(self.clock() + left) if left > 0 else None,
            locked=bool(row["locked_at"]),
        )

    def failed(self, username: str, record_lock: Callable[[str, int], object]) -> Failure:
        """Count a wrong password; start the wait it earns, or lock at the hundredth.

        The lock and its audit entry commit together. If the entry cannot be written the
        account is locked all the same (it takes access away, like signing out) and the
        reason comes back in `lock_unrecorded`. `record_lock(username, failures)` writes it.
        """
        now = self.clock()
        row = self._row(username)
        failures = (int(row["failures"]) if row else 0) + 1
        locked_now = self.policy.locks(failures) and not (row and row["locked_at"])
        wait = 0.0 if locked_now else self.policy.wait_after(failures)
        values = {
            "username": username,
            "failures": failures,
            "last_failure_at": _iso(now),
            "wait_until": _iso(now + wait) if wait else None,
            "wait_seconds": wait,
            "locked_at": _iso(now) if locked_now else (row["locked_at"] if row else None),
        }
        unrecorded: Exception | None = None
        try:
            with self.sql.transaction():
                upsert(self.sql, TABLE, values, "username")
                if locked_now:
                    record_lock(username, failures)
        except Exception as exc:  # noqa: BLE001 - the audit entry: lock all the same, say so
            unrecorded = exc
            with self.sql.transaction():
                upsert(self.sql, TABLE, values, "username")
            log.warning("account lock of %r not recorded: %s", username, exc)
        if wait:
            self.waits.left(_wait_name(username), now + wait, wait)  # counted from now on
        return Failure(
            failures=failures,
            wait_s=wait,
            until=_moment(now + wait) if wait else None,
            locked_now=locked_now,
            lock_unrecorded=unrecorded,
        )

    def succeeded(self, username: str) -> None:
        """A right password: the count starts again."""
        if self._row(username) is not None:
            with self.sql.transaction():
                self.sql.execute(f"DELETE FROM {TABLE} WHERE username = ?", [username])

    def clear(self, username: str) -> bool:
        """Unlock and forget the count (inside the caller's transaction); True if it was held."""
        row = self._row(username)
        if row is None:
            return False
        self.sql.execute(f"DELETE FROM {TABLE} WHERE username = ?", [username])
        return bool(row["locked_at"]) or int(row["failures"]) > 0

    def _row(self, username: str) -> dict[str, Any] | None:
        rows = self.sql.query(f"SELECT * FROM {TABLE} WHERE username = ?", [username])
        return rows[0] if rows else None

    def _left(self, username: str, row: dict[str, Any]) -> float:
        until = row.get("wait_until")
        if not until:
            return 0.0
        length = float(str(row.get("wait_seconds") or 0))
        ends = dt.datetime.fromisoformat(str(until)).timestamp()
        return self.waits.left(_wait_name(username), ends, length)


def _wait_name(username: str) -> str:
    return f"password:{username}"


def _iso(moment: float) -> str:
    return dt.datetime.fromtimestamp(moment, dt.UTC).isoformat()


def _moment(moment: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(moment, dt.UTC)
