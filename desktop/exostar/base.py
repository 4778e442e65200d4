"""What the application needs from an identity service, whoever provides it.

Every method is synchronous and blocking on purpose: the controllers run each call
on the adapter's `lane`, a single-worker executor, so calls are serialised, a
database connection stays on its thread, and the GUI thread never waits.

Refusals are `AdapterError`s: plain words for the doctor plus a stable `code` (a
`RefusalCode`) the UI and scripts can branch on, and `details` (tries left, the
suggested serial...). Their words live in `desktop.exostar.refusals`.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from desktop.domain.errors import UserFacingError
from desktop.domain.models import Phone, PhoneChannel, TokenInfo, TokenKind, TokenStatus
from desktop.exostar.codes import RefusalCode as RefusalCode  # the contract: re-exported
from desktop.exostar.codes import spends_codes as spends_codes


class AdapterError(UserFacingError):
    """The identity service refused or failed a request, in words for the doctor."""

    code: RefusalCode = RefusalCode.ERROR

    def __init__(
        self,
        message: str,
        next_step: str = "",
        *,
        code: RefusalCode | str | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message, next_step)
        if code is not None:
            self.code = RefusalCode.of(code)
        self.details = details

    @property
    def spends_codes(self) -> bool:
        """The codes the doctor typed for this request are used up (see RefusalCode)."""
        return self.code.spends_codes

    def to_json(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "message": self.message,
            "next_step": self.next_step,
            "details": self.details,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AdapterError:
        """An answer as stored by `to_json`; a code this version does not know reads as ERROR
        (its words are kept), and missing parts read as empty: a stored answer never crashes."""
        details = data.get("details")
        kept = {
            str(name): value
            for name, value in (details.items() if isinstance(details, dict) else ())
            if name not in ("message", "next_step", "code")
        }
        return cls(
            str(data.get("message") or ""),
            str(data.get("next_step") or ""),
            code=RefusalCode.of(data.get("code")),
            **kept,
        )


class UnknownAccount(AdapterError):
    """The application's user has no account at the identity service."""

    code = RefusalCode.UNKNOWN_ACCOUNT


@dataclass(frozen=True)
class PhoneCodeSent:
    challenge_id: str
    phone: Phone
    channel: PhoneChannel
    expires_at: dt.datetime
    resend_after: dt.datetime


@dataclass(frozen=True)
class StepUpGrant:
    """Proof of a fresh phone code: device changes are allowed until `expires_at`."""

    id: str
    account: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class TokenSyncResult:
    token: TokenInfo
    presses_ahead: int | None
    """Event tokens: how many codes the token had made that the service never saw."""
    drift_seconds: int | None
    """Time tokens: how far the token's clock is from the service's."""
    replaced: tuple[str, ...]
    """Serials that were active before and can never be used again."""
    resynced: bool = False
    """The token was already bound to this account: it was brought back in step."""

    def to_json(self) -> dict[str, Any]:
        """The one way a result is stored (an idempotency key's answer) and read back."""
        token = self.token
        return {
            "token": {
                "serial": token.serial,
                "kind": token.kind.value,
                "status": token.status.value,
                "bound_at": token.bound_at.isoformat() if token.bound_at else None,
                "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
                "reason": token.reason,
            },
            "presses_ahead": self.presses_ahead,
            "drift_seconds": self.drift_seconds,
            "replaced": list(self.replaced),
            "resynced": self.resynced,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], token: TokenInfo | None = None) -> TokenSyncResult:
        """`token`: the token as it is now, when the caller has read it; else as stored."""
        if token is None:
            raw = data["token"]
            token = TokenInfo(
                raw["serial"],
                TokenKind(raw["kind"]),
                TokenStatus(raw["status"]),
                _when(raw.get("bound_at")),
                _when(raw.get("last_used_at")),
                raw.get("reason") or "",
            )
        return cls(
            token,
            data.get("presses_ahead"),
            data.get("drift_seconds"),
            tuple(data.get("replaced") or ()),
            resynced=bool(data.get("resynced")),
        )


def _when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class SigningCheck:
    serial: str
    accepted_at: dt.datetime


