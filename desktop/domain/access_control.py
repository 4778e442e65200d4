"""Who may sign controlled substances, and who decides it (21 CFR 1311.125). Pure Python.

- The practice designates at least two access-control administrators; at least one is a
  DEA registrant with a two-factor credential (a synced hardware token). With fewer than
  two designated nothing can be granted.
- A grant is entered by one designated person, who confirms the DEA registration and the
  state authorisation are current and records who proofed the prescriber's identity. It
  is then pending. A second designated person, a DEA registrant, approves it with their
  own two-factor credential; the person who entered it never can. A revocation takes the
  same two steps.
- Permission ends at once, with no second step, when the token is lost or deactivated,
  the DEA registration expires or changes, or the person is deactivated (1311.125(d)).

The prescriber may be the registrant who approves their own grant, entered by someone
else: 1311.125 is written for a practitioner's own practice, where the registrant is one
of the two designated people (the practice's staff member enters, the doctor executes).

Every check returns the problem in words ("" when allowed); `require` raises it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop.domain.audit import AuditEvent
from desktop.domain.errors import UserFacingError
from desktop.domain.models import Role, User, format_when

MIN_DESIGNATED = 2
WHERE = "Admin \u2192 EPCS Access Control"


class GrantState(StrEnum):
    PENDING = "pending"
    """Entered; waits for a second designated person's approval. It does not permit signing."""
    ACTIVE = "active"
    REVOCATION_PENDING = "revocation_pending"
    """A revocation is entered and waits for its second step; signing is still permitted."""
    REFUSED = "refused"
    REVOKED = "revoked"
    ENDED = "ended"
    """Ended automatically (1311.125(d)); `end_reason` says why."""

    @property
    def label(self) -> str:
        return {
            GrantState.PENDING: "Pending approval",
            GrantState.ACTIVE: "Active",
            GrantState.REVOCATION_PENDING: "Active, revocation pending",
            GrantState.REFUSED: "Refused",
            GrantState.REVOKED: "Revoked",
            GrantState.ENDED: "Ended",
        }[self]

    @property
    def live(self) -> bool:
        """Still open: one of these at most per prescriber."""
        return self in (GrantState.PENDING, GrantState.ACTIVE, GrantState.REVOCATION_PENDING)

    @property
    def permits_signing(self) -> bool:
        return self in (GrantState.ACTIVE, GrantState.REVOCATION_PENDING)

    @property
    def awaiting_second_step(self) -> bool:
        return self in (GrantState.PENDING, GrantState.REVOCATION_PENDING)


class EndReason(StrEnum):
    TOKEN_LOST = "token_lost"
    DEA_EXPIRED = "dea_expired"
    DEA_CHANGED = "dea_changed"
    DEACTIVATED = "deactivated"

    @property
    def label(self) -> str:
        return {
            EndReason.TOKEN_LOST: "the hardware token was reported lost or deactivated",
            EndReason.DEA_EXPIRED: "the DEA registration expired",
            EndReason.DEA_CHANGED: "the DEA registration on file is not the one that was checked",
            EndReason.DEACTIVATED: "the person was deactivated",
        }[self]


class AccessRefused(UserFacingError):
    """An access-control step the rules do not allow, in words, with a stable `code`."""

    def __init__(self, message: str, next_step: str = "", *, code: str = "access_refused"):
        super().__init__(message, next_step)
        self.code = code


@dataclass(frozen=True)
class Designation:
    username: str
    designated_by: str | None
    designated_at: dt.datetime


@dataclass(frozen=True)
class GrantEntry:
    """What the person entering a grant confirms and records on the form."""

    prescriber: str
    checked_current: bool
    """They checked that the DEA registration and the state authorisation are current."""
    licence_expiry: dt.date
    """The state authorisation's expiry, as the state board shows it."""
    proofed_by: str
    """The credential service that proofed the prescriber's identity (e.g. Exostar)."""
    proofed_on: dt.date


