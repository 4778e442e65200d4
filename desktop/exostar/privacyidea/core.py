"""The adapter's state and its calls to privacyIDEA, shared by every part of the service."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Any

from desktop.domain.models import Phone
from desktop.domain.waits import Waits
from desktop.exostar import refusals
from desktop.exostar.base import AdapterError, StepUpGrant, new_lane
from desktop.exostar.privacyidea.client import (
    PrivacyIdeaClient,
    PrivacyIdeaRefused,
    ResponseVerifier,
)
from desktop.exostar.privacyidea.mapping import (
    HARDWARE_TYPES,
    STEP_UP_S,
    owner_of,
    server_refusal,
)
from desktop.exostar.privacyidea.settings import PrivacyIdeaSettings

log = logging.getLogger(__name__)


@dataclass
class Challenge:
    """A phone code sent: whose, to which phone, privacyIDEA's transaction, until when."""

    account: str
    phone: Phone
    transaction_id: str
    expires_at: float


class PrivacyIdeaCore:
    """One service account's session with the server, and what the adapter keeps itself."""

    name = "privacyidea"

    def __init__(
        self, settings: PrivacyIdeaSettings, password: str, client: PrivacyIdeaClient | None = None
    ) -> None:
        self.settings = settings
        self.lane = new_lane("privacyidea")
        self._client = client or PrivacyIdeaClient(
            settings.url,
            settings.service_account,
            password,
            ResponseVerifier(settings.public_key_pem),
            verify_tls=settings.verify_tls,
            timeout_s=settings.timeout_s,
            connect_timeout_s=settings.connect_timeout_s,
        )
        self._challenges: dict[str, Challenge] = {}
        self._last_sent: dict[str, float] = {}
        self._grants: dict[str, StepUpGrant] = {}
        self._grant_made: dict[str, float] = {}
        self._grant_failures: dict[str, int] = {}
        self._answers: dict[str, tuple[str, str]] = {}
        """key -> (request hash, answer JSON) of add-token requests whose answer could not
        be left on the token (a refused add leaves an unbound token untouched)."""
        self._request_key = hashlib.sha256(b"icorerx-request\0" + password.encode()).digest()
        """Every workstation of the clinic holds the same service password, so each derives
        the same key: a request is recognised wherever it is retried."""
        # Plain dicts: every call runs on the lane's one thread.
        self.clock = time.time
        self._waits = Waits(lambda: self.clock())
        """Resend wait, code and grant lifetimes: a clock jump cannot make one longer."""

    def check_health(self) -> str:
        status = self._client.health()
        return f"{status}, realm {self.settings.realm}"

    def close(self) -> None:
        self._client.close()

    def send_notice(self, account: str, text: str) -> None:
        """Logged only: privacyIDEA 3.14 has no REST call that texts a user a message of ours.

        Its `/smsgateway` endpoints only configure gateways; an SMS goes out as an SMS
        token's challenge or from an event handler (UserNotification) bound to one of the
        server's own events, with a body fixed in the handler. So free-form text cannot be
        texted. The pause and the lock of phone confirmation are: the adapter raises them
        on the doctor's SMS token (`privacyidea.events.raise_notice`) and the handlers that
        `icorerx privacyidea setup` installs text their fixed words. Other notices (an EPCS
        permission change) are in the audit log only.
        """
        log.info("notice for %s not texted (privacyIDEA has no free-form SMS call)", account)

    # -- step-up grants ------------------------------------------------------------------

    @property
    def client(self) -> PrivacyIdeaClient:
        """The signed REST client, for set-up (the notice handlers)."""
        return self._client

    def end_step_up(self, account: str, grant_id: str) -> None:
        """The grant lives in this adapter (privacyIDEA has none): it is forgotten here."""
        grant = self._grants.get(grant_id)
        if grant is None or grant.account != account:
            return
        del self._grants[grant_id]
        self._grant_made.pop(grant_id, None)
        self._grant_failures.pop(grant_id, None)
        log.info("step-up grant of account %s ended before its time", account)

    def _require_grant(self, account: str, grant_id: str) -> None:
        grant = self._grants.get(grant_id)
        if grant is None or grant.account != account or self._grant_left(grant) <= 0:
            raise refusals.step_up_required()

    def _grant_left(self, grant: StepUpGrant) -> float:
        return self._waits.left(f"grant:{grant.id}", grant.expires_at.timestamp(), STEP_UP_S)

    # -- calls ---------------------------------------------------------------------------

    def _validate(self, *, token_serial: str = "", **data: Any) -> dict[str, Any]:
        """`/validate/check`; `token_serial`: the hardware token it is about, if any."""
        try:
            return self._client.call_full("POST", "/validate/check", data)
        except PrivacyIdeaRefused as exc:
            raise self._refusal(exc, serial=token_serial) from exc

    def _tokens(self, **query: Any) -> list[dict[str, Any]]:
        if "user" in query:
            query["realm"] = self.settings.realm
        try:
            value = self._client.get("/token/", pagesize=200, **query)
        except PrivacyIdeaRefused as exc:
            account = str(query.get("user") or "")
            raise self._refusal(exc, account=account) from exc
        tokens: list[dict[str, Any]] = list((value or {}).get("tokens", []))
        return tokens

    def _owned_tokens(self, account: str, **query: Any) -> list[dict[str, Any]]:
        """The tokens `account` owns. privacyIDEA lists a token under every owner row it
        has, and two assignments at the same moment can both be written; the token is
        the first owner's (the name privacyIDEA shows), never a later row's."""
        return [t for t in self._tokens(user=account, **query) if owner_of(t) == account]

    def _token(self, serial: str) -> dict[str, Any] | None:
        found = [t for t in self._tokens(serial=serial) if t.get("serial") == serial]
        return found[0] if found else None

    def _mobile(self, account: str) -> str:
        try:
            users = self._client.get("/user/", username=account, realm=self.settings.realm)
        except PrivacyIdeaRefused:
            return ""
        for user in users or []:
            mobile = user.get("mobile")
            if isinstance(mobile, list):
                mobile = mobile[0] if mobile else ""
            if mobile:
                return str(mobile)
        return ""

    def _set_info(self, serial: str, key: str, value: str) -> None:
        self._client.post(f"/token/info/{serial}/{key}", value=value)

    def _unknown_serial(self, serial: str) -> AdapterError:
        known = [
            t["serial"]
            for kind in HARDWARE_TYPES
            for t in self._tokens(tokentype=kind)
            if not t.get("username")
        ]
        return refusals.unknown_serial(serial, known)

    def _refusal(
        self, exc: PrivacyIdeaRefused, *, serial: str = "", account: str = ""
    ) -> AdapterError:
        """privacyIDEA's refusal in words, by its error code (see `server_refusal`)."""
        log.warning("privacyIDEA refused: %s", exc)
        return server_refusal(exc.error, serial=serial, account=account, realm=self.settings.realm)
