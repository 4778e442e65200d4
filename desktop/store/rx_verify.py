"""Check every signed prescription (21 CFR 1311.120(b)(17), 1311.150): `icorerx rx verify`.

A signed row must be vouched for twice: by its Ed25519 signature over its canonical
content, made with a key the practice holds (`rx_signing_keys`, sealed with the audit
key), and by its SIGNED audit entry (itself sealed by the audit chain's HMAC) naming
the row with the same content hash. A row written into the database by hand (inserted
as signed, or changed from pending to signed) has neither; a signed row changed after
signing no longer matches either. Each such row is named: id, patient and drug.

Rows signed before signatures were recorded (schema 7) carry none: they pass only when
a sealed SIGNED entry of their patient lists them, and are counted apart.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.audit import AuditEvent, canonical, chain_hash
from desktop.domain.models import Patient
from desktop.domain.rx_signature import (
    SIGNED_DETAIL,
    Prescriber,
    decode_signature,
    digest,
    parse_audit_detail,
    signed_content,
)
from desktop.store import rx_keys
from desktop.store.database import AppStore
from desktop.store.prescriptions import prescription_from_row
from desktop.store.schema.prescriptions import COLUMNS

_AUDIT_COLUMNS = (
    "seq, at, actor, workstation, event, patient_id, token_serial, outcome, reason, details, "
    "prev_hash, hash"
)


@dataclass(frozen=True)
class RxProblem:
    """One signed prescription that cannot be vouched for, and why, in plain words."""

    rx_id: int
    patient: str
    drug: str
    why: str

    @property
    def text(self) -> str:
        return f"Prescription #{self.rx_id} for {self.patient}, {self.drug}: {self.why}"


@dataclass(frozen=True)
class RxReport:
    checked: int
    problems: list[RxProblem] = field(default_factory=list)
    unsigned_before: int = 0
    """Signed before signatures were recorded, vouched for by their audit entry only."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        if self.problems:
            count = len(self.problems)
            noun = "prescription" if self.checked == 1 else "prescriptions"
            return (
                f"{count} of {self.checked:,} signed {noun} "
                f"cannot be trusted: {'it was' if count == 1 else 'they were'} changed or "
                "written outside the signing step."
            )
        if self.checked == 0:
            return "Signed prescriptions: none yet."
        noun = "prescription" if self.checked == 1 else "prescriptions"
        text = (
            f"Signed prescriptions intact: {self.checked:,} {noun}, each matching its "
            "signature and its audit entry."
        )
        if self.unsigned_before:
            text += (
                f" {self.unsigned_before:,} of them were signed before signatures were "
                "recorded and are vouched for by their audit entry only."
            )
        return text


@dataclass(frozen=True)
class _Entry:
    patient_id: int | None
    hashes: dict[int, str]
    listed: frozenset[int]


def verify_prescriptions(store: AppStore) -> RxReport:
    """Check every signed or sent prescription. Raises when it cannot check (no audit key)."""
    audit_key = store.audit._key  # a missing key raises StartupError: cannot check
    trusted = rx_keys.trusted_keys(store.sql, audit_key)
    entries = _signed_entries(store, audit_key)
    vouched: dict[int, tuple[int | None, str]] = {}
    listed: set[tuple[int, int | None]] = set()
    for entry in entries:
        for rx_id, content in entry.hashes.items():
            vouched[rx_id] = (entry.patient_id, content)
        listed.update((rx_id, entry.patient_id) for rx_id in entry.listed)

    problems: list[RxProblem] = []
    checked = before = 0
    patients: dict[int, Patient | None] = {}
    cursor = store.sql.execute(
        f"SELECT {COLUMNS} FROM prescriptions WHERE status IN ('signed', 'sent') ORDER BY id"
    )
    names = [column[0] for column in cursor.description]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        checked += 1
        rx_id = int(row["id"])
        patient_id = int(row["patient_id"])
        if patient_id not in patients:
            patients[patient_id] = store.prescriptions.patient(patient_id)
        patient = patients[patient_id]
        why = _problem(row, patient, trusted, vouched.get(rx_id))
        if why == _LEGACY:
            if (rx_id, patient_id) in listed and rx_id not in vouched:
                before += 1
                continue
            why = (
                "it is marked signed but has no signature and no signing entry in the audit "
                "log: it was written into the database by hand (inserted as signed, or "
                "changed from pending to signed)"
            )
        if why:
            problems.append(RxProblem(rx_id, _patient_name(patient, patient_id), _drug(row), why))
    return RxReport(checked, problems, before)


_LEGACY = "legacy"


def _problem(
    row: dict[str, Any],
    patient: Patient | None,
    trusted: dict[str, Any],
    entry: tuple[int | None, str] | None,
) -> str:
    if row["signature"] is None:
        return _LEGACY
    if patient is None:
        return "its patient is no longer in the patient list"
    signature = decode_signature(str(row["signature"]))
    key = trusted.get(str(row["key_fingerprint"]))
    if key is None:
        return "it was signed with a key this practice does not hold"
    try:
        rx = prescription_from_row(row)
        signed_at = dt.datetime.fromisoformat(str(row["signed_at"]))
    except (ValueError, TypeError, KeyError):
        return "its stored fields cannot be read: it was changed after it was signed"
    prescriber = Prescriber(str(row["prescriber_name"] or ""), str(row["prescriber_dea"] or ""))
    content = signed_content(patient, rx, prescriber, signed_at, rx.token_serial)
    content_hash = digest(content)
    if signature is None or not rx_keys.signature_valid(key, signature, content):
        if content_hash != row["content_hash"]:
            return (
                "it was changed after it was signed (its content no longer matches its signature)"
            )
        return "it has no valid signature"
    if entry is None:
        return "it has no signing entry in the audit log"
    entry_patient, entry_hash = entry
    if entry_hash != content_hash or entry_patient != rx.patient_id:
        return "it does not match its signing entry in the audit log"
    return ""


def _signed_entries(store: AppStore, audit_key: bytes) -> list[_Entry]:
    """SIGNED entries whose own seal is right (the chain as a whole is `audit verify`'s)."""
    found: list[_Entry] = []
    cursor = store.sql.execute(
        f"SELECT {_AUDIT_COLUMNS} FROM audit WHERE event = ? ORDER BY seq",
        [AuditEvent.SIGNED.value],
    )
    names = [column.strip() for column in _AUDIT_COLUMNS.split(",")]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        try:
            details = json.loads(row["details"])
        except (TypeError, ValueError):
            continue
        if not isinstance(details, dict):
            continue
        stored = dict(row, details=details)
        expected = chain_hash(audit_key, str(row["prev_hash"]), canonical(stored))
        if not hmac.compare_digest(expected.encode(), str(row["hash"]).encode()):
            continue
        patient_id = row["patient_id"] if isinstance(row["patient_id"], int) else None
        hashes = parse_audit_detail(str(details.get(SIGNED_DETAIL) or ""))
        listed = frozenset(
            int(part.strip()[1:])
            for part in str(details.get("prescriptions") or "").split(",")
            if part.strip().startswith("#") and part.strip()[1:].isdigit()
        )
        found.append(_Entry(patient_id, hashes, listed))
    return found


def _patient_name(patient: Patient | None, patient_id: int) -> str:
    return f"patient #{patient_id}" if patient is None else patient.full_name


def _drug(row: dict[str, Any]) -> str:
    return f"{row['medication_name']} {row['strength']} {row['form']}".strip()
