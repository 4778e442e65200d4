"""Deliver phone codes through an SMS/voice gateway that accepts a JSON POST.

The gateway receives one JSON object per message::

    {"id": "...", "to": "+15550100100", "channel": "sms" | "voice",
     "text": "...", "created_at": "2024-05-01T12:00:00+00:00"}

with the header ``Idempotency-Key: <id>``, so that a retry of a message the gateway
already accepted (e.g. after a read timeout) can be dropped instead of sent twice.

Connection errors, timeouts, 5xx and 429 answers are retried a bounded number of
times; any other non-2xx answer is final. The message text holds a one-time code
and is never logged; neither are the phone number and the bearer token.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import ssl
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Final
from urllib.parse import urlsplit

import httpx

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.models import PhoneChannel
from desktop.exostar.local.delivery import DeliveryFailed, PhoneMessage

log = logging.getLogger(__name__)

_RETRY_STATUSES: Final = frozenset({429})
"""Besides every 5xx: answers worth trying again."""


class WebhookChannel:
    """A DeliveryChannel that POSTs each message to a gateway URL."""

    name = "webhook"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 5.0,
        retries: int = 2,
        backoff: float = 0.5,
        token: str | None = None,
        verify: bool | str = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Check the settings and open the HTTP client (closed by `close()`).

        `verify` is True (system/certifi CAs), False (no certificate check: testing
        only) or the path of a CA bundle file or directory for a private gateway.
        `sleep` is called between attempts with `backoff * 2**attempt` seconds.
        Raises ValueError, saying what is wrong, for any unusable setting.
        """
        self.url = _check_url(url)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise ValueError(
                f"Webhook timeout must be a positive number of seconds, not {timeout!r}."
            )
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ValueError(f"Webhook retries must be a whole number 0 or more, not {retries!r}.")
        if isinstance(backoff, bool) or not isinstance(backoff, int | float) or backoff < 0:
            raise ValueError(f"Webhook backoff must be 0 or more seconds, not {backoff!r}.")
        if token is not None and (not isinstance(token, str) or not token.strip()):
            raise ValueError("Webhook token must be a non-empty text when given.")
        self.timeout = float(timeout)
        self.retries = retries
        self.backoff = float(backoff)
        self._sleep = sleep
        headers = {"Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token.strip()}"
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            verify=_ssl_verify(verify),
            headers=headers,
            follow_redirects=False,
        )

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> WebhookChannel:
        """Build from configuration keys `url` (required), `timeout`, `retries`, `backoff`,
        `token`, `verify`; other keys are ignored. Raises ValueError for bad values."""
        url = options.get("url")
        if not isinstance(url, str) or not url.strip():
            raise ValueError(
                "Webhook delivery needs a 'url' option, e.g. https://sms.example.com/send."
            )
        kwargs: dict[str, Any] = {}
        for key, convert in (("timeout", float), ("backoff", float), ("retries", int)):
            value = options.get(key)
            if value is None:
                continue
            if isinstance(value, bool):
                raise ValueError(f"Webhook option '{key}' must be a number, not {value!r}.")
            try:
                kwargs[key] = convert(value)
            except (TypeError, ValueError):
                raise ValueError(
                    f"Webhook option '{key}' must be a number, not {value!r}."
                ) from None
            if key == "retries" and kwargs[key] != float(value):
                raise ValueError(f"Webhook option 'retries' must be a whole number, not {value!r}.")
        token = options.get("token")
        if token is not None:
            if not isinstance(token, str):
                raise ValueError("Webhook option 'token' must be text.")
            kwargs["token"] = token
        verify = options.get("verify")
        if verify is not None:
            if not isinstance(verify, bool | str):
                raise ValueError(
                    "Webhook option 'verify' must be true, false or the path of a CA bundle."
                )
            kwargs["verify"] = verify
        return cls(url, **kwargs)

    def deliver(self, message: PhoneMessage) -> None:
        """POST the message; retry what may succeed later; raise DeliveryFailed otherwise."""
        body = {
            "id": message.id,
            "to": message.phone_number,
            "channel": PhoneChannel(message.channel).value,
            "text": message.text,
            "created_at": message.created_at.isoformat(),
        }
        headers = {"Idempotency-Key": message.id}
        attempts = self.retries + 1
        failure: DeliveryFailed | None = None
        for attempt in range(attempts):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._client.post(self.url, json=body, headers=headers)
            except httpx.TimeoutException as exc:
                connect = isinstance(exc, httpx.ConnectTimeout)
                kind = "connect timeout" if connect else "timeout"
                self._log_retry(message, attempt, attempts, kind)
                failure = _unreachable(message) if connect else _timed_out(message)
                failure.__cause__ = exc
                continue
            except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as exc:
                # Refused, reset or cut-off connections. A local protocol error (a defect
                # here, e.g. a bad header) is not retried and propagates as is.
                self._log_retry(message, attempt, attempts, type(exc).__name__)
                failure = _unreachable(message)
                failure.__cause__ = exc
                continue
            status = response.status_code
            if 200 <= status < 300:
                log.info(
                    "webhook delivered message %s (%s): status %d, attempt %d",
                    message.id,
                    message.channel,
                    status,
                    attempt + 1,
                )
                return
            if status >= 500 or status in _RETRY_STATUSES:
                self._log_retry(message, attempt, attempts, f"status {status}")
                failure = _gateway_error(message, status)
                continue
            log.warning(
                "webhook refused message %s (%s): status %d, not retried",
                message.id,
                message.channel,
                status,
            )
            raise _refused(message, status)
        assert failure is not None
        raise failure

    def _log_retry(self, message: PhoneMessage, attempt: int, attempts: int, what: str) -> None:
        log.warning(
            "webhook attempt %d/%d for message %s (%s) failed: %s%s",
            attempt + 1,
            attempts,
            message.id,
            message.channel,
            what,
            "" if attempt + 1 == attempts else "; retrying",
        )

    def close(self) -> None:
        """Close the HTTP client; safe to call more than once."""
        self._client.close()

    def __enter__(self) -> WebhookChannel:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"WebhookChannel({self.url!r}, timeout={self.timeout}, retries={self.retries})"


