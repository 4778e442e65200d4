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
from typing import Any

import sqlite_utils

from desktop.domain.audit import AuditEvent, format_at
from desktop.domain.audit_review import AuditPage, AuditQuery, ReviewRow, Stretch, clock_doubts
from desktop.store.audit_rows import COLUMNS, entry_from_row
from desktop.store.sql import Sql, as_sql

PAGE_SIZE = 200
_SELECT = ", ".join(f"a.{column}" for column in COLUMNS)


class AuditReview:
    """Read-only queries over the audit table. Not thread-safe: use it from the store's lane."""

    def __init__(self, db: sqlite_utils.Database | Sql) -> None:
        self.sql = as_sql(db)

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
        where, params = _filters(stretch.query, prefix="a.", plus=self.sql.no_index)
        cursor = self.sql.execute(
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
        conn = self.sql
        plus = self.sql.no_index
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
                f"SELECT seq FROM audit WHERE seq < ? AND {plus}at < ? ORDER BY seq DESC LIMIT 1",
                [first, format_at(query.since)],
            ).fetchone()
            start = 1 if earlier is None else int(earlier[0]) + 1
        end = int(newest)
        if query.until is not None and not query.to_newest:
            later = conn.execute(
                f"SELECT seq FROM audit WHERE seq > ? AND {plus}at >= ? ORDER BY seq LIMIT 1",
                [last, format_at(query.until)],
            ).fetchone()
            end = int(newest) if later is None else int(later[0]) - 1
        return Stretch(query, start, end)

    def _count(self, stretch: Stretch) -> tuple[int, int]:
        """(entries in the stretch that pass user and event, those dated outside the days)."""
        where, params = _filters(stretch.query, prefix="", plus="")
        if not stretch.query.dated:
            count = self.sql.execute(
                f"SELECT COUNT(*) FROM audit WHERE seq BETWEEN ? AND ?{where}",
                [stretch.first_seq, stretch.last_seq, *params],
            ).fetchone()[0]
            return int(count), 0
        bounds, bound_params = _date_bounds(stretch.query)
        count, outside = self.sql.execute(
            f"SELECT COUNT(*), coalesce(sum(CASE WHEN {bounds} THEN 0 ELSE 1 END), 0) "
            f"FROM audit WHERE seq BETWEEN ? AND ?{where}",
            [*bound_params, stretch.first_seq, stretch.last_seq, *params],
        ).fetchone()
        return int(count), int(outside)


def _filters(query: AuditQuery, prefix: str, plus: str) -> tuple[str, list[Any]]:
    """User and event clauses. With a `prefix` (a page), `+` keeps SQLite walking by seq:
    through the user's index it would sort all of a user's entries for every page."""
    clauses, params = [], []
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
    return " AND ".join(clauses) or "1 = 1", params


def _review_row(values: tuple[Any, ...], query: AuditQuery, now: dt.datetime) -> ReviewRow:
    entry = entry_from_row(dict(zip(COLUMNS, values[: len(COLUMNS)], strict=True)))
    previous, following = (_moment(value) for value in values[len(COLUMNS) :])
    return ReviewRow(entry, clock_doubts(entry, previous, following, query, now))


def _moment(value: object) -> dt.datetime | None:
    """A neighbour's time; None when there is no neighbour or its time cannot be read."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
