"""The privacyIDEA adapter against a real privacyIDEA 3.14 server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from desktop.demo import DEMO_KEY
from desktop.domain.models import PhoneChannel, TokenStatus
from desktop.domain.otp import generate_hotp, generate_totp
from desktop.exostar import registry
from desktop.exostar.base import AdapterError, AddRequestLedger, IdentityService
from desktop.exostar.privacyidea import PrivacyIdeaIdentityService, PrivacyIdeaSettings

HOTP = "GALH12345678"
TOTP = "GAKT12345678"
DOCTOR = "doctor"


def adapter_for(server, tmp_path: Path, **options) -> PrivacyIdeaIdentityService:
    identity = registry.create("privacyidea", tmp_path, server.settings_for(tmp_path, **options))
    assert isinstance(identity, PrivacyIdeaIdentityService)
    return identity


@pytest.fixture
def identity(pi_server, tmp_path):
    adapter = adapter_for(pi_server, tmp_path)
    yield adapter
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


def test_it_is_an_identity_service_and_reports_health(identity):
    assert isinstance(identity, IdentityService)
    status = identity.check_health()
    assert "answers, signed by its key" in status and "realm clinic" in status


def test_phones_come_from_the_doctors_sms_token_and_voice_is_unavailable(identity, pi_server):
    phones = identity.list_phones(DOCTOR)
    assert [(p.masked, p.channels) for p in phones] == [("(***) ***-0100", (PhoneChannel.SMS,))]
    with pytest.raises(AdapterError) as refused:
        identity.send_phone_code(DOCTOR, phones[0].id, PhoneChannel.VOICE)
    assert refused.value.code == "channel_unavailable"
    assert "SMS text" in str(refused.value)
    assert pi_server.sink.messages == []


def test_sms_code_gives_a_step_up_grant_and_resend_waits(identity, pi_server):
    phone = identity.list_phones(DOCTOR)[0]
    sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    [message] = pi_server.sink.messages
    assert message.phone == "+15550100100" and message.code
    with pytest.raises(AdapterError) as too_soon:
        identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    assert too_soon.value.code == "resend_too_soon"
    wrong = "000000" if message.code != "000000" else "111111"
    with pytest.raises(AdapterError) as refused:
        identity.verify_phone_code(DOCTOR, sent.challenge_id, wrong)
    # Counted per account across codes: 4 more wrong codes pause phone confirmation.
    assert refused.value.code == "wrong_code" and refused.value.details["tries_left"] == 4
    grant = identity.verify_phone_code(DOCTOR, sent.challenge_id, message.code)
    assert grant.account == DOCTOR
    assert 14 * 60 < (grant.expires_at.timestamp() - time.time()) <= 15 * 60


def test_adding_a_token_needs_a_step_up(identity):
    with pytest.raises(AdapterError) as refused:
        identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), "no-such-grant", key())
    assert refused.value.code == "step_up_required"


def test_hotp_token_is_assigned_and_resynced(identity, pi_server):
    grant = step_up(identity, pi_server)
    result = identity.add_token(DOCTOR, "galh-1234 5678", hotp(37), hotp(38), grant, key())
    assert result.token.serial == HOTP and result.token.status is TokenStatus.ACTIVE
    assert result.presses_ahead == 37 and not result.resynced
    assert pi_server.token(HOTP)["username"] == DOCTOR
    assert [t.serial for t in identity.list_tokens(DOCTOR)] == [HOTP]


def test_totp_token_reports_its_drift(identity, pi_server):
    grant = step_up(identity, pi_server)
    now = time.time()
    codes = [generate_totp(DEMO_KEY, now - 90 + i * 30, 30, 6, "sha1") for i in range(2)]
    result = identity.add_token(DOCTOR, TOTP, *codes, grant, key())
    assert result.token.status is TokenStatus.ACTIVE
    assert result.drift_seconds is not None and -150 <= result.drift_seconds <= -30


def test_asking_twice_returns_the_first_answer(identity, pi_server):
    grant = step_up(identity, pi_server)
    same = key()
    first = identity.add_token(DOCTOR, HOTP, hotp(5), hotp(6), grant, same)
    again = identity.add_token(DOCTOR, HOTP, hotp(5), hotp(6), grant, same)
    assert again == first


def test_the_token_says_what_became_of_a_request(identity, pi_server):
    """Start-up recovery asks this about a sync whose answer the window never saw."""
    assert isinstance(identity, AddRequestLedger)
    grant = step_up(identity, pi_server)
    first = key()
    assert identity.add_token_outcome(DOCTOR, HOTP, first) is None  # never sent: cannot tell
    identity.add_token(DOCTOR, HOTP, hotp(9), hotp(10), grant, first)
    assert identity.add_token_outcome(DOCTOR, HOTP, first) is True
    assert identity.add_token_outcome("nurse", HOTP, first) is False
    assert identity.add_token_outcome(DOCTOR, HOTP, key()) is None


def test_failed_resync_undoes_the_assignment(identity, pi_server):
    grant = step_up(identity, pi_server)
    with pytest.raises(AdapterError) as refused:
        identity.add_token(DOCTOR, HOTP, hotp(3), hotp(5), grant, key())
    assert refused.value.code == "codes_rejected"
    assert "support" in str(refused.value)
    token = pi_server.token(HOTP)
    assert not token["username"]
    assert "icorerx_add_key" not in token["info"]
    assert identity.list_tokens(DOCTOR) == []


def test_unknown_serial_suggests_the_likely_one(identity, pi_server):
    grant = step_up(identity, pi_server)
    with pytest.raises(AdapterError) as refused:
        identity.add_token(DOCTOR, "GALH1234567B", hotp(0), hotp(1), grant, key())
    assert refused.value.code == "unknown_serial"
    assert refused.value.details["suggestion"] == HOTP


def test_a_token_of_another_doctor_is_refused(identity, pi_server):
    pi_server.assign(HOTP, "doctor2")
    grant = step_up(identity, pi_server)
    with pytest.raises(AdapterError) as refused:
        identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    assert refused.value.code == "token_other_account"
    assert pi_server.token(HOTP)["username"] == "doctor2"


def test_signing_accepts_a_code_once(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    check = identity.verify_signing_code(DOCTOR, hotp(2))
    assert check.serial == HOTP
    with pytest.raises(AdapterError) as replay:
        identity.verify_signing_code(DOCTOR, hotp(2))
    assert replay.value.code in ("already_used", "wrong_code")
    assert identity.list_tokens(DOCTOR)[0].last_used_at is not None


def test_suspend_resume_and_deactivate(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    assert identity.suspend_token(DOCTOR, HOTP, grant, "on leave").status is TokenStatus.SUSPENDED
    with pytest.raises(AdapterError) as suspended:
        identity.verify_signing_code(DOCTOR, hotp(2))
    assert suspended.value.code == "token_suspended"
    assert identity.resume_token(DOCTOR, HOTP, grant).status is TokenStatus.ACTIVE
    gone = identity.deactivate_token(DOCTOR, HOTP, grant, "lost")
    assert gone.status is TokenStatus.REVOKED and gone.reason == "lost"
    with pytest.raises(AdapterError) as revoked:
        identity.add_token(DOCTOR, HOTP, hotp(5), hotp(6), grant, key())
    assert revoked.value.code == "token_revoked"


def test_a_new_token_replaces_the_old_one(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    now = time.time()
    codes = [generate_totp(DEMO_KEY, now - 30 + i * 30, 30, 6, "sha1") for i in range(2)]
    result = identity.add_token(DOCTOR, TOTP, *codes, grant, key())
    assert result.replaced == (HOTP,)
    statuses = {t.serial: t.status for t in identity.list_tokens(DOCTOR)}
    assert statuses == {TOTP: TokenStatus.ACTIVE, HOTP: TokenStatus.REVOKED}


def test_unknown_account_is_explained(identity):
    with pytest.raises(AdapterError) as refused:
        identity.list_phones("nobody-here")
    assert refused.value.code in ("unknown_account", "service_refused")


# Faults -----------------------------------------------------------------------------------
class FaultyProxy:
    """Sits between the adapter and the server: passes, tampers with, delays or fails answers."""

    def __init__(self, upstream: str) -> None:
        self.mode = "pass"
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length) if length else None
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "content-length")
                }
                answer = httpx.request(
                    self.command, upstream + self.path, content=body, headers=headers, timeout=30
                )
                status, content = answer.status_code, answer.content
                if proxy.mode == "slow":
                    time.sleep(3)
                elif proxy.mode == "500":
                    status, content = 500, b"<html>Internal Server Error</html>"
                elif proxy.mode == "tamper" and b'"value"' in content:
                    data = json.loads(content)
                    data["result"]["value"] = {"tokens": [], "count": 0}
                    content = json.dumps(data, sort_keys=True).encode()
                elif proxy.mode == "unsigned":
                    data = json.loads(content)
                    data.pop("signature", None)
                    content = json.dumps(data, sort_keys=True).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_DELETE = _forward  # noqa: N815

            def log_message(self, *_args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def proxied(pi_server, tmp_path):
    proxy = FaultyProxy(pi_server.url)
    adapter = adapter_for(pi_server, tmp_path, url=proxy.url, timeout_s=1.5)
    yield adapter, proxy
    adapter.close()
    adapter.lane.shutdown()
    proxy.close()


@pytest.mark.parametrize(
    ("mode", "code"),
    [
        ("tamper", "bad_signature"),
        ("unsigned", "bad_signature"),
        ("500", "service_error"),
        ("slow", "service_slow"),
    ],
)
def test_faults_read_plainly_and_change_nothing(proxied, pi_server, mode, code):
    adapter, proxy = proxied
    assert adapter.list_phones(DOCTOR)
    proxy.mode = mode
    with pytest.raises(AdapterError) as refused:
        adapter.list_tokens(DOCTOR)
    assert refused.value.code == code
    assert refused.value.next_step
    proxy.mode = "pass"
    assert adapter.list_tokens(DOCTOR) == []


def test_answers_signed_by_another_key_are_refused(pi_server, tmp_path):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    pem = tmp_path / "not-the-server.pem"
    pem.write_bytes(
        other.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    adapter = adapter_for(pi_server, tmp_path, public_key_file=str(pem))
    try:
        with pytest.raises(AdapterError) as refused:
            adapter.check_health()
        assert refused.value.code == "bad_signature"
    finally:
        adapter.close()
        adapter.lane.shutdown()


def test_server_stopped_mid_flow_then_back(identity, pi_server):
    phone = identity.list_phones(DOCTOR)[0]
    sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    code = pi_server.sink.messages[-1].code
    pi_server.stop()
    try:
        with pytest.raises(AdapterError) as refused:
            identity.verify_phone_code(DOCTOR, sent.challenge_id, code)
        assert refused.value.code == "service_unreachable"
        assert "network" in refused.value.next_step
    finally:
        pi_server.start()
    grant = identity.verify_phone_code(DOCTOR, sent.challenge_id, code)
    assert grant.account == DOCTOR


def test_bad_settings_say_what_to_fix(tmp_path):
    with pytest.raises(AdapterError) as refused:
        registry.create("privacyidea", tmp_path, {"url": "https://pi.example"})
    assert refused.value.code == "bad_settings"
    assert "icorerx privacyidea setup" in refused.value.next_step


def test_a_retry_after_a_lost_answer_gets_the_first_result(identity, pi_server, monkeypatch):
    """The resync went through but the answer never arrived; the retry must not fail."""
    grant = step_up(identity, pi_server)
    same = key()
    finish = identity._finish

    def connection_drops(*args, **kwargs):
        raise AdapterError("lost", "", code="service_unreachable")

    monkeypatch.setattr(identity, "_finish", connection_drops)
    with pytest.raises(AdapterError):
        identity.add_token(DOCTOR, HOTP, hotp(7), hotp(8), grant, same)
    monkeypatch.setattr(identity, "_finish", finish)
    result = identity.add_token(DOCTOR, HOTP, hotp(7), hotp(8), grant, same)
    assert result.token.status is TokenStatus.ACTIVE and result.presses_ahead == 7
    assert pi_server.token(HOTP)["username"] == DOCTOR


def test_setup_command_checks_pins_and_saves_then_self_test_reports(
    pi_server, tmp_path, monkeypatch, capsys
):
    import io

    from desktop.cli import main
    from desktop.config import Settings
    from tests.privacyidea_server import REALM, SERVICE_ACCOUNT, SERVICE_PASSWORD

    data_dir = tmp_path / "workstation"
    common = ["privacyidea", "setup", "--data-dir", str(data_dir), "--url", pi_server.url]
    common += ["--realm", REALM, "--service-account", SERVICE_ACCOUNT, "--password-stdin"]
    common += ["--public-key", str(pi_server.public_key_file)]
    monkeypatch.setattr("sys.stdin", io.StringIO("not-the-password\n"))
    assert main(common) == 1
    assert "nothing was saved" in capsys.readouterr().err
    assert not (data_dir / "settings.json").exists()

    monkeypatch.setattr("sys.stdin", io.StringIO(SERVICE_PASSWORD + "\n"))
    assert main(common) == 0
    out = capsys.readouterr().out
    assert "answers, signed by its key" in out and "pinned" in out
    settings = Settings.load(data_dir)
    assert settings.adapter == "privacyidea"
    assert settings.adapter_options["public_key_file"] == "privacyidea-public.pem"
    assert SERVICE_PASSWORD not in (data_dir / "settings.json").read_text()
    identity = registry.create("privacyidea", data_dir, settings.adapter_options)
    try:
        assert identity.list_phones(DOCTOR)
    finally:
        identity.close()
        identity.lane.shutdown()

    from desktop.selftest import _check_configured

    assert _check_configured(data_dir) == []
    assert f"privacyIDEA at {pi_server.url} answers" in capsys.readouterr().out
    pi_server.stop()
    try:
        [problem] = _check_configured(data_dir)
        assert "cannot be reached" in problem
    finally:
        pi_server.start()


def test_a_locked_token_is_explained_and_a_resync_unlocks_it(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    codes = []
    for attempt in range(10):
        with pytest.raises(AdapterError) as refused:
            identity.verify_signing_code(DOCTOR, f"{attempt:06d}")
        codes.append(refused.value.code)
    assert codes[-1] == "locked" and set(codes[:-1]) == {"wrong_code"}
    assert "Sync it again" in refused.value.next_step
    assert identity.list_tokens(DOCTOR)[0].status is TokenStatus.LOCKED
    result = identity.add_token(DOCTOR, HOTP, hotp(10), hotp(11), grant, key())
    assert result.resynced and result.token.status is TokenStatus.ACTIVE
    assert identity.verify_signing_code(DOCTOR, hotp(12)).serial == HOTP


# TLS --------------------------------------------------------------------------------------
def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A clinic CA and a certificate it issued for 127.0.0.1: (ca.pem, server.pem, key.pem)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("Clinic test CA"))
        .issuer_name(name("Clinic test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = (folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return paths


@pytest.fixture
def tls_front(pi_server, tmp_path):
    """HTTPS in front of the server, with a certificate from the clinic's own CA."""
    import ssl

    ca, cert, key_file = _certificates(tmp_path)
    proxy = FaultyProxy(pi_server.url)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key_file)
    proxy._server.socket = context.wrap_socket(proxy._server.socket, server_side=True)
    yield proxy.url.replace("http://", "https://"), ca
    proxy.close()


