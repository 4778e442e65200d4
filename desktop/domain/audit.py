"""The audit trail's vocabulary and its hash chain (DEA 21 CFR 1311.150). Pure Python.

Each entry's hash is an HMAC-SHA256, under a key kept outside the database, of the
entry's canonical encoding, which includes the previous entry's hash. Editing,
deleting or reordering a row therefore breaks the chain at that row, and without
the key nobody can recompute the hashes to hide it.

An entry never holds a password, a one-time code or a seed: there is no field for
them, and `check_details` refuses detail keys and values shaped like them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

GENESIS_HASH = "0" * 64
"""The `prev_hash` of the first entry: there is nothing before it."""

DetailValue = str | int | bool | None
RENUMBER_SEARCH = 1000
"""How far past a broken row to look for the position it was moved from."""

_SECRET_WORDS = {"password", "passwd", "passcode", "pin", "otp", "otp1", "otp2", "seed", "secret"}
_SECRET_KEYS = {"code", "one_time_code", "phone_code", "token_code", "sms_code", "voice_code"}


class AuditEvent(StrEnum):
    """What happened. The values are stored; the labels are what the review screen shows."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    IDLE_LOCK = "idle_lock"
    PHONE_CODE_SENT = "phone_code_sent"
    PHONE_CODE_VERIFIED = "phone_code_verified"
    PHONE_CODE_FAILED = "phone_code_failed"
    TOKEN_ADDED = "token_added"
    TOKEN_RESYNCED = "token_resynced"
    TOKEN_SYNC_FAILED = "token_sync_failed"
    TOKEN_LOCKED = "token_locked"
    TOKEN_SUSPENDED = "token_suspended"
    TOKEN_RESUMED = "token_resumed"
    TOKEN_DEACTIVATED = "token_deactivated"
    SIGN_ATTEMPT = "sign_attempt"
    SIGNED = "signed"
    SIGN_FAILED = "sign_failed"
    ROLE_CHANGED = "role_changed"
    AUDIT_EXPORTED = "audit_exported"
    AUDIT_VERIFIED = "audit_verified"
    TOKEN_SYNC_STARTED = "token_sync_started"
    TOKEN_CHANGE_STARTED = "token_change_started"
    ACCESS_DESIGNATED = "access_designated"
    ACCESS_UNDESIGNATED = "access_undesignated"
    EPCS_GRANT_ENTERED = "epcs_grant_entered"
    EPCS_GRANT_APPROVED = "epcs_grant_approved"
    EPCS_GRANT_REFUSED = "epcs_grant_refused"
    EPCS_REVOCATION_ENTERED = "epcs_revocation_entered"
    EPCS_GRANT_REVOKED = "epcs_grant_revoked"
    EPCS_GRANT_ENDED = "epcs_grant_ended"
    PRACTICE_SET_UP = "practice_set_up"
    PERSON_ADDED = "person_added"
    PERSON_CHANGED = "person_changed"
    PERSON_DEACTIVATED = "person_deactivated"
    PERSON_REACTIVATED = "person_reactivated"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_UNLOCKED = "account_unlocked"
    AUDIT_DAY_REVIEWED = "audit_day_reviewed"
    AUDIT_REVIEW_EXPORTED = "audit_review_exported"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AuditEvent.LOGIN: "Signed in",
    AuditEvent.LOGIN_FAILED: "Wrong password",
    AuditEvent.LOGOUT: "Signed out",
    AuditEvent.IDLE_LOCK: "Locked after inactivity",
    AuditEvent.PHONE_CODE_SENT: "Phone code sent",
    AuditEvent.PHONE_CODE_VERIFIED: "Phone code accepted",
    AuditEvent.PHONE_CODE_FAILED: "Wrong phone code",
    AuditEvent.TOKEN_ADDED: "Token added",
    AuditEvent.TOKEN_RESYNCED: "Token resynced",
    AuditEvent.TOKEN_SYNC_FAILED: "Token sync failed",
    AuditEvent.TOKEN_LOCKED: "Token locked",
    AuditEvent.TOKEN_SUSPENDED: "Token suspended",
    AuditEvent.TOKEN_RESUMED: "Token resumed",
    AuditEvent.TOKEN_DEACTIVATED: "Token deactivated",
    AuditEvent.SIGN_ATTEMPT: "Signing started",
    AuditEvent.SIGNED: "Prescription signed",
    AuditEvent.SIGN_FAILED: "Signing refused",
    AuditEvent.ROLE_CHANGED: "Role or permission changed",
    AuditEvent.AUDIT_EXPORTED: "Audit log exported",
    AuditEvent.AUDIT_VERIFIED: "Audit log checked",
    AuditEvent.TOKEN_SYNC_STARTED: "Token sync started",
    AuditEvent.TOKEN_CHANGE_STARTED: "Token change started",
    AuditEvent.ACCESS_DESIGNATED: "EPCS access administrator designated",
    AuditEvent.ACCESS_UNDESIGNATED: "EPCS access administrator removed",
    AuditEvent.EPCS_GRANT_ENTERED: "EPCS permission entered",
    AuditEvent.EPCS_GRANT_APPROVED: "EPCS permission approved",
    AuditEvent.EPCS_GRANT_REFUSED: "EPCS change refused",
    AuditEvent.EPCS_REVOCATION_ENTERED: "EPCS revocation entered",
    AuditEvent.EPCS_GRANT_REVOKED: "EPCS permission revoked",
    AuditEvent.EPCS_GRANT_ENDED: "EPCS permission ended",
    AuditEvent.PRACTICE_SET_UP: "Practice set up",
    AuditEvent.PERSON_ADDED: "Person added",
    AuditEvent.PERSON_CHANGED: "Person changed",
    AuditEvent.PERSON_DEACTIVATED: "Person deactivated",
    AuditEvent.PERSON_REACTIVATED: "Person reactivated",
    AuditEvent.PASSWORD_CHANGED: "Password changed",
    AuditEvent.PASSWORD_RESET: "One-time password issued",
    AuditEvent.ACCOUNT_LOCKED: "Account locked after wrong passwords",
    AuditEvent.ACCOUNT_UNLOCKED: "Account unlocked",
    AuditEvent.AUDIT_DAY_REVIEWED: "Audit day reviewed",
    AuditEvent.AUDIT_REVIEW_EXPORTED: "Daily review report exported",
}

