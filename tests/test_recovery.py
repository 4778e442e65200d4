"""At start-up, an attempt a dead process left without an outcome is resolved and recorded."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.config import Settings
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import ResourceLane
from desktop.controllers.recovery import Recovery
from desktop.domain.audit import RECOVERED, AuditEvent, Outcome
from desktop.domain.models import Role, TokenInfo, TokenKind, TokenStatus
from desktop.domain.prescriptions import RxStatus
from desktop.store import audited
from desktop.store.database import AppStore, open_app_store

ROOT = Path(__file__).resolve().parent.parent
HOTP = "GALH12345678"


def interrupted(data_dir: Path, scenario: str) -> str:
    """Run tests/interrupted.py: it writes an attempt and dies; return the attempt's id."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.interrupted", str(data_dir), scenario],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def started(env):
    """The application opened on the data dir, once its start-up recovery has run."""
    application = env.application
    assert application.recovery.done.wait(20)
    return application


def outcome_of(env, attempt):
    store = env.application.context.store
    found = [
        entry
        for entry in store.run_blocking(lambda s: s.audit.entries())
        if entry.details.get("attempt") == attempt and entry.details.get("recovered")
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("scenario", "event", "outcome"),
    [
        ("sync-done", AuditEvent.TOKEN_ADDED, Outcome.SUCCESS),
        ("sync-not-sent", AuditEvent.TOKEN_SYNC_FAILED, Outcome.FAILURE),
    ],
)
def test_an_interrupted_token_sync_is_resolved_at_the_next_start(
    icorerx_env, scenario, event, outcome
):
    attempt = interrupted(icorerx_env.data_dir, scenario)
    application = started(icorerx_env)
    entry = outcome_of(icorerx_env, attempt)
    assert (entry.event, entry.outcome, entry.reason) == (event, outcome, RECOVERED)
    assert entry.actor == "doctor" and entry.token_serial == HOTP
    store = application.context.store
    assert store.run_blocking(audited.open_attempts) == []
    assert store.run_blocking(lambda s: s.audit.verify()).ok


@pytest.mark.parametrize(
    ("scenario", "outcome"),
    [("suspend-done", Outcome.SUCCESS), ("suspend-not-sent", Outcome.FAILURE)],
)
def test_an_interrupted_suspend_is_resolved_from_the_tokens_status(icorerx_env, scenario, outcome):
    interrupted(icorerx_env.data_dir, "synced")
    attempt = interrupted(icorerx_env.data_dir, scenario)
    started(icorerx_env)
    entry = outcome_of(icorerx_env, attempt)
    assert (entry.event, entry.outcome, entry.reason) == (
        AuditEvent.TOKEN_SUSPENDED,
        outcome,
        RECOVERED,
    )
    assert entry.details["action"] == "suspend"


def test_an_interrupted_signature_signed_nothing(icorerx_env):
    attempt = interrupted(icorerx_env.data_dir, "sign")
    application = started(icorerx_env)
    entry = outcome_of(icorerx_env, attempt)
    assert (entry.event, entry.outcome, entry.reason) == (
        AuditEvent.SIGN_FAILED,
        Outcome.FAILURE,
        RECOVERED,
    )
    patient_id = entry.patient_id
    assert patient_id is not None
    rxs = application.context.store.run_blocking(lambda s: s.prescriptions.for_patient(patient_id))
    assert [rx.status for rx in rxs] == [RxStatus.PENDING]


@pytest.mark.parametrize(("scenario", "spent"), [("sign-spent", True), ("sign-locked", False)])
def test_an_interrupted_signature_says_what_became_of_the_code(icorerx_env, scenario, spent):
    interrupted(icorerx_env.data_dir, "synced")
    attempt = interrupted(icorerx_env.data_dir, scenario)
    started(icorerx_env)
    entry = outcome_of(icorerx_env, attempt)
    assert (entry.event, entry.outcome) == (AuditEvent.SIGN_FAILED, Outcome.FAILURE)
    assert entry.token_serial == HOTP and entry.details["code_spent"] is spent
    locks = [e for e in entries_of(icorerx_env) if e.event is AuditEvent.TOKEN_LOCKED]
    if scenario == "sign-locked":
        (lock,) = locks
        assert lock.seq == entry.seq + 1 and RECOVERED in lock.reason
    else:
        assert locks == []


def entries_of(env):
    return env.application.context.store.run_blocking(lambda s: s.audit.entries())


def test_an_attempt_whose_process_still_runs_is_left_alone(icorerx_env):
    store = open_app_store(icorerx_env.data_dir / "icorerx.sqlite")
    try:
        audited.record(
            store,
            AuditEvent.TOKEN_SYNC_STARTED,
            "doctor",
            Outcome.SUCCESS,
            token_serial=HOTP,
            details={"attempt": "still-running", "pid": os.getpid()},
        )
    finally:
        store.close()
    application = started(icorerx_env)
    assert application.recovery.recovered == []
    (left,) = application.context.store.run_blocking(audited.open_attempts)
    assert left.attempt == "still-running"


class TokenListOnly:
    """An identity service with no request ledger: start-up reads its token list."""

    name = "fake"

    def __init__(self, tokens: list[TokenInfo]) -> None:
        self.lane = ThreadPoolExecutor(max_workers=1)
        self.tokens = tokens

    def list_tokens(self, account: str) -> list[TokenInfo]:
        assert account == "acct-1"
        return self.tokens


@pytest.mark.parametrize(
    ("bound_minutes_after", "event"),
    [
        (1, AuditEvent.TOKEN_ADDED),  # bound after the attempt: it happened
        (-60, AuditEvent.TOKEN_SYNC_FAILED),  # bound long before: an older binding
        (None, AuditEvent.TOKEN_SYNC_FAILED),  # not on the account at all
    ],
)
def test_without_a_ledger_the_token_list_decides(tmp_path, bound_minutes_after, event):
    path = tmp_path / "icorerx.sqlite"
    setup = open_app_store(path)
    setup.add_user("doc", "pw-123456789", "Dr. Doc", Role.PRESCRIBER, "acct-1")
    at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)  # stale: resolved whoever wrote it
    setup.audit._clock = lambda: at
    audited.record(
        setup,
        AuditEvent.TOKEN_SYNC_STARTED,
        "doc",
        Outcome.SUCCESS,
        token_serial=HOTP,
        details={"attempt": "a1", "pid": 1},
    )
    setup.close()
    tokens = []
    if bound_minutes_after is not None:
        bound = at + dt.timedelta(minutes=bound_minutes_after)
        tokens = [TokenInfo(HOTP, TokenKind.HOTP, TokenStatus.ACTIVE, bound, None)]
    identity = TokenListOnly(tokens)
    store = ResourceLane("store", lambda: open_app_store(path), AppStore.close)
    context = AppContext(store=store, identity=identity, settings=Settings())  # type: ignore[arg-type]
    recovery = Recovery(context)
    try:
        recovery.run()
        recovered = {a.attempt: r for a, r in recovery.recovered}
        assert recovered["a1"].event is event
        assert recovered["a1"].happened is (event is AuditEvent.TOKEN_ADDED)
        assert store.run_blocking(audited.open_attempts) == []
    finally:
        store.shutdown()
        identity.lane.shutdown()