def test_tls_with_the_clinic_ca_works_and_without_it_is_explained(pi_server, tmp_path, tls_front):
    url, ca = tls_front
    trusted = adapter_for(pi_server, tmp_path, url=url, ca_file=str(ca))
    untrusted = adapter_for(pi_server, tmp_path, url=url)
    try:
        assert trusted.list_phones(DOCTOR)
        with pytest.raises(AdapterError) as refused:
            untrusted.list_phones(DOCTOR)
        assert refused.value.code == "tls_untrusted"
        assert "ca_file" in refused.value.next_step
    finally:
        for adapter in (trusted, untrusted):
            adapter.close()
            adapter.lane.shutdown()


def test_a_text_the_gateway_could_not_send_is_not_called_a_wrong_code(identity, pi_server):
    phone = identity.list_phones(DOCTOR)[0]
    pi_server.sink.failing = True
    with pytest.raises(AdapterError) as refused:
        identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    assert refused.value.code == "code_not_sent"
    assert "could not send" in refused.value.message
    pi_server.sink.failing = False
    sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)  # no 30 s wait
    assert sent.challenge_id and pi_server.sink.messages


def test_plain_http_to_another_computer_is_refused(tmp_path):
    (tmp_path / "pi.pem").write_bytes(b"-----BEGIN PUBLIC KEY-----\n")
    options = {"realm": "r", "service_account": "a", "public_key_file": "pi.pem"}
    with pytest.raises(AdapterError) as refused:
        registry.create("privacyidea", tmp_path, {**options, "url": "http://pi.example:5000"})
    assert refused.value.code == "bad_settings"
    assert "plain http://" in refused.value.message and "Use https://" in refused.value.message
    for url in ("http://127.0.0.1:5000", "http://localhost", "http://[::1]"):
        settings = PrivacyIdeaSettings.from_options(tmp_path, {**options, "url": url})
        assert settings.url == url


