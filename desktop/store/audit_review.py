"""The audit log a page at a time, for the daily review screen.

Two years of entries are hundreds of thousands of rows: the screen asks for one page,
newest first, and for the next page (keyset: entries before the last seq it holds)
only when the reviewer scrolls that far. Every page is in seq order, the order the
entries were written, never in the order of the times their workstations' clocks gave.

What the dates mean. A clock can be wrong (set a year ahead, then corrected; an hour
back after a time change), and an entry written under it must not vanish from the
review of the day it was written. So the dates pick a stretch of the log, not a set
of clock readings: the entries dated within the chosen days, and every entry written
among them or at their edges whose time is off, up to the nearest entries dated
before and after the days (or up to the newest entry when the To day is today or
later). On a log whose clocks were right this is exactly "the entries dated within
these days". Each entry shows in its place, whatever its time says; one dated outside
the chosen days is counted and marked (`ClockDoubt.OUTSIDE_DATES`), as is one whose
time runs backwards against its neighbours in the log or lies in the future. A wrong
clock that lands an old entry inside the chosen days widens the stretch back to it:
more is shown, nothing is hidden. User and event then pick entries within the stretch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlite_utils

from desktop.domain.audit import AuditEntry, AuditEvent, format_at
from desktop.store.audit import COLUMNS, _entry

PAGE_SIZE = 200
CLOCK_TOLERANCE = dt.timedelta(minutes=2)
"""Workstations sharing a log disagree by seconds; only a larger step backwards is a doubt."""

_SELECT = ", ".join(f"a.{column}" for column in COLUMNS)


class ClockDoubt(StrEnum):
    """Why an entry's time looks wrong next to the order it was written in."""

    FUTURE = "future"  # dated after now
    BEFORE_PREVIOUS = "before_previous"  # dated before the entry written just before it
    AFTER_NEXT = "after_next"  # dated after the entry written just after it
    OUTSIDE_DATES = "outside_dates"  # shown by its place in the log, not by its date


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
        return (self.since is not None and at < self.since) or (
            self.until is not None and at >= self.until
        )


