"""Recording security events from the controllers (21 CFR 1311.150), failing closed.

Each record is awaited on the store's lane, so it is written before the flow goes on.
An entry that cannot be written raises `AuditUnavailable` (a `UserFacingError` that says
why and what to do): the flow then does not go ahead, and tells the doctor so. An action
is never done unrecorded to spare the doctor a message.

A change in the identity service (another database, or a server) cannot share a
transaction with our log, so it is bracketed: an attempt entry with an `attempt` id before
the call, the outcome entry with the same id after. If the application stops in between,
start-up asks the service what became of it (`desktop.controllers.recovery`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping

from desktop.controllers.context import AppContext
from desktop.domain.audit import AuditEvent, Outcome
from desktop.store import audited

Detail = str | int | bool | None


async def record(
    context: AppContext,
    event: AuditEvent,
    outcome: Outcome,
    *,
    actor: str | None = None,
    patient_id: int | None = None,
    token_serial: str | None = None,
    reason: str = "",
    details: Mapping[str, Detail] | None = None,
) -> None:
    """Append one entry; `actor` defaults to whoever is signed in. Raises AuditUnavailable."""
    who = actor if actor is not None else (context.user.username if context.user else None)
    try:
        await context.store.run(
            lambda store: audited.record(
                store,
                event,
                who,
                outcome,
                patient_id=patient_id,
                token_serial=token_serial,
                reason=reason,
                details=details,
            )
        )
    except Exception as exc:  # noqa: BLE001 - the store could not even be opened, and so on
        raise audited.unavailable(exc) from exc


def new_attempt() -> str:
    """An id for an attempt entry and its outcome."""
    return uuid.uuid4().hex


def attempt_details(attempt: str, **extra: Detail) -> dict[str, Detail]:
    """Details of an attempt entry: its id, and this process, so start-up can tell a live
    attempt (another window still waiting for an answer) from one whose process is gone."""
    return {"attempt": attempt, "pid": os.getpid(), **extra}
