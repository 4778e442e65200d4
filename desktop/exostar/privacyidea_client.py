"""privacyIDEA's REST API over httpx, with every answer's signature checked.

privacyIDEA signs each JSON answer with its audit key (RSA-PSS, SHA-256) over the
answer's own JSON, keys sorted, without the `signature` field; it also echoes the
`nonce` a request carries. An answer that is unsigned, signed by another key, or
that echoes another nonce is refused: it did not come from the clinic's server, or
was changed on the way, and the application must not act on it.

Transport trouble becomes an `AdapterError` with a code the controllers know:
`service_unreachable`, `service_slow`, `service_error`, `bad_signature`.
"""

from __future__ import annotations

import binascii
import json
import logging
import secrets
import ssl
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.exostar.base import AdapterError

log = logging.getLogger(__name__)

SIGNATURE_SCHEME = "rsa_sha256_pss"


@dataclass(frozen=True)
class ServerError:
    """privacyIDEA answered, and said no: its error code and message."""

    http_status: int
    code: int
    message: str


class PrivacyIdeaRefused(Exception):
    """A signed, well-formed refusal from the server; the adapter turns it into words."""

    def __init__(self, error: ServerError) -> None:
        super().__init__(f"privacyIDEA error {error.code}: {error.message}")
        self.error = error


class ResponseVerifier:
    """Checks privacyIDEA's response signatures with the server's public key."""

    def __init__(self, public_key_pem: bytes) -> None:
        try:
            key = serialization.load_pem_public_key(public_key_pem)
        except ValueError as exc:
            raise AdapterError(
                "The privacyIDEA server's public key in settings is not a PEM public key.",
                "Copy the server's public.pem (PI_AUDIT_KEY_PUBLIC in its pi.cfg) again.",
                code="bad_settings",
            ) from exc
        if not isinstance(key, rsa.RSAPublicKey):
            raise AdapterError(
                "The privacyIDEA server's public key in settings is not an RSA key.",
                "Copy the server's public.pem (PI_AUDIT_KEY_PUBLIC in its pi.cfg) again.",
                code="bad_settings",
            )
        self._key = key

    def verify(self, body: dict[str, Any]) -> bool:
        signed = dict(body)
        signature = signed.pop("signature", None)
        if not isinstance(signature, str) or ":" not in signature:
            return False
        scheme, _, hex_signature = signature.partition(":")
        if scheme != SIGNATURE_SCHEME:
            return False
        try:
            raw = binascii.unhexlify(hex_signature)
            self._key.verify(
                raw,
                json.dumps(signed, sort_keys=True).encode("utf-8"),
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO),
                hashes.SHA256(),
            )
        except (InvalidSignature, ValueError, binascii.Error):
            return False
        return True


def _not_trusted(url: str) -> AdapterError:
    return AdapterError(
        f"The answer from the identity server at {url} could not be verified, so nothing "
        "was changed on its word.",
        "Someone or something between this computer and the server may have altered it. "
        f"Do not retry from this workstation; tell the clinic's IT person, or {SUPPORT_CONTACT}.",
        code="bad_signature",
    )


