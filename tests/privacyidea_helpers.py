"""What the privacyIDEA adapter tests share: the demo doctor, tokens, and a step-up."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.demo import DEMO_KEY
from desktop.domain.models import PhoneChannel
from desktop.domain.otp import generate_hotp
from desktop.exostar import registry
from desktop.exostar.privacyidea import PrivacyIdeaIdentityService

HOTP = "GALH12345678"
TOTP = "GAKT12345678"
DOCTOR = "doctor"


def adapter_for(server, tmp_path: Path, **options) -> PrivacyIdeaIdentityService:
    identity = registry.create("privacyidea", tmp_path, server.settings_for(tmp_path, **options))
    assert isinstance(identity, PrivacyIdeaIdentityService)
    return identity


@contextmanager
def open_adapter(server, tmp_path: Path, **options) -> Iterator[PrivacyIdeaIdentityService]:
    adapter = adapter_for(server, tmp_path, **options)
    try:
        yield adapter
    finally:
        adapter.close()
        adapter.lane.shutdown()


def step_up(identity, server) -> str:
    phone = identity.list_phones(DOCTOR)[0]
    sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    code = server.sink.for_phone(phone.number)[-1].code
    return identity.verify_phone_code(DOCTOR, sent.challenge_id, code).id


def hotp(counter: int) -> str:
    return generate_hotp(DEMO_KEY, counter, 6, "sha1")


def key() -> str:
    return uuid.uuid4().hex
