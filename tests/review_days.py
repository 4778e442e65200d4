"""Audit entries dated yesterday, as a workstation would have written them, for the daily
review's screen tests."""

from __future__ import annotations

import datetime as dt

from desktop.domain.audit import AuditEvent


def yesterday_noon() -> dt.datetime:
    return dt.datetime.combine(dt.date.today() - dt.timedelta(days=1), dt.time(12)).astimezone()


def write_yesterday(env, event=AuditEvent.LOGIN_FAILED, outcome="failure", actor="frontdesk"):
    """An entry dated yesterday at noon (local), as a workstation would have written it."""

    def write(store):
        audit = store.audit
        clock = audit._clock
        audit._clock = lambda: yesterday_noon()
        try:
            return audit.record(event, actor, outcome, details={"person": actor})
        finally:
            audit._clock = clock

    return env.application.context.store.run_blocking(write)


def audit_entries(env, event):
    return env.application.context.store.run_blocking(lambda s: s.audit.entries(event=event))
