"""Refusal codes are one typed vocabulary (`RefusalCode`), every refusal's words live in
`desktop.exostar.refusals`, and "the codes the doctor typed are used up" is decided once."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

from desktop.demo import DEMO_TOKENS
from desktop.domain.errors import UserFacingError
from desktop.domain.models import Phone, PhoneChannel, TokenKind
from desktop.domain.otp.model import OtpDecision, OtpTokenState, Reason
from desktop.exostar import refusals, registry
from desktop.exostar.base import AdapterError, RefusalCode, UnknownAccount, spends_codes
from desktop.exostar.local import LocalIdentityService
from desktop.exostar.local.phone_codes import PhoneCodePolicy

EXOSTAR = Path(__file__).resolve().parent.parent / "desktop" / "exostar"

A_TOKEN = OtpTokenState(TokenKind.HOTP, b"12345678901234567890")

SAMPLES: dict[str, Any] = {
    "account": "doctor",
    "asked": PhoneChannel.VOICE,
    "available": ["sms"],
    "channel": "phone call",
    "decision": OtpDecision(Reason.WRONG_CODE, A_TOKEN),
    "duration": "5 minutes",
    "earlier": "text message",
    "folder": Path("/home/doctor/icorerx/identity"),
    "installed": ["local", "privacyidea"],
    "key_store": "vault",
    "known": ["GALH12345678"],
    "left_before_pause": 1,
    "locked_now": False,
    "masked": "(***) ***-0100",
    "max_tries": 5,
    "minutes": 5,
    "moment": "3:05 PM",
    "name": "nonesuch",
    "newest": "phone call",
    "pause_seconds": 300,
    "phone": Phone("mobile", "+15550100100", (PhoneChannel.SMS,)),
    "problem": '"url" is missing.',
    "realm": "clinic",
    "refused": UserFacingError("No OS keyring is available.", 'Set "key_store": "file".'),
    "retry_at": "2026-12-01T15:05:00+00:00",
    "seconds": 30,
    "seconds_left": 300,
    "serial": "GALH12345679",
    "server_code": 905,
    "status": 502,
    "time_token": True,
    "tries_left": 2,
    "url": "https://otp.clinic.example",
    "what": "an RSA key",
    "wrong_in_a_row": 100,
}


def _wordings() -> dict[str, Any]:
    """Every public function of every module of the package, by name."""
    found: dict[str, Any] = {}
    for info in pkgutil.iter_modules(refusals.__path__, f"{refusals.__name__}."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if inspect.isfunction(fn) and fn.__module__ == module.__name__:
                if not name.startswith("_"):
                    assert name not in found, f"{name} is worded twice"
                    found[name] = fn
    return found


WORDINGS = sorted(_wordings())
NEXT_STEP_IN_THE_MESSAGE = {"token_code_refused"}
"""The OTP engine's words (`Reason.message`) say what to do next in the message itself."""


def test_every_wording_is_called_through_the_package():
    """`refusals.x(...)` reaches each wording, whichever module of the package holds it."""
    assert len(WORDINGS) > 50  # the discovery did read the modules
    for name, fn in _wordings().items():
        assert getattr(refusals, name, None) is fn, f"refusals/__init__.py does not export {name}"
    assert sorted(refusals.__all__) == WORDINGS


def test_no_adapter_words_a_refusal_of_its_own():
    """Every refusal an adapter raises is made in desktop/exostar/refusals, so a doctor reads
    one sentence for one situation: nothing else under desktop/exostar builds one inline."""
    inline = []
    for path in EXOSTAR.rglob("*.py"):
        if "refusals" in path.relative_to(EXOSTAR).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = node.func
                name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
                if name in ("AdapterError", "UnknownAccount"):
                    inline.append(f"{path.relative_to(EXOSTAR)}:{node.lineno}")
    assert not inline, inline


def make(name: str) -> AdapterError:
    fn = getattr(refusals, name)
    params = inspect.signature(fn).parameters
    missing = [p for p in params if p not in SAMPLES]
    assert not missing, f"add sample values for {missing} to SAMPLES"
    error: AdapterError = fn(**{p: SAMPLES[p] for p in params})
    return error


@pytest.mark.parametrize("name", WORDINGS)
def test_every_wording_carries_a_refusal_code_and_says_what_to_do(name):
    error = make(name)
    assert isinstance(error, AdapterError)
    assert type(error.code) is RefusalCode and error.code is not RefusalCode.ERROR
    assert error.message
    if name in NEXT_STEP_IN_THE_MESSAGE:
        assert not error.next_step and error.message.count(". ") >= 1
    else:
        assert error.next_step
    assert json.loads(json.dumps(error.to_json()))["code"] == error.code.value


def test_every_code_written_in_an_adapter_is_a_refusal_code():
    """A code spelled as a string anywhere under desktop/exostar must be one the UI knows;
    a typo would otherwise read as a plain "error"."""
    known = {code.value for code in RefusalCode}
    members = set(RefusalCode.__members__)
    strings: set[str] = set()
    names: set[str] = set()
    for path in EXOSTAR.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        strings.update(re.findall(r'\bcode\s*=\s*"(\w+)"', text))
        names.update(re.findall(r"\bRefusalCode\.([A-Z_]+)\b", text))
    assert strings <= known, strings - known
    assert names <= members, names - members
    assert len(names) > 20  # the scan did read the adapters


def test_the_otp_engines_reasons_are_refusal_codes():
    """The embedded service raises `Reason` values as codes (local/tokens.py)."""
    for reason in Reason:
        if reason is not Reason.OK:
            assert RefusalCode(reason.value).value == reason.value


