"""The Admin screen's rules: who may open EPCS Device Management, People and the audit
review, and why not."""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.domain.models import User


@dataclass(frozen=True)
class AdminState:
    epcs_enabled: bool
    explanation: str
    audit_enabled: bool = False
    audit_explanation: str = (
        "The audit log is reviewed under the prescriber's login: ask the doctor to sign in on "
        "this workstation to read it or check it."
    )
    people_enabled: bool = False
    people_explanation: str = ""
    review_enabled: bool = False
    review_explanation: str = ""


REVIEW_ONLY_FOR_ADMINS = (
    "The daily audit review is for practice administrators: ask one to read and mark each "
    "day's security events."
)
PEOPLE_ONLY_FOR_ADMINS = (
    "People is only for practice administrators: ask one to add someone, change a role, "
    "or unlock an account."
)


def admin_state(user: User) -> AdminState:
    """EPCS Device Management for prescribers; People for practice administrators."""
    state = _epcs_state(user)
    if user.is_practice_admin:
        return replace(state, people_enabled=True, review_enabled=True)
    return replace(
        state,
        people_explanation=PEOPLE_ONLY_FOR_ADMINS,
        review_explanation=REVIEW_ONLY_FOR_ADMINS,
    )


def _epcs_state(user: User) -> AdminState:
    """Token sync must be done under the doctor's own login (the vendor's rule)."""
    if not user.may_manage_epcs_devices:
        return AdminState(
            False,
            "EPCS Device Management is only for prescribers. Syncing a hardware token must be "
            "done under the doctor's own login: ask the doctor to sign in on this workstation.",
        )
    if not user.exostar_account:
        return AdminState(
            False,
            "Your login is not linked to an identity-service account yet, so no token can be "
            "synced. Ask the clinic's administrator to link it.",
            audit_enabled=True,
            audit_explanation="",
        )
    return AdminState(True, "", audit_enabled=True, audit_explanation="")
