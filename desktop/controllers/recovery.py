"""Start-up: attempts the application never finished are resolved and recorded.

A signature or a token change writes an attempt entry before it asks the identity service,
and its outcome after. If the process died in between (killed, power lost), the log holds
an attempt with no outcome, and the identity service may or may not have made the change.
At the next start this asks the service what happened and records the outcome, with the
reason "recovered after an interruption":

- a token sync: the service's answer to the request's idempotency key when it keeps one
  (`AddRequestLedger`), else whether the token is bound to the account since the attempt;
- suspend, resume, deactivate: whether the token now has the status the action gives (a
  deactivation also ends the EPCS permission, and the prescriber's phone is told);
- a signature: nothing is signed without its SIGNED entry (they commit together), so an
  open signing attempt signed nothing.

It runs on a thread of its own that waits on the lanes, never on the GUI thread, right
after the composition root is built (the sign-in window has painted by then). An attempt
whose process is still running (another window on this workstation) is left alone; one
from another workstation is resolved once it is older than any call can take.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from desktop.controllers.context import AppContext
from desktop.domain.access_control import EndReason, Grant
from desktop.domain.access_rules import notice
from desktop.domain.audit import RECOVERED, AuditEvent, DetailValue, Outcome
from desktop.domain.models import TokenInfo, TokenStatus
from desktop.exostar.base import AddRequestLedger, UnknownAccount
from desktop.store import audited
from desktop.store.audited import OpenAttempt
from desktop.store.database import AppStore

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=10)
"""Longer than any identity-service call can run (the sync gives up after 60 s)."""
CLOCK_SLACK = dt.timedelta(seconds=2)
CHANGE_EVENTS = {
    "suspend": AuditEvent.TOKEN_SUSPENDED,
    "resume": AuditEvent.TOKEN_RESUMED,
    "deactivate": AuditEvent.TOKEN_DEACTIVATED,
}
CHANGED_TO = {
    "suspend": {TokenStatus.SUSPENDED},
    "resume": {TokenStatus.ACTIVE, TokenStatus.LOCKED},
    "deactivate": {TokenStatus.REVOKED},
}


@dataclass(frozen=True)
class Resolution:
    event: AuditEvent
    happened: bool
    code_spent: bool | None = None
    """A signature: the identity service accepted its code (so it cannot be used again)."""
    locked_now: bool = False
    """A signature: its wrong codes locked the token, and no entry says so yet."""


def process_alive(pid: int) -> bool:
    """Is process `pid` still running on this machine?"""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


class Recovery:
    """Resolve every abandoned attempt once, on a thread; `close` waits for it."""

    def __init__(
        self,
        context: AppContext,
        *,
        alive: Callable[[int], bool] = process_alive,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self._context = context
        self._alive = alive
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.recovered: list[tuple[OpenAttempt, Resolution]] = []
        self.done = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="audit-recovery", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def run(self) -> None:
        try:
            self._run()
        except Exception:  # noqa: BLE001 - left open, tried again at the next start
            log.warning("interrupted attempts not resolved at start-up", exc_info=True)
        finally:
            self.done.set()

    def _run(self) -> None:
        store = self._context.store
        workstation, found = store.run_blocking(lambda s: (s.workstation, audited.open_attempts(s)))
        for attempt in found:
            if self._stop.is_set():
                return
            if not self._abandoned(attempt, workstation):
                continue
            try:
                resolution = self._resolve(attempt)
            except Exception:  # noqa: BLE001 - the service cannot say now: ask next time
                log.warning("attempt %s could not be resolved", attempt.seq, exc_info=True)
                continue
            ended = store.run_blocking(
                functools.partial(_record, attempt=attempt, resolution=resolution)
            )
            self._tell(ended)
            self.recovered.append((attempt, resolution))
            log.info(
                "audit row %d (%s) resolved at start-up: %s %s",
                attempt.seq,
                attempt.event.value,
                resolution.event.value,
                "happened" if resolution.happened else "did not happen",
            )

    def _tell(self, ended: list[Grant]) -> None:
        """A notice for each EPCS permission the recovery ended; best effort."""
        if not ended:
            return
        identity = self._context.identity
        people = self._context.store.run_blocking(lambda s: s.access_control.users())
        for grant in ended:
            person = people.get(grant.prescriber)
            if person is None or not person.exostar_account:
                continue
            text = notice(AuditEvent.EPCS_GRANT_ENDED, grant, people, grant.ended_by)
            try:
                identity.lane.submit(identity.send_notice, person.exostar_account, text).result()
            except Exception:  # noqa: BLE001 - logged; the end and its entry stand
                log.warning("notice to %s not sent", person.username, exc_info=True)

    def _abandoned(self, attempt: OpenAttempt, workstation: str) -> bool:
        if self._clock() - attempt.at > STALE_AFTER:
            return True
        pid = attempt.details.get("pid")
        if attempt.workstation != workstation or not isinstance(pid, int):
            return False
        return not self._alive(pid)

    def _resolve(self, attempt: OpenAttempt) -> Resolution:
        serial = attempt.token_serial or ""
        account = self._context.store.run_blocking(
            lambda s: audited.exostar_account(s, attempt.actor or "")
        )
        if attempt.event is AuditEvent.SIGN_ATTEMPT:
            return self._signature(attempt, account, serial)
        if attempt.event is AuditEvent.TOKEN_SYNC_STARTED:
            happened = bool(account) and self._sync_happened(attempt, account or "", serial)
            if not happened:
                return Resolution(AuditEvent.TOKEN_SYNC_FAILED, happened=False)
            bindings = (AuditEvent.TOKEN_ADDED, AuditEvent.TOKEN_RESYNCED)
            known = self._context.store.run_blocking(
                lambda s: audited.has_entry(s, bindings, serial, before_seq=attempt.seq)
            )
            event = AuditEvent.TOKEN_RESYNCED if known else AuditEvent.TOKEN_ADDED
            return Resolution(event, happened=True)
        action = str(attempt.details.get("action") or "")
        if action not in CHANGE_EVENTS:
            raise ValueError(f"audit row {attempt.seq}: unknown token action {action!r}")
        token = self._token(account, serial) if account else None
        happened = token is not None and token.status in CHANGED_TO[action]
        return Resolution(CHANGE_EVENTS[action], happened=happened)

    def _signature(self, attempt: OpenAttempt, account: str | None, serial: str) -> Resolution:
        """mark_signed and the SIGNED entry commit together: no entry, nothing signed.

        The token may still have changed: the code accepted (spent) or, after wrong
        codes, the token locked. Both are said; a lock gets its own TOKEN_LOCKED entry.
        """
        if not (account and serial):
            return Resolution(AuditEvent.SIGN_FAILED, happened=False)
        token = self._token(account, serial)
        if token is None:
            return Resolution(AuditEvent.SIGN_FAILED, happened=False)
        spent = token.last_used_at is not None and token.last_used_at >= attempt.at - CLOCK_SLACK
        locked = token.status is TokenStatus.LOCKED and not self._context.store.run_blocking(
            lambda s: audited.has_entry(
                s, (AuditEvent.TOKEN_LOCKED,), serial, after_seq=attempt.seq
            )
        )
        return Resolution(
            AuditEvent.SIGN_FAILED, happened=False, code_spent=spent, locked_now=locked
        )

    def _sync_happened(self, attempt: OpenAttempt, account: str, serial: str) -> bool:
        identity = self._context.identity
        if isinstance(identity, AddRequestLedger):
            answer = identity.lane.submit(
                identity.add_token_outcome, account, serial, attempt.attempt
            ).result()
            if answer is not None:
                return answer
        token = self._token(account, serial)
        return (
            token is not None
            and token.status is not TokenStatus.REVOKED
            and token.bound_at is not None
            and token.bound_at >= attempt.at - CLOCK_SLACK
        )

    def _token(self, account: str, serial: str) -> TokenInfo | None:
        identity = self._context.identity
        try:
            tokens = identity.lane.submit(identity.list_tokens, account).result()
        except UnknownAccount:
            return None
        return next((t for t in tokens if t.serial == serial), None)


def _record(store: AppStore, attempt: OpenAttempt, resolution: Resolution) -> list[Grant]:
    details: dict[str, DetailValue] = {"attempt": attempt.attempt, "recovered": True}
    if attempt.event is AuditEvent.TOKEN_CHANGE_STARTED:
        details["action"] = str(attempt.details.get("action"))
    if resolution.code_spent is not None:
        details["code_spent"] = resolution.code_spent
    with store.sql.transaction():
        audited.record(
            store,
            resolution.event,
            attempt.actor,
            Outcome.SUCCESS if resolution.happened else Outcome.FAILURE,
            patient_id=attempt.patient_id,
            token_serial=attempt.token_serial,
            reason=RECOVERED,
            details=details,
        )
        if resolution.locked_now:
            audited.record(
                store,
                AuditEvent.TOKEN_LOCKED,
                attempt.actor,
                Outcome.FAILURE,
                token_serial=attempt.token_serial,
                reason=f"too many wrong codes; {RECOVERED}",
            )
        if resolution.event is AuditEvent.TOKEN_DEACTIVATED and resolution.happened:
            return store.access_control.end_grants_for(
                attempt.actor or "",
                f"{attempt.token_serial}, {RECOVERED}",
                attempt.actor,
                kind=EndReason.TOKEN_LOST,
            )
    return []
