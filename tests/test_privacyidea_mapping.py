"""privacyIDEA's refusals in this application's words: by its numeric error codes where its
answer has one, by its words only where it has none. Unit level, against a scripted client."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.domain.models import Phone, PhoneChannel
from desktop.exostar import refusals
from desktop.exostar.base import AdapterError, RefusalCode, UnknownAccount
from desktop.exostar.privacyidea import (
    PrivacyIdeaIdentityService,
    PrivacyIdeaRefused,
    PrivacyIdeaSettings,
    ServerError,
)
from desktop.exostar.privacyidea.core import Challenge
from desktop.exostar.privacyidea.mapping import PiError, phone_refusal, server_refusal

SERIAL = "GALH12345678"
SMS = "PISM0001"
DOCTOR = "doctor"


def refused(code: int, message: str = "no") -> PrivacyIdeaRefused:
    return PrivacyIdeaRefused(ServerError(400, code, message))


class ScriptedClient:
    """Answers the adapter's calls from a dict of tokens; `fail` makes one path refuse."""

    def __init__(self) -> None:
        self.tokens: dict[str, dict[str, Any]] = {}
        self.fail: dict[str, PrivacyIdeaRefused] = {}
        self.validate: dict[str, Any] = {"result": {"status": True, "value": False}}

    def _check(self, path: str) -> None:
        if path in self.fail:
            raise self.fail[path]

    def get(self, path: str, **params: Any) -> Any:
        self._check(path)
        found = [
            t
            for t in self.tokens.values()
            if all(
                v in (t.get("username"), *t.get("later_owners", ()))
                if k == "user"
                else t.get(k) == v
                for k, v in params.items()
                if k in ("serial", "tokentype", "user")
            )
        ]
        return {"tokens": found, "count": len(found)}

    def post(self, path: str, **data: Any) -> Any:
        self._check(path)
        return True

    def delete(self, path: str) -> Any:
        self._check(path)
        return True

    def call_full(self, method: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
        self._check(path)
        return self.validate

    def close(self) -> None:
        pass


@pytest.fixture
def scripted():
    client = ScriptedClient()
    settings = PrivacyIdeaSettings(
        url="https://otp.clinic.example",
        realm="clinic",
        service_account="icorerx",
        public_key_pem=b"",
        verify_tls=True,
        timeout_s=5,
        connect_timeout_s=1,
        challenge_validity_s=120,
    )
    service = PrivacyIdeaIdentityService(settings, "password", client=client)
    yield service, client
    service.lane.shutdown()


def hardware(**fields: Any) -> dict[str, Any]:
    return {"serial": SERIAL, "tokentype": "hotp", "active": True, "info": {}, **fields}


def test_privacyideas_numeric_codes_map_to_refusals():
    def code_of(code: int, **context: str) -> RefusalCode:
        return server_refusal(ServerError(400, code, "words we do not read"), **context).code

    assert code_of(PiError.ALREADY_ASSIGNED, serial=SERIAL) is RefusalCode.TOKEN_OTHER_ACCOUNT
    assert code_of(PiError.TOKEN_LOCKED, serial=SERIAL) is RefusalCode.TOKEN_REVOKED
    assert code_of(PiError.RESOURCE_NOT_FOUND, account=DOCTOR) is RefusalCode.UNKNOWN_ACCOUNT
    assert code_of(PiError.USER, account=DOCTOR) is RefusalCode.UNKNOWN_ACCOUNT
    # Without the token or account it is about, a code says nothing we can word for sure.
    assert code_of(PiError.TOKEN_LOCKED) is RefusalCode.SERVICE_REFUSED
    assert code_of(PiError.USER, serial=SERIAL) is RefusalCode.SERVICE_REFUSED
    other = server_refusal(ServerError(400, 905, "missing parameter"))
    assert other.code is RefusalCode.SERVICE_REFUSED and "privacyIDEA error 905" in other.next_step
    assert other.details["server_code"] == 905
    # The same words as privacyIDEA's own codes say, whatever its message.
    assert PiError.ALREADY_ASSIGNED == 1103 and PiError.TOKEN_LOCKED == 1007
    assert PiError.RESOURCE_NOT_FOUND == 601 and PiError.USER == 904


def test_an_assignment_refused_with_1103_is_another_doctors_token(scripted):
    service, client = scripted
    client.tokens[SERIAL] = hardware()
    client.fail["/token/assign"] = refused(PiError.ALREADY_ASSIGNED, "Token already assigned")
    token = client.tokens[SERIAL]
    with pytest.raises(AdapterError) as other:
        service._add(DOCTOR, SERIAL, "123456", "234567", "key", "digest", token, False)
    assert other.value.to_json() == refusals.token_other_account(SERIAL).to_json()
    client.fail["/token/assign"] = refused(905, "some other trouble")
    with pytest.raises(AdapterError) as trouble:
        service._add(DOCTOR, SERIAL, "123456", "234567", "key", "digest", token, False)
    assert trouble.value.code is RefusalCode.SERVICE_REFUSED


def test_an_assignment_lost_to_another_workstation_is_another_doctors_token(scripted):
    """Two workstations assign one token at the same moment: privacyIDEA may refuse the
    later one with a database error, not 1103; the token now names the other doctor."""
    service, client = scripted
    client.tokens[SERIAL] = token = hardware()

    def assigned_meanwhile(path: str) -> None:
        if path == "/token/assign":
            client.tokens[SERIAL] = hardware(username="doctor2")
            raise refused(-500, "UNIQUE constraint failed: tokeninfo.token_id, tokeninfo.Key")

    client._check = assigned_meanwhile  # type: ignore[method-assign]
    with pytest.raises(AdapterError) as lost:
        service._add(DOCTOR, SERIAL, "123456", "234567", "key", "digest", token, False)
    assert lost.value.to_json() == refusals.token_other_account(SERIAL).to_json()


def test_a_later_owner_row_of_a_token_gives_that_account_nothing(scripted):
    """Both assignments written: privacyIDEA lists the token under the later owner too,
    but the token is the first owner's: not listed, not used to sign, not revoked."""
    service, client = scripted
    client.tokens[SERIAL] = hardware(username="doctor2", later_owners=[DOCTOR])
    assert service.list_tokens(DOCTOR) == []
    with pytest.raises(AdapterError) as none:
        service.verify_signing_code(DOCTOR, "123456")
    assert none.value.code is RefusalCode.NO_ACTIVE_TOKEN
    assert [t.serial for t in service.list_tokens("doctor2")] == [SERIAL]


def test_an_account_the_realm_does_not_know_is_named(scripted):
    service, client = scripted
    client.fail["/token/"] = refused(PiError.USER, "User does not exist")
    with pytest.raises(UnknownAccount) as unknown:
        service.list_tokens("nobody")
    assert '"nobody"' in unknown.value.message and '"clinic"' in unknown.value.next_step


def test_a_signing_check_refused_with_1007_says_the_token_was_deactivated(scripted):
    service, client = scripted
    client.tokens[SERIAL] = hardware(username=DOCTOR)
    client.fail["/validate/check"] = refused(PiError.TOKEN_LOCKED, "the token is locked")
    with pytest.raises(AdapterError) as revoked:
        service.verify_signing_code(DOCTOR, "123456")
    assert revoked.value.to_json() == refusals.token_revoked(SERIAL).to_json()


def test_a_code_used_again_is_recognised_by_privacyideas_words(scripted):
    """A rejected /validate/check carries no error code, only a message."""
    service, client = scripted
    client.tokens[SERIAL] = hardware(username=DOCTOR, failcount=1, maxfail=10)
    client.validate = {
        "result": {"status": True, "value": False, "authentication": "REJECT"},
        "detail": {"message": "wrong otp value. previous otp used again"},
    }
    with pytest.raises(AdapterError) as again:
        service.verify_signing_code(DOCTOR, "123456")
    assert again.value.code is RefusalCode.ALREADY_USED and again.value.spends_codes
    client.validate["detail"] = {"message": "wrong otp value"}
    with pytest.raises(AdapterError) as wrong:
        service.verify_signing_code(DOCTOR, "123456")
    assert wrong.value.code is RefusalCode.WRONG_CODE and wrong.value.details["tries_left"] == 9


def test_an_expired_phone_code_has_the_one_wording_both_ways(scripted):
    service, client = scripted
    minutes = service.settings.challenge_validity_s // 60
    one_way = refusals.code_expired(minutes).to_json()
    # Timed out here, before privacyIDEA is asked.
    phone = Phone(SMS, "+15550100100", (PhoneChannel.SMS,))
    service._challenges["c1"] = Challenge(DOCTOR, phone, "tx", service.clock() - 1)
    with pytest.raises(AdapterError) as expired:
        service.verify_phone_code(DOCTOR, "c1", "123456")
    assert expired.value.to_json() == one_way
    # Or said so by privacyIDEA's words.
    sms = {"serial": SMS, "tokentype": "sms", "active": True, "failcount": 0, "maxfail": 10}
    assert phone_refusal(sms, "Challenge expired", minutes).to_json() == one_way
    assert phone_refusal(None, "No challenge for transaction 42", minutes).to_json() == one_way
    assert phone_refusal(sms, "wrong otp pin", minutes).code is RefusalCode.WRONG_CODE
    locked = phone_refusal({**sms, "failcount": 10}, "Challenge expired", minutes)
    assert locked.code is RefusalCode.TOO_MANY_TRIES
