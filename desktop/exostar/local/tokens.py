"""Hardware tokens: the seed inventory, binding with two codes, signing checks, revocation.

One active hardware token per account, as Exostar allows: binding a new one revokes
the old, which can never be used again. Every decision comes from the OTP engine;
this module only loads a token's state, stores the state the engine returns, and
turns a refusal into words.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import sqlite_utils

from desktop.domain.models import TokenInfo, TokenKind, TokenStatus
from desktop.domain.otp import DEFAULT_POLICY, OtpDecision, OtpPolicy, OtpTokenState, Reason
from desktop.domain.otp import check_code as engine_check
from desktop.domain.otp import resync as engine_resync
from desktop.domain.serials import normalize_serial
from desktop.exostar import refusals
from desktop.exostar.base import SigningCheck, TokenSyncResult
from desktop.exostar.local.clock import Clock, as_datetime, from_iso, to_iso
from desktop.exostar.local.seed_inventory import SeedInventory
from desktop.exostar.local.seedvault import SeedVault


class TokenAction(StrEnum):
    SUSPEND = "suspended"
    RESUME = "resumed"
    DEACTIVATE = "deactivated"


LIVE = (TokenStatus.PENDING, TokenStatus.ACTIVE, TokenStatus.LOCKED, TokenStatus.SUSPENDED)


def token_info(row: dict[str, Any]) -> TokenInfo:
    return TokenInfo(
        row["serial"],
        TokenKind(row["kind"]),
        TokenStatus(row["status"]),
        as_datetime(from_iso(row["bound_at"])) if row.get("bound_at") else None,
        as_datetime(from_iso(row["last_used_at"])) if row.get("last_used_at") else None,
        row.get("status_reason") or "",
    )


class TokenBook:
    def __init__(
        self,
        db: sqlite_utils.Database,
        vault: SeedVault,
        clock: Clock,
        policy: OtpPolicy = DEFAULT_POLICY,
    ) -> None:
        self.db = db
        self.vault = vault
        self.clock = clock
        self.policy = policy
        self.seeds = SeedInventory(db, vault, clock)

    # the account's tokens ------------------------------------------------
    def of_account(self, account: str) -> list[TokenInfo]:
        rows = self.db.table("tokens").rows_where(
            "account = ? AND status != ?",
            [account, TokenStatus.PENDING.value],
            order_by="bound_at desc, serial",
        )
        return [token_info(row) for row in rows]

    def add(self, account: str, typed_serial: str, otp1: str, otp2: str) -> TokenSyncResult:
        """Bind (or resync) with two codes.

        A refusal changes nothing on a token that is not bound to this account: no pending
        row, no fail count, no lock that would keep its real owner out (the failure is
        counted against the trying account's phone confirmation instead). Two codes that do
        not sync get one answer, whichever was wrong.
        """
        serial = normalize_serial(typed_serial)
        found = self.seeds.seed(serial)
        if found is None:
            self._unknown_serial(serial)
        seed_row, key = found  # type: ignore[misc]
        row = self._token_row(serial)
        was_bound = row is not None and _bound_to(row, account)
        if row is not None:
            self._refuse_unbindable(account, row)
        state = self._state(seed_row, key, row if was_bound else None)
        decision = engine_resync(state, otp1, otp2, now=self.clock(), policy=self.policy)
        now = self.clock()
        if not decision.accepted:
            if decision.reason.counts_as_failure and was_bound:
                self._store_state(serial, account, seed_row, decision, now, row)
            refusal = (
                refusals.codes_do_not_sync(serial)
                if decision.reason in _DO_NOT_SYNC
                else refusals.token_code_refused(decision, serial)
            )
            if decision.reason.counts_as_failure:
                refusal.details["sync_failure"] = True
            raise refusal
        replaced = self._revoke_others(account, serial, now)
        self._store_state(serial, account, seed_row, decision, now, row, bound=True)
        info = token_info(self._token_row(serial) or {})
        drift = decision.drift_seconds if info.kind is TokenKind.TOTP else None
        return TokenSyncResult(
            info, decision.presses_ahead, drift, tuple(replaced), resynced=was_bound
        )

    def locked_since(self, account: str, typed_serial: str) -> float | None:
        """When this account's own token was locked, if it is locked now."""
        row = self._token_row(normalize_serial(typed_serial))
        if row is None or not _bound_to(row, account):
            return None
        if row["status"] != TokenStatus.LOCKED.value:
            return None
        return from_iso(row["locked_at"]) if row.get("locked_at") else 0.0

    def check(self, account: str, code: str) -> SigningCheck:
        rows = list(
            self.db.table("tokens").rows_where(
                "account = ? AND status IN (?, ?, ?)",
                [
                    account,
                    TokenStatus.ACTIVE.value,
                    TokenStatus.LOCKED.value,
                    TokenStatus.SUSPENDED.value,
                ],
            )
        )
        if not rows:
            raise refusals.no_active_token()
        row = rows[0]
        if row["status"] == TokenStatus.SUSPENDED.value:
            raise refusals.suspended_cannot_sign(row["serial"])
        found = self.seeds.seed(row["serial"])
        assert found is not None, "a bound token always has its seed"
        seed_row, key = found
        decision = engine_check(
            self._state(seed_row, key, row), code, now=self.clock(), policy=self.policy
        )
        now = self.clock()
        if not decision.accepted:
            refusal = refusals.token_code_refused(decision, row["serial"])
            if decision.reason.counts_as_failure:
                self._store_state(row["serial"], account, seed_row, decision, now, row)
                if not decision.state.locked:
                    left = self.policy.max_failures - decision.state.fail_count
                    refusal.details["tries_left"] = max(0, left)
            raise refusal
        self._store_state(row["serial"], account, seed_row, decision, now, row, used=True)
        return SigningCheck(row["serial"], as_datetime(now))

    def change_status(
        self, account: str, typed_serial: str, action: TokenAction, reason: str
    ) -> TokenInfo:
        """Suspend, resume or deactivate (permanent) one of the account's tokens."""
        serial = normalize_serial(typed_serial)
        row = self._token_row(serial)
        if row is None or row["account"] != account or row["status"] == TokenStatus.PENDING:
            raise refusals.token_not_on_account(serial)
        status = TokenStatus(row["status"])
        if status is TokenStatus.REVOKED:
            raise refusals.already_deactivated(serial)
        now = to_iso(self.clock())
        if action is TokenAction.DEACTIVATE:
            values = {"status": TokenStatus.REVOKED.value, "revoked_at": now}
        elif action is TokenAction.SUSPEND:
            if status is TokenStatus.SUSPENDED:
                return token_info(row)
            values = {"status": TokenStatus.SUSPENDED.value}
        else:
            if status is not TokenStatus.SUSPENDED:
                return token_info(row)
            locked = int(row.get("fail_count") or 0) >= self.policy.max_failures
            values = {"status": (TokenStatus.LOCKED if locked else TokenStatus.ACTIVE).value}
        values["status_reason"] = reason.strip() or action.value
        self.db.table("tokens").update(serial, values)
        return token_info(self._token_row(serial) or {})

    # internals ---------------------------------------------------------
    def _token_row(self, serial: str) -> dict[str, Any] | None:
        rows = list(self.db.table("tokens").rows_where("serial = ?", [serial]))
        return rows[0] if rows else None

    def _unknown_serial(self, serial: str) -> None:
        raise refusals.unknown_serial(
            serial, (row["serial"] for row in self.db.table("seeds").rows)
        )

    def _refuse_unbindable(self, account: str, row: dict[str, Any]) -> None:
        status = TokenStatus(row["status"])
        serial = row["serial"]
        if status is TokenStatus.REVOKED:
            raise refusals.token_revoked(serial)
        if row["account"] != account and status is not TokenStatus.PENDING:
            raise refusals.token_other_account(serial)
        if status is TokenStatus.SUSPENDED:
            raise refusals.token_suspended(serial)

    def _state(self, seed: dict[str, Any], key: bytes, row: dict[str, Any] | None) -> OtpTokenState:
        source = row if row is not None else seed
        return OtpTokenState(
            kind=TokenKind(seed["kind"]),
            key=key,
            algorithm=seed["algorithm"],
            digits=int(seed["digits"]),
            step_seconds=int(seed["step"]),
            counter=int(source.get("counter") or 0),
            drift_steps=int(source.get("drift") or 0),
            last_used_step=row.get("last_used_step") if row is not None else None,
            fail_count=int(row.get("fail_count") or 0) if row is not None else 0,
            locked=row is not None and row["status"] == TokenStatus.LOCKED.value,
        )

    def _store_state(
        self,
        serial: str,
        account: str,
        seed: dict[str, Any],
        decision: OtpDecision,
        now: float,
        row: dict[str, Any] | None,
        *,
        bound: bool = False,
        used: bool = False,
    ) -> None:
        state = decision.state
        if bound:
            status = TokenStatus.ACTIVE
        elif state.locked:
            status = TokenStatus.LOCKED
        elif row is not None and row["account"] == account:
            status = TokenStatus(row["status"])
        else:
            status = TokenStatus.PENDING
        values: dict[str, Any] = {
            "serial": serial,
            "account": account,
            "kind": seed["kind"],
            "algorithm": seed["algorithm"],
            "digits": seed["digits"],
            "step": seed["step"],
            "counter": state.counter,
            "drift": state.drift_steps,
            "last_used_step": state.last_used_step,
            "status": status.value,
            "fail_count": state.fail_count,
        }
        if bound:
            values.update(bound_at=to_iso(now), status_reason=None, locked_at=None)
        if used or bound:
            values["last_used_at"] = to_iso(now) if used else (row or {}).get("last_used_at")
        if decision.locked_now:
            values["locked_at"] = to_iso(now)
        self.db.table("tokens").upsert(values, pk="serial")

    def _revoke_others(self, account: str, serial: str, now: float) -> list[str]:
        """Only tokens that were really bound to this account: never a serial merely tried."""
        others = [
            row["serial"]
            for row in self.db.table("tokens").rows_where(
                "account = ? AND serial != ?", [account, serial]
            )
            if TokenStatus(row["status"]) in LIVE and _bound_to(row, account)
        ]
        for other in others:
            self.db.table("tokens").update(
                other,
                {
                    "status": TokenStatus.REVOKED.value,
                    "revoked_at": to_iso(now),
                    "status_reason": f"replaced by {serial}",
                },
            )
        return others


_DO_NOT_SYNC = frozenset({Reason.WRONG_CODE, Reason.NOT_CONSECUTIVE, Reason.OUTSIDE_RESYNC_WINDOW})


def _bound_to(row: dict[str, Any], account: str) -> bool:
    return (
        row["account"] == account
        and bool(row.get("bound_at"))
        and row["status"] != TokenStatus.PENDING.value
    )
