"""The privacyIDEA adapter when the way to the server fails: faults, signatures, TLS,
and the settings and setup command that point it at the server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from desktop.domain.models import PhoneChannel
from desktop.exostar import registry
from desktop.exostar.base import AdapterError
from desktop.exostar.privacyidea import PrivacyIdeaSettings
from tests.privacyidea_helpers import DOCTOR, adapter_for, open_adapter


@pytest.fixture
def identity(pi_server, tmp_path):
    with open_adapter(pi_server, tmp_path) as adapter:
        yield adapter


# Faults -----------------------------------------------------------------------------------
class FaultyProxy:
    """Sits between the adapter and the server: passes, tampers with, delays or fails answers."""

    def __init__(self, upstream: str) -> None:
        self.mode = "pass"
        self.released = threading.Event()
        """Set when a held ("slow") answer may go: the adapter has given up by then."""
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
                    proxy.released.wait(30)
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
        self.released.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def proxied(pi_server, tmp_path):
    proxy = FaultyProxy(pi_server.url)
    # Room for a loaded machine; a "slow" answer is held until the adapter has given up.
    adapter = adapter_for(pi_server, tmp_path, url=proxy.url, timeout_s=5)
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
    proxy.released.set()
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
