"""The privacyIDEA adapter: the clinic's own identity server, shared by every workstation.

Chosen in settings.json:

    {"adapter": "privacyidea",
     "adapter_options": {"url": "https://otp.clinic.example", "realm": "clinic",
                         "service_account": "icorerx", "public_key_file": "pi-public.pem"}}

`icorerx privacyidea setup` writes these and keeps the service account's password in
the OS keyring, or in an owner-only file beside settings.json when there is none.

How our calls map onto privacyIDEA 3.14's REST API:

- phones: the account's SMS tokens. A code is sent by triggering the SMS token's
  challenge (`/validate/check` with its serial and an empty PIN); privacyIDEA's own SMS
  gateway delivers it; the answer, with the transaction id, is checked the same way.
  Phone calls are not something privacyIDEA does, so they are reported as unavailable.
- a step-up grant is kept by this adapter for 15 minutes after a correct code.
- add token: the token's seed was imported by the clinic (PSKC, `/token/load`); adding
  it assigns the serial to the doctor and resyncs it with the two codes. If the resync
  fails the assignment is undone. The request's idempotency key is written into the
  token's info before the resync, so asking twice, even from another workstation,
  returns the first answer.
- signing: `/validate/check` with the active token's serial and the code.
- token list and status: `/token/`; suspend, resume, deactivate: disable, enable, revoke.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import os
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.models import Phone, PhoneChannel, TokenInfo, TokenKind, TokenStatus
from desktop.domain.serials import normalize_serial
from desktop.domain.waits import Waits
from desktop.exostar import refusals
from desktop.exostar.base import (
    AdapterError,
    PhoneCodeSent,
    SigningCheck,
    StepUpGrant,
    TokenSyncResult,
    UnknownAccount,
    new_lane,
)
from desktop.exostar.local.codekey import keyed_hash
from desktop.exostar.local.phone_codes import PhoneCodePolicy
from desktop.exostar.options import PLAIN_HTTP_REFUSED, plain_http_elsewhere
from desktop.exostar.privacyidea_client import (
    PrivacyIdeaClient,
    PrivacyIdeaRefused,
    ResponseVerifier,
)
from desktop.exostar.privacyidea_events import NOTICE_LOCKED, NOTICE_PAUSED, raise_notice

log = logging.getLogger(__name__)

KEYRING_SERVICE = "icorerx-privacyidea"
PASSWORD_FILE = "privacyidea-password"
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

# privacyIDEA error codes the adapter turns into words.
ERR_NOT_FOUND = 601
ERR_ALREADY_ASSIGNED = 1103


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


def _bad_settings(problem: str) -> AdapterError:
    return AdapterError(
        f"The privacyIDEA settings in settings.json are not usable: {problem}",
        "The clinic's IT person can set them with: icorerx privacyidea setup",
        code="bad_settings",
    )


def _keyring() -> Any | None:
    """The keyring module when a real OS keyring is behind it, else None."""
    try:
        import keyring
        from keyring.backends import fail

        return None if isinstance(keyring.get_keyring(), fail.Keyring) else keyring
    except Exception as exc:  # noqa: BLE001 - a broken keyring means: use the file
        log.info("OS keyring not usable for the service password (%s)", type(exc).__name__)
        return None


def read_password(data_dir: Path, settings: PrivacyIdeaSettings, options: Mapping[str, Any]) -> str:
    """The service account's password: OS keyring first, else the owner-only file."""
    keyring = _keyring()
    if keyring is not None:
        try:
            stored = keyring.get_password(KEYRING_SERVICE, keyring_user(settings))
        except Exception as exc:  # noqa: BLE001 - a locked keyring means: look for the file
            log.info("OS keyring did not answer (%s)", type(exc).__name__)
            stored = None
        if stored:
            return str(stored)
    path = Path(options.get("password_file") or data_dir / PASSWORD_FILE).expanduser()
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise _bad_settings(
            f"no password for the service account is stored (neither in the OS keyring nor "
            f"in {path})."
        ) from exc


def keyring_user(settings: PrivacyIdeaSettings) -> str:
    return f"{settings.service_account}@{settings.url}"


