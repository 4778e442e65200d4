"""Prescriptions for a patient: prepared, pending, signed.

A signature covers exactly what the doctor saw, so the database itself (not only this
module) refuses to change or delete a prescription once it has left 'pending': triggers
abort any UPDATE of such a row except the one step 'signed' -> 'sent', refuse to mark an
unsigned prescription sent, and refuse DELETE. A script, a second process or a bug in a
later version meets the same wall (21 CFR 1311.140: unsigned prescriptions are never sent;
1311.150: no tampering with what was signed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import sqlite_utils

from desktop.domain.errors import UserFacingError
from desktop.domain.formulary import Medication, Schedule
from desktop.domain.prescriptions import (
    Prescription,
    RxDraft,
    RxStatus,
    check_draft,
    format_quantity,
)
from desktop.store.migrations import write_transaction

_COLUMNS = (
    "id, patient_id, medication_id, medication_name, strength, form, route, schedule, sig, "
    "quantity, refills, status, prepared_by, prepared_at, signed_by, signed_at, token_serial"
)
_FROZEN_COLUMNS = [column.strip() for column in _COLUMNS.split(",") if column.strip() != "status"]
_UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _FROZEN_COLUMNS)

SCHEMA = f"""
CREATE TABLE prescriptions (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    medication_id TEXT NOT NULL,
    medication_name TEXT NOT NULL,
    strength TEXT NOT NULL,
    form TEXT NOT NULL,
    route TEXT NOT NULL,
    schedule TEXT CHECK (schedule IS NULL OR schedule IN ('II', 'III', 'IV', 'V')),
    sig TEXT NOT NULL CHECK (length(trim(sig)) BETWEEN 3 AND 500),
    quantity TEXT NOT NULL,
    refills INTEGER NOT NULL CHECK (refills BETWEEN 0 AND 11),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'signed', 'sent', 'voided')),
    prepared_by TEXT NOT NULL,
    prepared_at TEXT NOT NULL,
    signed_by TEXT,
    signed_at TEXT,
    token_serial TEXT,
    CHECK (schedule IS NOT 'II' OR refills = 0),
    CHECK (schedule NOT IN ('III', 'IV') OR refills <= 5),
    CHECK (status NOT IN ('signed', 'sent') OR (signed_by IS NOT NULL AND signed_at IS NOT NULL)),
    CHECK (status NOT IN ('signed', 'sent') OR schedule IS NULL OR token_serial IS NOT NULL)
);
CREATE INDEX prescriptions_by_patient ON prescriptions (patient_id, status);

CREATE TRIGGER prescriptions_signed_are_immutable
BEFORE UPDATE ON prescriptions
WHEN OLD.status != 'pending'
    AND NOT (OLD.status = 'signed' AND NEW.status = 'sent' AND {_UNCHANGED})
BEGIN
    SELECT RAISE(ABORT, 'a signed prescription cannot be changed');
END;

CREATE TRIGGER prescriptions_sent_only_when_signed
BEFORE UPDATE OF status ON prescriptions
WHEN NEW.status = 'sent' AND OLD.status != 'signed'
BEGIN
    SELECT RAISE(ABORT, 'unsigned prescriptions are never marked sent');
END;

CREATE TRIGGER prescriptions_signed_are_kept
BEFORE DELETE ON prescriptions
WHEN OLD.status != 'pending'
BEGIN
    SELECT RAISE(ABORT, 'a signed prescription cannot be deleted');
