"""Phones and step-up: the doctor's SMS tokens, their codes, and wrong codes in a row.

A code is sent by triggering the SMS token's challenge (`/validate/check` with its serial
and an empty PIN); privacyIDEA's own SMS gateway delivers it; the answer, with the
transaction id, is checked the same way. Phone calls are not something privacyIDEA
does, so they are reported as unavailable. A correct code gives a step-up grant this
adapter keeps for 15 minutes.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any

from desktop.domain.models import Phone, PhoneChannel
from desktop.exostar import refusals
from desktop.exostar.base import AdapterError, PhoneCodeSent, RefusalCode, StepUpGrant
from desktop.exostar.privacyidea.core import Challenge, PrivacyIdeaCore
from desktop.exostar.privacyidea.events import NOTICE_LOCKED, NOTICE_PAUSED, raise_notice
from desktop.exostar.privacyidea.mapping import (
    INFO_PHONE_LOCKED,
    INFO_PHONE_PAUSES,
    INFO_PHONE_RUN,
    INFO_PHONE_UNTIL,
    PHONE_INFO,
    PHONE_POLICY,
    RESEND_AFTER_S,
    STEP_UP_S,
    locked_out,
    parse_when,
    paused_refusal,
    phone_refusal,
    utc_at,
)

log = logging.getLogger(__name__)


class PhoneConfirmation(PrivacyIdeaCore):
    """The IdentityService's phone methods, and PhoneConfirmationLocks."""

    def list_phones(self, account: str) -> list[Phone]:
        phones = []
        for token in self._owned_tokens(account, tokentype="sms"):
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
            raise refusals.server_channel_unavailable(
                channel.label.lower(), phone.masked, [c.value for c in phone.channels]
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
            if token is not None and (locked_out(token) or not token.get("active")):
                raise self._phone_refusal(phone_id, detail)
            log.warning("privacyIDEA sent no code: %s", detail.get("message", ""))
            raise refusals.code_not_sent(phone.masked)
        challenge_id = secrets.token_urlsafe(16)
        expires = now + self.settings.challenge_validity_s
        for old_id, old in list(self._challenges.items()):
            if old.account == account:  # an earlier code for this account stops working
                del self._challenges[old_id]
        self._challenges[challenge_id] = Challenge(account, phone, transaction_id, expires)
        self._last_sent[account] = now
        self._waits.left(f"resend:{account}", now + RESEND_AFTER_S, RESEND_AFTER_S)
        self._challenge_left(challenge_id, expires)
        return PhoneCodeSent(
            challenge_id, phone, channel, utc_at(expires), utc_at(now + RESEND_AFTER_S)
        )

    def verify_phone_code(self, account: str, challenge_id: str, code: str) -> StepUpGrant:
        challenge = self._challenges.get(challenge_id)
        if challenge is None or challenge.account != account:
            raise refusals.code_replaced()
        if self._challenge_left(challenge_id, challenge.expires_at) <= 0:
            raise refusals.code_expired(self._code_minutes())
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
            if refusal.code is RefusalCode.WRONG_CODE:
                self._count_wrong_phone_code(account, sms_serial, refusal)
            raise refusal
        self._challenges.pop(challenge_id, None)
        self._last_sent.pop(account, None)
        sms = self._token(sms_serial)
        if sms is not None and any(key in (sms.get("info") or {}) for key in PHONE_INFO[:3]):
            self._clear_phone_run(sms_serial)
        now = self.clock()
        grant = StepUpGrant(secrets.token_urlsafe(16), account, utc_at(now + STEP_UP_S))
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
        until = parse_when(info.get(INFO_PHONE_UNTIL))
        if until is None:
            return
        pauses = int(info.get(INFO_PHONE_PAUSES) or 1)
        length = PHONE_POLICY.pause_seconds(max(0, pauses - 1))
        left = self._waits.left(f"pause:{sms_serial}", until.timestamp(), length)
        if left > 0:
            raise paused_refusal(self.clock(), left)

    def _count_wrong_phone_code(self, account: str, sms_serial: str, refusal: AdapterError) -> None:
        token = self._token(sms_serial)
        info = (token or {}).get("info") or {}
        run = int(info.get(INFO_PHONE_RUN) or 0) + 1
        self._set_info(sms_serial, INFO_PHONE_RUN, str(run))
        if run >= PHONE_POLICY.lock_after:
            self._set_info(sms_serial, INFO_PHONE_LOCKED, utc_at(self.clock()).isoformat())
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
        self._set_info(sms_serial, INFO_PHONE_UNTIL, utc_at(now + seconds).isoformat())
        # The run is counted here; the server's own fail counter would lock the SMS token
        # at its maxfail (10) and cut the growing pauses short, so it starts again.
        self._client.post("/token/reset", serial=sms_serial)
        wait = self._waits.left(f"pause:{sms_serial}", now + seconds, seconds)
        paused = paused_refusal(now, wait)
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

    def _phone_refusal(self, serial: str, detail: Mapping[str, Any]) -> AdapterError:
        message = str(detail.get("message", ""))
        return phone_refusal(self._token(serial), message, self._code_minutes())

    def _code_minutes(self) -> int:
        """How long a phone code works, in whole minutes, as the doctor is told."""
        return max(1, self.settings.challenge_validity_s // 60)
