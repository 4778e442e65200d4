"""The steps of a signature that run on the store's lane, and the words around them.

`begin` checks everything that can be checked before a token code is spent; `finish`
signs in one transaction with the permission's last check.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop import gaps
from desktop.domain.audit import AuditEvent, DetailValue, Outcome
from desktop.domain.models import TokenInfo, TokenStatus
from desktop.domain.prescriptions import Prescription
from desktop.store import audited
from desktop.store.database import AppStore
from desktop.store.prescriptions import ContentChanged

if TYPE_CHECKING:
    from desktop.controllers.signing import SigningPlan

AuditDetails = dict[str, DetailValue]


def begin(
    store: AppStore,
    username: str,
    password: str,
    plan: SigningPlan,
    details: AuditDetails,
    shown: str,
    key: str | None = None,
) -> list[Prescription] | None:
    """On the store's lane: the attempt entry, the password, and the pending check.

    First, when this is a retry of a signature whose answer the network lost (`key`
    already kept): the prescriptions it signed, with nothing written and no code spent.
    """
    if key is not None:
        signed = audited.signed_before(store, key)
        if signed is not None:
            return signed
    audited.record(
        store,
        AuditEvent.SIGN_ATTEMPT,
        username,
        Outcome.SUCCESS,
        patient_id=plan.patient.id,
        token_serial=plan.token.serial if plan.needs_token and plan.token else None,
        details=details,
    )
    gaps.widen()
    if plan.needs_token:
        store.access_control.require_permission(username, dt.date.today(), username)
    store.authenticate(username, password)
    ids = [rx.id for rx in plan.pending]
    store.prescriptions.require_pending(ids, plan.patient.id)
    if store.prescriptions.shown_hash(ids, plan.patient.id, username) != shown:
        raise ContentChanged()  # before the token code is spent on it
    return None


def finish(
    store: AppStore,
    plan: SigningPlan,
    ids: list[int],
    username: str,
    serial: str | None,
    at: dt.datetime,
    details: AuditDetails,
    shown: str,
    key: str | None = None,
) -> list[Prescription]:
    """Sign, in one transaction with the permission's last check (controlled substances);
    `key` is the signature's idempotency key (`audited.sign`)."""
    with store.sql.transaction():
        if plan.needs_token:
            store.access_control.require_permission(username, dt.date.today(), username)
        return audited.sign(
            store, ids, plan.patient.id, username, serial, at, details, shown=shown, key=key
        )


def tries_left(tries: int) -> str:
    """How far the token is from its lock: a doctor guessing at codes needs to know."""
    if tries == 1:
        return "One more wrong code locks your token, and it must then be resynced."
    return f"{tries} more wrong codes lock your token, and it must then be resynced."


def token_blocker(token: TokenInfo | None) -> tuple[str, str]:
    where = "Open Admin > EPCS Device Management"
    if token is None:
        return (
            "A controlled-substance prescription needs a code from your hardware token, and "
            f"no token is active on your account. {where} to add and sync it, then sign.",
            "no_active_token",
        )
    if token.status is TokenStatus.LOCKED:
        return (
            f"Your token {token.serial} is locked after too many wrong codes. {where} and "
            "Resync it with two new codes, then sign.",
            "locked",
        )
    return (
        f"Your token {token.serial} is {token.status.value.lower()}: {token.status.meaning} "
        f"{where} to fix it, then sign.",
        "token_suspended",
    )
