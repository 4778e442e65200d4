"""The privacyIDEA adapter's settings, read from settings.json's "adapter_options"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.exostar import refusals
from desktop.exostar.options import PLAIN_HTTP_REFUSED, plain_http_elsewhere

_bad_settings = refusals.privacyidea_bad_settings


@dataclass(frozen=True)
class PrivacyIdeaSettings:
    url: str
    realm: str
    service_account: str
    public_key_pem: bytes
    verify_tls: bool | str
    timeout_s: float
    connect_timeout_s: float
    challenge_validity_s: int

    @classmethod
    def from_options(cls, data_dir: Path, options: Mapping[str, Any]) -> PrivacyIdeaSettings:
        def need(name: str) -> str:
            value = options.get(name)
            if not isinstance(value, str) or not value.strip():
                raise _bad_settings(f'"{name}" is missing.')
            return value.strip()

        url = need("url")
        if not url.startswith(("https://", "http://")):
            raise _bad_settings(f'"url" must start with https:// (it is "{url}").')
        if plain_http_elsewhere(url):
            raise _bad_settings(f'the server address "{url}" {PLAIN_HTTP_REFUSED}')
        key_file = Path(need("public_key_file")).expanduser()
        if not key_file.is_absolute():
            key_file = data_dir / key_file
        try:
            public_key_pem = key_file.read_bytes()
        except OSError as exc:
            raise _bad_settings(
                f"the server's public key {key_file} cannot be read ({exc.strerror})."
            ) from exc
        verify: bool | str = bool(options.get("verify_tls", True))
        ca_file = options.get("ca_file")
        if verify and isinstance(ca_file, str) and ca_file:
            ca_path = Path(ca_file).expanduser()
            if not ca_path.is_file():
                raise _bad_settings(f"the CA file {ca_path} does not exist.")
            verify = str(ca_path)
        try:
            timeout_s = float(options.get("timeout_s", 20))
            connect_timeout_s = float(options.get("connect_timeout_s", 5))
            validity = int(options.get("challenge_validity_s", 120))
        except (TypeError, ValueError) as exc:
            raise _bad_settings("timeouts must be numbers of seconds.") from exc
        return cls(
            url=url,
            realm=need("realm"),
            service_account=need("service_account"),
            public_key_pem=public_key_pem,
            verify_tls=verify,
            timeout_s=timeout_s,
            connect_timeout_s=connect_timeout_s,
            challenge_validity_s=validity,
        )
