"""Helpers of the identity service's hole tests: phone codes per account, the notices the
doctor's phone got, unbound tokens as stored."""

from __future__ import annotations

import pytest
import sqlite_utils

from desktop.domain.models import PhoneChannel, TokenStatus
from desktop.exostar.base import AdapterError
from tests.local_service import (
    ACCOUNT,
    call,
)


def send(service, account=ACCOUNT):
    return call(service, service.send_phone_code, account, "mobile-" + account, PhoneChannel.SMS)


def newest_code(service, account=ACCOUNT) -> str:
    return [m for m in call(service, service.outbox, account) if m.code][-1].code


def grant(service, account=ACCOUNT) -> str:
    sent = send(service, account)
    return call(
        service,
        service.verify_phone_code,
        account,
        sent.challenge_id,
        newest_code(service, account),
    ).id


def notices(service, account=ACCOUNT) -> list[str]:
    return [m.text for m in call(service, service.outbox, account) if m.code is None]


def wrong_for(right: str) -> str:
    return "000000" if right != "000000" else "111111"


def token_rows(folder) -> dict[str, dict]:
    db = sqlite_utils.Database(folder / "identity.sqlite")
    try:
        return {row["serial"]: row for row in db.table("tokens").rows}
    finally:
        db.close()


def lock_token(service) -> None:
    for _ in range(10):
        with pytest.raises(AdapterError):
            call(service, service.verify_signing_code, ACCOUNT, "000000")
    assert call(service, service.list_tokens, ACCOUNT)[0].status is TokenStatus.LOCKED
