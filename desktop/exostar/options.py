"""What each built-in identity service accepts under "adapter_options" in settings.json.

Checked when the settings are loaded, before anything opens, so a wrong value is named
(its key and what is expected) instead of failing later as a traceback. Third-party
adapters check their own options when they are created. Kept free of heavy imports:
the settings are read before the sign-in window paints.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

MAX_TEXT = 4096


class Option:
    """One option: what a valid value is, in words, and the test of it.

    A plain class, not a dataclass: generating a dataclass costs a millisecond or two,
    and this module is read before the sign-in window paints.
    """

    __slots__ = ("accepts", "expected", "inner", "required")

    def __init__(
        self,
        expected: str,
        accepts: Callable[[Any], bool],
        required: bool = False,
        inner: Mapping[str, Option] | None = None,
    ) -> None:
        self.expected = expected
        """'a non-empty text', 'true or false', 'a number of seconds above 0'..."""
        self.accepts = accepts
        self.required = required
        self.inner = inner
        """For an object: the options it holds."""


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= MAX_TEXT


def _number(low: float, high: float, *, whole: bool = False) -> Callable[[Any], bool]:
    def accepts(value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if whole and not (isinstance(value, int) or float(value).is_integer()):
            return False
        return math.isfinite(value) and low <= value <= high

    return accepts


def _one_of(*choices: str) -> Option:
    return Option(" or ".join(f'"{c}"' for c in choices), lambda value: value in choices)


def _url(value: Any) -> bool:
    return _text(value) and str(value).strip().startswith(("https://", "http://"))


PLAIN_HTTP_REFUSED = (
    "uses plain http://, which would send the service account's password and every code "
    "unencrypted over the network. Use https:// (when the server's certificate comes from "
    "the clinic's own certificate authority, name that CA's file in \"ca_file\"); http:// is "
    "accepted only for a server on this computer (localhost, 127.0.0.1 or ::1)."
)


def is_loopback(host: str) -> bool:
    """True for this computer: localhost, 127.0.0.0/8 or ::1."""
    import ipaddress

    name = host.strip().lower().rstrip(".").strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def plain_http_elsewhere(url: str) -> bool:
    """True for an http:// address whose server is not this computer."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:  # a malformed address is refused as such elsewhere
        return False
    return parts.scheme.lower() == "http" and not is_loopback(host)


TEXT = Option("a non-empty text", _text)
FLAG = Option("true or false", lambda value: isinstance(value, bool))
URL = Option("a web address starting with https://", _url)

WEBHOOK_DELIVERY: dict[str, Option] = {
    "channel": _one_of("outbox", "webhook"),
    "url": URL,
    "timeout": Option("a number of seconds above 0, at most 300", _number(0.001, 300)),
    "retries": Option("a whole number from 0 to 10", _number(0, 10, whole=True)),
    "backoff": Option("a number of seconds from 0 to 60", _number(0, 60)),
    "token": TEXT,
    "verify": Option(
        "true, false or the path of a CA bundle",
        lambda value: isinstance(value, bool) or _text(value),
    ),
}

LOCAL: dict[str, Option] = {
    "folder": TEXT,
    "key_store": _one_of("auto", "keyring", "file"),
    "delivery": Option(
        'an object such as {"channel": "outbox"}', lambda _value: True, inner=WEBHOOK_DELIVERY
    ),
}

PRIVACYIDEA: dict[str, Option] = {
    "url": Option(URL.expected, _url, required=True),
    "realm": Option(TEXT.expected, _text, required=True),
    "service_account": Option(TEXT.expected, _text, required=True),
    "public_key_file": Option(TEXT.expected + " (a file path)", _text, required=True),
    "verify_tls": FLAG,
    "ca_file": Option(TEXT.expected + " (a file path)", _text),
    "password_file": Option(TEXT.expected + " (a file path)", _text),
    "timeout_s": Option("a number of seconds above 0, at most 600", _number(0.001, 600)),
    "connect_timeout_s": Option("a number of seconds above 0, at most 600", _number(0.001, 600)),
    "challenge_validity_s": Option(
        "a whole number of seconds from 30 to 3600", _number(30, 3600, whole=True)
    ),
}

BUILTIN_OPTIONS: dict[str, dict[str, Option]] = {"local": LOCAL, "privacyidea": PRIVACYIDEA}


def check_options(adapter: str, options: Mapping[str, Any]) -> list[str]:
    """Problems with a built-in adapter's options, each naming its key; [] for others."""
    spec = BUILTIN_OPTIONS.get(adapter)
    if spec is None:
        return []
    problems = _check(spec, options, "adapter_options", f'the "{adapter}" identity service')
    url = options.get("url")
    if adapter == "privacyidea" and _url(url) and plain_http_elsewhere(str(url)):
        problems.append(f'"adapter_options.url" {shown(url)} {PLAIN_HTTP_REFUSED}')
    return problems


def _check(
    spec: Mapping[str, Option], values: Mapping[str, Any], where: str, owner: str
) -> list[str]:
    problems: list[str] = []
    for key, value in values.items():
        option = spec.get(key)
        name = f'"{where}.{key}"'
        if option is None:
            known = ", ".join(f'"{k}"' for k in spec)
            problems.append(f"{name} is not an option of {owner} (it knows {known}).")
        elif option.inner is not None:
            if not isinstance(value, dict):
                problems.append(f"{name} must be {option.expected}, not {shown(value)}.")
            else:
                problems.extend(_check(option.inner, value, f"{where}.{key}", name))
        elif not option.accepts(value):
            problems.append(f"{name} must be {option.expected}, not {shown(value)}.")
    for key, option in spec.items():
        if option.required and key not in values:
            problems.append(f'"{where}.{key}" is missing: it must be {option.expected}.')
    return problems


def shown(value: Any) -> str:
    """A value as the settings file spells it, cut short."""
    import json

    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
