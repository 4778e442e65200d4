"""Recording security events from the controllers (21 CFR 1311.150).

Each record is awaited on the store's lane, so it is written before the flow goes on.
A failure to record is logged loudly but never turns a doctor's successful action into
an error message: the log file then shows what the audit table lacks.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from desktop.controllers.context import AppContext
from desktop.domain.audit import AuditEvent, Outcome

log = logging.getLogger(__name__)

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
    """Append one entry; `actor` defaults to whoever is signed in."""
    who = actor if actor is not None else (context.user.username if context.user else None)
    try:
        await context.store.run(
            lambda store: store.audit.record(
                event,
                who,
                outcome,
                patient_id=patient_id,
                token_serial=token_serial,
                reason=reason,
                details=details,
            )
        )
    except Exception:  # noqa: BLE001 - see the module docstring
        log.exception("AUDIT RECORD LOST: %s %s by %s", event.value, outcome, who)
