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
from typing import TYPE_CHECKING

from desktop.domain.audit import AuditEvent
from desktop.domain.errors import UserFacingError
from desktop.domain.formulary import Medication
from desktop.domain.models import Patient
from desktop.domain.prescriptions import Prescription, RxDraft, check_draft, format_quantity
from desktop.domain.rx_signature import (
    SIGNED_DETAIL,
    Prescriber,
    digest,
    shown_hash,
    signed_content,
)
from desktop.store import write_keys
from desktop.store.rx_refusals import ContentChanged, NoLongerPending, not_pending
from desktop.store.rx_rows import prescription_from_row
from desktop.store.schema.prescriptions import COLUMNS
from desktop.store.sql import Sql

if TYPE_CHECKING:
    from desktop.store.rx_keys import RxSigner

__all__ = ["ContentChanged", "NoLongerPending", "PrescriptionStore", "prescription_from_row"]
"""The refusals and the row reader live beside it; callers import them from here too."""


class PrescriptionStore:
    """Prescriptions in the application's database. Not thread-safe: use it from one lane."""

    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    def add(
        self,
        patient_id: int,
        draft: RxDraft,
        prepared_by: str,
        at: dt.datetime | None = None,
        *,
        key: str | None = None,
    ) -> Prescription:
        """Check the draft again (the form is not the only caller) and add it as pending.

        `key`: the attempt's idempotency key (`store.write_keys`). A retry with the key of
        an add that was kept (its answer lost on the way back) returns that prescription.
        """
        check_draft(draft)
        medication = draft.medication
        assert medication is not None  # check_draft refuses a draft without one
        moment = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)

        def insert() -> str:
            return str(self._insert(patient_id, draft, medication, prepared_by, moment))

        if key is None:
            return self.get(int(insert()))
        rx_id, _new = write_keys.once(self.sql, key, write_keys.ADD_PRESCRIPTION, insert)
        return self.get(int(rx_id))

    def _insert(
        self,
        patient_id: int,
        draft: RxDraft,
        medication: Medication,
        prepared_by: str,
        moment: dt.datetime,
    ) -> int:
        if self.sql.execute("SELECT 1 FROM patients WHERE id = ?", [patient_id]).fetchone() is None:
            raise UserFacingError(
                "That patient is no longer in the patient list; nothing was saved.",
                "Go back to the patient list and open the patient again.",
            )
        return self.sql.insert_returning_id(
            "prescriptions",
            {
                "patient_id": patient_id,
                "medication_id": medication.id,
                "medication_name": medication.name,
                "strength": medication.strength,
                "form": medication.form,
                "route": medication.route,
                "schedule": medication.schedule.value if medication.schedule else None,
                "sig": draft.sig.strip(),
                "quantity": format_quantity(draft.quantity),
                "refills": draft.refills,
                "status": "pending",
                "prepared_by": prepared_by,
                "prepared_at": moment.isoformat(),
            },
        )

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
        rows = self.sql.execute(
            f"SELECT patient_id, count(*) FROM prescriptions WHERE status = 'pending' "
            f"AND patient_id IN ({marks}) GROUP BY patient_id",
            list(patient_ids),
        ).fetchall()
        return {int(patient_id): int(count) for patient_id, count in rows}

    def for_patient(self, patient_id: int) -> list[Prescription]:
        """Every prescription of the patient, newest first."""
        return self._select("patient_id = ?", [patient_id], "prepared_at DESC, id DESC")

    def remove_pending(self, rx_id: int, patient_id: int, *, key: str | None = None) -> None:
        """Take a prescription off the pending list; a signed one is never removed.

        `key`: the attempt's idempotency key (`store.write_keys`). A retry with the key of a
        removal that was kept (its answer lost on the way back) is that removal, not a
        refusal that the prescription is gone.
        """

        def delete() -> str:
            cursor = self.sql.execute(
                "DELETE FROM prescriptions WHERE id = ? AND patient_id = ? AND status = 'pending'",
                [rx_id, patient_id],
            )
            if cursor.rowcount != 1:
                raise UserFacingError(
                    "That prescription is no longer pending, so it cannot be removed.",
                    "Signed prescriptions stay on the patient's record.",
                )
            return str(rx_id)

        write_keys.once(self.sql, key, write_keys.REMOVE_PRESCRIPTION, delete)

    def require_pending(self, rx_ids: list[int], patient_id: int) -> list[Prescription]:
        """All of them, still pending and this patient's; else `NoLongerPending`.

        The signing flow asks before it spends the doctor's token code, and `mark_signed`
        asks again inside its transaction, where the answer cannot change under it.
        """
        ids = list(dict.fromkeys(rx_ids))
        if not ids:
            raise UserFacingError("There is nothing to sign.", "Add a prescription first.")
        marks = ", ".join("?" for _ in ids)
        found = self._select(f"id IN ({marks})", ids, lock=self.sql.in_transaction)
        if len(found) != len(ids) or any(
            rx.patient_id != patient_id or not rx.pending for rx in found
        ):
            raise self._not_pending(found)
        return found

    def mark_signed(
        self,
        rx_ids: list[int],
        patient_id: int,
        signed_by: str,
        token_serial: str | None,
        at: dt.datetime,
        *,
        shown: str,
        signer: RxSigner,
    ) -> list[Prescription]:
        """Sign all of them or none, in one transaction that holds the write lock.

        Called by the signing flow after it has checked the password and the token code:
        every id must be pending and this patient's, and a controlled substance needs the
        serial of the token that signed it. `shown` is the hash of what the signing dialog
        displayed (`desktop.domain.rx_signature.shown_hash`): when the rows, the patient
        or the prescriber's name or DEA number no longer hash to it, `ContentChanged` is
        raised and nothing is signed. Each row gets its content hash, the signature over
        its canonical content and the signing key's fingerprint. Inside a caller's
        transaction (the signing flow's, which adds the audit entry) it commits or rolls
        back with it.
        """
        ids = list(dict.fromkeys(rx_ids))
        moment = at.astimezone(dt.UTC)
        with self.sql.transaction():
            found = self.require_pending(ids, patient_id)  # rows locked until the commit
            if token_serial is None and any(rx.medication.controlled for rx in found):
                raise UserFacingError(
                    "Controlled-substance prescriptions are signed with your hardware token.",
                    "Nothing was signed. Sign again with the code from your token.",
                )
            patient = self.patient(patient_id)
            prescriber = self.prescriber(signed_by)
            if (
                patient is None
                or prescriber is None
                or shown_hash(patient, found, prescriber) != shown
            ):
                raise ContentChanged()
            for rx in found:
                content = signed_content(patient, rx, prescriber, moment, token_serial)
                done = self.sql.execute(
                    "UPDATE prescriptions SET status = 'signed', signed_by = ?, signed_at = ?, "
                    "token_serial = ?, prescriber_name = ?, prescriber_dea = ?, "
                    "content_hash = ?, signature = ?, key_fingerprint = ? "
                    "WHERE id = ? AND status = 'pending'",
                    [
                        signed_by,
                        moment.isoformat(),
                        token_serial,
                        prescriber.name,
                        prescriber.dea_number,
                        digest(content),
                        signer.sign(content),
                        signer.fingerprint,
                        rx.id,
                    ],
                )
                if done.rowcount != 1:  # signed elsewhere since it was read: sign none
                    raise self._not_pending(self._select("id = ?", [rx.id]))
            # One read of the rows as signed (not one per row): a clinic's desks wait on
            # every round trip made while the transaction holds their rows.
            marks = ", ".join("?" for _ in ids)
            signed = {rx.id: rx for rx in self._select(f"id IN ({marks})", ids)}
        return [signed[rx_id] for rx_id in ids]

    def _not_pending(self, found: Sequence[Prescription]) -> NoLongerPending:
        """The refusal, naming who signed (as on file) and at which workstation (from the
        SIGNED audit entry that names the row): told in plain words at the other desk."""
        signed = [rx for rx in found if rx.signed_by is not None]
        if not signed:
            return not_pending(found)
        first = signed[0]
        signer = self.prescriber(first.signed_by or "")
        row = self.sql.execute(
            f"SELECT workstation FROM audit WHERE event = ? "
            f"AND {self.sql.json_text('details', SIGNED_DETAIL)} LIKE ? "
            "ORDER BY seq DESC LIMIT 1",
            [AuditEvent.SIGNED.value, f"%#{first.id}=%"],
        ).fetchone()
        return not_pending(found, signer.name if signer else "", "" if row is None else str(row[0]))

    def shown_hash(self, rx_ids: list[int], patient_id: int, prescriber: str) -> str:
        """What a signing dialog showing these rows now would hash to (for tools and tests)."""
        patient = self.patient(patient_id)
        signer = self.prescriber(prescriber)
        if patient is None or signer is None:
            raise KeyError(patient_id if patient is None else prescriber)
        return shown_hash(patient, self.require_pending(rx_ids, patient_id), signer)

    def content_hashes(self, rx_ids: list[int]) -> list[tuple[int, str]]:
        """(id, content hash) of signed rows, in the order given."""
        found = {
            int(rx_id): str(content)
            for rx_id, content in self.sql.execute(
                f"SELECT id, content_hash FROM prescriptions WHERE id IN "
                f"({', '.join('?' for _ in rx_ids)}) AND content_hash IS NOT NULL",
                list(rx_ids),
            )
        }
        return [(rx_id, found[rx_id]) for rx_id in rx_ids if rx_id in found]

    def patient(self, patient_id: int) -> Patient | None:
        row = self.sql.execute(
            "SELECT first_name, last_name, date_of_birth, sex FROM patients WHERE id = ?",
            [patient_id],
        ).fetchone()
        if row is None:
            return None
        first, last, born, sex = row
        return Patient(patient_id, str(first), str(last), dt.date.fromisoformat(born), sex or "")

    def prescriber(self, username: str) -> Prescriber | None:
        """Their name and DEA number as on file now ('' when they have none)."""
        row = self.sql.execute(
            "SELECT display_name, dea_number FROM users WHERE username = ?", [username]
        ).fetchone()
        return None if row is None else Prescriber(str(row[0]), str(row[1] or ""))

    def _select(
        self, where: str, params: Sequence[object], order_by: str = "id", *, lock: bool = False
    ) -> list[Prescription]:
        """`lock`: inside a transaction, hold the rows until it ends (another desk waits)."""
        rows = self.sql.query(
            f"SELECT {COLUMNS} FROM prescriptions WHERE {where} ORDER BY {order_by}"
            f"{self.sql.for_update() if lock else ''}",
            params,
        )
        return [prescription_from_row(row) for row in rows]
