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

This module holds the grant, its states and its steps; the rules that decide who may take
a step, and what the prescriber is told of it, are `desktop.domain.access_rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop.domain.errors import UserFacingError
from desktop.domain.models import User, format_when

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