@dataclass(frozen=True)
class Grant:
    id: int
    prescriber: str
    state: GrantState
    entered_by: str
    entered_at: dt.datetime
    dea_number: str
    dea_expiry: dt.date
    licence_state: str
    licence_number: str
    licence_expiry: dt.date
    proofed_by: str
    proofed_on: dt.date
    approved_by: str | None = None
    approved_at: dt.datetime | None = None
    refused_by: str | None = None
    refused_at: dt.datetime | None = None
    refusal_reason: str = ""
    revocation_entered_by: str | None = None
    revocation_entered_at: dt.datetime | None = None
    revocation_reason: str = ""
    revoked_by: str | None = None
    revoked_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    ended_by: str | None = None
    end_reason: EndReason | None = None
    end_detail: str = ""

    @property
    def step_entered_by(self) -> str | None:
        """Who entered the step that now waits for a second person."""
        if self.state is GrantState.PENDING:
            return self.entered_by
        if self.state is GrantState.REVOCATION_PENDING:
            return self.revocation_entered_by
        return None

    @property
    def why_ended(self) -> str:
        if self.end_reason is None:
            return ""
        detail = f" ({self.end_detail})" if self.end_detail else ""
        return f"{self.end_reason.label}{detail}"


@dataclass(frozen=True)
class Permission:
    """A prescriber's grant as signing reads it, and who could grant one."""

    grant: Grant | None
    """The live grant, else the most recent one, else None."""
    designated: list[User]
    ended_now: list[Grant]
    """Grants this read found ended (an expired DEA registration): tell the prescriber."""
    people: Mapping[str, User] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return self.grant is not None and self.grant.state.permits_signing

    def name(self, username: str | None) -> str:
        person = self.people.get(username or "")
        return person.display_name if person is not None else (username or "someone")

    def why_not(self) -> str:
        """What is missing, and who can grant it: for the signing dialog."""
        grant = self.grant
        if grant is None:
            missing = "You have no EPCS permission to sign controlled substances."
        elif grant.state is GrantState.PENDING:
            missing = (
                f"Your EPCS permission, entered by {self.name(grant.entered_by)} on "
                f"{format_when(grant.entered_at)}, waits for a second designated person to "
                "approve it with their hardware token."
            )
        elif grant.state is GrantState.REFUSED:
            missing = (
                f"Your EPCS permission was refused by {self.name(grant.refused_by)} on "
                f"{format_when(grant.refused_at)}: {grant.refusal_reason}."
            )
        elif grant.state is GrantState.REVOKED:
            missing = (
                f"Your EPCS permission was revoked on {format_when(grant.revoked_at)}: "
                f"{grant.revocation_reason}."
            )
        elif grant.state is GrantState.ENDED:
            missing = (
                f"Your EPCS permission ended on {format_when(grant.ended_at)}: {grant.why_ended}."
            )
        else:
            return ""
        return f"{missing} {self.who_can_grant()}"

    def who_can_grant(self) -> str:
        names = [person.display_name for person in self.designated if person.active]
        if len(names) < MIN_DESIGNATED:
            so_far = f" (designated so far: {', '.join(names)})" if names else ""
            return (
                "The practice has not designated two access-control administrators yet"
                f"{so_far}, so nobody can grant it: ask the practice administrator to designate "
                f"them under {WHERE}."
            )
        return (
            f"It is granted under {WHERE} by the practice's access-control administrators: "
            f"{_and(names)}. One enters it; a second, a DEA registrant, approves it with their "
            "hardware token."
        )


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# transitions ---------------------------------------------------------------------------
def approved(grant: Grant, by: str, at: dt.datetime) -> Grant:
    """The second step: a pending grant becomes active, a pending revocation takes effect."""
    if grant.state is GrantState.PENDING:
        return replace(grant, state=GrantState.ACTIVE, approved_by=by, approved_at=at)
    if grant.state is GrantState.REVOCATION_PENDING:
        return replace(grant, state=GrantState.REVOKED, revoked_by=by, revoked_at=at)
    raise ValueError(f"grant {grant.id} has no step waiting ({grant.state})")


def refused(grant: Grant, by: str, at: dt.datetime, reason: str) -> Grant:
    """A pending grant is refused for good; a refused revocation leaves the grant active."""
    if grant.state is GrantState.PENDING:
        return replace(
            grant, state=GrantState.REFUSED, refused_by=by, refused_at=at, refusal_reason=reason
        )
    if grant.state is GrantState.REVOCATION_PENDING:
        return replace(
            grant,
            state=GrantState.ACTIVE,
            revocation_entered_by=None,
            revocation_entered_at=None,
            revocation_reason="",
        )
    raise ValueError(f"grant {grant.id} has no step waiting ({grant.state})")


