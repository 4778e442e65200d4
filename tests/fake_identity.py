"""An identity service that answers what a test tells it to, and a context around it.

Controllers are driven without a window: the store is a real one (demo data in a fresh
data dir, so audit entries, passwords and prescriptions behave as in the application),
the identity service is this fake, whose answers a test sets per method.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.config import Paths, Settings
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import ResourceLane
from desktop.controllers.step_up import StepUpSession
from desktop.domain.audit import AuditEvent
from desktop.domain.models import Phone, PhoneChannel, TokenInfo, TokenKind, TokenStatus
from desktop.exostar.base import (
    PhoneCodeSent,
    SigningCheck,
    StepUpGrant,
    TokenSyncResult,
    new_lane,
)
from desktop.store.database import AppStore, open_app_store

ACCOUNT = "doctor"
"""The demo doctor's identity-service account."""
SERIAL = "GALH12345678"
PHONE = Phone("mobile", "+15550100100", (PhoneChannel.SMS, PhoneChannel.VOICE))
Answer = Callable[..., Any]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def active_token(serial: str = SERIAL) -> TokenInfo:
    return TokenInfo(serial, TokenKind.HOTP, TokenStatus.ACTIVE, now(), None)


class FakeIdentity:
    """Answers from `answers[method]` (a value, an exception to raise, or a function of the
    call's arguments); every call is kept in `calls`, in order."""

    name = "fake"

    def __init__(self) -> None:
        self.lane = new_lane("fake-identity")
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.answers: dict[str, Any] = {
            "list_phones": [PHONE],
            "list_tokens": [active_token()],
            "send_phone_code": lambda *_a: PhoneCodeSent(
                "challenge-1", PHONE, PhoneChannel.SMS, now() + dt.timedelta(minutes=5), now()
            ),
            "verify_phone_code": lambda *_a: StepUpGrant(
                "grant-1", ACCOUNT, now() + dt.timedelta(minutes=10)
            ),
            "add_token": lambda _acc, serial, *_a: TokenSyncResult(
                active_token(serial), 0, None, ()
            ),
            "verify_signing_code": lambda *_a: SigningCheck(SERIAL, now()),
        }

    def called(self, method: str) -> list[tuple[Any, ...]]:
        return [args for name, args in self.calls if name == method]

    def _answer(self, method: str, *args: Any) -> Any:
        self.calls.append((method, args))
        answer = self.answers[method]
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer):
            return answer(*args)
        return answer

    def check_health(self) -> str:
        return "fake: answering"

    def list_phones(self, account: str) -> list[Phone]:
        return list(self._answer("list_phones", account))

    def send_phone_code(self, account: str, phone_id: str, channel: PhoneChannel) -> PhoneCodeSent:
        sent: PhoneCodeSent = self._answer("send_phone_code", account, phone_id, channel)
        return sent

    def verify_phone_code(self, account: str, challenge_id: str, code: str) -> StepUpGrant:
        grant: StepUpGrant = self._answer("verify_phone_code", account, challenge_id, code)
        return grant

    def list_tokens(self, account: str) -> list[TokenInfo]:
        return list(self._answer("list_tokens", account))

    def add_token(
        self,
        account: str,
        serial: str,
        otp1: str,
        otp2: str,
        grant_id: str,
        idempotency_key: str,
    ) -> TokenSyncResult:
        result: TokenSyncResult = self._answer(
            "add_token", account, serial, otp1, otp2, grant_id, idempotency_key
        )
        return result

    def verify_signing_code(self, account: str, code: str) -> SigningCheck:
        check: SigningCheck = self._answer("verify_signing_code", account, code)
        return check

    def send_notice(self, account: str, text: str) -> None:
        self.calls.append(("send_notice", (account, text)))

    def close(self) -> None:
        self.lane.shutdown(wait=True)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data, made once: each test works on a copy."""
    from desktop import demo

    data_dir = tmp_path_factory.mktemp("demo-template")
    demo.provision(Paths(data_dir))
    return data_dir


@pytest.fixture
def fake_identity() -> Iterator[FakeIdentity]:
    identity = FakeIdentity()
    yield identity
    identity.close()


@pytest.fixture
def fake_context(
    demo_template: Path, tmp_path: Path, fake_identity: FakeIdentity, icorerx_loop: Any
) -> Iterator[AppContext]:
    """The demo doctor signed in, a real store, and the fake identity service."""
    data_dir = tmp_path / "data"
    shutil.copytree(demo_template, data_dir)
    paths = Paths(data_dir)
    store: ResourceLane[AppStore] = ResourceLane(
        "store", lambda: open_app_store(paths.app_db), AppStore.close
    )
    context = AppContext(store=store, identity=fake_identity, settings=Settings.load(data_dir))
    context.user = store.run_blocking(lambda s: s.authenticate("doctor", "doctor-demo-1"))
    yield context
    store.shutdown()


@pytest.fixture
def step_up() -> StepUpSession:
    return StepUpSession()


def audit_events(context: AppContext, event: AuditEvent) -> list[Any]:
    return list(context.store.run_blocking(lambda s: s.audit.entries(event=event)))
