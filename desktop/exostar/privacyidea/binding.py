"""Adding a token: assign the serial the clinic imported (PSKC, `/token/load`) to the
doctor and resync it with two codes, or resync the doctor's own token.

If the resync fails the assignment is undone. The request's idempotency key is written
into the token's info before the resync, so asking twice, even from another workstation,
returns the first answer.
"""

from __future__ import annotations

import json
import logging
import math
import secrets
from collections.abc import Mapping
from typing import Any

from desktop.domain.serials import normalize_serial
from desktop.exostar import refusals
from desktop.exostar.base import AdapterError, RefusalCode, TokenSyncResult
from desktop.exostar.local.codekey import keyed_hash
from desktop.exostar.privacyidea.client import PrivacyIdeaRefused
from desktop.exostar.privacyidea.core import PrivacyIdeaCore
from desktop.exostar.privacyidea.mapping import (
    HARDWARE_TYPES,
    INFO_ASSIGNED,
    INFO_COUNT,
    INFO_KEY,
    INFO_REASON,
    INFO_REQUEST,
    INFO_RESULT,
    INFO_SYNCED,
    PHONE_POLICY,
    answer_json,
    locked_out,
    owner_of,
    token_info,
    utc_at,
)

log = logging.getLogger(__name__)


class TokenBinding(PrivacyIdeaCore):
    """add_token, and the AddRequestLedger that says what became of a request."""

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
        repeat = info.get(INFO_KEY) == idempotency_key and owner_of(token) == account
        if repeat:
            stored = info.get(INFO_REQUEST)
            if stored and not secrets.compare_digest(stored, digest):
                raise refusals.request_key_reused()
            earlier = info.get(INFO_RESULT)
            if earlier:
                return self._replay(serial, earlier, token)
        owner = owner_of(token)
        if owner and owner != account:
            raise refusals.token_other_account(serial)
        if token.get("revoked"):
            raise refusals.token_revoked(serial)
        if not token.get("active"):
            raise refusals.token_suspended(serial)
        if owner and locked_out(token):
            self._require_fresh_grant(grant_id)
        try:
            return self._add(account, serial, otp1, otp2, idempotency_key, digest, token, repeat)
        except AdapterError as exc:
            if exc.details.pop("sync_failure", False) and self._note_sync_failure(grant_id):
                exc = refusals.sync_tries_spent()
            if exc.code is not RefusalCode.SERVICE_UNREACHABLE:
                self._answers[idempotency_key] = (digest, answer_json(exc))
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
        owner = owner_of(token)
        assigned_here = False
        if not owner:
            try:
                self._client.post(
                    "/token/assign", serial=serial, user=account, realm=self.settings.realm
                )
            except PrivacyIdeaRefused as exc:  # another doctor's: by privacyIDEA's code 1103
                now = self._token(serial) or token
                if owner_of(now) not in ("", account):
                    # Assigned at the same moment from another workstation: privacyIDEA
                    # may refuse the second with a database error instead of 1103.
                    raise refusals.token_other_account(serial) from exc
                raise self._refusal(exc, serial=serial) from exc
            assigned_here = True
            token = self._token(serial) or token
            if owner_of(token) != account:  # another workstation assigned it at the same moment
                # Both assignments were written; ours is the later owner row, which the
                # token's owner reads past (`_owned_tokens`). Unassigning would remove both.
                log.warning("%s was assigned to %s at the same moment", serial, owner_of(token))
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
                self._set_info(serial, INFO_RESULT, answer_json(refusal))
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
        return TokenSyncResult.from_json(data, token_info(fresh))

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
            return owner_of(token) == account
        return None

    def _finish(
        self, account: str, serial: str, token: dict[str, Any], count_before: int, resync: bool
    ) -> TokenSyncResult:
        replaced: list[str] = []
        for other in self._owned_tokens(account):
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
        now = utc_at(self.clock())
        self._set_info(serial, INFO_SYNCED, now.isoformat())
        fresh = self._token(serial) or token
        result = TokenSyncResult(
            token_info(fresh), presses, drift, tuple(replaced), resynced=resync
        )
        self._set_info(serial, INFO_RESULT, json.dumps({"ok": True, **result.to_json()}))
        if owner_of(fresh) != account:
            raise refusals.token_other_account(serial)
        return result

    def _undo_assignment(self, serial: str, account: str, before: Mapping[str, Any]) -> None:
        """Unassign, and put back what the attempt changed: its info and the counters."""
        try:
            token = self._token(serial)
            if token is not None and owner_of(token) == account:
                self._client.post("/token/unassign", serial=serial)
                kept = before.get("info") or {}
                for key in (INFO_KEY, INFO_REQUEST, INFO_COUNT, INFO_ASSIGNED, INFO_RESULT):
                    if key in kept:
                        self._set_info(serial, key, str(kept[key]))
                    else:
                        self._client.delete(f"/token/info/{serial}/{key}")
        except (AdapterError, PrivacyIdeaRefused):
            log.warning("could not undo the assignment of %s; it stays with %s", serial, account)
