"""What a prescription signature covers, as bytes (21 CFR 1311.120(b)(17), 1311.145).

Two encodings, both deterministic JSON (sorted keys, no spaces, UTF-8):

- `shown_hash`: the prescriptions exactly as the signing dialog displayed them (patient,
  drugs, directions, quantities, refills, schedules, and who signs with which DEA
  number). It travels with the request to sign, and the store signs only when the rows
  still hash to it in the transaction that marks them signed.
- `signed_content`: one prescription as archived with its signature: the same fields
  plus when it was signed and the token that signed it. Its SHA-256 (`content_hash`) is
  written into the SIGNED audit entry, and its Ed25519 signature into the row.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop.domain.models import Patient
from desktop.domain.prescriptions import Prescription

VERSION = 1


@dataclass(frozen=True)
class Prescriber:
    """Who signs, as the attestation shows them."""

    name: str
    dea_number: str


def canonical(value: Any) -> bytes:
    """Sorted, compact JSON in UTF-8: the same bytes on every workstation and version."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _patient(patient: Patient) -> dict[str, Any]:
    return {
        "id": patient.id,
        "first_name": patient.first_name,
        "last_name": patient.last_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
    }


def _content(rx: Prescription) -> dict[str, Any]:
    medication = rx.medication
    return {
        "id": rx.id,
        "drug": {
            "id": medication.id,
            "name": medication.name,
            "strength": medication.strength,
            "form": medication.form,
            "route": medication.route,
        },
        "schedule": medication.schedule.value if medication.schedule else None,
        "directions": rx.sig,
        "quantity": rx.quantity_text,
        "refills": rx.refills,
    }


def _prescriber(prescriber: Prescriber) -> dict[str, Any]:
    return {"name": prescriber.name, "dea_number": prescriber.dea_number}


def shown_hash(
    patient: Patient, prescriptions: Iterable[Prescription], prescriber: Prescriber
) -> str:
    """The hash of what a signing dialog displays; order-free (by id)."""
    body = {
        "version": VERSION,
        "patient": _patient(patient),
        "prescriptions": [_content(rx) for rx in sorted(prescriptions, key=lambda rx: rx.id)],
        "prescriber": _prescriber(prescriber),
    }
    return digest(canonical(body))


def signed_content(
    patient: Patient,
    rx: Prescription,
    prescriber: Prescriber,
    signed_at: dt.datetime,
    token_serial: str | None,
) -> bytes:
    """The bytes a prescription's signature covers."""
    body = {
        "version": VERSION,
        "patient": _patient(patient),
        "prescription": _content(rx),
        "prescriber": _prescriber(prescriber),
        "signed_at": signed_at.astimezone(dt.UTC).isoformat(),
        "token_serial": token_serial,
    }
    return canonical(body)


def fingerprint(public_key: bytes) -> str:
    """A public key's name: SHA-256 of its 32 raw bytes, in hex."""
    return digest(public_key)


def encode_signature(signature: bytes) -> str:
    return base64.b64encode(signature).decode()


def decode_signature(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        return None


SIGNED_DETAIL = "signed_rx"
"""The SIGNED entry's detail naming each row with its content hash: '#12=<sha256>,...'."""


def audit_detail(signed: Iterable[tuple[int, str]]) -> str:
    """'#12=<hash>,#13=<hash>': the rows and their content hashes, for the SIGNED entry."""
    return ",".join(f"#{rx_id}={content}" for rx_id, content in signed)


def parse_audit_detail(text: str) -> dict[int, str]:
    """The rows and hashes of a SIGNED entry's detail; malformed parts are left out."""
    found: dict[int, str] = {}
    for part in text.split(","):
        name, _, content = part.strip().partition("=")
        if name.startswith("#") and name[1:].isdigit() and content:
            found[int(name[1:])] = content
    return found