def test_setup_refuses_plain_http_before_asking_anything(tmp_path, monkeypatch, capsys):
    from desktop.cli import main

    key = tmp_path / "pi.pem"
    key.write_bytes(b"-----BEGIN PUBLIC KEY-----\n")
    monkeypatch.setattr("sys.stdin", None)  # a password prompt would fail the test
    data_dir = tmp_path / "workstation"
    args = ["privacyidea", "setup", "--data-dir", str(data_dir), "--url", "http://pi.example"]
    args += ["--realm", "r", "--service-account", "a", "--public-key", str(key)]
    assert main([*args, "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert "nothing was saved" in err and "plain http://" in err
    assert "Use https://" in err and not (data_dir / "settings.json").exists()


def test_tls_checks_off_are_logged_at_start(pi_server, tmp_path, caplog, capsys, monkeypatch):
    import io
    import logging

    from desktop.cli import main
    from desktop.config import Settings
    from tests.privacyidea_server import REALM, SERVICE_ACCOUNT, SERVICE_PASSWORD

    data_dir = tmp_path / "workstation"
    args = ["privacyidea", "setup", "--data-dir", str(data_dir), "--url", pi_server.url]
    args += ["--realm", REALM, "--service-account", SERVICE_ACCOUNT, "--password-stdin"]
    args += ["--public-key", str(pi_server.public_key_file), "--no-verify-tls"]
    monkeypatch.setattr("sys.stdin", io.StringIO(SERVICE_PASSWORD + "\n"))
    assert main(args) == 0
    assert "WARNING: TLS verification is off" in capsys.readouterr().out
    settings = Settings.load(data_dir)
    assert settings.tls_unchecked
    with caplog.at_level(logging.WARNING, logger="desktop.exostar.privacyidea"):
        identity = registry.create("privacyidea", data_dir, settings.adapter_options)
    identity.close()
    identity.lane.shutdown()
    assert any("TLS verification is off" in r.getMessage() for r in caplog.records)


# The holes a guesser would use -------------------------------------------------------------
def unchanged_view(token) -> dict:
    """What a refused add must leave exactly as it was on a token that was not the doctor's."""
    keep = ("username", "count", "failcount", "active", "revoked", "locked", "maxfail")
    info = {k: v for k, v in (token.get("info") or {}).items() if k.startswith("icorerx")}
    return {**{k: token.get(k) for k in keep}, "info": info}


def test_a_refused_add_leaves_an_unbound_token_as_it_was(identity, pi_server):
    before = unchanged_view(pi_server.token(HOTP))
    grant = step_up(identity, pi_server)
    for _ in range(2):
        with pytest.raises(AdapterError) as refused:
            identity.add_token(DOCTOR, HOTP, "123456", "654321", grant, key())
        assert refused.value.code == "codes_rejected"
    assert unchanged_view(pi_server.token(HOTP)) == before
    # The third failure under the same phone confirmation ends it.
    with pytest.raises(AdapterError) as spent:
        identity.add_token(DOCTOR, HOTP, "123456", "654321", grant, key())
    assert spent.value.code == "step_up_required"
    with pytest.raises(AdapterError) as gone:
        identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    assert gone.value.code == "step_up_required"


def test_one_answer_whichever_code_was_wrong(identity, pi_server):
    grant = step_up(identity, pi_server)
    with pytest.raises(AdapterError) as right_first:
        identity.add_token(DOCTOR, HOTP, hotp(0), "000000", grant, key())
    with pytest.raises(AdapterError) as both_wrong:
        identity.add_token(DOCTOR, HOTP, "999999", "000000", grant, key())
    assert right_first.value.to_json() == both_wrong.value.to_json()


def test_a_retry_after_a_failed_resync_gets_the_failure_not_a_success(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    same = key()
    with pytest.raises(AdapterError) as first:
        identity.add_token(DOCTOR, HOTP, "111111", "222222", grant, same)
    # The counter moves (the doctor signs with the token), then the same request comes again.
    identity.verify_signing_code(DOCTOR, hotp(2))
    with pytest.raises(AdapterError) as again:
        identity.add_token(DOCTOR, HOTP, "111111", "222222", grant, same)
    assert again.value.to_json() == first.value.to_json()
    # The same key with other codes is refused by name, from any workstation.
    with pytest.raises(AdapterError) as reused:
        identity.add_token(DOCTOR, HOTP, hotp(3), hotp(4), grant, same)
    assert reused.value.code == "request_key_reused"


def test_a_resync_replayed_is_still_a_resync(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    same = key()
    first = identity.add_token(DOCTOR, HOTP, hotp(2), hotp(3), grant, same)
    again = identity.add_token(DOCTOR, HOTP, hotp(2), hotp(3), grant, same)
    assert first.resynced and again.resynced and again == first


def test_a_locked_token_is_resynced_only_under_a_fresh_step_up(identity, pi_server):
    grant = step_up(identity, pi_server)
    identity.add_token(DOCTOR, HOTP, hotp(0), hotp(1), grant, key())
    for _ in range(10):
        with pytest.raises(AdapterError):
            identity.verify_signing_code(DOCTOR, "000000")
    assert identity.list_tokens(DOCTOR)[0].status is TokenStatus.LOCKED
    identity.clock = lambda: time.time() + 400  # the grant is no longer fresh
    with pytest.raises(AdapterError) as stale:
        identity.add_token(DOCTOR, HOTP, hotp(2), hotp(3), grant, key())
    assert stale.value.code == "step_up_required" and stale.value.details.get("fresh")


def test_wrong_phone_codes_pause_across_codes_and_workstations(identity, pi_server, tmp_path):
    phone = identity.list_phones(DOCTOR)[0]
    ahead = [0.0]
    identity.clock = lambda: time.time() + ahead[0]
    answers = []
    for _round in range(2):
        ahead[0] += 31
        sent = identity.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
        right = pi_server.sink.for_phone(phone.number)[-1].code
        for _ in range(3 if _round == 0 else 2):
            with pytest.raises(AdapterError) as refused:
                identity.verify_phone_code(DOCTOR, sent.challenge_id, str(int(right) ^ 1).zfill(6))
            answers.append(refused.value)
    assert [a.code for a in answers] == ["wrong_code"] * 4 + ["too_many_tries"]
    assert answers[-1].details["paused_now"] and answers[-1].details["seconds_left"] == 300
    # Another workstation (or a restart) sees the same pause: it is kept on the server.
    other = adapter_for(pi_server, tmp_path)
    try:
        with pytest.raises(AdapterError) as paused:
            other.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
        assert paused.value.code == "too_many_tries"
        assert not other.phone_confirmation_locked(DOCTOR)
        assert other.unlock_phone_confirmation(DOCTOR) is True
        other.send_phone_code(DOCTOR, phone.id, PhoneChannel.SMS)
    finally:
        other.close()
        other.lane.shutdown()
