"""What privacyIDEA keeps and answers, in this application's terms.

The token info keys the adapter writes, token dicts -> `TokenInfo`, and privacyIDEA's
refusals -> `AdapterError`s: by privacyIDEA's numeric error code where its answer has
one (`privacyidea/lib/error.py`), by its words only where it has none (a `/validate/check`
that rejects a code answers with a message, not an error).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from desktop.domain.models import TokenInfo, TokenKind, TokenStatus
from desktop.exostar import refusals
from desktop.exostar.base import AdapterError
from desktop.exostar.local.phone_codes import PhoneCodePolicy
from desktop.exostar.privacyidea.client import ServerError

STEP_UP_S = 15 * 60
RESEND_AFTER_S = 30
HARDWARE_TYPES = ("hotp", "totp")

# Token info keys this application writes (privacyIDEA keeps them with the token).
INFO_KEY = "icorerx_add_key"
INFO_COUNT = "icorerx_count_before"
INFO_ASSIGNED = "icorerx_assigned_by"
INFO_RESULT = "icorerx_add_result"
INFO_SYNCED = "icorerx_synced_at"
INFO_REASON = "icorerx_reason"
INFO_LAST_USED = "icorerx_last_used"
INFO_CHECKPOINT = "icorerx_audit_head"
INFO_CHECKPOINT_COUNT = "icorerx_audit_count"
CHECKPOINT_PREFIX = "ICRXAUDIT"
CHECKPOINT_TYPE = "spass"
INFO_REQUEST = "icorerx_add_request"
"""A keyed hash of what the request with INFO_KEY asked (serial, codes)."""
# On the doctor's SMS token: wrong phone codes in a row, across codes, workstations, restarts.
INFO_PHONE_RUN = "icorerx_phone_run"
INFO_PHONE_PAUSES = "icorerx_phone_pauses"
INFO_PHONE_UNTIL = "icorerx_phone_paused_until"
INFO_PHONE_LOCKED = "icorerx_phone_locked_at"
PHONE_INFO = (INFO_PHONE_RUN, INFO_PHONE_PAUSES, INFO_PHONE_UNTIL, INFO_PHONE_LOCKED)
PHONE_POLICY = PhoneCodePolicy()


class PiError(IntEnum):
    """privacyIDEA's error codes (its `lib/error.py`) the adapter has words for."""

    RESOURCE_NOT_FOUND = 601
    USER = 904
    TOKEN_LOCKED = 1007
    """privacyIDEA's "locked" is a revoked token: it can never be used again."""
    ALREADY_ASSIGNED = 1103
    """Raised by `assign_token` (lib/token/attributes.py) for a token another user holds."""


def server_refusal(
    error: ServerError, *, serial: str = "", account: str = "", realm: str = ""
) -> AdapterError:
    """privacyIDEA's refusal of a call about `serial` (a hardware token) or `account`."""
    code = error.code
    if serial and code == PiError.ALREADY_ASSIGNED:
        return refusals.token_other_account(serial)
    if serial and code == PiError.TOKEN_LOCKED:
        return refusals.token_revoked(serial)
    if account and code in (PiError.RESOURCE_NOT_FOUND, PiError.USER):
        return refusals.account_not_in_realm(account, realm)
    return refusals.service_refused(code)


def phone_refusal(token: Mapping[str, Any] | None, message: str, minutes: int) -> AdapterError:
    """A phone code `/validate/check` rejected: `token` is the SMS token as it is now,
    `message` the answer's words (a rejection carries no error code), `minutes` a code's life."""
    if token is not None and (locked_out(token) or not token.get("active")):
        return refusals.phone_token_locked()
    words = message.lower()
    if "expired" in words or "no challenge" in words or "transaction" in words:
        return refusals.code_expired(minutes)
    if token is not None:
        left = max(0, int(token.get("maxfail", 10)) - int(token.get("failcount", 0)))
        return refusals.wrong_phone_code(left)
    return refusals.phone_code_refused()


def signing_code_used_again(message: str) -> bool:
    """privacyIDEA's words for a token code it already accepted once (no error code)."""
    return "used again" in message.lower()


def checkpoint_serial(log_id: str) -> str:
    """The checkpoint token of one audit log (letters and digits only, as serials are)."""
    return CHECKPOINT_PREFIX + "".join(c for c in log_id.upper() if c.isalnum())[:20]


def paused_refusal(now: float, left: float) -> AdapterError:
    moment = dt.datetime.fromtimestamp(now + left).astimezone().strftime("%I:%M %p").lstrip("0")
    minutes = max(1, math.ceil(left / 60))
    duration = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return refusals.phone_paused(moment, duration, utc_at(now + left).isoformat(), math.ceil(left))


def locked_out(token: Mapping[str, Any]) -> bool:
    """Too many wrong codes: privacyIDEA refuses the token until it is reset or resynced."""
    maxfail = int(token.get("maxfail", 10) or 10)
    return bool(token.get("locked")) or int(token.get("failcount", 0)) >= maxfail


def owner_of(token: Mapping[str, Any]) -> str:
    return str(token.get("username") or "")


def utc_at(moment: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(moment, dt.UTC)


def parse_when(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def token_info(token: Mapping[str, Any]) -> TokenInfo:
    info = token.get("info") or {}
    if token.get("revoked"):
        status = TokenStatus.REVOKED
    elif locked_out(token):
        status = TokenStatus.LOCKED
    elif not token.get("active"):
        status = TokenStatus.SUSPENDED
    else:
        status = TokenStatus.ACTIVE
    return TokenInfo(
        serial=str(token["serial"]),
        kind=TokenKind.TOTP if token.get("tokentype") == "totp" else TokenKind.HOTP,
        status=status,
        bound_at=parse_when(info.get(INFO_SYNCED) or info.get("assignment_date")),
        last_used_at=parse_when(info.get(INFO_LAST_USED)),
        reason=str(info.get(INFO_REASON, "")),
    )


def answer_json(error: AdapterError) -> str:
    return json.dumps({"ok": False, "error": error.to_json()})
