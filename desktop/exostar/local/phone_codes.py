"""Step-up by phone: one-time codes sent by SMS or voice, and the grants they buy.

Rules (NIST SP 800-63B 5.1.3, and what doctors expect from Exostar): 6 digits, single
use, valid 5 minutes, a new code at most every 30 s. Only a keyed hash (HMAC-SHA256, its
key kept outside the database) of each code is stored; the plain code exists in the
message alone.

Wrong codes are counted per account, across codes and restarts (800-63B 5.2.2): every 5
in a row pause phone confirmation, 5 minutes the first time, doubling, at most 1 hour;
100 in a row lock it until a practice administrator unlocks it. A right code ends the run.
"""

from __future__ import annotations

import hmac
import math
import secrets
from dataclasses import dataclass

import sqlite_utils

from desktop.domain.models import Phone, PhoneChannel
from desktop.domain.waits import Waits
from desktop.exostar import refusals
from desktop.exostar.base import PhoneCodeSent, StepUpGrant
from desktop.exostar.local.clock import Clock, as_datetime, from_iso, local_hhmm, to_iso
from desktop.exostar.local.codekey import keyed_hash
from desktop.exostar.local.delivery import DeliveryChannel, PhoneMessage
from desktop.exostar.local.phone_words import duration, message_name, message_text


@dataclass(frozen=True)
class PhoneCodePolicy:
    code_seconds: int = 300
    max_tries: int = 5
    resend_seconds: int = 30
    lockout_seconds: int = 300
    """The first pause after `pause_after` wrong codes in a row; each next one doubles."""
    grant_seconds: int = 900
    pause_after: int = 5
    max_pause_seconds: int = 3600
    lock_after: int = 100
    fresh_grant_seconds: int = 300
    """A locked token is resynced only under a grant at most this old."""
    sync_failures_per_grant: int = 3
    """Failed token syncs one grant allows; then a new phone code is needed."""

    def pause_seconds(self, pauses_before: int) -> int:
        doubled: int = self.lockout_seconds * 2 ** min(pauses_before, 20)
        return min(doubled, self.max_pause_seconds)


