"""Prescriptions as the doctor writes them: a draft, its checks, and the signed record.

The refill limits come from the DEA's rules (21 CFR 1306.12: schedule II, none;
1306.22: schedules III and IV, at most 5 within 6 months). They are checked here, again
by the store before it writes, and the database refuses a signed prescription that
changes afterwards: a signature covers exactly what was shown when it was given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from desktop.domain.errors import UserFacingError
from desktop.domain.formulary import MAX_REFILLS, Medication, Schedule
from desktop.domain.models import format_when

SIG_MIN = 3
SIG_MAX = 500
QUANTITY_MAX = Decimal(9999)
HUNDREDTH = Decimal("0.01")
"""Liquids are dispensed in mL ('7.5'); finer than hundredths is a typing slip."""

FIELDS = ("medication", "sig", "quantity", "refills")
FIELD_LABELS = {
    "medication": "Medication",
    "sig": "Directions",
    "quantity": "Quantity",
    "refills": "Refills",
}


@dataclass(frozen=True)
class RxDraft:
    """What the form holds before the prescription is added to the pending list.

    `quantity` is the text as typed, so a wrong entry is reported rather than lost.
    """

    medication: Medication | None
    sig: str
    quantity: str
    refills: int


def parse_quantity(text: str) -> Decimal | None:
    """'30', '7.5', ' 10 ' -> a Decimal; anything else (or NaN, infinity) -> None."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def format_quantity(text: str) -> str:
    """The checked quantity as stored and shown: '30', '7.5' (no trailing zeros, no exponent)."""
    value = parse_quantity(text)
    if value is None:
        raise ValueError(f"not a quantity: {text!r}")
    return quantity_text(value)


def quantity_text(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def validate_draft(draft: RxDraft) -> dict[str, str]:
    """Field name -> what is wrong, in words a doctor can act on. Empty when it can be added."""
    problems: dict[str, str] = {}
    if draft.medication is None:
        problems["medication"] = "Choose a medication from the list (type part of its name)."
    sig = draft.sig.strip()
    if not sig:
        problems["sig"] = (
            "Type the directions for the patient, e.g. Take 1 tablet by mouth twice daily."
        )
    elif len(sig) < SIG_MIN:
        problems["sig"] = "The directions are too short to follow. Write them out in full."
    elif len(sig) > SIG_MAX:
        problems["sig"] = f"The directions are too long: at most {SIG_MAX} characters ({len(sig)})."
    quantity = parse_quantity(draft.quantity)
    if not draft.quantity.strip():
        problems["quantity"] = "Type the quantity to dispense, e.g. 30."
    elif quantity is None:
        problems["quantity"] = "The quantity must be a number, e.g. 30 or 7.5."
    elif quantity <= 0:
        problems["quantity"] = "The quantity must be more than zero."
    elif quantity > QUANTITY_MAX:
        problems["quantity"] = f"The quantity can be at most {QUANTITY_MAX}."
    elif quantity != quantity.quantize(HUNDREDTH):
        problems["quantity"] = "Use at most two decimal places, e.g. 7.5."
    refill_problem = _refill_problem(draft)
    if refill_problem:
        problems["refills"] = refill_problem
    return problems


def _refill_problem(draft: RxDraft) -> str:
    refills = draft.refills
    schedule = draft.medication.schedule if draft.medication else None
    if refills < 0:
        return "Refills cannot be negative."
    if schedule is Schedule.II and refills > 0:
        return "Schedule II prescriptions cannot have refills (21 CFR 1306.12)."
    if schedule in (Schedule.III, Schedule.IV) and refills > schedule.max_refills:
        return (
            f"Schedule {schedule} prescriptions can have at most {schedule.max_refills} refills "
            "within 6 months (21 CFR 1306.22)."
        )
    if refills > MAX_REFILLS:
        return f"At most {MAX_REFILLS} refills."
    return ""


class InvalidPrescription(UserFacingError):
    """The draft breaks a rule; `problems` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(
            " ".join(problems.values()), "Correct the marked fields; nothing was saved."
        )
        self.problems = dict(problems)


def check_draft(draft: RxDraft) -> None:
    problems = validate_draft(draft)
    if problems:
        raise InvalidPrescription(problems)


class RxStatus(StrEnum):
    """Where a prescription is in its life. Only a pending one may change or be removed."""

    PENDING = "pending"
    SIGNED = "signed"
    SENT = "sent"
    VOIDED = "voided"

    @property
    def label(self) -> str:
        return {
            RxStatus.PENDING: "Pending signature",
            RxStatus.SIGNED: "Signed",
            RxStatus.SENT: "Sent to pharmacy",
            RxStatus.VOIDED: "Voided",
        }[self]


@dataclass(frozen=True)
class Prescription:
    """A prescription as stored. The medication is a copy taken when it was written, so a
    later formulary release never changes what was signed."""

    id: int
    patient_id: int
    medication: Medication
    sig: str
    quantity: Decimal
    refills: int
    status: RxStatus
    prepared_by: str
    prepared_at: dt.datetime
    signed_by: str | None = None
    signed_at: dt.datetime | None = None
    token_serial: str | None = None

    @property
    def pending(self) -> bool:
        return self.status is RxStatus.PENDING

    @property
    def quantity_text(self) -> str:
        return quantity_text(self.quantity)

    @property
    def status_text(self) -> str:
        """'Pending signature', 'Signed 11/26/2026 10:42 AM'."""
        if self.status is RxStatus.SIGNED and self.signed_at is not None:
            return f"Signed {format_when(self.signed_at)}"
        return self.status.label
