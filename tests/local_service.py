"""The embedded identity service as its unit tests drive it: a clock they move, every call on
the lane as the application makes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.demo import DEMO_KEY, DEMO_TOKENS
from desktop.domain.models import PhoneChannel
from desktop.domain.otp import generate_hotp
from desktop.exostar.base import AdapterError
from desktop.exostar.local import LocalIdentityService

T0 = 1_800_000_000.0
ACCOUNT = "doc"
OTHER = "other"


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def open_service(folder, clock) -> LocalIdentityService:
    return LocalIdentityService(folder, key_store="file", clock=clock)


def call(service, fn, *args, **kwargs):
    """Every call goes through the lane, as the application makes it."""
    return service.lane.submit(fn, *args, **kwargs).result(timeout=30)


def refused(service, fn, *args) -> AdapterError:
    with pytest.raises(AdapterError) as info:
        call(service, fn, *args)
    return info.value


def hotp(counter: int) -> str:
    """The demo HOTP token's code at `counter`."""
    return generate_hotp(DEMO_KEY, counter)


def one_doctor(folder, clock) -> Iterator[LocalIdentityService]:
    """A service with the demo seeds and two accounts: `doc`, whose phone "mobile" takes texts
    and calls, and `other` without a phone. Closed when the test is done."""
    s = open_service(folder, clock)
    call(s, s.ensure_account, ACCOUNT, "Dr. Test")
    call(
        s, s.ensure_phone, ACCOUNT, "mobile", "+15550100100", (PhoneChannel.SMS, PhoneChannel.VOICE)
    )
    call(s, s.ensure_account, OTHER, "Dr. Other")
    yield from _seeded(s)


def two_doctors(folder, clock) -> Iterator[LocalIdentityService]:
    """A service with the demo seeds and two accounts, `doc` and `other`, each with a phone
    "mobile-<account>" that takes texts. Closed when the test is done."""
    s = open_service(folder, clock)
    for account, name, number in (
        (ACCOUNT, "Dr. Test", "+15550100100"),
        (OTHER, "Dr. O", "+15550100101"),
    ):
        call(s, s.ensure_account, account, name)
        call(s, s.ensure_phone, account, "mobile-" + account, number, (PhoneChannel.SMS,))
    yield from _seeded(s)


def _seeded(s: LocalIdentityService) -> Iterator[LocalIdentityService]:
    call(s, s.import_seeds, DEMO_TOKENS, "test")
    yield s
    call(s, s.close)
    s.lane.shutdown()


def last_code(service) -> str:
    return call(service, service.outbox)[-1].code


def grant(service, channel=PhoneChannel.SMS) -> str:
    sent = call(service, service.send_phone_code, ACCOUNT, "mobile", channel)
    return call(
        service, service.verify_phone_code, ACCOUNT, sent.challenge_id, last_code(service)
    ).id
