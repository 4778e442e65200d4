"""What the audit review screen asks for and gets back: queries, pages, and clock doubts.

Pure Python, shared by the store (which answers) and the screen (which shows). Why
the dates pick a stretch of the log rather than clock readings is told in
`desktop.store.audit_review`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.audit import AuditEntry, AuditEvent

CLOCK_TOLERANCE = dt.timedelta(minutes=2)
"""Workstations sharing a log disagree by seconds; only a larger step is a doubt."""


class ClockDoubt(StrEnum):
    """Why an entry's time looks wrong next to the order it was written in."""

    FUTURE = "future"  # dated after now
    BEFORE_PREVIOUS = "before_previous"  # dated before the entry written just before it
    AFTER_NEXT = "after_next"  # dated after the entry written just after it
    OUTSIDE_DATES = "outside_dates"  # shown for its place in the log, not for its date


@dataclass(frozen=True)
class AuditQuery:
    """What the reviewer chose. `since` inclusive, `until` exclusive; None: no bound.

    `to_newest`: the chosen days reach today, so the stretch runs to the newest entry
    (an entry written just now under a clock set ahead still shows).
    """

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    to_newest: bool = False
    actor: str | None = None
    event: AuditEvent | None = None

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    def outside(self, at: dt.datetime) -> bool:
        """Is `at` outside the chosen days? (Never, without dates.)"""
        return (self.since is not None and at < self.since) or (
            self.until is not None and at >= self.until
        )


@dataclass(frozen=True)
class Stretch:
    """The seq range a query covers, fixed when its first page was read.

    Later pages stay within it, so an entry written meanwhile neither shifts the pages
    nor appears twice; a refresh reads a new stretch. Empty when `first_seq > last_seq`.
    """

    query: AuditQuery
    first_seq: int
    last_seq: int


@dataclass(frozen=True)
class ReviewRow:
    entry: AuditEntry
    doubts: frozenset[ClockDoubt] = frozenset()


@dataclass(frozen=True)
class AuditPage:
    """One page, newest first. `total` and `outside_dates` are counted for a first page only."""

    stretch: Stretch
    rows: list[ReviewRow]
    more: bool
    total: int | None = None
    outside_dates: int = 0

    @property
    def last_seq(self) -> int | None:
        return self.rows[-1].entry.seq if self.rows else None


def clock_doubts(
    entry: AuditEntry,
    previous: dt.datetime | None,
    following: dt.datetime | None,
    query: AuditQuery,
    now: dt.datetime,
) -> frozenset[ClockDoubt]:
    """What looks wrong about `entry.at`, given the times of the entries written just
    before and after it (None: none, or unreadable) and the time now."""
    doubts = set()
    if entry.at > now + CLOCK_TOLERANCE:
        doubts.add(ClockDoubt.FUTURE)
    if previous is not None and entry.at < previous - CLOCK_TOLERANCE:
        doubts.add(ClockDoubt.BEFORE_PREVIOUS)
    if following is not None and entry.at > following + CLOCK_TOLERANCE:
        doubts.add(ClockDoubt.AFTER_NEXT)
    if query.outside(entry.at):
        doubts.add(ClockDoubt.OUTSIDE_DATES)
    return frozenset(doubts)