def revocation_entered(grant: Grant, by: str, at: dt.datetime, reason: str) -> Grant:
    if grant.state is not GrantState.ACTIVE:
        raise ValueError(f"grant {grant.id} is not active ({grant.state})")
    return replace(
        grant,
        state=GrantState.REVOCATION_PENDING,
        revocation_entered_by=by,
        revocation_entered_at=at,
        revocation_reason=reason,
    )


def ended(grant: Grant, reason: EndReason, detail: str, by: str | None, at: dt.datetime) -> Grant:
    if not grant.state.live:
        raise ValueError(f"grant {grant.id} has already ended ({grant.state})")
    return replace(
        grant,
        state=GrantState.ENDED,
        ended_at=at,
        ended_by=by,
        end_reason=reason,
        end_detail=detail,
    )


# rules ---------------------------------------------------------------------------------
def is_registrant(person: User | None, today: dt.date) -> bool:
    """A DEA registrant today: an active prescriber whose registration is current."""
    return bool(
        person is not None
        and person.active
        and person.has(Role.PRESCRIBER)
        and person.prescriber is not None
        and person.prescriber.dea_current(today)
    )


def designation_problem(
    designated: Sequence[User], today: dt.date, synced: Collection[str] | None = None
) -> str:
    """Why the designation does not yet let anything be granted, or "".

    `synced`: usernames with a synced token, when the identity service was asked; without
    it only the DEA registration is checked (the approval itself then needs the token).
    """
    active = [person for person in designated if person.active]
    if len(active) < MIN_DESIGNATED:
        count = "No one is" if not active else "Only one person is"
        return (
            f"{count} designated to manage EPCS access control. The practice must designate "
            f"at least {MIN_DESIGNATED} people before any permission can be granted or revoked "
            "(21 CFR 1311.125(a))."
        )
    registrants = [person for person in active if is_registrant(person, today)]
    if not registrants:
        return (
            "None of the designated people is a prescriber with a current DEA registration: "
            "designate one, or nobody can approve a grant (21 CFR 1311.125(a))."
        )
    if synced is not None and not any(person.username in synced for person in registrants):
        return (
            "None of the designated DEA registrants has a synced hardware token: one of them "
            "must sync it under EPCS Device Management before a grant can be approved."
        )
    return ""


def designate_problem(actor: User, person: User | None, designated: Collection[str]) -> str:
    if not (actor.active and actor.is_practice_admin):
        return "Only a practice administrator designates who manages EPCS access control."
    if person is None or not person.active:
        return "Only an active person at the practice can be designated."
    if person.username in designated:
        return f"{person.display_name} is already designated."
    return ""


def undesignate_problem(actor: User, username: str, designated: Collection[str]) -> str:
    if not (actor.active and actor.is_practice_admin):
        return "Only a practice administrator changes who manages EPCS access control."
    if username not in designated:
        return "That person is not designated."
    return ""


def designee_problem(actor: User, designated: Sequence[User], today: dt.date) -> str:
    if actor.username not in {person.username for person in designated} or not actor.active:
        return "Only a designated access-control administrator can do this."
    return designation_problem(designated, today)


def enter_problem(
    actor: User,
    prescriber: User | None,
    designated: Sequence[User],
    live: Grant | None,
    entry: GrantEntry,
    today: dt.date,
) -> str:
    """Can `actor` enter this grant? The form's confirmations are checked too."""
    problem = designee_problem(actor, designated, today)
    if problem:
        return problem
    if prescriber is None or not prescriber.active or not prescriber.has(Role.PRESCRIBER):
        return "EPCS permission is granted only to an active prescriber."
    credentials = prescriber.prescriber
    if credentials is None:
        return (
            f"{prescriber.display_name} has no DEA registration on file: add it under People first."
        )
    if not credentials.dea_current(today):
        return (
            f"{prescriber.display_name}'s DEA registration {credentials.dea_number} expired on "
            f"{credentials.dea_expiry:%m/%d/%Y}; it must be renewed before permission is granted."
        )
    if live is not None:
        return f"{prescriber.display_name} already has a {live.state.label.lower()} permission."
    if not entry.checked_current:
        return (
            "Confirm that you checked the DEA registration and the state authorisation are "
            "current and in good standing (21 CFR 1311.125(b))."
        )
    if entry.licence_expiry < today:
        return "The state authorisation has expired: it must be current to grant permission."
    if not entry.proofed_by.strip():
        return "Say which credential service proofed the prescriber's identity."
    if entry.proofed_on > today:
        return "The identity proofing date cannot be in the future."
    return ""


