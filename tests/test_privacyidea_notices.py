"""A pause or lock of phone confirmation is texted to the doctor by privacyIDEA itself.

privacyIDEA has no REST call that texts a message of ours, so `icorerx privacyidea setup`
installs event handlers (UserNotification, sendsms) on the `token_info` event the adapter
raises on the doctor's SMS token; these tests run them on a real privacyIDEA 3.14 server and
read what its SMS gateway was asked to send.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.config import Settings
from desktop.domain.models import PhoneChannel
from desktop.exostar import registry
from desktop.exostar.base import AdapterError
from desktop.exostar.privacyidea.events import EVENT, HANDLERS, INFO_NOTICE
from tests.privacyidea_server import DOCTORS, REALM, SERVICE_ACCOUNT, SERVICE_PASSWORD, _ok

DOCTOR = "doctor"
MOBILE = DOCTORS[DOCTOR][2]
NOTICES_GATEWAY = "clinic-notices"


@pytest.fixture
def notices_gateway(pi_server) -> str:
    """A gateway that sends the handler's words as they are (the code gateway wraps them)."""
    with pi_server.admin() as admin:
        _ok(
            admin.post(
                "/smsgateway",
                json={
                    "name": NOTICES_GATEWAY,
                    "module": "privacyidea.lib.smsprovider.HttpSMSProvider.HttpSMSProvider",
                    "option.URL": pi_server.sink.url,
                    "option.HTTP_METHOD": "POST",
                    "option.SEND_DATA_AS_JSON": "yes",
                    "option.CHECK_SSL": "no",
                    "option.RETURN_SUCCESS": "OK",
                    "option.phone": "{phone}",
                    "option.text": "{otp}",
                },
            )
        )
    return NOTICES_GATEWAY


def set_up(pi_server, data_dir: Path, monkeypatch, *extra: str) -> int:
    args = ["privacyidea", "setup", "--data-dir", str(data_dir), "--url", pi_server.url]
    args += ["--realm", REALM, "--service-account", SERVICE_ACCOUNT, "--password-stdin"]
    args += ["--public-key", str(pi_server.public_key_file), *extra]
    monkeypatch.setattr("sys.stdin", io.StringIO(SERVICE_PASSWORD + "\n"))
    return main(args)


def handlers(pi_server) -> list[dict]:
    with pi_server.admin() as admin:
        found = admin.get("/event/").json()["result"]["value"] or []
    return [h for h in found if str(h.get("name", "")).startswith("icorerx ")]


def notices() -> list[str]:
    return [h.body.replace("{username}", DOCTOR) for h in HANDLERS]


def texted(pi_server) -> list[str]:
    """What the doctor's phone received, codes left out."""
    return [m.text for m in pi_server.sink.for_phone(MOBILE) if m.code is None]


def test_setup_installs_the_pause_and_lock_handlers_once(pi_server, tmp_path, monkeypatch, capsys):
    assert set_up(pi_server, tmp_path / "one", monkeypatch) == 0
    out = capsys.readouterr().out
    # By default the gateway the server's own SMS tokens use.
    assert "a pause or lock of phone confirmation is texted via clinic-sms" in out
    assert set_up(pi_server, tmp_path / "two", monkeypatch) == 0  # a second workstation
    installed = handlers(pi_server)
    assert sorted(h["name"] for h in installed) == sorted(h.name for h in HANDLERS)
    for handler in installed:
        assert handler["event"] == [EVENT] and handler["action"] == "sendsms"
        assert handler["handlermodule"] == "UserNotification" and handler["position"] == "post"
        assert handler["options"]["smsconfig"] == "clinic-sms"
        assert handler["options"]["To"] == "tokenowner"
        assert handler["conditions"]["tokeninfo"].startswith(f"{INFO_NOTICE} == ")


def test_an_unknown_gateway_is_named_and_the_workstation_still_set_up(
    pi_server, tmp_path, monkeypatch, capsys
):
    assert set_up(pi_server, tmp_path, monkeypatch, "--notice-gateway", "no-such-gw") == 0
    out = capsys.readouterr().out
    assert 'WARNING: the server has no SMS gateway named "no-such-gw" (it has: clinic-sms)' in out
    assert Settings.load(tmp_path).adapter == "privacyidea"
    assert handlers(pi_server) == []