def store_password(data_dir: Path, settings: PrivacyIdeaSettings, password: str) -> str:
    """Keep the password in the OS keyring when there is a real one, else in a 0600 file."""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(KEYRING_SERVICE, keyring_user(settings), password)
            return f"the OS keyring ({type(keyring.get_keyring()).__name__})"
        except Exception as exc:  # noqa: BLE001 - a locked keyring: the file below
            log.info("OS keyring did not take the password (%s)", type(exc).__name__)
    path = data_dir / PASSWORD_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password)
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return f"{path} (readable by this user only)"


@dataclass
class _Challenge:
    account: str
    phone: Phone
    transaction_id: str
    expires_at: float


class PrivacyIdeaIdentityService:
    """The IdentityService protocol on a privacyIDEA server."""

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
        self._challenges: dict[str, _Challenge] = {}
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

    # -- health -------------------------------------------------------------------------

    def check_health(self) -> str:
        status = self._client.health()
        return f"{status}, realm {self.settings.realm}"

    # -- phones and step-up -------------------------------------------------------------

    def list_phones(self, account: str) -> list[Phone]:
        phones = []
        for token in self._tokens(user=account, tokentype="sms"):
            if token.get("revoked") or not token.get("active"):
                continue
            number = str((token.get("info") or {}).get("phone") or "") or self._mobile(account)
            if number:
                phones.append(Phone(token["serial"], number, (PhoneChannel.SMS,)))
        return phones

    def send_phone_code(self, account: str, phone_id: str, channel: PhoneChannel) -> PhoneCodeSent:
        phone = next((p for p in self.list_phones(account) if p.id == phone_id), None)
        if phone is None:
            raise refusals.unknown_phone()
        if channel not in phone.channels:
            raise AdapterError(
                f"The clinic's identity server cannot place a {channel.label.lower()} to "
                f"{phone.masked}.",
                "Choose SMS text instead.",
                code="channel_unavailable",
                available=[c.value for c in phone.channels],
            )
        now = self.clock()
        self._refuse_if_phone_paused(phone_id)
        last = self._last_sent.get(account)
        if last is not None:
            wait = self._waits.left(f"resend:{account}", last + RESEND_AFTER_S, RESEND_AFTER_S)
            if wait > 0:
                raise refusals.resend_too_soon(int(wait) + 1)
        answer = self._validate(serial=phone_id, **{"pass": ""})
        detail = answer.get("detail") or {}
        transaction_id = detail.get("transaction_id")
        if answer["result"].get("authentication") != "CHALLENGE" or not transaction_id:
            token = self._token(phone_id)
            if token is not None and (_locked_out(token) or not token.get("active")):
                raise self._phone_refusal(phone_id, detail)
            log.warning("privacyIDEA sent no code: %s", detail.get("message", ""))
            raise AdapterError(
                f"The identity server could not send the text message to {phone.masked}.",
                "Try again in a minute. If no code arrives, the clinic's IT person should check "
                f"the server's SMS gateway, or {SUPPORT_CONTACT}.",
                code="code_not_sent",
            )
        challenge_id = secrets.token_urlsafe(16)
        expires = now + self.settings.challenge_validity_s
        for old_id, old in list(self._challenges.items()):
            if old.account == account:  # an earlier code for this account stops working
                del self._challenges[old_id]
        self._challenges[challenge_id] = _Challenge(account, phone, transaction_id, expires)
        self._last_sent[account] = now
        self._waits.left(f"resend:{account}", now + RESEND_AFTER_S, RESEND_AFTER_S)
        self._challenge_left(challenge_id, expires)
        return PhoneCodeSent(
            challenge_id, phone, channel, _when(expires), _when(now + RESEND_AFTER_S)
        )

    def verify_phone_code(self, account: str, challenge_id: str, code: str) -> StepUpGrant:
        challenge = self._challenges.get(challenge_id)
        if challenge is None or challenge.account != account:
            raise AdapterError(
                "A newer code was sent after this one, so this one no longer works.",
                "Type the code from the newest message, or send a new code.",
                code="code_replaced",
            )
        minutes = max(1, self.settings.challenge_validity_s // 60)
        if self._challenge_left(challenge_id, challenge.expires_at) <= 0:
            raise AdapterError(
                f"That code has expired (codes work for {minutes} minutes).",
                f"Send a new code and type it within {minutes} minutes.",
                code="code_expired",
            )
        typed = "".join(code.split())
        if len(typed) != 6 or not typed.isdigit():
            raise refusals.code_malformed()
        sms_serial = challenge.phone.id
        self._refuse_if_phone_paused(sms_serial)
        answer = self._validate(
            serial=sms_serial, transaction_id=challenge.transaction_id, **{"pass": typed}
        )
        if answer["result"].get("authentication") != "ACCEPT":
            refusal = self._phone_refusal(sms_serial, answer.get("detail") or {})
            if refusal.code == "wrong_code":
                self._count_wrong_phone_code(account, sms_serial, refusal)
            raise refusal
        self._challenges.pop(challenge_id, None)
        self._last_sent.pop(account, None)
        sms = self._token(sms_serial)
        if sms is not None and any(key in (sms.get("info") or {}) for key in PHONE_INFO[:3]):
            self._clear_phone_run(sms_serial)
        now = self.clock()
        grant = StepUpGrant(secrets.token_urlsafe(16), account, _when(now + STEP_UP_S))
        self._grants[grant.id] = grant
        self._grant_made[grant.id] = now
        self._grant_left(grant)
        return grant

    # -- wrong phone codes in a row, kept on the doctor's SMS token ----------------------

    def _refuse_if_phone_paused(self, sms_serial: str) -> None:
        token = self._token(sms_serial)
        info = (token or {}).get("info") or {}
        if info.get(INFO_PHONE_LOCKED):
            raise refusals.phone_locked(int(info.get(INFO_PHONE_RUN) or 0))
        until = _parse_when(info.get(INFO_PHONE_UNTIL))
        if until is None:
            return
        pauses = int(info.get(INFO_PHONE_PAUSES) or 1)
        length = PHONE_POLICY.pause_seconds(max(0, pauses - 1))
        left = self._waits.left(f"pause:{sms_serial}", until.timestamp(), length)
        if left > 0:
            raise _paused(self.clock(), left)

    def _count_wrong_phone_code(self, account: str, sms_serial: str, refusal: AdapterError) -> None:
        token = self._token(sms_serial)
        info = (token or {}).get("info") or {}
        run = int(info.get(INFO_PHONE_RUN) or 0) + 1
        self._set_info(sms_serial, INFO_PHONE_RUN, str(run))
        if run >= PHONE_POLICY.lock_after:
            self._set_info(sms_serial, INFO_PHONE_LOCKED, _when(self.clock()).isoformat())
            raise_notice(self._client, sms_serial, NOTICE_LOCKED)
            raise refusals.phone_locked(run, locked_now=True)
        if run % PHONE_POLICY.pause_after:
            left = PHONE_POLICY.pause_after - run % PHONE_POLICY.pause_after
            server_left = int(refusal.details.get("tries_left", left))
            tries_left = min(left, server_left)
            replacement = refusals.wrong_phone_code(tries_left)
            refusal.message, refusal.next_step = replacement.message, replacement.next_step
            refusal.details["tries_left"] = tries_left
            return
        pauses = int(info.get(INFO_PHONE_PAUSES) or 0)
        seconds = PHONE_POLICY.pause_seconds(pauses)
        now = self.clock()
        self._set_info(sms_serial, INFO_PHONE_PAUSES, str(pauses + 1))
        self._set_info(sms_serial, INFO_PHONE_UNTIL, _when(now + seconds).isoformat())
        # The run is counted here; the server's own fail counter would lock the SMS token
        # at its maxfail (10) and cut the growing pauses short, so it starts again.
        self._client.post("/token/reset", serial=sms_serial)
        paused = _paused(now, self._waits.left(f"pause:{sms_serial}", now + seconds, seconds))
        paused.details.update(paused_now=True, pause_seconds=seconds, wrong_in_a_row=run)
        raise_notice(self._client, sms_serial, NOTICE_PAUSED)  # the wait began before it
        raise paused

    def _clear_phone_run(self, sms_serial: str) -> None:
        for key in PHONE_INFO:
            self._client.delete(f"/token/info/{sms_serial}/{key}")

    def unlock_phone_confirmation(self, account: str) -> bool:
        """A practice administrator lifts the lock after 100 wrong codes (and any pause)."""
        was = False
        for phone in self.list_phones(account):
            token = self._token(phone.id)
            info = (token or {}).get("info") or {}
            was = was or bool(info.get(INFO_PHONE_LOCKED) or info.get(INFO_PHONE_UNTIL))
            self._clear_phone_run(phone.id)
            self._client.post("/token/reset", serial=phone.id)
        return was

    def phone_confirmation_locked(self, account: str) -> bool:
        for phone in self.list_phones(account):
            token = self._token(phone.id)
            if ((token or {}).get("info") or {}).get(INFO_PHONE_LOCKED):
                return True
        return False

    def _challenge_left(self, challenge_id: str, expires_at: float) -> float:
        validity = self.settings.challenge_validity_s
        return self._waits.left(f"challenge:{challenge_id}", expires_at, validity)

    def _grant_left(self, grant: StepUpGrant) -> float:
        return self._waits.left(f"grant:{grant.id}", grant.expires_at.timestamp(), STEP_UP_S)

    def _phone_refusal(self, serial: str, detail: Mapping[str, Any]) -> AdapterError:
        token = self._token(serial)
        if token is not None and (_locked_out(token) or not token.get("active")):
            return AdapterError(
                "Too many wrong codes, so phone confirmation is paused for your safety.",
                "The clinic's IT person can reset it on the identity server, "
                f"or {SUPPORT_CONTACT}.",
                code="too_many_tries",
            )
        message = str(detail.get("message", "")).lower()
        if "expired" in message or "no challenge" in message or "transaction" in message:
            return AdapterError(
                "That code has expired.",
                "Send a new code and type it as soon as it arrives.",
                code="code_expired",
            )
        if token is not None:
            left = max(0, int(token.get("maxfail", 10)) - int(token.get("failcount", 0)))
            return refusals.wrong_phone_code(left)
        return AdapterError(
            "The identity server refused the code.", "Send a new code.", code="wrong_code"
        )

    def _require_grant(self, account: str, grant_id: str) -> None:
        grant = self._grants.get(grant_id)
        if grant is None or grant.account != account or self._grant_left(grant) <= 0:
            raise refusals.step_up_required()

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

    # -- tokens -------------------------------------------------------------------------

    def list_tokens(self, account: str) -> list[TokenInfo]:
        tokens = [
            _token_info(token)
            for token in self._tokens(user=account)
            if token.get("tokentype") in HARDWARE_TYPES
        ]
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(tokens, key=lambda t: t.bound_at or epoch, reverse=True)

    def add_token(
        self,
        account: str,
        serial: str,
        otp1: str,
        otp2: str,
        grant_id: str,
        idempotency_key: str,
    ) -> TokenSyncResult:
        """Assign and resync, or resync the doctor's own token.

        A retry with the same key gets the first answer, refusals included; a key sent
        with another serial or other codes is refused. A refused add leaves a token that was
        not the doctor's exactly as it was (the assignment and everything written is undone)
        and counts against the phone confirmation; only tokens this application really
        synced to the doctor are ever revoked when another replaces them.
        """
        self._require_grant(account, grant_id)
        serial = normalize_serial(serial)
        digest = keyed_hash(
            self._request_key, "add_token", serial, "".join(otp1.split()), "".join(otp2.split())
        )
        remembered = self._answers.get(idempotency_key)
        if remembered is not None:
            if not secrets.compare_digest(remembered[0], digest):
                raise refusals.request_key_reused()
            return self._replay(serial, remembered[1])
        token = self._token(serial)
        if token is None or token.get("tokentype") not in HARDWARE_TYPES:
            raise self._unknown_serial(serial)
        info = token.get("info") or {}
        repeat = info.get(INFO_KEY) == idempotency_key and _owner(token) == account
        if repeat:
            stored = info.get(INFO_REQUEST)
            if stored and not secrets.compare_digest(stored, digest):
                raise refusals.request_key_reused()
            earlier = info.get(INFO_RESULT)
            if earlier:
                return self._replay(serial, earlier, token)
        owner = _owner(token)
        if owner and owner != account:
            raise refusals.token_other_account(serial)
        if token.get("revoked"):
            raise refusals.token_revoked(serial)
        if not token.get("active"):
            raise refusals.token_suspended(serial)
        if owner and _locked_out(token):
            self._require_fresh_grant(grant_id)
        try:
            return self._add(account, serial, otp1, otp2, idempotency_key, digest, token, repeat)
        except AdapterError as exc:
            if exc.details.pop("sync_failure", False) and self._note_sync_failure(grant_id):
                exc = refusals.sync_tries_spent()
            if exc.code != "service_unreachable":
                self._answers[idempotency_key] = (digest, _answer_json(exc))
            raise exc from None

    def _add(
        self,
        account: str,
        serial: str,
        otp1: str,
        otp2: str,
        idempotency_key: str,
        digest: str,
        token: dict[str, Any],
        repeat: bool,
    ) -> TokenSyncResult:
        original = token
        info = token.get("info") or {}
        owner = _owner(token)
        assigned_here = False
        if not owner:
            try:
                self._client.post(
                    "/token/assign", serial=serial, user=account, realm=self.settings.realm
                )
            except PrivacyIdeaRefused as exc:
                if exc.error.code == ERR_ALREADY_ASSIGNED:
                    raise refusals.token_other_account(serial) from exc
                raise self._refusal(exc) from exc
            assigned_here = True
            token = self._token(serial) or token
            if _owner(token) != account:  # another workstation assigned it at the same moment
                raise refusals.token_other_account(serial)
        count_now = int(token.get("count", 0))
        count_before = int(info.get(INFO_COUNT, count_now)) if repeat else count_now
        if not repeat:
            self._set_info(serial, INFO_KEY, idempotency_key)
            self._set_info(serial, INFO_REQUEST, digest)
            self._set_info(serial, INFO_COUNT, str(count_before))
            self._client.delete(f"/token/info/{serial}/{INFO_RESULT}")
        if assigned_here:
            self._set_info(serial, INFO_ASSIGNED, idempotency_key)
        resync = not (assigned_here or info.get(INFO_ASSIGNED) == idempotency_key)
        try:
            synced = self._client.post("/token/resync", serial=serial, otp1=otp1, otp2=otp2)
        except Exception:
            if assigned_here:
                self._undo_assignment(serial, account, original)
            raise
        if synced is not True:
            if repeat and count_now != count_before:
                # A first attempt with this key did resync; its answer was lost on the way
                # (a refusal would have been written as this key's answer).
                return self._finish(account, serial, token, count_before, resync)
            refusal = refusals.codes_do_not_sync(serial)
            refusal.details["sync_failure"] = True
            if assigned_here:
                self._undo_assignment(serial, account, original)
            else:  # the doctor's own token: the refusal is this key's answer, for every retry
                self._set_info(serial, INFO_RESULT, _answer_json(refusal))
            raise refusal
        return self._finish(account, serial, self._token(serial) or token, count_before, resync)

    def _replay(
        self, serial: str, raw: str, token: dict[str, Any] | None = None
    ) -> TokenSyncResult:
        data = json.loads(raw)
        if data.get("ok") is False:
            raise AdapterError.from_json(data["error"])
        fresh = token or self._token(serial)
        if fresh is None:
            raise self._unknown_serial(serial)
        return TokenSyncResult.from_json(data, _token_info(fresh))

    def _require_fresh_grant(self, grant_id: str) -> None:
        made = self._grant_made.get(grant_id)
        age = self.clock() - made if made is not None else math.inf
        if not 0 <= age <= PHONE_POLICY.fresh_grant_seconds:
            raise refusals.fresh_step_up_required()

    def _note_sync_failure(self, grant_id: str) -> bool:
        """Count a failed sync against the grant; True when it has now ended."""
        failures = self._grant_failures.get(grant_id, 0) + 1
        self._grant_failures[grant_id] = failures
        if failures >= PHONE_POLICY.sync_failures_per_grant:
            self._grants.pop(grant_id, None)
            return True
        return False

    def add_token_outcome(self, account: str, serial: str, idempotency_key: str) -> bool | None:
        """What became of an add-token request (AddRequestLedger), as far as the token says.

        A finished request leaves its key and its answer in the token's info; anything less
        (another key, or the key without an answer) cannot be told apart here: None.
        """
        token = self._token(normalize_serial(serial))
        if token is None:
            return None
        info = token.get("info") or {}
        if info.get(INFO_KEY) == idempotency_key and info.get(INFO_RESULT):
            return _owner(token) == account
        return None

    def _finish(
        self, account: str, serial: str, token: dict[str, Any], count_before: int, resync: bool
    ) -> TokenSyncResult:
        replaced: list[str] = []
        for other in self._tokens(user=account):
            if (
                other["serial"] == serial
                or other.get("tokentype") not in HARDWARE_TYPES
                or other.get("revoked")
            ):
                continue
            if not (other.get("info") or {}).get(INFO_SYNCED):
                # Assigned, but never synced here (an add whose undo failed): it was never
                # this doctor's token in use, so it goes back unassigned, not destroyed.
                self._undo_assignment(other["serial"], account, other)
                continue
            self._set_info(other["serial"], INFO_REASON, f"Replaced by {serial}")
            self._client.post("/token/revoke", serial=other["serial"])
            replaced.append(other["serial"])
        if int(token.get("failcount", 0)):
            self._client.post("/token/reset", serial=serial)
        info = token.get("info") or {}
        presses: int | None = None
        drift: int | None = None
        if token.get("tokentype") == "hotp":
            presses = max(0, int(token.get("count", 0)) - 2 - count_before)
        else:
            drift = int(float(info.get("timeShift", 0) or 0))
        now = _when(self.clock())
        self._set_info(serial, INFO_SYNCED, now.isoformat())
        fresh = self._token(serial) or token
        result = TokenSyncResult(
            _token_info(fresh), presses, drift, tuple(replaced), resynced=resync
        )
        self._set_info(serial, INFO_RESULT, json.dumps({"ok": True, **result.to_json()}))
        if _owner(fresh) != account:
            raise refusals.token_other_account(serial)
        return result

    def _undo_assignment(self, serial: str, account: str, before: Mapping[str, Any]) -> None:
        """Unassign, and put back what the attempt changed: its info and the counters."""
        try:
            token = self._token(serial)
            if token is not None and _owner(token) == account:
                self._client.post("/token/unassign", serial=serial)
                kept = before.get("info") or {}
                for key in (INFO_KEY, INFO_REQUEST, INFO_COUNT, INFO_ASSIGNED, INFO_RESULT):
                    if key in kept:
                        self._set_info(serial, key, str(kept[key]))
                    else:
                        self._client.delete(f"/token/info/{serial}/{key}")
        except (AdapterError, PrivacyIdeaRefused):
            log.warning("could not undo the assignment of %s; it stays with %s", serial, account)

    def verify_signing_code(self, account: str, code: str) -> SigningCheck:
        tokens = [
            t
            for t in self._tokens(user=account)
            if t.get("tokentype") in HARDWARE_TYPES and not t.get("revoked")
        ]
        if not tokens:
            raise refusals.no_active_token()
        token = tokens[0]
        serial = token["serial"]
        if _locked_out(token):
            raise _locked(serial)
        if not token.get("active"):
            raise refusals.suspended_cannot_sign(serial)
        answer = self._validate(serial=serial, **{"pass": "".join(code.split())})
        if answer["result"].get("authentication") == "ACCEPT":
            now = _when(self.clock())
            self._set_info(serial, INFO_LAST_USED, now.isoformat())
            return SigningCheck(serial, now)
        message = str((answer.get("detail") or {}).get("message", "")).lower()
        if "used again" in message:
            wait = (
                "Wait until the digits change (time tokens show a new code every 30 seconds), "
                "then type the new code."
                if token.get("tokentype") == "totp"
                else "Press the token's button for a new code and type it."
            )
            raise AdapterError(
                "That code has already been used, and each code works only once.",
                wait,
                code="already_used",
                serial=serial,
            )
        fresh = self._token(serial)
        if fresh is not None and _locked_out(fresh):
            raise _locked(serial, locked_now=True)
        tries: dict[str, int] = {}
        if fresh is not None and "failcount" in fresh:
            tries["tries_left"] = max(
                0, int(fresh.get("maxfail", 10)) - int(fresh.get("failcount", 0))
            )
        raise AdapterError(
            "That code is not the one the token shows.",
            "Press the token's button and type the new code.",
            code="wrong_code",
            serial=serial,
            **tries,
        )

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
        if token is None or _owner(token) != account:
            raise refusals.token_not_on_account(serial)
        if token.get("revoked"):
            raise refusals.already_deactivated(serial)
        if reason:  # before the change: a revoked token's info can no longer be written
            self._set_info(serial, INFO_REASON, reason)
        else:
            self._client.delete(f"/token/info/{serial}/{INFO_REASON}")
        self._client.post(path, serial=serial)
        fresh = self._token(serial) or token
        return _token_info(fresh)

    def send_notice(self, account: str, text: str) -> None:
        """Logged only: privacyIDEA 3.14 has no REST call that texts a user a message of ours.

        Its `/smsgateway` endpoints only configure gateways; an SMS goes out as an SMS
        token's challenge or from an event handler (UserNotification) bound to one of the
        server's own events, with a body fixed in the handler. So free-form text cannot be
        texted. The pause and the lock of phone confirmation are: the adapter raises them
        on the doctor's SMS token (`privacyidea_events.raise_notice`) and the handlers that
        `icorerx privacyidea setup` installs text their fixed words. Other notices (an EPCS
        permission change) are in the audit log only.
        """
        log.info("notice for %s not texted (privacyIDEA has no free-form SMS call)", account)

    def checkpoint(self, log_id: str, count: int, head: str) -> None:
        """Keep the audit head in the info of a checkpoint token, `ICRXAUDIT<log id>`.

        privacyIDEA keeps token info in its own database and writes every change to its own
        audit log (who, when, from where), out of reach of this workstation's data folder.
        The token is a simple-pass token with a random PIN nobody knows, disabled at once
        and assigned to nobody, so it never signs anyone in. The head only moves forward.
        """
        serial = checkpoint_serial(log_id)
        token = self._token(serial)
        if token is None:
            try:
                self._client.post(
                    "/token/init",
                    type=CHECKPOINT_TYPE,
                    serial=serial,
                    pin=secrets.token_urlsafe(32),
                    description="iCoreRx audit checkpoint (never signs anyone in)",
                )
                self._client.post("/token/disable", serial=serial)
            except PrivacyIdeaRefused as exc:
                raise self._refusal(exc) from exc
            kept = -1
        else:
            try:
                kept = int((token.get("info") or {}).get(INFO_CHECKPOINT_COUNT, -1))
            except (TypeError, ValueError):
                kept = -1
        if count <= kept:
            return
        try:
            self._set_info(serial, INFO_CHECKPOINT, head)
            self._set_info(serial, INFO_CHECKPOINT_COUNT, str(count))
        except PrivacyIdeaRefused as exc:
            raise self._refusal(exc) from exc
        log.info("audit checkpoint at %s entries kept in privacyIDEA (%s)", count, serial)

    def read_checkpoint(self, log_id: str) -> str | None:
        token = self._token(checkpoint_serial(log_id))
        if token is None:
            return None
        head = (token.get("info") or {}).get(INFO_CHECKPOINT)
        return str(head) if head else None

    def close(self) -> None:
        self._client.close()

    # -- helpers ------------------------------------------------------------------------

    def _validate(self, **data: Any) -> dict[str, Any]:
        try:
            return self._client.call_full("POST", "/validate/check", data)
        except PrivacyIdeaRefused as exc:
            raise self._refusal(exc) from exc

    def _tokens(self, **query: Any) -> list[dict[str, Any]]:
        if "user" in query:
            query["realm"] = self.settings.realm
        try:
            value = self._client.get("/token/", pagesize=200, **query)
        except PrivacyIdeaRefused as exc:
            if "user" in query and exc.error.code in (ERR_NOT_FOUND, 904):
                raise UnknownAccount(
                    f'The account "{query["user"]}" is not known to the clinic\'s identity server.',
                    "The clinic's IT person needs to add it to the privacyIDEA realm "
                    f'"{self.settings.realm}".',
                ) from exc
            raise self._refusal(exc) from exc
        tokens: list[dict[str, Any]] = list((value or {}).get("tokens", []))
        return tokens

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

    def _refusal(self, exc: PrivacyIdeaRefused) -> AdapterError:
        log.warning("privacyIDEA refused: %s", exc)
        return AdapterError(
            "The clinic's identity server refused the request.",
            f"Try again; if it keeps happening, tell the clinic's IT person "
            f"(privacyIDEA error {exc.error.code}), or {SUPPORT_CONTACT}.",
            code="service_refused",
        )


def checkpoint_serial(log_id: str) -> str:
    """The checkpoint token of one audit log (letters and digits only, as serials are)."""
    return CHECKPOINT_PREFIX + "".join(c for c in log_id.upper() if c.isalnum())[:20]


def _paused(now: float, left: float) -> AdapterError:
    moment = dt.datetime.fromtimestamp(now + left).astimezone().strftime("%I:%M %p").lstrip("0")
    minutes = max(1, math.ceil(left / 60))
    duration = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return AdapterError(
        "Too many wrong codes, so phone confirmation is paused for your safety.",
        f"You can send a new code at {moment}, in {duration}. If you did not type these "
        f"codes, {SUPPORT_CONTACT}.",
        code="too_many_tries",
        retry_at=_when(now + left).isoformat(),
        seconds_left=math.ceil(left),
    )


def _locked_out(token: Mapping[str, Any]) -> bool:
    """Too many wrong codes: privacyIDEA refuses the token until it is reset or resynced."""
    maxfail = int(token.get("maxfail", 10) or 10)
    return bool(token.get("locked")) or int(token.get("failcount", 0)) >= maxfail


def _owner(token: Mapping[str, Any]) -> str:
    return str(token.get("username") or "")


def _locked(serial: str, *, locked_now: bool = False) -> AdapterError:
    return AdapterError(
        f"Token {serial} is locked after too many wrong codes.",
        "Sync it again under Admin > EPCS Device Management to unlock it.",
        code="locked",
        serial=serial,
        locked_now=locked_now,
    )


def _when(moment: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(moment, dt.UTC)


def _parse_when(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _token_info(token: Mapping[str, Any]) -> TokenInfo:
    info = token.get("info") or {}
    if token.get("revoked"):
        status = TokenStatus.REVOKED
    elif _locked_out(token):
        status = TokenStatus.LOCKED
    elif not token.get("active"):
        status = TokenStatus.SUSPENDED
    else:
        status = TokenStatus.ACTIVE
    return TokenInfo(
        serial=str(token["serial"]),
        kind=TokenKind.TOTP if token.get("tokentype") == "totp" else TokenKind.HOTP,
        status=status,
        bound_at=_parse_when(info.get(INFO_SYNCED) or info.get("assignment_date")),
        last_used_at=_parse_when(info.get(INFO_LAST_USED)),
        reason=str(info.get(INFO_REASON, "")),
    )


def _answer_json(error: AdapterError) -> str:
    return json.dumps({"ok": False, "error": error.to_json()})


def create_adapter(data_dir: Path, options: Mapping[str, Any]) -> PrivacyIdeaIdentityService:
    settings = PrivacyIdeaSettings.from_options(data_dir, options)
    if settings.verify_tls is False:
        log.warning(
            "TLS verification is off for privacyIDEA at %s: the server's certificate is not "
            'checked. Set "verify_tls" to true (with "ca_file" for the clinic\'s own CA).',
            settings.url,
        )
    return PrivacyIdeaIdentityService(settings, read_password(data_dir, settings, options))
