"""The audit log's entries per local day, counted without reading every row into Python.

Days are found by grouping the log per UTC hour (SQLite does the counting) and mapping
each hour to the workstation's local day; an hour that straddles a local midnight is
grouped by minute. Every time zone's offset is a whole number of minutes, so the
grouping is exact. The tally is kept per open store and brought up to date from the
last entry it counted.
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.domain.audit import format_at
from desktop.domain.daily_review import local_day
from desktop.store.sql import Sql

if TYPE_CHECKING:
    from desktop.store.database import AppStore

log = logging.getLogger(__name__)


@dataclass
class DayTally:
    """Entries and last seq per day, for the rows up to `last_seq`."""

    counts: dict[dt.date, int] = field(default_factory=dict)
    heads: dict[dt.date, int] = field(default_factory=dict)
    last_seq: int = 0

    def add(self, day: dt.date, count: int, last: int) -> None:
        self.counts[day] = self.counts.get(day, 0) + count
        self.heads[day] = max(self.heads.get(day, 0), last)


_TALLIES: weakref.WeakKeyDictionary[AppStore, dict[str, DayTally]] = weakref.WeakKeyDictionary()
"""Per open store (and time zone): the day tally, kept between calls on the store's lane."""


def _utc(text: str) -> dt.datetime | None:
    """`YYYY-MM-DDTHH:MM` or `...THH` (a prefix of a stored time) as a UTC instant."""
    try:
        return dt.datetime.fromisoformat(f"{text}:00+00:00")
    except (TypeError, ValueError):
        return None


def day_tally(store: AppStore, tz: dt.tzinfo | None) -> DayTally:
    """Entries and last seq per local day, brought up to date from where it was left.

    Rows are never changed or removed (the triggers), so only rows written since the
    last tally are read: `WHERE seq > last` is a range of the primary key. A log that
    became shorter (a tampered file) is counted again from the start.
    """
    conn = store.sql
    tallies = _TALLIES.setdefault(store, {})
    key = repr(tz)
    tally = tallies.get(key)
    top = int(conn.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])
    if tally is None or top < tally.last_seq:
        tally = tallies[key] = DayTally()
    if top > tally.last_seq:
        _count_since(conn, tally, tally.last_seq, tz)
        tally.last_seq = top
    return tally


def _count_since(conn: Sql, tally: DayTally, after: int, tz: dt.tzinfo | None) -> None:
    """Add the rows after seq `after`, grouped by UTC hour; an hour that straddles a local
    midnight (a zone whose offset is not whole hours) is grouped by minute instead."""
    cursor = conn.execute(
        "SELECT substr(at, 1, 13), count(*), max(seq) FROM audit WHERE seq > ? GROUP BY 1",
        [after],
    )
    for hour, count, last in cursor.fetchall():
        start = _utc(f"{hour}:00")
        if start is None:  # a row written by hand: `audit verify` names it
            log.warning("audit entries with an unreadable time %r left out of the days", hour)
            continue
        first = local_day(start, tz)
        if first == local_day(start + dt.timedelta(minutes=59), tz):
            tally.add(first, int(count), int(last))
            continue
        minutes = conn.execute(
            "SELECT substr(at, 1, 16), count(*), max(seq) FROM audit "
            "WHERE at >= ? AND at < ? AND seq > ? GROUP BY 1",
            [format_at(start), format_at(start + dt.timedelta(hours=1)), after],
        )
        for minute, in_minute, last_in_minute in minutes:
            moment = _utc(str(minute))
            if moment is not None:
                tally.add(local_day(moment, tz), int(in_minute), int(last_in_minute))


def head_hashes(conn: Sql, seqs: Iterable[int]) -> dict[int, str]:
    """The hash of each of these entries (the heads of their days)."""
    wanted = sorted(set(seqs))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.execute(f"SELECT seq, hash FROM audit WHERE seq IN ({marks})", chunk)
        found.update((int(seq), str(digest)) for seq, digest in rows)
    return found