class PrivacyIdeaClient:
    """One service account's session with one privacyIDEA server. Not thread-safe: lane only."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        verifier: ResponseVerifier,
        *,
        verify_tls: bool | str = True,
        timeout_s: float = 20.0,
        connect_timeout_s: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._username = username
        self._password = password
        self._verifier = verifier
        self.timeout_s = timeout_s
        verify: bool | ssl.SSLContext = (
            ssl.create_default_context(cafile=verify_tls)
            if isinstance(verify_tls, str)
            else verify_tls
        )
        self._http = httpx.Client(
            base_url=self.base_url,
            verify=verify,
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
            transport=transport,
            headers={"User-Agent": "icorerx-desktop"},
        )
        self._jwt: str | None = None

    # -- calls --------------------------------------------------------------------------

    def get(self, path: str, **params: Any) -> Any:
        return self._call("GET", path, params)

    def post(self, path: str, **data: Any) -> Any:
        return self._call("POST", path, data)

    def delete(self, path: str) -> Any:
        return self._call("DELETE", path, {})

    def call_full(self, method: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
        """The whole verified answer (result and detail), for /validate/check."""
        return self._answer(method, path, data, authenticated=True)

    def health(self) -> str:
        """Raise AdapterError unless the server answers a signed, authenticated call."""
        self._login()
        return f"privacyIDEA at {self.base_url} answers, signed by its key"

    def close(self) -> None:
        self._http.close()

    # -- plumbing -----------------------------------------------------------------------

    def _call(self, method: str, path: str, data: dict[str, Any]) -> Any:
        return self._answer(method, path, data, authenticated=True)["result"].get("value")

    def _answer(
        self, method: str, path: str, data: dict[str, Any], *, authenticated: bool
    ) -> dict[str, Any]:
        if authenticated and self._jwt is None:
            self._login()
        try:
            return self._exchange(method, path, data, authenticated)
        except PrivacyIdeaRefused as exc:
            if not authenticated or exc.error.http_status != 401:
                raise
        self._login()  # the session ran out: sign the service account in again, once
        return self._exchange(method, path, data, authenticated)

    def _login(self) -> None:
        self._jwt = None
        try:
            body = self._exchange(
                "POST", "/auth", {"username": self._username, "password": self._password}, False
            )
        except PrivacyIdeaRefused as exc:
            raise AdapterError(
                f"The identity server at {self.base_url} did not accept the service account "
                f'"{self._username}".',
                "The clinic's IT person needs to check the account and its password "
                "(icorerx privacyidea setup).",
                code="service_account_refused",
            ) from exc
        token = body["result"].get("value", {}).get("token")
        if not isinstance(token, str):
            raise _not_trusted(self.base_url)
        self._jwt = token

    def _exchange(
        self, method: str, path: str, data: dict[str, Any], authenticated: bool
    ) -> dict[str, Any]:
        nonce = secrets.token_hex(16)
        payload = {**data, "nonce": nonce}
        headers = {"Authorization": self._jwt} if authenticated and self._jwt else {}
        try:
            if method == "GET":
                response = self._http.get(path, params=payload, headers=headers)
            else:
                response = self._http.request(method, path, json=payload, headers=headers)
        except httpx.TimeoutException as exc:
            raise AdapterError(
                f"The identity server at {self.base_url} did not answer within "
                f"{self.timeout_s:.0f} seconds.",
                "Try again in a minute: it is safe, a repeated request is not counted twice. "
                f"If it keeps happening, {SUPPORT_CONTACT}.",
                code="service_slow",
            ) from exc
        except httpx.ConnectError as exc:
            if _certificate_refused(exc):
                raise AdapterError(
                    f"This computer does not trust the certificate of the identity server at "
                    f"{self.base_url}, so it did not send anything.",
                    "The clinic's IT person needs to give this workstation the clinic's CA "
                    '("ca_file" in settings.json, or icorerx privacyidea setup --ca-file).',
                    code="tls_untrusted",
                ) from exc
            raise _unreachable(self.base_url) from exc
        except httpx.TransportError as exc:
            raise _unreachable(self.base_url) from exc
        log.debug("privacyIDEA %s %s -> %s", method, path, response.status_code)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("result"), dict):
            if response.status_code >= 500:
                raise _server_trouble(self.base_url, response.status_code)
            raise _not_trusted(self.base_url)
        if not self._verifier.verify(body) or body.get("nonce") != nonce:
            log.warning("privacyIDEA %s %s: answer not signed by the configured key", method, path)
            raise _not_trusted(self.base_url)
        result = body["result"]
        if result.get("status") is not True:
            error = result.get("error") or {}
            refused = ServerError(
                response.status_code, int(error.get("code", -1)), str(error.get("message", ""))
            )
            if response.status_code >= 500:
                log.warning("privacyIDEA %s %s failed: %s", method, path, refused)
                raise _server_trouble(self.base_url, response.status_code)
            raise PrivacyIdeaRefused(refused)
        return body


def _certificate_refused(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _unreachable(url: str) -> AdapterError:
    return AdapterError(
        f"The identity server at {url} cannot be reached.",
        "Check this computer's network connection and try again. If other "
        "workstations cannot reach it either, tell the clinic's IT person, "
        f"or {SUPPORT_CONTACT}.",
        code="service_unreachable",
    )


def _server_trouble(url: str, status: int) -> AdapterError:
    return AdapterError(
        f"The identity server at {url} had a problem of its own (HTTP {status}); nothing "
        "was changed.",
        f"Try again in a few minutes. If it keeps happening, tell the clinic's IT person, or "
        f"{SUPPORT_CONTACT}.",
        code="service_error",
    )
