"""A prescription as a row of `prescriptions` and back (the store and the signature check
read it the same way)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.domain.formulary import Medication, Schedule
from desktop.domain.prescriptions import Prescription, RxStatus


def prescription_from_row(row: dict[str, object]) -> Prescription:
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