END;
"""


def migrate_prescriptions(db: sqlite_utils.Database) -> None:
    """Schema v2: the prescriptions table and the triggers that keep signatures honest."""
    db.executescript(SCHEMA)


class NoLongerPending(UserFacingError):
    """Another window or process signed or removed a prescription the doctor was signing."""

    code = "not_pending"


def _not_pending() -> NoLongerPending:
    return NoLongerPending(
        "Some of these prescriptions are no longer waiting for a signature (already signed, "
        "removed, or for another patient). Nothing was signed.",
        "Reload the list, check it, and sign again.",
    )


class PrescriptionStore:
    """Prescriptions in the application's database. Not thread-safe: use it from one lane."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(
        self, patient_id: int, draft: RxDraft, prepared_by: str, at: dt.datetime | None = None
    ) -> Prescription:
        """Check the draft again (the form is not the only caller) and add it as pending."""
        check_draft(draft)
        medication = draft.medication
        assert medication is not None  # check_draft refuses a draft without one
        if not self.db.table("patients").count_where("id = ?", [patient_id]):
            raise UserFacingError(
                "That patient is no longer in the patient list; nothing was saved.",
                "Go back to the patient list and open the patient again.",
            )
        moment = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        cursor = self.db.execute(
            "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, "
            "form, route, schedule, sig, quantity, refills, status, prepared_by, prepared_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
            [
                patient_id,
                medication.id,
                medication.name,
                medication.strength,
                medication.form,
                medication.route,
                medication.schedule.value if medication.schedule else None,
                draft.sig.strip(),
                format_quantity(draft.quantity),
                draft.refills,
                prepared_by,
                moment.isoformat(),
            ],
        )
        return self.get(int(cursor.lastrowid or 0))

    def get(self, rx_id: int) -> Prescription:
        rows = self._select("id = ?", [rx_id])
        if not rows:
            raise KeyError(rx_id)
        return rows[0]

    def pending(self, patient_id: int) -> list[Prescription]:
        """Waiting for a signature, in the order they were added (the order they are signed)."""
        return self._select("patient_id = ? AND status = 'pending'", [patient_id], "id")

    def pending_counts(self, patient_ids: list[int]) -> dict[int, int]:
        """How many prescriptions wait for a signature, per patient (those with none left out)."""
        if not patient_ids:
            return {}
        marks = ", ".join("?" for _ in patient_ids)
        rows = self.db.execute(
            f"SELECT patient_id, count(*) FROM prescriptions WHERE status = 'pending' "
            f"AND patient_id IN ({marks}) GROUP BY patient_id",
            list(patient_ids),
        ).fetchall()
        return {int(patient_id): int(count) for patient_id, count in rows}

    def for_patient(self, patient_id: int) -> list[Prescription]:
        """Every prescription of the patient, newest first."""
        return self._select("patient_id = ?", [patient_id], "prepared_at DESC, id DESC")

    def remove_pending(self, rx_id: int, patient_id: int) -> None:
        """Take a prescription off the pending list; a signed one is never removed."""
        cursor = self.db.execute(
            "DELETE FROM prescriptions WHERE id = ? AND patient_id = ? AND status = 'pending'",
            [rx_id, patient_id],
        )
        if cursor.rowcount != 1:
            raise UserFacingError(
                "That prescription is no longer pending, so it cannot be removed.",
                "Signed prescriptions stay on the patient's record.",
            )

    def require_pending(self, rx_ids: list[int], patient_id: int) -> list[Prescription]:
        """All of them, still pending and this patient's; else `NoLongerPending`.

        The signing flow asks before it spends the doctor's token code, and `mark_signed`
        asks again inside its transaction, where the answer cannot change under it.
        """
        ids = list(dict.fromkeys(rx_ids))
        if not ids:
            raise UserFacingError("There is nothing to sign.", "Add a prescription first.")
        marks = ", ".join("?" for _ in ids)
        found = self._select(f"id IN ({marks})", ids)
        if len(found) != len(ids) or any(
            rx.patient_id != patient_id or not rx.pending for rx in found
        ):
            raise _not_pending()
        return found

    def mark_signed(
        self,
        rx_ids: list[int],
        patient_id: int,
        signed_by: str,
        token_serial: str | None,
        at: dt.datetime,
    ) -> list[Prescription]:
        """Sign all of them or none, in one transaction that holds the write lock.

        Called by the signing flow after it has checked the password and the token code:
        every id must be pending and this patient's, and a controlled substance needs the
        serial of the token that signed it. Inside a caller's transaction (the signing
        flow's, which adds the audit entry) it commits or rolls back with it.
        """
        ids = list(dict.fromkeys(rx_ids))
        signed_at = at.astimezone(dt.UTC).isoformat()
        with write_transaction(self.db):
            found = self.require_pending(ids, patient_id)
            if token_serial is None and any(rx.medication.controlled for rx in found):
                raise UserFacingError(
                    "Controlled-substance prescriptions are signed with your hardware token.",
                    "Nothing was signed. Sign again with the code from your token.",
                )
            for rx_id in ids:
                self.db.execute(
                    "UPDATE prescriptions SET status = 'signed', signed_by = ?, signed_at = ?, "
                    "token_serial = ? WHERE id = ? AND status = 'pending'",
                    [signed_by, signed_at, token_serial, rx_id],
                )
        return [self.get(rx_id) for rx_id in ids]

    def _select(
        self, where: str, params: Sequence[object], order_by: str = "id"
    ) -> list[Prescription]:
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM prescriptions WHERE {where} ORDER BY {order_by}", params
        )
        return [_prescription(row) for row in rows]


def _prescription(row: dict[str, object]) -> Prescription:
    def text(key: str) -> str:
        return str(row[key])

    def optional(key: str) -> str | None:
        value = row[key]
        return None if value is None else str(value)

    signed_at = optional("signed_at")
    schedule = optional("schedule")
    return Prescription(
        id=int(text("id")),
        patient_id=int(text("patient_id")),
        medication=Medication(
            text("medication_id"),
            text("medication_name"),
            text("strength"),
            text("form"),
            Schedule(schedule) if schedule else None,
            text("route"),
        ),
        sig=text("sig"),
        quantity=Decimal(text("quantity")),
        refills=int(text("refills")),
        status=RxStatus(text("status")),
        prepared_by=text("prepared_by"),
        prepared_at=dt.datetime.fromisoformat(text("prepared_at")),
        signed_by=optional("signed_by"),
        signed_at=dt.datetime.fromisoformat(signed_at) if signed_at else None,
        token_serial=optional("token_serial"),
    )
