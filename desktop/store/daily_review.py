"""The daily review's reads over the audit trail, and the reviews table (21 CFR 1311.150).

A review records the day's chain head (seq and hash of the last entry of that local
day) at the moment the reviewer read it. Reviews are append-only like the audit log,
and each is written in the same transaction as its AUDIT_DAY_REVIEWED entry: no review
without its entry, no entry without its review.

A day is reviewed once. If an entry is later dated into a reviewed day (a workstation
whose clock was wrong, a log merged from another machine), the day's head moves past
the review and the day is open again, saying so, until someone reviews the rest.

Days are found by grouping the log per minute (SQLite does the counting) and mapping
each minute to the workstation's local day: every time zone's offset is a whole number
of minutes, so the grouping is exact without reading every row into Python.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import tempfile
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from desktop.domain.audit import AuditEvent, Outcome, format_at
from desktop.domain.daily_review import (
    ChainHead,
    DayReport,
    DaySummary,
    ReportLine,
    Review,
    ReviewRefused,
    classify,
    clean_note,
    day_bounds,
    local_day,
)
from desktop.store.migrations import write_transaction

if TYPE_CHECKING:
    from desktop.store.database import AppStore

log = logging.getLogger(__name__)

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS audit_day_reviews (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        head_seq INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        incident INTEGER NOT NULL,
        note TEXT NOT NULL,
        audit_seq INTEGER NOT NULL,
        UNIQUE (day, head_seq)
    )""",
    """CREATE TRIGGER IF NOT EXISTS audit_day_reviews_no_update
       BEFORE UPDATE ON audit_day_reviews
       BEGIN SELECT RAISE(ABORT, 'audit reviews are append-only: they cannot be changed'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_day_reviews_no_delete
       BEFORE DELETE ON audit_day_reviews
       BEGIN SELECT RAISE(ABORT, 'audit reviews are append-only: they cannot be deleted'); END""",
]


def migrate_daily_reviews(db: sqlite_utils.Database) -> None:
    """Schema v8: one row per day reviewed (per chain head), append-only."""
    for statement in _SCHEMA:
        db.execute(statement)


ONLY_ADMINS = ReviewRefused(
    "Only a practice administrator can mark a day of the audit log reviewed.",
    "Ask a practice administrator to review it, or to give you that role in People.",
)


