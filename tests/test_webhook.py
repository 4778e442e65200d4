"""WebhookChannel against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.models import PhoneChannel
from desktop.exostar.local.delivery import DeliveryChannel, DeliveryFailed, PhoneMessage
from desktop.exostar.local.webhook import WebhookChannel

SECRET_TEXT = "Your iCoreRx code is 493817"

MakeChannel = Callable[..., WebhookChannel]


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Gateway:
    """What the test server answers, and what it received."""

    url: str
    answers: list[int] = field(default_factory=list)
    """Status codes for the next requests, in order; 200 once exhausted; 0 = stall."""
    requests: list[Recorded] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_answer(self) -> int:
        with self.lock:
            return self.answers.pop(0) if self.answers else 200


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handler threads
    gateway: Gateway


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        gateway = self.server.gateway
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with gateway.lock:
            gateway.requests.append(Recorded(self.path, dict(self.headers.items()), body))
        status = gateway.next_answer()
        if status == 0:  # stall past the client's timeout, then hang up without answering
            gateway.release.wait(5)
            return
        payload = b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    server = _Server(("127.0.0.1", 0), _Handler)
    host, port = server.server_address[:2]
    server.gateway = Gateway(url=f"http://{host!s}:{port}/send")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.gateway
    finally:
        server.gateway.release.set()
        server.shutdown()
        thread.join()
        server.server_close()


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def make_message(channel: PhoneChannel = PhoneChannel.SMS) -> PhoneMessage:
    return PhoneMessage(
        id="msg-0001",
        account="dr.jones",
        phone_number="+15550100100",
        channel=channel,
        text=SECRET_TEXT,
        created_at=dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC),
    )


@pytest.fixture
def channel_for(sleeps: Sleeps) -> Iterator[MakeChannel]:
    """Build channels with the recording sleep; all closed after the test."""
    made: list[WebhookChannel] = []

    def build(url: str, **kwargs: Any) -> WebhookChannel:
        kwargs.setdefault("sleep", sleeps)
        channel = WebhookChannel(url, **kwargs)
        made.append(channel)
        return channel

    yield build
    for channel in made:
        channel.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_is_a_delivery_channel(channel_for: MakeChannel, gateway: Gateway) -> None:
    channel: DeliveryChannel = channel_for(gateway.url)
    assert channel.name == "webhook"


def test_body_and_headers_arrive(channel_for: MakeChannel, gateway: Gateway) -> None:
    channel = channel_for(gateway.url, token="s3cret-token")
    channel.deliver(make_message(PhoneChannel.VOICE))
    [request] = gateway.requests
    assert request.path == "/send"
    assert json.loads(request.body) == {
        "id": "msg-0001",
        "to": "+15550100100",
        "channel": "voice",
        "text": SECRET_TEXT,
        "created_at": "2024-05-01T12:00:00+00:00",
    }
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["idempotency-key"] == "msg-0001"
    assert headers["authorization"] == "Bearer s3cret-token"
    assert headers["content-type"] == "application/json"


def test_no_token_no_authorization(channel_for: MakeChannel, gateway: Gateway) -> None:
    channel_for(gateway.url).deliver(make_message())
    [request] = gateway.requests
    assert "authorization" not in {k.lower() for k in request.headers}


def test_retry_after_500_keeps_idempotency_key(
    channel_for: MakeChannel, gateway: Gateway, sleeps: Sleeps
) -> None:
    gateway.answers = [500]
    channel_for(gateway.url, backoff=0.5).deliver(make_message())
    keys = [r.headers["Idempotency-Key"] for r in gateway.requests]
    assert keys == ["msg-0001", "msg-0001"]
    assert gateway.requests[0].body == gateway.requests[1].body
    assert sleeps == [0.5]


def test_429_is_retried_with_growing_backoff(
    channel_for: MakeChannel, gateway: Gateway, sleeps: Sleeps
) -> None:
    gateway.answers = [429, 503]
    channel_for(gateway.url, retries=2, backoff=0.5).deliver(make_message())
    assert len(gateway.requests) == 3
    assert sleeps == [0.5, 1.0]


def test_5xx_every_time_gives_up(
    channel_for: MakeChannel, gateway: Gateway, sleeps: Sleeps
) -> None:
    gateway.answers = [502, 502, 502, 502]
    with pytest.raises(DeliveryFailed) as caught:
        channel_for(gateway.url, retries=2).deliver(make_message())
    assert len(gateway.requests) == 3
    assert "text-message service had a problem (error 502)" in caught.value.message
    assert "choose a phone call" in caught.value.next_step
    assert SUPPORT_CONTACT in caught.value.next_step


def test_400_is_not_retried(channel_for: MakeChannel, gateway: Gateway, sleeps: Sleeps) -> None:
    gateway.answers = [400]
    with pytest.raises(DeliveryFailed) as caught:
        channel_for(gateway.url, retries=2).deliver(make_message())
    assert len(gateway.requests) == 1
    assert sleeps == []
    assert "refused" in caught.value.message
    assert "400" in caught.value.message
    assert "400" in caught.value.next_step


def test_timeout(channel_for: MakeChannel, gateway: Gateway) -> None:
    gateway.answers = [0]
    with pytest.raises(DeliveryFailed) as caught:
        channel_for(gateway.url, timeout=0.2, retries=0).deliver(make_message())
    assert len(gateway.requests) == 1
    assert "did not answer in time" in caught.value.message
    assert SUPPORT_CONTACT in caught.value.next_step


def test_timeout_then_success(channel_for: MakeChannel, gateway: Gateway, sleeps: Sleeps) -> None:
    gateway.answers = [0, 200]
    channel_for(gateway.url, timeout=0.2, retries=1).deliver(make_message())
    assert [r.headers["Idempotency-Key"] for r in gateway.requests] == ["msg-0001"] * 2


def test_server_down(channel_for: MakeChannel, sleeps: Sleeps) -> None:
    url = f"http://127.0.0.1:{closed_port()}/send"
    with pytest.raises(DeliveryFailed) as caught:
        channel_for(url, retries=1, backoff=0.25).deliver(make_message())
    assert caught.value.message.startswith("The text-message service could not be reached")
    assert "Try again in a minute, or choose a phone call" in caught.value.next_step
    assert SUPPORT_CONTACT in caught.value.next_step
    assert sleeps == [0.25]


def test_server_down_voice_suggests_sms(channel_for: MakeChannel) -> None:
    url = f"http://127.0.0.1:{closed_port()}/send"
    with pytest.raises(DeliveryFailed) as caught:
        channel_for(url, retries=0).deliver(make_message(PhoneChannel.VOICE))
    assert "phone-call service could not be reached" in caught.value.message
    assert "choose a text message" in caught.value.next_step


def test_text_and_token_never_logged(
    channel_for: MakeChannel, gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gateway.answers = [500, 400]
    channel = channel_for(gateway.url, token="s3cret-token")
    with pytest.raises(DeliveryFailed) as caught:
        channel.deliver(make_message())
    logged = caplog.text
    assert "msg-0001" in logged
    for secret in ("493817", "s3cret-token", "+15550100100"):
        assert secret not in logged
        assert secret not in str(caught.value)
        assert secret not in repr(channel)


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("", "must start with https://"),
        ("ftp://gateway.example.com/send", "must start with https://"),
        ("gateway.example.com/send", "must start with https://"),
        ("https:///send", "no host name"),
        ("https://gateway.example.com:notaport/send", "not a valid address"),
        ("https://gate way.example.com/send", "must not contain spaces"),
    ],
)
def test_url_validation(url: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        WebhookChannel(url)


@pytest.mark.parametrize(
    "kwargs",
    [{"timeout": 0}, {"timeout": -1.0}, {"retries": -1}, {"backoff": -0.1}, {"token": " "}],
)
def test_setting_validation(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="Webhook"):
        WebhookChannel("https://gateway.example.com/send", **kwargs)  # type: ignore[arg-type]


def test_missing_ca_bundle(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CA bundle"):
        WebhookChannel("https://gateway.example.com/send", verify=str(tmp_path / "missing.pem"))


def test_from_options(gateway: Gateway) -> None:
    channel = WebhookChannel.from_options(
        {"url": gateway.url, "timeout": "2.5", "retries": 1, "token": "t0k", "verify": False}
    )
    try:
        assert (channel.timeout, channel.retries) == (2.5, 1)
        channel.deliver(make_message())
    finally:
        channel.close()
    assert gateway.requests[0].headers["Authorization"] == "Bearer t0k"


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        ({}, "needs a 'url'"),
        ({"url": "https://g.example.com", "retries": 1.5}, "whole number"),
        ({"url": "https://g.example.com", "timeout": "soon"}, "must be a number"),
        ({"url": "https://g.example.com", "verify": 1}, "'verify' must be"),
        ({"url": "https://g.example.com", "token": 42}, "'token' must be text"),
    ],
)
def test_from_options_validation(options: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        WebhookChannel.from_options(options)


def test_close_twice_and_context_manager(gateway: Gateway) -> None:
    with WebhookChannel(gateway.url) as channel:
        channel.deliver(make_message())
    channel.close()
    assert len(gateway.requests) == 1