def test_codes_compare_equal_to_the_strings_stored_and_shown():
    assert RefusalCode.WRONG_CODE == "wrong_code"
    assert f"{RefusalCode.CODE_EXPIRED}" == "code_expired"
    error = AdapterError("words", "next", code="token_revoked", serial="X")
    assert error.code is RefusalCode.TOKEN_REVOKED
    assert json.dumps(error.to_json()) == json.dumps(
        {
            "code": "token_revoked",
            "message": "words",
            "next_step": "next",
            "details": {"serial": "X"},
        }
    )
    assert UnknownAccount("who?").code is RefusalCode.UNKNOWN_ACCOUNT
    assert AdapterError("plain").code is RefusalCode.ERROR


def test_a_stored_answer_reads_back_and_never_crashes():
    error = refusals.codes_do_not_sync("GALH12345678")
    again = AdapterError.from_json(json.loads(json.dumps(error.to_json())))
    assert again.code is RefusalCode.CODES_REJECTED and again.to_json() == error.to_json()
    newer = AdapterError.from_json(
        {
            "code": "a_code_from_a_newer_version",
            "message": "Said later.",
            "next_step": "Do so.",
            "details": {},
        }
    )
    assert newer.code is RefusalCode.ERROR
    assert (newer.message, newer.next_step) == ("Said later.", "Do so.")
    damaged = AdapterError.from_json({"code": None, "details": "not a mapping"})
    assert damaged.code is RefusalCode.ERROR and damaged.details == {}
    clashing = AdapterError.from_json(
        {"code": "wrong_code", "message": "M", "details": {"code": "x", "message": "y", "at": 1}}
    )
    assert clashing.code is RefusalCode.WRONG_CODE and clashing.message == "M"
    assert clashing.details == {"at": 1}


SPENT = [
    ("wrong_phone_code", True),
    ("code_expired", True),
    ("code_replaced", True),
    ("phone_locked", True),
    ("phone_paused", True),
    ("phone_token_locked", True),
    ("phone_code_refused", True),
    ("codes_do_not_sync", True),
    ("signing_code_used_again", True),
    ("wrong_signing_code", True),
    ("step_up_required", False),
    ("sync_tries_spent", False),
    ("unknown_serial", False),
    ("code_malformed", False),
    ("code_used", True),
    ("code_tries_spent", True),
    ("newer_code_sent", True),
    ("earlier_code_typed", True),
    ("phone_paused_now", True),
    ("phone_still_paused", True),
    ("no_code", False),
    ("phone_cannot_receive", False),
    ("seed_unreadable", False),
    ("resend_too_soon", False),
    ("token_locked", False),
    ("service_unreachable", False),
    ("service_slow", False),
    ("request_key_reused", False),
]


@pytest.mark.parametrize(("name", "spent"), SPENT)
def test_each_refusal_says_whether_the_typed_codes_are_spent(name, spent):
    error = make(name)
    assert error.spends_codes is spent
    assert spends_codes(str(error.code)) is spent  # as a view receives it, a plain string


def test_every_code_the_otp_engine_compared_is_spent():
    """A refused token code that was compared against the key cannot be typed again."""
    for reason in Reason:
        if reason.counts_as_failure:
            assert RefusalCode(reason.value).spends_codes, reason
    assert not RefusalCode.IDENTICAL_CODES.spends_codes
    assert not spends_codes("not_a_code") and not spends_codes("error")


@pytest.mark.parametrize("reason", [r for r in Reason if r is not Reason.OK])
def test_a_token_code_the_engine_refused_keeps_its_reason_and_words(reason):
    decision = OtpDecision(reason, A_TOKEN, locked_now=reason is Reason.WRONG_CODE)
    error = refusals.token_code_refused(decision, "GALH12345678")
    assert error.code is RefusalCode(reason.value)
    assert error.message == decision.message and reason.message in error.message
    assert error.details == {"locked_now": decision.locked_now, "serial": "GALH12345678"}
    assert error.spends_codes is reason.counts_as_failure


def test_code_expired_has_one_wording():
    words = refusals.code_expired(5)
    assert words.message == "That code has expired (codes work for 5 minutes)."
    assert words.next_step == "Send a new code and type it within 5 minutes."
    minutes = PhoneCodePolicy().code_seconds // 60
    assert refusals.code_expired(minutes).to_json() == words.to_json()


def test_the_embedded_service_words_an_expired_code_the_one_way(tmp_path):
    now = [1_800_000_000.0]
    service = LocalIdentityService(
        tmp_path, key_store="file", clock=lambda: now[0], monotonic=lambda: now[0]
    )

    def call(fn, *args):
        return service.lane.submit(fn, *args).result(timeout=30)

    try:
        call(service.ensure_account, "doc", "Dr. Test")
        call(service.ensure_phone, "doc", "mobile", "+15550100100", (PhoneChannel.SMS,))
        call(service.import_seeds, DEMO_TOKENS, "test")
        sent = call(service.send_phone_code, "doc", "mobile", PhoneChannel.SMS)
        now[0] += PhoneCodePolicy().code_seconds + 1
        with pytest.raises(AdapterError) as expired:
            call(service.verify_phone_code, "doc", sent.challenge_id, "123456")
    finally:
        call(service.close)
        service.lane.shutdown()
    minutes = PhoneCodePolicy().code_seconds // 60
    assert expired.value.to_json() == refusals.code_expired(minutes).to_json()
    assert expired.value.spends_codes


def test_an_identity_service_not_installed_is_a_settings_problem(tmp_path):
    with pytest.raises(AdapterError) as missing:
        registry.create("nonesuch", tmp_path, {})
    assert missing.value.code is RefusalCode.BAD_SETTINGS
    expected = refusals.adapter_not_installed("nonesuch", registry.available())
    assert missing.value.to_json() == expected.to_json()
    assert "local" in missing.value.next_step and "privacyidea" in missing.value.next_step