class DailyReviews:
    """Reads and reviews on one store; use it from the store's lane.

    `tz` is the time zone whose calendar days are reviewed: the workstation's when None.
    """

    def __init__(
        self,
        store: AppStore,
        *,
        tz: dt.tzinfo | None = None,
        clock: Any = None,
    ) -> None:
        self.store = store
        self.db: sqlite_utils.Database = store.db
        self.tz = tz
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def today(self) -> dt.date:
        return local_day(self._clock(), self.tz)

    # reading -------------------------------------------------------------------------------
    def days(self) -> list[DaySummary]:
        """Every day with at least one entry, newest first, with its head and latest review."""
        tally = self._tally()
        hashes = self._hashes(tally.heads.values())
        reviews = self._latest_reviews()
        today = self.today()
        return [
            DaySummary(day, tally.counts[day],
                       ChainHead(tally.heads[day], hashes.get(tally.heads[day], "")),
                       reviews.get(day), today)
            for day in sorted(tally.counts, reverse=True)
        ]  # fmt: skip

    def _tally(self) -> _Tally:
        """Entries and last seq per local day, brought up to date from where it was left.

        Rows are never changed or removed (the triggers), so only rows written since the
        last tally are read: `WHERE seq > last` is a range of the primary key. A log that
        became shorter (a tampered file) is counted again from the start.
        """
        tallies = _TALLIES.setdefault(self.store, {})
        key = repr(self.tz)
        tally = tallies.get(key)
        top = int(self.db.conn.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])
        if tally is None or top < tally.last_seq:
            tally = tallies[key] = _Tally()
        if top > tally.last_seq:
            self._count_since(tally, tally.last_seq)
            tally.last_seq = top
        return tally

    def _count_since(self, tally: _Tally, after: int) -> None:
        """Add the rows after seq `after`, grouped by UTC hour; an hour that straddles a local
        midnight (a zone whose offset is not whole hours) is grouped by minute instead."""
        cursor = self.db.conn.execute(
            "SELECT substr(at, 1, 13), count(*), max(seq) FROM audit WHERE seq > ? GROUP BY 1",
            [after],
        )
        for hour, count, last in cursor.fetchall():
            start = _utc(f"{hour}:00")
            if start is None:  # a row written by hand: `audit verify` names it
                log.warning("audit entries with an unreadable time %r left out of the days", hour)
                continue
            first = local_day(start, self.tz)
            if first == local_day(start + dt.timedelta(minutes=59), self.tz):
                tally.add(first, int(count), int(last))
                continue
            minutes = self.db.conn.execute(
                "SELECT substr(at, 1, 16), count(*), max(seq) FROM audit "
                "WHERE at >= ? AND at < ? AND seq > ? GROUP BY 1",
                [format_at(start), format_at(start + dt.timedelta(hours=1)), after],
            )
            for minute, in_minute, last_in_minute in minutes:
                moment = _utc(str(minute))
                if moment is not None:
                    tally.add(local_day(moment, self.tz), int(in_minute), int(last_in_minute))

    def pending(self) -> list[dt.date]:
        """Past days not yet reviewed (or re-opened), oldest first."""
        return sorted(summary.day for summary in self.days() if summary.pending)

    def report(self, day: dt.date) -> DayReport:
        """The day's security-relevant entries, its chain head and its reviews."""
        start, end = day_bounds(day, self.tz)
        cursor = self.db.conn.execute(
            "SELECT seq, at, actor, workstation, event, token_serial, outcome, reason, details, "
            "hash FROM audit WHERE at >= ? AND at < ? ORDER BY seq",
            [format_at(start), format_at(end)],
        )
        lines: list[ReportLine] = []
        entries = 0
        head: ChainHead | None = None
        for seq, at, actor, station, event, serial, outcome, reason, details, digest in cursor:
            entries += 1
            head = ChainHead(int(seq), str(digest))
            category = classify(str(event), str(outcome))
            if category is None:
                continue
            lines.append(
                ReportLine(
                    seq=int(seq),
                    at=_moment(at),
                    actor="" if actor is None else str(actor),
                    workstation=str(station),
                    event=str(event),
                    outcome=str(outcome),
                    token_serial="" if serial is None else str(serial),
                    reason=str(reason),
                    details=_details_text(details),
                    category=category,
                )
            )
        return DayReport(day, entries, head, tuple(lines), self.reviews(day), self.today())

    def reviews(self, day: dt.date) -> tuple[Review, ...]:
        cursor = self.db.conn.execute(
            "SELECT day, head_seq, head_hash, reviewer, reviewed_at, incident, note "
            "FROM audit_day_reviews WHERE day = ? ORDER BY head_seq",
            [day.isoformat()],
        )
        return tuple(_review(row) for row in cursor)

    def _latest_reviews(self) -> dict[dt.date, Review]:
        cursor = self.db.conn.execute(
            "SELECT day, head_seq, head_hash, reviewer, reviewed_at, incident, note "
            "FROM audit_day_reviews ORDER BY head_seq"
        )
        return {review.day: review for review in map(_review, cursor)}

    def _hashes(self, seqs: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(seqs))
        found: dict[int, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.db.conn.execute(
                f"SELECT seq, hash FROM audit WHERE seq IN ({marks})", chunk
            )
            found.update((int(seq), str(digest)) for seq, digest in rows)
        return found

    # reviewing -----------------------------------------------------------------------------
    def mark_reviewed(
        self,
        day: dt.date,
        head_seq: int,
        reviewer: str,
        *,
        incident: bool = False,
        note: str = "",
    ) -> Review:
        """Record that `reviewer` read `day` up to entry `head_seq`, with its audit entry.

        Raises `ReviewRefused` (nothing written) when the reviewer is not a practice
        administrator, the day is not over, entries were added since the report was read,
        or the day was already reviewed up to its head; `AuditUnavailable` when the audit
        entry cannot be written (fail closed: no review either).
        """
        from desktop.store import audited  # it imports the database module, which imports us

        text = clean_note(incident, note)
        with write_transaction(self.db):
            if not self._may_review(reviewer):
                raise ONLY_ADMINS
            if day >= self.today():
                raise ReviewRefused(
                    "Today is not over yet: its entries are still being written.",
                    "Review it tomorrow, together with anything added tonight.",
                )
            current = self.report(day)
            if current.head is None:
                raise ReviewRefused(f"The audit log has no entries for {_spoken(day)}.")
            latest = current.review
            if latest is not None and latest.head_seq >= current.head.seq:
                raise ReviewRefused(
                    f"{_spoken(day)} was already reviewed by {latest.reviewer} "
                    f"on {_spoken_moment(latest.reviewed_at, self.tz)}.",
                    "Nothing more to do for that day.",
                )
            if current.head.seq != head_seq:
                raise ReviewRefused(
                    f"Entries were added to {_spoken(day)} while you were reading it.",
                    "The report has been read again: look through it, then mark the day reviewed.",
                )
            details: dict[str, str | int | bool | None] = {
                "day": day.isoformat(),
                "head_seq": current.head.seq,
                "head_hash": current.head.hash,
                "incident": incident,
                "note": text,
            }
            if latest is not None:
                details["reopened_after_seq"] = latest.head_seq
            entry = audited.record(
                self.store,
                AuditEvent.AUDIT_DAY_REVIEWED,
                reviewer,
                Outcome.SUCCESS,
                reason="possible security incident" if incident else "",
                details=details,
            )
            review = Review(
                day, current.head.seq, current.head.hash, reviewer, entry.at, incident, text
            )
            self.db.conn.execute(
                "INSERT INTO audit_day_reviews (day, head_seq, head_hash, reviewer, reviewed_at, "
                "incident, note, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [day.isoformat(), review.head_seq, review.head_hash, reviewer,
                 format_at(entry.at), int(incident), text, entry.seq],
            )  # fmt: skip
        return review

    def _may_review(self, username: str) -> bool:
        row = self.db.conn.execute(
            "SELECT * FROM users WHERE username = ?", [username.strip().lower()]
        ).fetchone()
        if row is None:
            return False
        columns = [d[0] for d in self.db.conn.execute("SELECT * FROM users LIMIT 0").description]
        user = dict(zip(columns, row, strict=True))
        roles = str(user.get("roles") or user.get("role") or "").split(",")
        return "practice_admin" in roles and bool(user.get("active", 1))

    # exporting -----------------------------------------------------------------------------
    def export(self, path: Path, data: bytes, actor: str | None, kind: str, day: dt.date) -> None:
        """Write an exported report owner-only and atomically, with its audit entry.

        The entry is written first, inside the transaction; the file then appears whole
        or not at all. If the file cannot be written the entry is rolled back, and if the
        entry cannot be committed the file is removed: never one without the other.
        """
        from desktop.store import audited

        path = Path(path)
        written = False
        try:
            with write_transaction(self.db):
                audited.record(
                    self.store,
                    AuditEvent.AUDIT_REVIEW_EXPORTED,
                    actor,
                    Outcome.SUCCESS,
                    details={"day": day.isoformat(), "format": kind, "file": path.name},
                )
                write_private(path, data)
                written = True
        except BaseException:
            if written:  # the entry did not commit: the file must not stand without it
                with contextlib.suppress(OSError):
                    path.unlink()
            raise


