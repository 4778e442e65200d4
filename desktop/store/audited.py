"""Changes that are never without their audit entry (21 CFR 1311.150), and the entries' gaps.

- `record` writes one entry or raises `AuditUnavailable` in words for the doctor: the
  caller then does not go ahead (fail closed).
- `sign` marks prescriptions signed and writes the SIGNED entry in one transaction:
  if the entry cannot be written, nothing is signed.
- `open_attempts` finds "attempt" entries (written before a change in the identity
  service) that no outcome entry answers: the application stopped between the two.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop import gaps
from desktop.domain.audit import ATTEMPT_EVENTS, AuditEntry, AuditEvent, DetailValue, Outcome
from desktop.domain.errors import (
    SUPPORT_CONTACT,
    AuditUnavailable,
    StorageProblem,
    UserFacingError,
    storage_problem,
)
from desktop.domain.prescriptions import Prescription
from desktop.domain.rx_signature import SIGNED_DETAIL as SIGNED_DETAIL  # re-exported
from desktop.domain.rx_signature import audit_detail
from desktop.store import write_keys
from desktop.store.database import AppStore
from desktop.store.server_away import ClinicServerAway

log = logging.getLogger(__name__)


OUTCOME_EVENTS = frozenset(
    {
        AuditEvent.SIGNED,
        AuditEvent.SIGN_FAILED,
        AuditEvent.TOKEN_ADDED,
        AuditEvent.TOKEN_RESYNCED,
        AuditEvent.TOKEN_SYNC_FAILED,
        AuditEvent.TOKEN_SUSPENDED,
        AuditEvent.TOKEN_RESUMED,
        AuditEvent.TOKEN_DEACTIVATED,
    }
)
"""Events that answer an attempt when they carry its `attempt` detail."""


def unavailable(exc: BaseException) -> AuditUnavailable:
    """Why an entry could not be written, in words a doctor or the clinic's IT person can use."""
    if isinstance(exc, AuditUnavailable):
        return exc
    if isinstance(exc, ClinicServerAway):  # the controllers say it as such (`server_away_behind`)
        return AuditUnavailable("the clinic database could not be reached", exc.next_step)
    if isinstance(exc, UserFacingError):  # e.g. the audit key file is missing or damaged
        return AuditUnavailable(exc.message.rstrip("."), exc.next_step)
    problem = storage_problem(exc)
    if problem is StorageProblem.FULL:
        return AuditUnavailable(
            "the disk that holds the data folder is full",
            "Free some space on that disk (or ask the clinic's IT person to), then try again.",
        )
    if problem is StorageProblem.READ_ONLY:
        return AuditUnavailable(
            "the data folder cannot be written to",
            "Ask the clinic's IT person to make the data folder writable again, then try again.",
        )
    if problem is StorageProblem.DAMAGED:
        return AuditUnavailable(
            "the database file is damaged or cannot be read",
            f"Stop using this workstation for signing and {SUPPORT_CONTACT}.",
        )
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return AuditUnavailable(
            "another program is holding the database",
            "Try again in a moment. If it keeps happening, close other iCoreRx windows and "
            f"command-line tools, or {SUPPORT_CONTACT}.",
        )
    log.error("audit entry not written", exc_info=exc)
    return AuditUnavailable(
        f"the audit log refused the entry ({type(exc).__name__})",
        f"Try again; if it keeps happening, {SUPPORT_CONTACT}.",
    )


def record(
    store: AppStore,
    event: AuditEvent,
    actor: str | None,
    outcome: str,
    *,
    patient_id: int | None = None,
    token_serial: str | None = None,
    reason: str = "",
    details: Mapping[str, DetailValue] | None = None,
) -> AuditEntry:
    """`store.audit.record`, or `AuditUnavailable` saying why it could not be written."""
    try:
        return store.audit.record(
            event,
            actor,
            outcome,
            patient_id=patient_id,
            token_serial=token_serial,
            reason=reason,
            details=details,
        )
    except Exception as exc:  # noqa: BLE001 - every failure means: not recorded
        raise unavailable(exc) from exc


