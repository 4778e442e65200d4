"""The review screen's reads: pages by seq, dates that hide no wrong clock, a check in chunks."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlite_utils

from desktop.domain.audit import AuditEvent
from desktop.domain.audit_review import AuditQuery, ClockDoubt
from desktop.store.audit import AuditLog
from desktop.store.audit_review import AuditReview
from desktop.store.audit_verify import CheckCancelled
from desktop.store.migrations import write_transaction
from desktop.store.schema.audit import migrate_audit

KEY = bytes(range(32))
DAY1 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NOW = DAY1 + dt.timedelta(days=3)


class SetClock:
    """A clock the test moves by hand, as a workstation's clock is moved."""

    def __init__(self, now: dt.datetime = DAY1) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def memory_log() -> tuple[AuditLog, SetClock]:
    db = sqlite_utils.Database(memory=True)
    migrate_audit(db)
    clock = SetClock()
    return AuditLog(db, "front-desk-2", KEY, clock=clock), clock


@pytest.fixture
def new_log(store_opener):
    """A log on a desk's SQLite file or on the clinic's PostgreSQL database, with its clock."""

    def opened() -> tuple[AuditLog, SetClock]:
        audit = store_opener("front-desk-2").audit
        audit._clock = clock = SetClock()
        return audit, clock

    return opened


def write(audit: AuditLog, clock: SetClock, at: dt.datetime, actor: str = "doctor") -> int:
    clock.now = at
    return audit.record(AuditEvent.LOGIN, actor, "success").seq


def days(first: dt.datetime, last: dt.datetime, **kwargs: object) -> AuditQuery:
    """The query the screen sends for the From and To days (UTC days here)."""
    start = first.replace(hour=0, minute=0)
    end = last.replace(hour=0, minute=0) + dt.timedelta(days=1)
    return AuditQuery(since=start, until=end, **kwargs)  # type: ignore[arg-type]


def seqs(page) -> list[int]:
    return [row.entry.seq for row in page.rows]


def test_pages_are_newest_first_and_follow_each_other_by_seq(new_log):
    audit, clock = new_log()
    with audit.sql.transaction():
        for i in range(450):
            write(audit, clock, DAY1 + dt.timedelta(minutes=i))
    review = AuditReview(audit.sql)
    first = review.first_page(AuditQuery(), limit=200, now=NOW)
    assert first.total == 450 and first.more
    assert seqs(first) == list(range(450, 250, -1))
    second = review.next_page(first.stretch, first.last_seq, limit=200, now=NOW)
    assert seqs(second) == list(range(250, 50, -1)) and second.more
    third = review.next_page(first.stretch, second.last_seq, limit=200, now=NOW)
    assert seqs(third) == list(range(50, 0, -1)) and not third.more
    assert not any(row.doubts for row in first.rows + second.rows + third.rows)


def test_an_entry_written_meanwhile_waits_for_a_refresh(new_log):
    audit, clock = new_log()
    for i in range(5):
        write(audit, clock, DAY1 + dt.timedelta(minutes=i))
    review = AuditReview(audit.sql)
    first = review.first_page(AuditQuery(), limit=2, now=NOW)
    write(audit, clock, DAY1 + dt.timedelta(minutes=9))
    rest = review.next_page(first.stretch, first.last_seq, limit=10, now=NOW)
    assert seqs(first) + seqs(rest) == [5, 4, 3, 2, 1]
    assert seqs(review.first_page(AuditQuery(), limit=1, now=NOW)) == [6]


def test_with_right_clocks_the_dates_pick_exactly_the_entries_dated_within_them(new_log):
    audit, clock = new_log()
    for hour in range(0, 24 * 4, 5):
        write(audit, clock, DAY1 + dt.timedelta(hours=hour), "doctor" if hour % 2 else "nurse")
    review = AuditReview(audit.sql)
    query = days(DAY1 + dt.timedelta(days=1), DAY1 + dt.timedelta(days=2))
    page = review.first_page(query, now=NOW)
    expected = [e.seq for e in audit.entries(since=query.since, until=query.until, limit=10_000)]
    assert seqs(page) == expected and page.total == len(expected) and page.outside_dates == 0
    by_nurse = review.first_page(
        days(DAY1 + dt.timedelta(days=1), DAY1 + dt.timedelta(days=2), actor="nurse"), now=NOW
    )
    assert seqs(by_nurse) == [
        e.seq for e in audit.entries(since=query.since, until=query.until, actor="nurse")
    ]
    nothing = review.first_page(days(NOW + dt.timedelta(days=5), NOW + dt.timedelta(days=6)))
    assert nothing.rows == [] and nothing.total == 0 and not nothing.more