ATTEMPT_EVENTS = frozenset(
    {AuditEvent.SIGN_ATTEMPT, AuditEvent.TOKEN_SYNC_STARTED, AuditEvent.TOKEN_CHANGE_STARTED}
)
"""Written before a change in the identity service; its outcome entry carries the same
`attempt` detail. One left without an outcome is resolved at the next start-up."""
RECOVERED = "recovered after an interruption"
"""The reason on an outcome written at start-up for an attempt the application never finished."""


class Outcome(StrEnum):
    """The usual outcomes; `record` takes any short word, these keep the screen's filter tidy."""

    SUCCESS = "success"
    FAILURE = "failure"
    REFUSED = "refused"


def format_at(moment: dt.datetime) -> str:
    """UTC, microseconds always present: one spelling per instant, so hashes and sorting agree."""
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def check_details(details: Mapping[str, DetailValue] | None) -> dict[str, DetailValue]:
    """A copy of `details` fit to store, or ValueError when it might hold a secret.

    The log is read by reviewers and exported to an archive: a code or password in it
    would outlive every other copy. Refusing by shape catches a careless caller early.
    """
    clean: dict[str, DetailValue] = {}
    for key, value in (details or {}).items():
        if not isinstance(key, str):
            raise ValueError("audit detail keys must be strings")
        if value is not None and not isinstance(value, str | int | bool):
            raise ValueError(
                f"audit detail {key!r} must be text, a whole number, true/false or null"
            )
        lowered = key.lower()
        if lowered in _SECRET_KEYS or _SECRET_WORDS & set(lowered.replace("-", "_").split("_")):
            raise ValueError(f"audit detail {key!r} looks like a secret; never log codes or keys")
        if isinstance(value, str) and value.isdigit() and 6 <= len(value) <= 8:
            raise ValueError(f"audit detail {key!r} looks like a one-time code; it is not logged")
        clean[key] = value
    return clean


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed: every field but `hash`, as sorted, compact JSON.

    A value JSON cannot hold (only a tampered row has one) is spelt by `repr`, so it
    fails the hash instead of stopping the check.
    """
    body = {key: value for key, value in fields.items() if key != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr)
    return text.encode()


def chain_hash(key: bytes, prev_hash: str, canonical: bytes) -> str:
    """HMAC-SHA256 over the previous hash and this entry's canonical bytes, in hex."""
    return hmac.new(key, prev_hash.encode() + canonical, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    actor: str | None
    workstation: str
    event: AuditEvent
    patient_id: int | None
    token_serial: str | None
    outcome: str
    reason: str
    details: dict[str, DetailValue] = field(hash=False)
    prev_hash: str
    hash: str

    def fields(self) -> dict[str, Any]:
        """The stored form of every column (details as an object), as `canonical` takes it."""
        return {
            "seq": self.seq,
            "at": format_at(self.at),
            "actor": self.actor,
            "workstation": self.workstation,
            "event": self.event.value,
            "patient_id": self.patient_id,
            "token_serial": self.token_serial,
            "outcome": self.outcome,
            "reason": self.reason,
            "details": self.details,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class ChainReport:
    """What `verify` found. `last_hash` and `checked` let a later check spot a cut-off tail."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    last_hash: str = GENESIS_HASH

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"Audit log BROKEN at row {self.first_bad_seq}: {self.problem}"
        if self.checked == 0:
            return "Audit log intact: no entries yet"
        noun = "entry" if self.checked == 1 else "entries"
        return f"Audit log intact: {self.checked:,} {noun}, last hash {self.last_hash[:12]}\u2026"


def check_chain(
    key: bytes,
    rows: Iterable[Mapping[str, Any]],
    seq_of_hash: Callable[[str], int | None],
) -> ChainReport:
    """Walk `rows` (stored fields, details decoded, in seq order) and stop at the first break.

    `seq_of_hash` finds the row that holds a hash, to tell a reordering from an edit.
    A row removed from the very end leaves a shorter, still valid chain: only the count
    and last hash of an earlier report or export can show that.
    """
    expected, prev, checked = 1, GENESIS_HASH, 0
    for row in rows:
        seq = int(row["seq"])
        if seq != expected:
            missing = (
                f"row {expected} is" if seq == expected + 1 else f"rows {expected} to {seq - 1} are"
            )
            return _broken(checked, expected, f"{missing} missing (deleted)", prev)
        if row["prev_hash"] != prev:
            return _broken(checked, seq, _link_problem(key, row, seq_of_hash), prev)
        if not _sealed(key, row):
            return _broken(checked, seq, f"row {seq} was edited after it was written", prev)
        prev, checked, expected = str(row["hash"]), checked + 1, expected + 1
    return ChainReport(ok=True, checked=checked, last_hash=prev)


def _link_problem(
    key: bytes, row: Mapping[str, Any], seq_of_hash: Callable[[str], int | None]
) -> str:
    """Row `seq` does not follow the row before it: say whether it moved, lost a row, or changed."""
    seq = int(row["seq"])
    elsewhere = seq_of_hash(str(row["prev_hash"]))
    if elsewhere is not None:
        first, second = sorted((seq, elsewhere))
        return f"rows {first} and {second} are out of order"
    for original in range(seq + 1, seq + 1 + RENUMBER_SEARCH):
        if _sealed(key, dict(row, seq=original)):
            return f"a row before row {seq} is missing (deleted, and later rows renumbered)"
    return f"row {seq} was edited after it was written"


def _sealed(key: bytes, row: Mapping[str, Any]) -> bool:
    """Does the row's stored hash match its contents? (Bytes: a tampered hash may be any text.)"""
    expected = chain_hash(key, str(row["prev_hash"]), canonical(row))
    return hmac.compare_digest(expected.encode(), str(row["hash"]).encode())


def _broken(checked: int, seq: int, problem: str, last_hash: str) -> ChainReport:
    return ChainReport(
        ok=False, checked=checked, first_bad_seq=seq, problem=problem, last_hash=last_hash
    )