@dataclass(frozen=True)
class Stretch:
    """The seq range a query covers, fixed when its first page was read.

    Later pages stay within it, so an entry written meanwhile neither shifts the pages
    nor appears twice; a refresh reads a new stretch.
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
    """One page, newest first. `total` and `outside_dates` are counted for the first page only."""

    stretch: Stretch
    rows: list[ReviewRow]
    more: bool
    total: int | None = None
    outside_dates: int = 0

    @property
    def last_seq(self) -> int | None:
        return self.rows[-1].entry.seq if self.rows else None


class AuditReview:
    """Read-only queries over the audit table. Not thread-safe: use it from the store's lane."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def first_page(
        self, query: AuditQuery, limit: int = PAGE_SIZE, *, now: dt.datetime | None = None
    ) -> AuditPage:
        """The newest `limit` entries of the query's stretch, with how many it holds in all.

        Raises `UnreadableEntry` for a row that was written by hand, not by `record`.
        """
        stretch = self.stretch(query)
        total, outside = self._count(stretch)
        page = self.next_page(stretch, None, limit, now=now)
        return AuditPage(stretch, page.rows, page.more, total, outside)

    def next_page(
        self,
        stretch: Stretch,
        before_seq: int | None,
        limit: int = PAGE_SIZE,
        *,
        now: dt.datetime | None = None,
    ) -> AuditPage:
        """The next `limit` entries of `stretch` older than `before_seq` (None: from the top)."""
        last = stretch.last_seq if before_seq is None else min(stretch.last_seq, before_seq - 1)
        where, params = _filters(stretch.query, prefix="a.")
        cursor = self.db.conn.execute(
            f"SELECT {_SELECT}, p.at, n.at FROM audit a "
            "LEFT JOIN audit p ON p.seq = a.seq - 1 LEFT JOIN audit n ON n.seq = a.seq + 1 "
            f"WHERE a.seq BETWEEN ? AND ?{where} ORDER BY a.seq DESC LIMIT ?",
            [stretch.first_seq, last, *params, limit + 1],
        )
        found = cursor.fetchall()
        moment = now or dt.datetime.now(dt.UTC)
        rows = [_review_row(values, stretch.query, moment) for values in found[:limit]]
        return AuditPage(stretch, rows, more=len(found) > limit)

    def stretch(self, query: AuditQuery) -> Stretch:
        """The seq range the query's dates pick (see the module's docstring).

        From the entries dated within the days, it reaches back over the entries dated
        after them (written under a clock set ahead) to the first one dated before them,
        and on over the entries dated before them (a clock set back) to the first one
        dated after them: an entry with a wrong time shows beside the ones written around
        it, in one of the two reviews it borders on.
        """
        conn = self.db.conn
        newest = conn.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
        if newest is None:
            return Stretch(query, 1, 0)
        if not query.dated:
            return Stretch(query, 1, int(newest))
        bounds, params = _date_bounds(query)
        first, last = conn.execute(
            f"SELECT MIN(seq), MAX(seq) FROM audit WHERE {bounds}", params
        ).fetchone()
        if first is None:
            if not query.to_newest:
                return Stretch(query, 1, 0)
            first, last = newest + 1, newest
        start = 1
        if query.since is not None:
            # `+at`: walk back by seq from `first`, not through the index on `at`.
            earlier = conn.execute(
                "SELECT seq FROM audit WHERE seq < ? AND +at < ? ORDER BY seq DESC LIMIT 1",
                [first, format_at(query.since)],
            ).fetchone()
            start = 1 if earlier is None else int(earlier[0]) + 1
        end = int(newest)
        if query.until is not None and not query.to_newest:
            later = conn.execute(
                "SELECT seq FROM audit WHERE seq > ? AND +at >= ? ORDER BY seq LIMIT 1",
                [last, format_at(query.until)],
            ).fetchone()
            end = int(newest) if later is None else int(later[0]) - 1
        return Stretch(query, start, end)

    def _count(self, stretch: Stretch) -> tuple[int, int]:
        """(entries in the stretch that pass user and event, those dated outside the days)."""
        where, params = _filters(stretch.query, prefix="")
        if not stretch.query.dated:
            count = self.db.conn.execute(
                f"SELECT COUNT(*) FROM audit WHERE seq BETWEEN ? AND ?{where}",
                [stretch.first_seq, stretch.last_seq, *params],
            ).fetchone()[0]
            return int(count), 0
        bounds, bound_params = _date_bounds(stretch.query)
        count, outside = self.db.conn.execute(
            f"SELECT COUNT(*), TOTAL(NOT ({bounds})) FROM audit WHERE seq BETWEEN ? AND ?{where}",
            [*bound_params, stretch.first_seq, stretch.last_seq, *params],
        ).fetchone()
        return int(count), int(outside)


def _filters(query: AuditQuery, prefix: str) -> tuple[str, list[Any]]:
    """User and event clauses. With a `prefix` (a page), `+` keeps SQLite walking by seq:
    through the user's index it would sort all of a user's entries for every page."""
    clauses, params = [], []
    plus = "+" if prefix else ""
    if query.actor is not None:
        clauses.append(f" AND {plus}{prefix}actor = ?")
        params.append(query.actor)
    if query.event is not None:
        clauses.append(f" AND {plus}{prefix}event = ?")
        params.append(AuditEvent(query.event).value)
    return "".join(clauses), params


def _date_bounds(query: AuditQuery) -> tuple[str, list[str]]:
    clauses, params = [], []
    if query.since is not None:
        clauses.append("at >= ?")
        params.append(format_at(query.since))
    if query.until is not None:
        clauses.append("at < ?")
        params.append(format_at(query.until))
    return " AND ".join(clauses) or "1", params


def _review_row(values: tuple[Any, ...], query: AuditQuery, now: dt.datetime) -> ReviewRow:
    entry = _entry(dict(zip(COLUMNS, values[: len(COLUMNS)], strict=True)))
    previous, following = (_moment(value) for value in values[len(COLUMNS) :])
    doubts = set()
    if entry.at > now + CLOCK_TOLERANCE:
        doubts.add(ClockDoubt.FUTURE)
    if previous is not None and entry.at < previous - CLOCK_TOLERANCE:
        doubts.add(ClockDoubt.BEFORE_PREVIOUS)
    if following is not None and entry.at > following + CLOCK_TOLERANCE:
        doubts.add(ClockDoubt.AFTER_NEXT)
    if query.outside(entry.at):
        doubts.add(ClockDoubt.OUTSIDE_DATES)
    return ReviewRow(entry, frozenset(doubts))


def _moment(value: object) -> dt.datetime | None:
    """A neighbour's time; None when there is no neighbour or its time cannot be read."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
