"""The daily audit review (21 CFR 1311.150): classification, the reviews table, the screen."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.daily_review import (
    ROUTINE_EVENTS,
    Category,
    ChainHead,
    DayStatus,
    DaySummary,
    Review,
    ReviewRefused,
    classify,
    clean_note,
    day_bounds,
    event_label,
    nudge_text,
)
from desktop.domain.daily_review_export import report_csv, report_html
from desktop.domain.errors import AuditUnavailable
from desktop.domain.models import Role
from desktop.store.daily_review import DailyReviews
from desktop.store.sql import database_errors

NEW_YORK = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)  # 10:00 on Monday 11/30 in New York
SATURDAY = dt.date(2026, 11, 28)
SUNDAY = dt.date(2026, 11, 29)


# classification (pure) ----------------------------------------------------------------------
def test_security_events_are_grouped_and_routine_work_is_left_out():
    assert classify(AuditEvent.LOGIN_FAILED, Outcome.FAILURE) is Category.FAILED_SIGN_IN
    assert classify(AuditEvent.PHONE_CODE_FAILED, Outcome.FAILURE) is Category.FAILED_SIGN_IN
    assert classify(AuditEvent.ACCOUNT_LOCKED, Outcome.SUCCESS) is Category.LOCK
    assert classify(AuditEvent.IDLE_LOCK, Outcome.SUCCESS) is Category.LOCK
    assert classify(AuditEvent.TOKEN_LOCKED, Outcome.SUCCESS) is Category.LOCK
    for event in (
        AuditEvent.TOKEN_ADDED,
        AuditEvent.TOKEN_RESYNCED,
        AuditEvent.TOKEN_SUSPENDED,
        AuditEvent.TOKEN_RESUMED,
        AuditEvent.TOKEN_DEACTIVATED,
    ):
        assert classify(event, Outcome.SUCCESS) is Category.TOKEN
    for event in (
        AuditEvent.EPCS_GRANT_APPROVED,
        AuditEvent.EPCS_GRANT_REVOKED,
        AuditEvent.PERSON_ADDED,
        AuditEvent.ROLE_CHANGED,
    ):
        assert classify(event, Outcome.SUCCESS) is Category.ACCESS
    assert classify(AuditEvent.SIGN_FAILED, Outcome.REFUSED) is Category.REFUSED_SIGNATURE
    assert classify(AuditEvent.AUDIT_VERIFIED, Outcome.FAILURE) is Category.INTEGRITY
    assert classify(AuditEvent.AUDIT_DAY_REVIEWED, Outcome.SUCCESS) is Category.AUDIT_USE
    assert classify(AuditEvent.LOGIN, Outcome.SUCCESS) is None
    assert classify(AuditEvent.SIGNED, Outcome.SUCCESS) is None
    assert classify(AuditEvent.PHONE_CODE_SENT, Outcome.SUCCESS) is None


def test_a_routine_event_that_did_not_succeed_is_shown():
    assert classify(AuditEvent.SIGNED, Outcome.FAILURE) is Category.OTHER
    assert classify(AuditEvent.TOKEN_SYNC_STARTED, "recovered") is Category.OTHER


@pytest.mark.parametrize("event", [e for e in AuditEvent if e not in ROUTINE_EVENTS])
def test_every_event_but_the_routine_ones_is_shown(event):
    assert classify(event.value, Outcome.SUCCESS) is not None


def test_an_unknown_event_type_is_shown_not_hidden():
    assert classify("token_cloned", Outcome.SUCCESS) is Category.OTHER
    assert "token_cloned" in event_label("token_cloned")


def test_a_flagged_review_needs_a_note():
    with pytest.raises(ReviewRefused, match="Say what looks wrong"):
        clean_note(True, "   ")
    assert clean_note(True, "  two wrong codes at 3am  ") == "two wrong codes at 3am"
    assert clean_note(False, "") == ""
    with pytest.raises(ReviewRefused, match="characters long"):
        clean_note(False, "x" * 2001)
    with pytest.raises(ReviewRefused, match="one-time code"):
        clean_note(True, "123456")


def test_days_are_local_calendar_days_even_when_the_clocks_change():
    start, end = day_bounds(dt.date(2026, 11, 1), NEW_YORK)  # summer time ends: 25 hours
    assert start == dt.datetime(2026, 11, 1, 4, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(hours=25)


def test_day_status():
    head = ChainHead(9, "ab" * 32)
    review = Review(SATURDAY, 9, head.hash, "admin", NOW, False, "")
    today = NOW.date()
    assert DaySummary(SATURDAY, 3, head, None, today).status is DayStatus.NOT_REVIEWED
    assert DaySummary(SATURDAY, 3, head, review, today).status is DayStatus.REVIEWED
    later = ChainHead(12, "cd" * 32)
    assert DaySummary(SATURDAY, 4, later, review, today).status is DayStatus.REOPENED
    assert DaySummary(today, 4, later, None, today).status is DayStatus.TODAY
    assert not DaySummary(today, 4, later, None, today).pending
    assert nudge_text([]) == ""
    assert nudge_text([SATURDAY, SUNDAY]).startswith("2 days of audit log not yet reviewed")


# the store ----------------------------------------------------------------------------------
class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture
def store(store_opener):
    """On a desk's SQLite file and on the clinic's PostgreSQL database."""
    store = store_opener()
    store.add_user("admin", "correct horse battery", "Pat Admin", (Role.PRACTICE_ADMIN,))
    store.add_user("staff", "correct horse battery", "Sam Staff", (Role.STAFF,))
    return store


def write_at(store, moment: dt.datetime, event: AuditEvent, outcome: str = "success", **kw):
    """An entry written under a clock reading `moment`; later entries (reviews) read NOW."""
    store.audit._clock = Clock(moment)
    try:
        return store.audit.record(event, kw.pop("actor", "staff"), outcome, **kw)
    finally:
        store.audit._clock = Clock(NOW)


def new_york(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), NEW_YORK)


@pytest.fixture
def week(store):
    """Saturday: a wrong password, a sign-in, a token added at 23:59 local (04:59 UTC Sunday).
    Sunday: one sign-in. Monday (today): a sign-in."""
    write_at(store, new_york(SATURDAY, 9), AuditEvent.LOGIN_FAILED, "failure")
    write_at(store, new_york(SATURDAY, 9, 1), AuditEvent.LOGIN)
    write_at(store, new_york(SATURDAY, 23, 59), AuditEvent.TOKEN_ADDED, token_serial="GALH1")
    write_at(store, new_york(SUNDAY, 8), AuditEvent.LOGIN)
    write_at(store, NOW, AuditEvent.LOGIN)
    return DailyReviews(store, tz=NEW_YORK, clock=Clock(NOW))


def test_days_with_entries_are_listed_with_their_chain_heads(week):
    days = week.days()
    assert [(d.day, d.entries, d.head.seq) for d in days] == [
        (NOW.date(), 1, 5),
        (SUNDAY, 1, 4),
        (SATURDAY, 3, 3),
    ]
    assert week.pending() == [SATURDAY, SUNDAY]
    saturday = week.report(SATURDAY)
    stored_hash = week.sql.execute("SELECT hash FROM audit WHERE seq = 3").fetchone()[0]
    assert saturday.head == ChainHead(3, stored_hash)
    assert [(line.seq, line.category) for line in saturday.lines] == [
        (1, Category.FAILED_SIGN_IN),
        (3, Category.TOKEN),
    ]


def test_days_split_at_local_midnight_in_half_hour_zones_and_follow_new_entries(store):
    kolkata = ZoneInfo("Asia/Kolkata")  # UTC+5:30: local midnight falls mid-hour in UTC
    reviews = DailyReviews(store, tz=kolkata, clock=Clock(NOW))
    write_at(store, dt.datetime(2026, 11, 27, 18, 20, tzinfo=dt.UTC), AuditEvent.LOGIN)  # 23:50
    write_at(store, dt.datetime(2026, 11, 27, 18, 40, tzinfo=dt.UTC), AuditEvent.LOGIN)  # 00:10
    assert [(d.day, d.entries) for d in reviews.days()] == [
        (dt.date(2026, 11, 28), 1),
        (dt.date(2026, 11, 27), 1),
    ]
    write_at(store, dt.datetime(2026, 11, 27, 18, 50, tzinfo=dt.UTC), AuditEvent.LOGIN_FAILED)
    again = DailyReviews(store, tz=kolkata, clock=Clock(NOW)).days()  # counted on from before
    assert [(d.day, d.entries, d.head.seq) for d in again] == [
        (dt.date(2026, 11, 28), 2, 3),
        (dt.date(2026, 11, 27), 1, 1),
    ]
    new_york = DailyReviews(store, tz=NEW_YORK, clock=Clock(NOW)).days()  # its own days
    assert [(d.day, d.entries) for d in new_york] == [(dt.date(2026, 11, 27), 3)]


def test_marking_a_day_reviewed_is_stored_and_audited(week, store):
    review = week.mark_reviewed(SATURDAY, 3, "admin", incident=True, note="token nobody asked")
    assert review.incident and review.note == "token nobody asked" and review.head_seq == 3
    assert week.pending() == [SUNDAY]
    assert week.report(SATURDAY).status is DayStatus.REVIEWED
    entry = store.audit.entries(event=AuditEvent.AUDIT_DAY_REVIEWED)[0]
    assert entry.actor == "admin"
    assert entry.reason == "possible security incident"
    assert entry.details["day"] == "2026-11-28"
    assert entry.details["head_seq"] == 3
    assert entry.details["incident"] is True
    assert entry.details["note"] == "token nobody asked"
    row = store.sql.execute("SELECT audit_seq, incident FROM audit_day_reviews").fetchone()
    assert row == (entry.seq, 1)
    assert store.audit.verify().ok


def test_a_day_cannot_be_reviewed_twice(week):
    week.mark_reviewed(SATURDAY, 3, "admin")
    with pytest.raises(ReviewRefused, match="already reviewed by admin"):
        week.mark_reviewed(SATURDAY, 3, "admin")
    assert len(week.reviews(SATURDAY)) == 1


def test_reviews_cannot_be_changed_or_deleted(week, store):
    week.mark_reviewed(SATURDAY, 3, "admin")
    with pytest.raises(database_errors(), match="append-only"):
        store.sql.execute("UPDATE audit_day_reviews SET incident = 1")
    with pytest.raises(database_errors(), match="append-only"):
        store.sql.execute("DELETE FROM audit_day_reviews")


def test_a_later_entry_dated_into_a_reviewed_day_reopens_it(week, store):
    week.mark_reviewed(SATURDAY, 3, "admin")
    write_at(store, new_york(SATURDAY, 14), AuditEvent.TOKEN_DEACTIVATED)  # a wrong clock
    report = week.report(SATURDAY)
    assert report.status is DayStatus.REOPENED
    assert "Re-opened" in report.reopened_note and "entry 3" in report.reopened_note
    assert SATURDAY in week.pending()
    head = report.head.seq
    again = week.mark_reviewed(SATURDAY, head, "admin")
    assert again.head_seq == head and week.report(SATURDAY).status is DayStatus.REVIEWED
    entry = store.audit.entries(event=AuditEvent.AUDIT_DAY_REVIEWED)[0]
    assert entry.details["reopened_after_seq"] == 3


def test_a_review_of_a_report_that_grew_meanwhile_is_refused(week, store):
    write_at(store, new_york(SATURDAY, 15), AuditEvent.LOGIN_FAILED, "failure")
    with pytest.raises(ReviewRefused, match="added .* while you were reading"):
        week.mark_reviewed(SATURDAY, 3, "admin")
    assert week.reviews(SATURDAY) == ()


def test_only_a_practice_administrator_reviews_a_past_day(week):
    with pytest.raises(ReviewRefused, match="Only a practice administrator"):
        week.mark_reviewed(SATURDAY, 3, "staff")
    with pytest.raises(ReviewRefused, match="Today is not over"):
        week.mark_reviewed(NOW.date(), 5, "admin")
    with pytest.raises(ReviewRefused, match="Say what looks wrong"):
        week.mark_reviewed(SATURDAY, 3, "admin", incident=True)
    assert week.pending() == [SATURDAY, SUNDAY]


def test_no_review_without_its_audit_entry(week, store, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.audit, "record", broken)
    with pytest.raises(AuditUnavailable, match="disk"):
        week.mark_reviewed(SATURDAY, 3, "admin")
    assert week.reviews(SATURDAY) == ()


def test_an_event_type_this_version_does_not_know_is_in_the_report(week, store):
    last = store.sql.execute("SELECT seq, hash FROM audit ORDER BY seq DESC").fetchone()
    at = new_york(SUNDAY, 12).astimezone(dt.UTC).isoformat(timespec="microseconds")
    store.sql.execute(
        "INSERT INTO audit VALUES (?, ?, 'staff', 'ws', 'token_cloned', NULL, NULL, "
        "'success', '', '{}', ?, 'x')",
        [last[0] + 1, at, last[1]],
    )
    lines = week.report(SUNDAY).lines
    assert [(line.event, line.category) for line in lines] == [("token_cloned", Category.OTHER)]
    assert "new event type" in report_html(week.report(SUNDAY), NEW_YORK)


def test_csv_export_neutralises_formula_cells(week, store):
    write_at(
        store,
        new_york(SUNDAY, 9),
        AuditEvent.LOGIN_FAILED,
        "failure",
        actor='=HYPERLINK("http://evil","x")',
        reason="+cmd|' /C calc'!A0",
    )
    week.mark_reviewed(SUNDAY, 6, "admin", incident=True, note="-2+3 wrong codes")
    rows = list(csv.reader(io.StringIO(report_csv(week.report(SUNDAY), NEW_YORK).decode())))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil","x")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'-2+3 wrong codes" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_an_export_is_written_owner_only_with_its_audit_entry(week, store, tmp_path):
    path = tmp_path / "saturday.csv"
    week.export(path, b"a,b\n", "admin", "csv", SATURDAY)
    assert path.read_bytes() == b"a,b\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    entry = store.audit.entries(event=AuditEvent.AUDIT_REVIEW_EXPORTED)[0]
    assert entry.details == {"day": "2026-11-28", "format": "csv", "file": "saturday.csv"}
    with pytest.raises(OSError):
        week.export(tmp_path / "no-such-folder" / "x.csv", b"x", "admin", "csv", SATURDAY)
    assert len(store.audit.entries(event=AuditEvent.AUDIT_REVIEW_EXPORTED)) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
