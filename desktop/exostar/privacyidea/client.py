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

from desktop.exostar import refusals

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
            raise refusals.public_key_unusable("a PEM public key") from exc
        if not isinstance(key, rsa.RSAPublicKey):
            raise refusals.public_key_unusable("an RSA key")
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
            raise refusals.service_account_refused(self.base_url, self._username) from exc
        token = body["result"].get("value", {}).get("token")
        if not isinstance(token, str):
            raise refusals.answer_not_trusted(self.base_url)
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
            raise refusals.service_slow(self.base_url, self.timeout_s) from exc
        except httpx.ConnectError as exc:
            if _certificate_refused(exc):
                raise refusals.tls_untrusted(self.base_url) from exc
            raise refusals.service_unreachable(self.base_url) from exc
        except httpx.TransportError as exc:
            raise refusals.service_unreachable(self.base_url) from exc
        log.debug("privacyIDEA %s %s -> %s", method, path, response.status_code)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("result"), dict):
            if response.status_code >= 500:
                raise refusals.service_error(self.base_url, response.status_code)
            raise refusals.answer_not_trusted(self.base_url)
        if not self._verifier.verify(body) or body.get("nonce") != nonce:
            log.warning("privacyIDEA %s %s: answer not signed by the configured key", method, path)
            raise refusals.answer_not_trusted(self.base_url)
        result = body["result"]
        if result.get("status") is not True:
            error = result.get("error") or {}
            refused = ServerError(
                response.status_code, int(error.get("code", -1)), str(error.get("message", ""))
            )
            if response.status_code >= 500:
                log.warning("privacyIDEA %s %s failed: %s", method, path, refused)
                raise refusals.service_error(self.base_url, response.status_code)
            raise PrivacyIdeaRefused(refused)
        return body


def _certificate_refused(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)
