"""The daily review's reads over the audit trail, and the reviews table (21 CFR 1311.150).

A review records the day's chain head (seq and hash of the last entry of that local
day) at the moment the reviewer read it. Reviews are append-only like the audit log,
and each is written in the same transaction as its AUDIT_DAY_REVIEWED entry: no review
without its entry, no entry without its review.

A day is reviewed once. If an entry is later dated into a reviewed day (a workstation
whose clock was wrong, a log merged from another machine), the day's head moves past
the review and the day is open again, saying so, until someone reviews the rest.

The days themselves are counted by `desktop.store.audit_days`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from desktop.store import audited
from desktop.store.audit_days import day_tally, head_hashes

if TYPE_CHECKING:
    from desktop.store.database import AppStore

log = logging.getLogger(__name__)

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
        self.sql = store.sql
        self.tz = tz
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def today(self) -> dt.date:
        return local_day(self._clock(), self.tz)

    # reading -------------------------------------------------------------------------------
    def days(self) -> list[DaySummary]:
        """Every day with at least one entry, newest first, with its head and latest review."""
        tally = day_tally(self.store, self.tz)
        hashes = head_hashes(self.sql, tally.heads.values())
        reviews = self._latest_reviews()
        today = self.today()
        return [
            DaySummary(day, tally.counts[day],
                       ChainHead(tally.heads[day], hashes.get(tally.heads[day], "")),
                       reviews.get(day), today)
            for day in sorted(tally.counts, reverse=True)
        ]  # fmt: skip

    def pending(self) -> list[dt.date]:
        """Past days not yet reviewed (or re-opened), oldest first."""
        return sorted(summary.day for summary in self.days() if summary.pending)

    def report(self, day: dt.date) -> DayReport:
        """The day's security-relevant entries, its chain head and its reviews."""
        start, end = day_bounds(day, self.tz)
        cursor = self.sql.execute(
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
        cursor = self.sql.execute(
            "SELECT day, head_seq, head_hash, reviewer, reviewed_at, incident, note "
            "FROM audit_day_reviews WHERE day = ? ORDER BY head_seq",
            [day.isoformat()],
        )
        return tuple(_review(row) for row in cursor)

    def _latest_reviews(self) -> dict[dt.date, Review]:
        cursor = self.sql.execute(
            "SELECT day, head_seq, head_hash, reviewer, reviewed_at, incident, note "
            "FROM audit_day_reviews ORDER BY head_seq"
        )
        return {review.day: review for review in map(_review, cursor)}

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
        text = clean_note(incident, note)
        with self.sql.transaction():
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
            self.sql.execute(
                "INSERT INTO audit_day_reviews (day, head_seq, head_hash, reviewer, reviewed_at, "
                "incident, note, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [day.isoformat(), review.head_seq, review.head_hash, reviewer,
                 format_at(entry.at), int(incident), text, entry.seq],
            )  # fmt: skip
        return review

    def _may_review(self, username: str) -> bool:
        rows = self.sql.query("SELECT * FROM users WHERE username = ?", [username.strip().lower()])
        if not rows:
            return False
        user = rows[0]
        roles = str(user.get("roles") or user.get("role") or "").split(",")
        return "practice_admin" in roles and bool(user.get("active", 1))

    # exporting -----------------------------------------------------------------------------
    def export(self, path: Path, data: bytes, actor: str | None, kind: str, day: dt.date) -> None:
        """Write an exported report owner-only and atomically, with its audit entry.

        The entry is written first, inside the transaction; the file then appears whole
        or not at all. If the file cannot be written the entry is rolled back, and if the
        entry cannot be committed the file is removed: never one without the other.
        """
        path = Path(path)
        written = False
        try:
            with self.sql.transaction():
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