def _check_url(url: str) -> str:
    if not isinstance(url, str):
        raise ValueError(f"Webhook URL must be text, not {type(url).__name__}.")
    text = url.strip()
    example = "e.g. https://sms.example.com/send"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise ValueError(
            f"Webhook URL {text!r} is not a valid address ({exc}); {example}."
        ) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"Webhook URL {text!r} must start with https:// (or http://), {example}.")
    if not parts.hostname:
        raise ValueError(f"Webhook URL {text!r} has no host name; {example}.")
    if any(ch.isspace() for ch in text):
        raise ValueError(f"Webhook URL {text!r} must not contain spaces; {example}.")
    if parts.scheme.lower() == "http" and not _is_loopback(parts.hostname):
        log.warning(
            "webhook URL for host %s uses plain http: one-time codes travel unencrypted",
            parts.hostname,
        )
    return text


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ssl_verify(verify: bool | str) -> bool | ssl.SSLContext:
    """httpx 0.28 deprecates `verify=<path>`: turn a path into an SSLContext here."""
    if isinstance(verify, bool):
        return verify
    if not isinstance(verify, str) or not verify.strip():
        raise ValueError("Webhook 'verify' must be true, false or the path of a CA bundle.")
    path = os.path.expanduser(verify.strip())
    try:
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        return ssl.create_default_context(cafile=path)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"Webhook CA bundle {path!r} cannot be used: {exc}.") from None


def _service(message: PhoneMessage) -> str:
    return "phone-call service" if message.channel == PhoneChannel.VOICE else "text-message service"


def _other_channel(message: PhoneMessage) -> str:
    return "a text message" if message.channel == PhoneChannel.VOICE else "a phone call"


def _unreachable(message: PhoneMessage) -> DeliveryFailed:
    return DeliveryFailed(
        f"The {_service(message)} could not be reached, so the code was not sent.",
        f"Try again in a minute, or choose {_other_channel(message)} instead. "
        f"If it keeps happening, {SUPPORT_CONTACT}.",
    )


def _timed_out(message: PhoneMessage) -> DeliveryFailed:
    return DeliveryFailed(
        f"The {_service(message)} did not answer in time, so the code may not have been sent.",
        "Wait a minute for the code; if none arrives, try again or choose "
        f"{_other_channel(message)} instead. If it keeps happening, {SUPPORT_CONTACT}.",
    )


def _gateway_error(message: PhoneMessage, status: int) -> DeliveryFailed:
    what = "is busy" if status == 429 else "had a problem"
    return DeliveryFailed(
        f"The {_service(message)} {what} (error {status}), so the code was not sent.",
        f"Try again in a minute, or choose {_other_channel(message)} instead. "
        f"If it keeps happening, {SUPPORT_CONTACT}.",
    )


def _refused(message: PhoneMessage, status: int) -> DeliveryFailed:
    return DeliveryFailed(
        f"The {_service(message)} refused the message (error {status}), so the code was not sent.",
        f"Choose {_other_channel(message)} instead, or {SUPPORT_CONTACT} "
        f"and mention error {status}.",
    )


__all__ = ["WebhookChannel"]