class PhoneCodes:
    """Codes, pauses and grants of the local service.

    Every wait (resend, pause, a code's and a grant's lifetime) is read through `waits`,
    so a clock set back or forward cannot make one longer than its own length.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        clock: Clock,
        policy: PhoneCodePolicy,
        waits: Waits | None = None,
        *,
        key: bytes,
    ) -> None:
        self.db = db
        self.clock = clock
        self.policy = policy
        self.waits = waits or Waits(clock)
        self._key = key

    def _hash(self, challenge_id: str, code: str) -> str:
        return keyed_hash(self._key, "phone-code", challenge_id, code)

    def send(
        self, account: str, phone: Phone, channel: PhoneChannel, delivery: DeliveryChannel
    ) -> PhoneCodeSent:
        now = self.clock()
        latest = self._latest(account)
        # Read before a pause may refuse: the resend wait then counts down during the pause.
        wait = self._resend_wait(latest["id"], from_iso(latest["created_at"])) if latest else 0.0
        self._refuse_if_locked(account, now)
        if channel not in phone.channels:
            raise refusals.phone_cannot_receive(phone, channel)
        if wait > 0:
            raise refusals.resend_too_soon(int(wait) + 1)
        challenge_id = secrets.token_urlsafe(16)
        code = f"{secrets.randbelow(10**6):06d}"
        minutes = self.policy.code_seconds // 60
        message = PhoneMessage(
            id=challenge_id,
            account=account,
            phone_number=phone.number,
            channel=channel,
            text=message_text(code, channel, minutes),
            created_at=as_datetime(now),
        )
        # Hand the message over first: a code that never left is not stored, so it
        # neither blocks a resend nor replaces the code the doctor may already hold.
        delivery.deliver(message)
        self.db.execute(
            "UPDATE phone_codes SET state = 'replaced' WHERE account = ? AND state = 'pending'",
            [account],
        )
        self.db.table("phone_codes").insert(
            {
                "id": challenge_id,
                "account": account,
                "phone_id": phone.id,
                "channel": channel.value,
                "code_hash": self._hash(challenge_id, code),
                "created_at": to_iso(now),
                "expires_at": to_iso(now + self.policy.code_seconds),
                "tries": 0,
                "state": "pending",
            }
        )
        self._resend_wait(challenge_id, now)  # from here on also counted on the monotonic clock
        self._code_left(challenge_id, now + self.policy.code_seconds)
        return PhoneCodeSent(
            challenge_id,
            phone,
            channel,
            as_datetime(now + self.policy.code_seconds),
            as_datetime(now + self.policy.resend_seconds),
        )

    def verify(self, account: str, challenge_id: str, code: str) -> StepUpGrant:
        now = self.clock()
        self._refuse_if_locked(account, now)
        rows = list(
            self.db.table("phone_codes").rows_where(
                "id = ? AND account = ?", [challenge_id, account]
            )
        )
        if not rows:
            raise refusals.no_code()
        row = rows[0]
        state = row["state"]
        if state == "replaced":
            raise refusals.newer_code_sent()
        if state == "used":
            raise refusals.code_used()
        if state == "locked" or self._code_left(challenge_id, from_iso(row["expires_at"])) <= 0:
            raise refusals.code_expired(self.policy.code_seconds // 60)
        typed = "".join(ch for ch in code if not ch.isspace())
        if len(typed) != 6 or not typed.isdigit():
            raise refusals.code_malformed()
        if not hmac.compare_digest(row["code_hash"], self._hash(challenge_id, typed)):
            self._refuse_if_replaced(account, row, typed, now)
            return self._wrong(account, row, now)
        self.db.table("phone_codes").update(challenge_id, {"state": "used"})
        self.db.table("accounts").update(account, {"phone_fail_run": 0, "phone_pauses": 0})
        grant = StepUpGrant(
            secrets.token_urlsafe(16), account, as_datetime(now + self.policy.grant_seconds)
        )
        self.db.table("grants").insert(
            {
                "id": grant.id,
                "account": account,
                "created_at": to_iso(now),
                "expires_at": to_iso(now + self.policy.grant_seconds),
            }
        )
        self._grant_left(grant.id, now + self.policy.grant_seconds)
        return grant

    def require_grant(self, account: str, grant_id: str) -> None:
        rows = list(
            self.db.table("grants").rows_where("id = ? AND account = ?", [grant_id, account])
        )
        if not rows or self._grant_left(grant_id, from_iso(rows[0]["expires_at"])) <= 0:
            raise refusals.step_up_required()

    def end_grant(self, account: str, grant_id: str) -> bool:
        """Forget the grant (the screen locked); True when there was one to end.

        The row goes, rather than its end being moved to now: an end in the past can come
        back into the future under a clock set back, a missing row cannot.
        """
        rows = list(
            self.db.table("grants").rows_where("id = ? AND account = ?", [grant_id, account])
        )
        if not rows:
            return False
        self.db.table("grants").delete(grant_id)
        return True

    def _wrong(self, account: str, row: dict[str, object], now: float) -> StepUpGrant:
        tries = int(str(row["tries"])) + 1
        code_spent = tries >= self.policy.max_tries
        self.db.table("phone_codes").update(
            str(row["id"]), {"tries": tries, "state": "locked" if code_spent else "pending"}
        )
        holder = self.db.table("accounts").get(account)
        run = int(holder.get("phone_fail_run") or 0) + 1
        if run >= self.policy.lock_after:
            self.db.table("accounts").update(
                account, {"phone_fail_run": run, "phone_locked_at": to_iso(now)}
            )
            raise refusals.phone_locked(run, locked_now=True)
        if run % self.policy.pause_after:
            self.db.table("accounts").update(account, {"phone_fail_run": run})
            left = self.policy.pause_after - run % self.policy.pause_after
            if code_spent:
                raise refusals.code_tries_spent(self.policy.max_tries, left)
            raise refusals.wrong_phone_code(min(left, self.policy.max_tries - tries))
        pauses = int(holder.get("phone_pauses") or 0)
        seconds = self.policy.pause_seconds(pauses)
        until = to_iso(now + seconds)
        self.db.table("accounts").update(
            account,
            {
                "phone_fail_run": run,
                "phone_pauses": pauses + 1,
                "phone_pause_seconds": seconds,
                "phone_locked_until": until,
            },
        )
        paused = self._pause_left(account, until, seconds)
        raise refusals.phone_paused_now(
            run,
            local_hhmm(now + paused),
            duration(paused),
            retry_at=to_iso(now + paused),
            seconds_left=math.ceil(paused),
            pause_seconds=seconds,
        )

    def unlock(self, account: str) -> bool:
        """An administrator lifts the lock (and any pause): True when there was one."""
        row = self.db.table("accounts").get(account)
        was = bool(row.get("phone_locked_at") or row.get("phone_locked_until"))
        self.db.table("accounts").update(
            account,
            {
                "phone_fail_run": 0,
                "phone_pauses": 0,
                "phone_pause_seconds": None,
                "phone_locked_until": None,
                "phone_locked_at": None,
            },
        )
        return was

    def is_locked(self, account: str) -> bool:
        return bool(self.db.table("accounts").get(account).get("phone_locked_at"))

    def note_sync_failure(self, account: str, grant_id: str) -> bool:
        """Count a failed token sync against the grant; True when the grant is now spent."""
        rows = list(
            self.db.table("grants").rows_where("id = ? AND account = ?", [grant_id, account])
        )
        if not rows:
            return False
        failures = int(rows[0].get("sync_failures") or 0) + 1
        spent = failures >= self.policy.sync_failures_per_grant
        values: dict[str, object] = {"sync_failures": failures}
        if spent:
            values["expires_at"] = to_iso(self.clock())
        self.db.table("grants").update(grant_id, values)
        return spent

    def require_fresh_grant(self, account: str, grant_id: str) -> None:
        """A grant confirmed at most `fresh_grant_seconds` ago (5 minutes)."""
        self.require_grant(account, grant_id)
        row = self.db.table("grants").get(grant_id)
        made = from_iso(row["created_at"])
        age = self.clock() - made
        if not 0 <= age <= self.policy.fresh_grant_seconds:
            raise refusals.fresh_step_up_required()

    def _refuse_if_replaced(
        self, account: str, row: dict[str, object], typed: str, now: float
    ) -> None:
        """The code of an earlier message, typed after a newer one was asked for.

        A doctor who asked for a call after the text message did not arrive at once often
        types the text's code when it comes: that is not a wrong guess, so it costs no try,
        and the words say which message to read.
        """
        earlier = self.db.table("phone_codes").rows_where(
            "account = ? AND state = 'replaced' AND id != ? AND created_at >= ?",
            [account, row["id"], to_iso(now - self.policy.code_seconds)],
            order_by="rowid desc",
            limit=5,
        )
        for old in earlier:
            if hmac.compare_digest(old["code_hash"], self._hash(old["id"], typed)):
                raise refusals.earlier_code_typed(
                    message_name(PhoneChannel(old["channel"])),
                    message_name(PhoneChannel(str(row["channel"]))),
                )

    def _refuse_if_locked(self, account: str, now: float) -> None:
        row = self.db.table("accounts").get(account)
        if row.get("phone_locked_at"):
            raise refusals.phone_locked(int(row.get("phone_fail_run") or 0))
        until = row.get("phone_locked_until")
        length = int(row.get("phone_pause_seconds") or self.policy.lockout_seconds)
        left = self._pause_left(account, until, length) if until else 0.0
        if left > 0:
            raise refusals.phone_still_paused(
                local_hhmm(now + left),
                duration(left),
                retry_at=to_iso(now + left),
                seconds_left=math.ceil(left),
            )

    # waits: never longer than their own length, whatever the clock does ----------------
    def _resend_wait(self, challenge_id: str, sent_at: float) -> float:
        length = self.policy.resend_seconds
        return self.waits.left(f"resend:{challenge_id}", sent_at + length, length)

    def _pause_left(self, account: str, until: str, length: float) -> float:
        return self.waits.left(f"pause:{account}", from_iso(until), length)

    def _code_left(self, challenge_id: str, expires_at: float) -> float:
        return self.waits.left(f"code:{challenge_id}", expires_at, self.policy.code_seconds)

    def _grant_left(self, grant_id: str, expires_at: float) -> float:
        return self.waits.left(f"grant:{grant_id}", expires_at, self.policy.grant_seconds)

    def _latest(self, account: str) -> dict[str, str] | None:
        """The last code sent, by the order they were written: a code sent under a clock
        that was wrong carries a wrong `created_at`, and must not hide a later one."""
        rows = list(
            self.db.table("phone_codes").rows_where(
                "account = ?", [account], order_by="rowid desc", limit=1
            )
        )
        return rows[0] if rows else None
