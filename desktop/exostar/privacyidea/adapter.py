"""The privacyIDEA service put together: its parts, token status and signing.

- signing: `/validate/check` with the active token's serial and the code.
- token list and status: `/token/`; suspend, resume, deactivate: disable, enable, revoke.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.domain.models import TokenInfo
from desktop.exostar import refusals
from desktop.exostar.base import SigningCheck
from desktop.exostar.privacyidea.binding import TokenBinding
from desktop.exostar.privacyidea.checkpoints import AuditCheckpoints
from desktop.exostar.privacyidea.mapping import (
    HARDWARE_TYPES,
    INFO_LAST_USED,
    INFO_REASON,
    locked_out,
    owner_of,
    signing_code_used_again,
    token_info,
    utc_at,
)
from desktop.exostar.privacyidea.password import read_password
from desktop.exostar.privacyidea.phones import PhoneConfirmation
from desktop.exostar.privacyidea.settings import PrivacyIdeaSettings

log = logging.getLogger(__name__)


class PrivacyIdeaIdentityService(PhoneConfirmation, TokenBinding, AuditCheckpoints):
    """The IdentityService protocol on a privacyIDEA server."""

    def list_tokens(self, account: str) -> list[TokenInfo]:
        tokens = [
            token_info(token)
            for token in self._owned_tokens(account)
            if token.get("tokentype") in HARDWARE_TYPES
        ]
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(tokens, key=lambda t: t.bound_at or epoch, reverse=True)

    def verify_signing_code(self, account: str, code: str) -> SigningCheck:
        tokens = [
            t
            for t in self._owned_tokens(account)
            if t.get("tokentype") in HARDWARE_TYPES and not t.get("revoked")
        ]
        if not tokens:
            raise refusals.no_active_token()
        token = tokens[0]
        serial = token["serial"]
        if locked_out(token):
            raise refusals.token_locked(serial)
        if not token.get("active"):
            raise refusals.suspended_cannot_sign(serial)
        typed = "".join(code.split())
        answer = self._validate(token_serial=serial, serial=serial, **{"pass": typed})
        if answer["result"].get("authentication") == "ACCEPT":
            now = utc_at(self.clock())
            self._set_info(serial, INFO_LAST_USED, now.isoformat())
            return SigningCheck(serial, now)
        message = str((answer.get("detail") or {}).get("message", ""))
        if signing_code_used_again(message):
            totp = token.get("tokentype") == "totp"
            raise refusals.signing_code_used_again(serial, time_token=totp)
        fresh = self._token(serial)
        if fresh is not None and locked_out(fresh):
            raise refusals.token_locked(serial, locked_now=True)
        tries_left: int | None = None
        if fresh is not None and "failcount" in fresh:
            tries_left = max(0, int(fresh.get("maxfail", 10)) - int(fresh.get("failcount", 0)))
        raise refusals.wrong_signing_code(serial, tries_left)

    def deactivate_token(self, account: str, serial: str, grant_id: str, reason: str) -> TokenInfo:
        return self._change(account, serial, grant_id, "/token/revoke", reason)

    def suspend_token(self, account: str, serial: str, grant_id: str, reason: str) -> TokenInfo:
        return self._change(account, serial, grant_id, "/token/disable", reason)

    def resume_token(self, account: str, serial: str, grant_id: str) -> TokenInfo:
        return self._change(account, serial, grant_id, "/token/enable", "")

    def _change(
        self, account: str, serial: str, grant_id: str, path: str, reason: str
    ) -> TokenInfo:
        self._require_grant(account, grant_id)
        token = self._token(serial)
        if token is None or owner_of(token) != account:
            raise refusals.token_not_on_account(serial)
        if token.get("revoked"):
            raise refusals.already_deactivated(serial)
        if reason:  # before the change: a revoked token's info can no longer be written
            self._set_info(serial, INFO_REASON, reason)
        else:
            self._client.delete(f"/token/info/{serial}/{INFO_REASON}")
        self._client.post(path, serial=serial)
        fresh = self._token(serial) or token
        return token_info(fresh)


def create_adapter(data_dir: Path, options: Mapping[str, Any]) -> PrivacyIdeaIdentityService:
    settings = PrivacyIdeaSettings.from_options(data_dir, options)
    if settings.verify_tls is False:
        log.warning(
            "TLS verification is off for privacyIDEA at %s: the server's certificate is not "
            'checked. Set "verify_tls" to true (with "ca_file" for the clinic\'s own CA).',
            settings.url,
        )
    return PrivacyIdeaIdentityService(settings, read_password(data_dir, settings, options))
