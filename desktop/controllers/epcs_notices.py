"""Telling a prescriber's phone what happened to their EPCS permission.

A notice goes out through the identity service after the change and its audit entry are
written; it never undoes what it reports, so a notice that cannot be sent is only logged.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from desktop.controllers.context import AppContext
from desktop.controllers.lanes import on_lane
from desktop.domain.access_control import Grant
from desktop.domain.access_rules import notice
from desktop.domain.audit import AuditEvent
from desktop.domain.models import User

log = logging.getLogger(__name__)


async def notify(context: AppContext, prescriber: User | None, text: str) -> None:
    """Tell the prescriber's phone; a notice never undoes what it reports."""
    if prescriber is None or not prescriber.exostar_account:
        return
    identity = context.identity
    try:
        await on_lane(identity.lane, identity.send_notice, prescriber.exostar_account, text)
    except Exception:  # noqa: BLE001 - logged; the change and its audit entry stand
        log.warning("notice to %s not sent", prescriber.username, exc_info=True)


async def notify_ended(
    context: AppContext, grants: Sequence[Grant], people: Mapping[str, User] | None = None
) -> None:
    """Tell each prescriber whose grant ended (`AccessControl.end_grants_for`, `settle`)."""
    if not grants:
        return
    if people is None:
        people = await context.store.run(lambda s: s.access_control.users())
    for grant in grants:
        text = notice(AuditEvent.EPCS_GRANT_ENDED, grant, people, grant.ended_by)
        await notify(context, people.get(grant.prescriber), text)