def sign(
    store: AppStore,
    rx_ids: list[int],
    patient_id: int,
    signed_by: str,
    token_serial: str | None,
    at: dt.datetime,
    details: Mapping[str, DetailValue],
    *,
    shown: str,
    key: str | None = None,
) -> list[Prescription]:
    """Sign the prescriptions and write the SIGNED entry, both or neither.

    `shown` is the hash of what the signing dialog displayed: the rows are signed only if
    they still hash to it (`ContentChanged` otherwise). Each row's signature and the
    entry naming each row with its content hash commit in one transaction, so `rx verify`
    finds every signed row vouched for twice: by its signature and by the chained entry.
    `key` is the signature's idempotency key (`store.write_keys`), kept in the same
    transaction: a retry with it, after a commit whose answer was lost, returns the rows
    signed then and signs and records nothing again.
    """
    # Here, not with the module: cryptography is ~15 ms of loading, and nothing before the
    # first signature needs it (the sign-in form is ready sooner without it).
    from desktop.store import rx_keys

    signed_now: list[Prescription] = []

    def write() -> str:
        signer = rx_keys.signer_for(store)
        done = store.prescriptions.mark_signed(
            rx_ids, patient_id, signed_by, token_serial, at, shown=shown, signer=signer
        )
        signed_now[:] = done
        gaps.widen()
        try:
            log_key = store.audit._key  # the key table is sealed with the audit key
        except Exception as exc:  # noqa: BLE001 - no audit key: nothing is signed
            raise unavailable(exc) from exc
        rx_keys.register(store, signer, log_key, at)
        signed = store.prescriptions.content_hashes([rx.id for rx in done])
        record(
            store,
            AuditEvent.SIGNED,
            signed_by,
            Outcome.SUCCESS,
            patient_id=patient_id,
            token_serial=token_serial,
            details={**details, SIGNED_DETAIL: audit_detail(signed)},
        )
        return write_keys.ids_text([rx.id for rx in done])

    ids, new = write_keys.once(store.sql, key, write_keys.SIGN, write)
    if new:  # the rows as signed, read once already: no read more under the audit lock
        return signed_now
    return [store.prescriptions.get(rx_id) for rx_id in write_keys.ids_of(ids)]


def signed_before(store: AppStore, key: str) -> list[Prescription] | None:
    """The prescriptions a signature with `key` signed, when it was kept (its answer lost
    on the way back to this desk); None when no signature with it was ever kept."""
    ids = write_keys.done(store.sql, key, write_keys.SIGN)
    if ids is None:
        return None
    return [store.prescriptions.get(rx_id) for rx_id in write_keys.ids_of(ids)]


@dataclass(frozen=True)
class OpenAttempt:
    """An attempt entry with no outcome yet."""

    seq: int
    at: dt.datetime
    actor: str | None
    workstation: str
    event: AuditEvent
    patient_id: int | None
    token_serial: str | None
    details: dict[str, Any]

    @property
    def attempt(self) -> str:
        return str(self.details.get("attempt") or "")


def open_attempts(store: AppStore) -> list[OpenAttempt]:
    """Attempts no outcome entry answers, oldest first.

    Both sides are read through the event index, so the cost follows the number of
    signatures and token changes, not the size of the whole log.
    """
    attempts = ", ".join(f"'{event.value}'" for event in ATTEMPT_EVENTS)
    outcomes = ", ".join(f"'{event.value}'" for event in OUTCOME_EVENTS)
    attempt = store.sql.json_text("details", "attempt")
    cursor = store.sql.execute(
        "SELECT seq, at, actor, workstation, event, patient_id, token_serial, details "
        f"FROM audit WHERE event IN ({attempts}) "
        f"AND {attempt} IS NOT NULL "
        f"AND {attempt} NOT IN ("
        f"  SELECT {attempt} FROM audit WHERE event IN ({outcomes}) "
        f"  AND {attempt} IS NOT NULL) "
        "ORDER BY seq"
    )
    found = []
    for seq, at, actor, workstation, event, patient_id, serial, details in cursor:
        try:
            moment = dt.datetime.fromisoformat(str(at))
            fields = json.loads(details)
        except ValueError:  # a row written by hand: `verify` reports it, not this
            continue
        found.append(
            OpenAttempt(
                seq=int(seq),
                at=moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC),
                actor=None if actor is None else str(actor),
                workstation=str(workstation),
                event=AuditEvent(event),
                patient_id=patient_id if isinstance(patient_id, int) else None,
                token_serial=None if serial is None else str(serial),
                details=dict(fields),
            )
        )
    return found


def has_entry(
    store: AppStore,
    events: tuple[AuditEvent, ...],
    serial: str,
    *,
    before_seq: int | None = None,
    after_seq: int | None = None,
) -> bool:
    """Is there an entry of one of `events` for the token, between the rows given?"""
    marks = ", ".join("?" for _ in events)
    row = store.sql.execute(
        f"SELECT 1 FROM audit WHERE event IN ({marks}) AND token_serial = ? "
        "AND seq < ? AND seq > ? LIMIT 1",
        [
            *(event.value for event in events),
            serial,
            before_seq if before_seq is not None else 2**62,
            after_seq if after_seq is not None else 0,
        ],
    ).fetchone()
    return row is not None


def exostar_account(store: AppStore, username: str) -> str | None:
    """The identity-service account of a user, for resolving their attempts."""
    row = store.sql.execute(
        "SELECT exostar_account FROM users WHERE username = ?", [username]
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])