def test_entries_under_a_wrong_clock_show_in_their_place_and_are_marked(new_log):
    audit, clock = new_log()
    monday = write(audit, clock, DAY1)
    tuesday = write(audit, clock, DAY1 + dt.timedelta(days=1))
    ahead = write(audit, clock, DAY1 + dt.timedelta(days=401))  # clock 400 days ahead
    behind = write(audit, clock, DAY1 - dt.timedelta(days=700))  # then two years back
    corrected = write(audit, clock, DAY1 + dt.timedelta(days=1, hours=2))
    wednesday = write(audit, clock, DAY1 + dt.timedelta(days=2))
    review = AuditReview(audit.sql)

    tuesday_days = days(DAY1 + dt.timedelta(days=1), DAY1 + dt.timedelta(days=1))
    tuesday_page = review.first_page(tuesday_days, now=NOW)
    assert seqs(tuesday_page) == [corrected, behind, ahead, tuesday]
    assert tuesday_page.total == 4 and tuesday_page.outside_dates == 2
    doubts = {row.entry.seq: row.doubts for row in tuesday_page.rows}
    assert doubts[ahead] == {ClockDoubt.OUTSIDE_DATES, ClockDoubt.FUTURE, ClockDoubt.AFTER_NEXT}
    assert doubts[behind] == {ClockDoubt.OUTSIDE_DATES, ClockDoubt.BEFORE_PREVIOUS}
    assert doubts[tuesday] == set() and doubts[corrected] == set()

    everything = review.first_page(AuditQuery(), now=NOW)
    assert seqs(everything) == [wednesday, corrected, behind, ahead, tuesday, monday]
    assert everything.outside_dates == 0
    assert {r.entry.seq for r in everything.rows if r.doubts} == {ahead, behind}


def test_a_wrong_clock_at_the_edge_of_the_days_shows_in_one_review(new_log):
    audit, clock = new_log()
    write(audit, clock, DAY1)
    ahead = write(audit, clock, DAY1 + dt.timedelta(days=300))
    tuesday = write(audit, clock, DAY1 + dt.timedelta(days=1))
    back = write(audit, clock, DAY1 - dt.timedelta(days=30))
    write(audit, clock, DAY1 + dt.timedelta(days=2))
    review = AuditReview(audit.sql)
    tuesday_days = days(DAY1 + dt.timedelta(days=1), DAY1 + dt.timedelta(days=1))
    tuesday_page = review.first_page(tuesday_days, now=NOW)
    assert seqs(tuesday_page) == [back, tuesday, ahead]
    monday_page = review.first_page(days(DAY1, DAY1))
    assert seqs(monday_page) == [1]


def test_when_the_days_reach_today_entries_dated_ahead_at_the_end_still_show(new_log):
    audit, clock = new_log()
    write(audit, clock, DAY1)
    ahead = [write(audit, clock, DAY1 + dt.timedelta(days=400, minutes=i)) for i in range(3)]
    review = AuditReview(audit.sql)
    this_week = days(DAY1 - dt.timedelta(days=6), DAY1, to_newest=True)
    assert seqs(review.first_page(this_week, now=DAY1)) == [*reversed(ahead), 1]
    # Nothing dated within the days at all: what was written after them still shows.
    only_ahead = days(DAY1 + dt.timedelta(days=1), DAY1 + dt.timedelta(days=1), to_newest=True)
    assert seqs(review.first_page(only_ahead, now=DAY1)) == list(reversed(ahead))
    past_days = days(DAY1 - dt.timedelta(days=6), DAY1)
    assert seqs(review.first_page(past_days, now=DAY1)) == [1]


def test_workstations_a_few_seconds_apart_raise_no_doubt(new_log):
    audit, clock = new_log()
    write(audit, clock, DAY1)
    write(audit, clock, DAY1 - dt.timedelta(seconds=40))
    write(audit, clock, DAY1 + dt.timedelta(seconds=5))
    page = AuditReview(audit.sql).first_page(AuditQuery(), now=DAY1)
    assert not any(row.doubts for row in page.rows)


def filled(n: int) -> AuditLog:
    audit, clock = memory_log()
    with write_transaction(audit.db):
        for i in range(n):
            write(audit, clock, DAY1 + dt.timedelta(seconds=i))
    return audit


def test_the_check_reports_its_progress_in_chunks():
    audit = filled(1050)
    reports: list[tuple[int, int]] = []
    report = audit.verify(progress=lambda done, total: reports.append((done, total)), chunk=250)
    assert report.ok and report.checked == 1050
    assert reports == [(0, 1050), (250, 1050), (500, 1050), (750, 1050), (1000, 1050), (1050, 1050)]


def test_the_check_stops_between_chunks_when_cancelled():
    audit = filled(1000)
    stop = threading.Event()
    reports: list[int] = []

    def progress(done: int, _total: int) -> None:
        reports.append(done)
        if done == 400:
            stop.set()

    with pytest.raises(CheckCancelled) as cancelled:
        audit.verify(progress=progress, cancelled=stop.is_set, chunk=200)
    assert (cancelled.value.checked, cancelled.value.total) == (400, 1000)
    assert reports == [0, 200, 400]
    assert audit.verify().ok  # an ordinary check afterwards is unaffected


def test_a_chunked_check_still_names_the_broken_row():
    audit = filled(600)
    audit.db.conn.execute("DROP TRIGGER audit_no_update")
    audit.db.conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 321")
    report = audit.verify(progress=lambda _d, _t: None, cancelled=lambda: False, chunk=100)
    assert not report.ok and report.first_bad_seq == 321