@dataclass
class _Tally:
    """Entries and last seq per day, for the rows up to `last_seq`."""

    counts: dict[dt.date, int] = field(default_factory=dict)
    heads: dict[dt.date, int] = field(default_factory=dict)
    last_seq: int = 0

    def add(self, day: dt.date, count: int, last: int) -> None:
        self.counts[day] = self.counts.get(day, 0) + count
        self.heads[day] = max(self.heads.get(day, 0), last)


_TALLIES: weakref.WeakKeyDictionary[AppStore, dict[str, _Tally]] = weakref.WeakKeyDictionary()
"""Per open store (and time zone): the day tally, kept between calls on the store's lane."""


def _utc(text: str) -> dt.datetime | None:
    """`YYYY-MM-DDTHH:MM` or `...THH` (a prefix of a stored time) as a UTC instant."""
    try:
        return dt.datetime.fromisoformat(f"{text}:00+00:00")
    except (TypeError, ValueError):
        return None


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` owner-only (0600), whole or not at all."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _moment(value: Any) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _details_text(value: Any) -> str:
    try:
        details = json.loads(value)
    except (TypeError, ValueError):
        return str(value)
    if not isinstance(details, dict):
        return str(details)
    return "; ".join(f"{key}: {item}" for key, item in details.items() if item not in (None, ""))


def _review(row: tuple[Any, ...]) -> Review:
    day, head_seq, head_hash, reviewer, reviewed_at, incident, note = row
    return Review(
        dt.date.fromisoformat(str(day)),
        int(head_seq),
        str(head_hash),
        str(reviewer),
        _moment(reviewed_at),
        bool(incident),
        str(note),
    )


def _spoken(day: dt.date) -> str:
    return day.strftime("%A %m/%d/%Y")


def _spoken_moment(moment: dt.datetime, tz: dt.tzinfo | None) -> str:
    return moment.astimezone(tz).strftime("%m/%d/%Y at %I:%M %p")
