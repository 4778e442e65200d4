"""The rules of EPCS access control (21 CFR 1311.125), and what the prescriber is told.

Pure Python. Every check returns the problem in words ("" when allowed); `require`
raises it as `AccessRefused`. The grant itself and its steps are
`desktop.domain.access_control`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from desktop.domain.access_control import (
    MIN_DESIGNATED,
    AccessRefused,
    EndReason,
    Grant,
    GrantEntry,
    GrantState,
)
from desktop.domain.audit import AuditEvent
from desktop.domain.models import Role, User


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