def test_a_server_that_refuses_the_handlers_is_named_and_the_workstation_still_set_up(
    pi_server, tmp_path, monkeypatch, capsys
):
    """A service account without the eventhandling_write right (an admin policy)."""
    with pi_server.admin() as admin:
        _ok(
            admin.post(
                "/policy/icorerx-no-events",
                json={
                    "scope": "admin",
                    "action": "tokenlist, configread, smsgateway_read, eventhandling_read, "
                    "policyread, policywrite, policydelete",
                    "adminuser": SERVICE_ACCOUNT,
                    "active": True,
                },
            )
        )
    try:
        assert set_up(pi_server, tmp_path, monkeypatch) == 0
    finally:
        with pi_server.admin() as admin:
            admin.delete("/policy/icorerx-no-events")
    out = capsys.readouterr().out
    assert "WARNING: the server did not take the event handlers" in out
    assert "eventhandling_write" in out
    assert Settings.load(tmp_path).adapter == "privacyidea"
    assert handlers(pi_server) == []


def test_five_wrong_codes_text_the_pause_and_a_lock_texts_the_lock(
    pi_server, notices_gateway, tmp_path, monkeypatch, capsys
):
    data_dir = tmp_path / "workstation"
    assert set_up(pi_server, data_dir, monkeypatch, "--notice-gateway", notices_gateway) == 0
    capsys.readouterr()
    settings = Settings.load(data_dir)
    identity = registry.create("privacyidea", data_dir, settings.adapter_options)
    ahead = [0.0]
    identity.clock = lambda: time.time() + ahead[0]
    paused, locked = notices()
    try:
        phone = identity.list_phones(DOCTOR)[0]
        identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
        ahead[0] += 31  # the first text was slow: the doctor asks for another code
        sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
        right = pi_server.sink.for_phone(MOBILE)[-1].code
        wrong = str(int(right) ^ 1).zfill(6)
        for _ in range(4):
            with pytest.raises(AdapterError, match="does not match|wrong"):
                identity.verify_phone_code(DOCTOR, sent.challenge_id, wrong)
        assert texted(pi_server) == []  # wrong codes alone text nothing
        with pytest.raises(AdapterError) as fifth:
            identity.verify_phone_code(DOCTOR, sent.challenge_id, wrong)
        assert fifth.value.details.get("paused_now")
        assert texted(pi_server) == [paused]
        assert "paused" in paused and DOCTOR in paused
        info = pi_server.token(phone.id)["info"]
        assert INFO_NOTICE not in info  # raised, then cleared: the next change texts nothing

        # 99 wrong codes in a row so far (as the server keeps them); the pause is over.
        with pi_server.admin() as admin:
            admin.post(f"/token/info/{phone.id}/icorerx_phone_run", json={"value": "99"})
            admin.delete(f"/token/info/{phone.id}/icorerx_phone_paused_until")
        assert texted(pi_server) == [paused]  # other info changes text nothing
        ahead[0] += 31
        sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
        with pytest.raises(AdapterError) as hundredth:
            identity.verify_phone_code(DOCTOR, sent.challenge_id, wrong)
        assert hundredth.value.details.get("locked_now")
        assert texted(pi_server) == [paused, locked]
        assert "locked until a practice administrator unlocks it" in locked
    finally:
        identity.close()
        identity.lane.shutdown()


def test_without_the_handlers_a_pause_texts_nothing_and_still_pauses(pi_server, tmp_path):
    """A server set up before the handlers existed: the notice is raised, nobody texts it."""
    identity = registry.create("privacyidea", tmp_path, pi_server.settings_for(tmp_path))
    try:
        phone = identity.list_phones(DOCTOR)[0]
        sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
        right = pi_server.sink.for_phone(MOBILE)[-1].code
        wrong = str(int(right) ^ 1).zfill(6)
        for _ in range(4):
            with pytest.raises(AdapterError):
                identity.verify_phone_code(DOCTOR, sent.challenge_id, wrong)
        with pytest.raises(AdapterError) as fifth:
            identity.verify_phone_code(DOCTOR, sent.challenge_id, wrong)
        assert fifth.value.code == "too_many_tries"
        assert texted(pi_server) == []
    finally:
        identity.close()
        identity.lane.shutdown()