def approve_problem(actor: User, grant: Grant, designated: Sequence[User], today: dt.date) -> str:
    """Can `actor` approve the step waiting on `grant` (a grant or its revocation)?"""
    if not grant.state.awaiting_second_step:
        return "Nothing on this permission waits for approval."
    problem = designee_problem(actor, designated, today)
    if problem:
        return problem
    if actor.username == grant.step_entered_by:
        return (
            "You entered this yourself: a second designated person must approve it "
            "(21 CFR 1311.125(c))."
        )
    if not is_registrant(actor, today):
        return (
            "Only a DEA registrant (a prescriber with a current DEA registration) can approve "
            "it, with their own hardware token (21 CFR 1311.125(c))."
        )
    return ""


def refuse_problem(actor: User, grant: Grant, designated: Sequence[User], reason: str) -> str:
    """Any designated person may refuse a waiting step (its enterer withdraws it so)."""
    if not grant.state.awaiting_second_step:
        return "Nothing on this permission waits for approval."
    if actor.username not in {person.username for person in designated} or not actor.active:
        return "Only a designated access-control administrator can do this."
    if not reason.strip():
        return "Say why it is refused."
    return ""


def revoke_problem(
    actor: User, grant: Grant, designated: Sequence[User], reason: str, today: dt.date
) -> str:
    if grant.state is not GrantState.ACTIVE:
        return "Only an active permission can be revoked."
    problem = designee_problem(actor, designated, today)
    if problem:
        return problem
    if not reason.strip():
        return "Say why the permission is revoked."
    return ""


def automatic_end(grant: Grant, prescriber: User | None, today: dt.date) -> EndReason | None:
    """Why a live grant has ended by itself (1311.125(d)), or None."""
    if not grant.state.live:
        return None
    if prescriber is None or not prescriber.active:
        return EndReason.DEACTIVATED
    credentials = prescriber.prescriber
    if credentials is None or credentials.dea_number != grant.dea_number:
        return EndReason.DEA_CHANGED
    if not credentials.dea_current(today):
        return EndReason.DEA_EXPIRED
    return None


def require(problem: str, code: str, next_step: str = "") -> None:
    if problem:
        raise AccessRefused(problem, next_step, code=code)


def notice(
    event: AuditEvent,
    grant: Grant,
    people: Mapping[str, User],
    actor: str | None,
    *,
    step_entered_by: str | None = None,
    reason: str = "",
) -> str:
    """What the prescriber's phone is told about a step on their permission (both people)."""

    def name(username: str | None) -> str:
        person = people.get(username or "")
        return person.display_name if person is not None else (username or "iCoreRx")

    by, entered = name(actor), name(step_entered_by or grant.entered_by)
    what = "your permission to sign controlled-substance prescriptions"
    if event is AuditEvent.EPCS_GRANT_ENTERED:
        return f"{by} entered {what}. It takes effect once a second designated person approves it."
    if event is AuditEvent.EPCS_GRANT_APPROVED:
        return f"{what} was approved by {by} (entered by {entered}). It is in effect now."
    if event is AuditEvent.EPCS_GRANT_REFUSED and grant.state is GrantState.REFUSED:
        return f"{what}, entered by {entered}, was refused by {by}: {reason}."
    if event is AuditEvent.EPCS_GRANT_REFUSED:
        return (
            f"the revocation of {what}, entered by {entered}, was refused by {by}: {reason}. "
            "Your permission stays in effect."
        )
    if event is AuditEvent.EPCS_REVOCATION_ENTERED:
        return (
            f"{by} entered a revocation of {what} ({grant.revocation_reason}). It takes effect "
            "once a second designated person executes it."
        )
    if event is AuditEvent.EPCS_GRANT_REVOKED:
        return f"{what} was revoked by {by} (entered by {entered}): {grant.revocation_reason}."
    return f"{what} ended: {grant.why_ended}."
