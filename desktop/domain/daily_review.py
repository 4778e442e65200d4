"""The daily review of the audit trail (21 CFR 1311.150): which entries a reviewer must see.

Pure Python. A day is a local calendar day of the workstation. Its report lists the
security-relevant entries of that day, grouped, with the day's chain head (the seq and
hash of the last entry written that day), which the review records: a later look at
the log can then tell exactly which entries the reviewer vouched for.

Classification is by a short list of routine events (a successful sign-in, a signature,
a phone code that was accepted...). Everything else is shown, including an event type
this version does not know (written by a newer workstation sharing the log): nothing
security-relevant can hide by being new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.audit import AuditEvent, Outcome

NOTE_MAX = 2000
"""A review note is a few sentences for the security contact, not a document."""


class Category(StrEnum):
    """The report's groups, in the order it shows them."""

    FAILED_SIGN_IN = "Failed sign-ins and wrong codes"
    LOCK = "Locks"
    TOKEN = "Token changes"
    ACCESS = "EPCS access and people changes"
    REFUSED_SIGNATURE = "Refused signatures"
    INTEGRITY = "Integrity checks"
    AUDIT_USE = "Audit log reviews and exports"
    OTHER = "Other events to look at"


CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)

_CATEGORIES: dict[str, Category] = {
    AuditEvent.LOGIN_FAILED: Category.FAILED_SIGN_IN,
    AuditEvent.PHONE_CODE_FAILED: Category.FAILED_SIGN_IN,
    AuditEvent.TOKEN_SYNC_FAILED: Category.FAILED_SIGN_IN,
    AuditEvent.IDLE_LOCK: Category.LOCK,
    AuditEvent.ACCOUNT_LOCKED: Category.LOCK,
    AuditEvent.ACCOUNT_UNLOCKED: Category.LOCK,
    AuditEvent.TOKEN_LOCKED: Category.LOCK,
    AuditEvent.TOKEN_ADDED: Category.TOKEN,
    AuditEvent.TOKEN_RESYNCED: Category.TOKEN,
    AuditEvent.TOKEN_SUSPENDED: Category.TOKEN,
    AuditEvent.TOKEN_RESUMED: Category.TOKEN,
    AuditEvent.TOKEN_DEACTIVATED: Category.TOKEN,
    AuditEvent.ROLE_CHANGED: Category.ACCESS,
    AuditEvent.ACCESS_DESIGNATED: Category.ACCESS,
    AuditEvent.ACCESS_UNDESIGNATED: Category.ACCESS,
    AuditEvent.EPCS_GRANT_ENTERED: Category.ACCESS,
    AuditEvent.EPCS_GRANT_APPROVED: Category.ACCESS,
    AuditEvent.EPCS_GRANT_REFUSED: Category.ACCESS,
    AuditEvent.EPCS_REVOCATION_ENTERED: Category.ACCESS,
    AuditEvent.EPCS_GRANT_REVOKED: Category.ACCESS,
    AuditEvent.EPCS_GRANT_ENDED: Category.ACCESS,
    AuditEvent.PRACTICE_SET_UP: Category.ACCESS,
    AuditEvent.PERSON_ADDED: Category.ACCESS,
    AuditEvent.PERSON_CHANGED: Category.ACCESS,
    AuditEvent.PERSON_DEACTIVATED: Category.ACCESS,
    AuditEvent.PERSON_REACTIVATED: Category.ACCESS,
    AuditEvent.PASSWORD_CHANGED: Category.ACCESS,
    AuditEvent.PASSWORD_RESET: Category.ACCESS,
    AuditEvent.SIGN_FAILED: Category.REFUSED_SIGNATURE,
    AuditEvent.AUDIT_VERIFIED: Category.INTEGRITY,
    AuditEvent.AUDIT_EXPORTED: Category.AUDIT_USE,
    AuditEvent.AUDIT_DAY_REVIEWED: Category.AUDIT_USE,
    AuditEvent.AUDIT_REVIEW_EXPORTED: Category.AUDIT_USE,
}

ROUTINE_EVENTS = frozenset(
    {
        AuditEvent.LOGIN,
        AuditEvent.LOGOUT,
        AuditEvent.PHONE_CODE_SENT,
        AuditEvent.PHONE_CODE_VERIFIED,
        AuditEvent.SIGN_ATTEMPT,
        AuditEvent.SIGNED,
        AuditEvent.TOKEN_SYNC_STARTED,
        AuditEvent.TOKEN_CHANGE_STARTED,
    }
)
"""Events the report leaves out when they succeeded: the day's ordinary work."""
_ROUTINE_OUTCOMES = frozenset({Outcome.SUCCESS.value, ""})


def classify(event: str, outcome: str) -> Category | None:
    """The report's group for an entry, or None for routine work that went as it should.

    A routine event that did not succeed (a sign-in or signature that failed, an
    attempt recovered after an interruption) is shown under "Other", as is any event
    type this version does not know.
    """
    if event in ROUTINE_EVENTS:
        return None if outcome in _ROUTINE_OUTCOMES else Category.OTHER
    return _CATEGORIES.get(event, Category.OTHER)


def event_label(event: str) -> str:
    """The screen's words for an event; an unknown one is shown by its stored name."""
    try:
        return AuditEvent(event).label
    except ValueError:
        return f"{event} (new event type)"


@dataclass(frozen=True)
class ChainHead:
    """The last entry written on a day: what a review vouches for."""

    seq: int
    hash: str

    @property
    def short(self) -> str:
        return f"entry {self.seq:,}, seal {self.hash[:16]}\u2026"