@runtime_checkable
class IdentityService(Protocol):
    """One account's phones and tokens at an identity service."""

    name: str
    """Short name shown in the status bar and logs, e.g. 'local'."""

    lane: ThreadPoolExecutor
    """The single worker every call runs on."""

    def check_health(self) -> str:
        """Raise AdapterError when the service cannot be reached; else a one-line status."""
        ...

    def list_phones(self, account: str) -> list[Phone]:
        """The phones bound to the account, for step-up codes."""
        ...

    def send_phone_code(self, account: str, phone_id: str, channel: PhoneChannel) -> PhoneCodeSent:
        """Send a fresh one-time code by SMS or voice; an earlier unused code stops working."""
        ...

    def verify_phone_code(self, account: str, challenge_id: str, code: str) -> StepUpGrant:
        """Turn a correct phone code into a short-lived step-up grant."""
        ...

    def list_tokens(self, account: str) -> list[TokenInfo]:
        """Every token ever bound to the account, newest first."""
        ...

    def add_token(
        self,
        account: str,
        serial: str,
        otp1: str,
        otp2: str,
        grant_id: str,
        idempotency_key: str,
    ) -> TokenSyncResult:
        """Bind (or resync) a hardware token with two consecutive codes.

        The same idempotency key returns the first answer again, never a new error.
        """
        ...

    def verify_signing_code(self, account: str, code: str) -> SigningCheck:
        """Check a code from the account's active token, for a signature."""
        ...

    def deactivate_token(self, account: str, serial: str, grant_id: str, reason: str) -> TokenInfo:
        """Revoke a token for good (lost, replaced, left the practice)."""
        ...

    def suspend_token(self, account: str, serial: str, grant_id: str, reason: str) -> TokenInfo:
        """Stop a token signing until it is resumed (mislaid, on leave)."""
        ...

    def resume_token(self, account: str, serial: str, grant_id: str) -> TokenInfo:
        """Let a suspended token sign again."""
        ...

    def end_step_up(self, account: str, grant_id: str) -> None:
        """End a step-up grant before its time (the screen locked): from then on every
        action under `grant_id` is refused as if it had run out. A grant that is unknown,
        already ended or another account's is left alone, and nothing is raised for it.
        """
        ...

    def send_notice(self, account: str, text: str) -> None:
        """Tell the account's holder something on their phone, e.g. a change to their EPCS
        permission: an independent channel, as for token changes (NIST SP 800-63B).

        Best effort: a notice that cannot be delivered is logged, never raised, and never
        undoes what it reports. `text` holds no code.
        """
        ...

    def checkpoint(self, log_id: str, count: int, head: str) -> None:
        """Keep the audit log's head (`head`, sealed by the application; `count` entries)
        where the identity service keeps and audits it, outside this workstation's data
        folder, so that a log cut back below it is caught even if the anchor file beside the
        database went too. Only ever moves forward: a `count` below the kept one is ignored.
        `log_id` names the log (one per data folder).
        """
        ...

    def read_checkpoint(self, log_id: str) -> str | None:
        """The head last kept by `checkpoint` for `log_id`; None when there is none."""
        ...

    def close(self) -> None:
        """Release connections; the lane is shut down by whoever owns the adapter."""
        ...


@runtime_checkable
class AddRequestLedger(Protocol):
    """Optional: a service that keeps each add-token request's answer by its idempotency key.

    Start-up uses it to learn exactly what became of a request the application sent but
    never heard back from (it was killed, the machine lost power); without it, start-up
    reads the account's token list instead.
    """

    def add_token_outcome(self, account: str, serial: str, idempotency_key: str) -> bool | None:
        """True: the request bound or resynced the token; False: it did not; None: unknown."""
        ...


@runtime_checkable
class PhoneConfirmationLocks(Protocol):
    """Phone confirmation locked after 100 wrong codes in a row (NIST SP 800-63B 5.2.2),
    until a practice administrator unlocks it."""

    def phone_confirmation_locked(self, account: str) -> bool:
        """True while the account's phone confirmation is locked."""
        ...

    def unlock_phone_confirmation(self, account: str) -> bool:
        """Lift the lock (and any pause); True when there was one to lift."""
        ...


def new_lane(name: str) -> ThreadPoolExecutor:
    """A single-worker executor: the adapter's lane."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{name}-lane")


@runtime_checkable
class AccountProvisioning(Protocol):
    """Optional: a service where the application itself creates a prescriber's account.

    The embedded service does; a clinic's server (privacyIDEA) reads its accounts from the
    clinic's user store, so there the account is made by IT under the same username.
    Both calls are idempotent.
    """

    def ensure_account(self, account: str, display_name: str) -> None:
        """Create the account if it does not exist yet."""
        ...

    def list_phones_if_any(self, account: str) -> list[Phone]:
        """The account's phones; none for an account that does not exist yet."""
        ...

    def ensure_phone(
        self, account: str, phone_id: str, number: str, channels: tuple[PhoneChannel, ...]
    ) -> None:
        """Bind a phone (for step-up codes) to the account."""
        ...
