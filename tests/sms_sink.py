"""The SMS provider privacyIDEA's HTTP gateway posts to in the tests, and the messages it keeps."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from desktop.domain.models import PhoneChannel


@dataclass
class SmsMessage:
    phone: str
    text: str

    @property
    def code(self) -> str | None:
        found = re.search(r"\b(\d{6})\b", self.text)
        return found.group(1) if found else None

    @property
    def channel(self) -> PhoneChannel:
        return PhoneChannel.SMS


@dataclass
class SmsSink:
    """The SMS provider privacyIDEA's HTTP gateway posts to; keeps what it was sent."""

    messages: list[SmsMessage] = field(default_factory=list)
    failing: bool = False
    """When set, the gateway answers 503 and keeps nothing, as a provider outage would."""

    def __post_init__(self) -> None:
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server name
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if sink.failing:
                    self.send_response(503)
                    self.end_headers()
                    return
                sink.messages.append(SmsMessage(str(body.get("phone")), str(body.get("text"))))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"OK")

            def do_GET(self) -> None:  # noqa: N802 - for a workstation in another process
                body = json.dumps([m.__dict__ for m in sink.messages]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/sms"

    def for_phone(self, phone: str) -> list[SmsMessage]:
        return [m for m in self.messages if m.phone == phone]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