@dataclass(frozen=True)
class ReportLine:
    """One security-relevant entry of the day, as the report shows and exports it."""

    seq: int
    at: dt.datetime
    actor: str
    workstation: str
    event: str
    outcome: str
    token_serial: str
    reason: str
    details: str
    category: Category

    @property
    def label(self) -> str:
        return event_label(self.event)


@dataclass(frozen=True)
class Review:
    """A reviewer's mark on a day, as stored."""

    day: dt.date
    head_seq: int
    head_hash: str
    reviewer: str
    reviewed_at: dt.datetime
    incident: bool
    note: str


class DayStatus(StrEnum):
    NOT_REVIEWED = "Not reviewed"
    REVIEWED = "Reviewed"
    REOPENED = "Re-opened"
    TODAY = "Today"


@dataclass(frozen=True)
class DaySummary:
    """A day with entries, for the list of days: how much it holds, whether it was reviewed."""

    day: dt.date
    entries: int
    head: ChainHead
    review: Review | None
    today: dt.date

    @property
    def status(self) -> DayStatus:
        if self.review is not None and self.review.head_seq >= self.head.seq:
            return DayStatus.REVIEWED
        if self.day >= self.today:
            return DayStatus.TODAY
        if self.review is not None:
            return DayStatus.REOPENED
        return DayStatus.NOT_REVIEWED

    @property
    def pending(self) -> bool:
        """A past day whose entries nobody has vouched for (all of them, or the later ones)."""
        return self.status in (DayStatus.NOT_REVIEWED, DayStatus.REOPENED)


@dataclass(frozen=True)
class DayReport:
    """Everything the reviewer reads for one day, and what the exports hold."""

    day: dt.date
    entries: int
    head: ChainHead | None
    lines: tuple[ReportLine, ...]
    reviews: tuple[Review, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def counts(self) -> dict[Category, int]:
        found = {category: 0 for category in CATEGORY_ORDER}
        for line in self.lines:
            found[line.category] += 1
        return found

    @property
    def review(self) -> Review | None:
        """The latest review of this day, if any."""
        return self.reviews[-1] if self.reviews else None

    @property
    def status(self) -> DayStatus:
        if self.head is None:
            return DayStatus.REVIEWED if self.reviews else DayStatus.NOT_REVIEWED
        return DaySummary(self.day, self.entries, self.head, self.review, self.today).status

    @property
    def reopened_note(self) -> str:
        """Why a reviewed day asks for review again: entries were added after the review."""
        review = self.review
        if review is None or self.head is None or review.head_seq >= self.head.seq:
            return ""
        return (
            f"Re-opened: entries were added to this day after {review.reviewer} reviewed it up "
            f"to entry {review.head_seq:,} (a workstation's clock was probably wrong). "
            f"Read the day again and mark it reviewed up to entry {self.head.seq:,}."
        )

    @property
    def reviewable(self) -> bool:
        return self.head is not None and self.status in (
            DayStatus.NOT_REVIEWED,
            DayStatus.REOPENED,
        )


class ReviewRefused(Exception):
    """A review that cannot be recorded, in words for the reviewer (and what to do next)."""

    def __init__(self, message: str, next_step: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.next_step = next_step

    def __str__(self) -> str:
        return f"{self.message} {self.next_step}".strip()


NOTE_REQUIRED = ReviewRefused(
    "Say what looks wrong before you flag a possible security incident.",
    "Type a short note (who, what, when) in the note box, then mark the day reviewed again.",
)


def clean_note(incident: bool, note: str) -> str:
    """The note to store, or `ReviewRefused` saying what to change."""
    text = note.strip()
    if incident and not text:
        raise NOTE_REQUIRED
    if len(text) > NOTE_MAX:
        raise ReviewRefused(
            f"The note is {len(text):,} characters long; it can hold {NOTE_MAX:,}.",
            "Shorten it to the facts the security contact needs, then try again.",
        )
    if text.isdigit() and 6 <= len(text) <= 8:  # the audit log refuses what looks like a code
        raise ReviewRefused(
            "A note of only six to eight digits looks like a one-time code and is not stored.",
            "Describe what you saw in words.",
        )
    return text


def local_day(moment: dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    """The calendar day `moment` falls on at the workstation (or in `tz`)."""
    return moment.astimezone(tz).date()


def day_bounds(day: dt.date, tz: dt.tzinfo | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where local `day` begins (inclusive) and ends (exclusive)."""

    def midnight(when: dt.date) -> dt.datetime:
        naive = dt.datetime.combine(when, dt.time())
        local = naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
        return local.astimezone(dt.UTC)

    return midnight(day), midnight(day + dt.timedelta(days=1))


def pending_days(days: Iterable[DaySummary]) -> list[dt.date]:
    """The past days still to review, oldest first."""
    return sorted(summary.day for summary in days if summary.pending)


def pending_text(pending: Sequence[dt.date]) -> str:
    """The review screen's short count of days still to review."""
    if not pending:
        return "Every past day is reviewed."
    count = len(pending)
    days = "1 day" if count == 1 else f"{count:,} days"
    return f"{days} to review, oldest {pending[0].strftime('%m/%d/%Y')}."


def nudge_text(pending: Sequence[dt.date]) -> str:
    """What the Admin home says to every administrator while days wait for review."""
    if not pending:
        return ""
    count = len(pending)
    days = "1 day" if count == 1 else f"{count:,} days"
    oldest = pending[0].strftime("%m/%d/%Y")
    return (
        f"{days} of audit log not yet reviewed (oldest {oldest}). The DEA asks for a review "
        "of each day's security events (21 CFR 1311.150)."
    )
