"""Signed-prescription test helpers: the formulary's drugs, signing the real way, an attacker
with write access to the database file, and `rx verify`."""

from __future__ import annotations

import datetime as dt
import sqlite3

from desktop.cli import main
from desktop.domain.formulary import load_formulary
from desktop.domain.models import PrescriberCredentials, Role
from desktop.domain.prescriptions import RxDraft
from desktop.store import audited
from desktop.store.database import open_app_store
from desktop.store.rx_verify import verify_prescriptions

MEDS = {m.id: m for m in load_formulary()}
OXYCODONE = MEDS["oxycodone-5-mg-tab"]
LISINOPRIL = MEDS["lisinopril-10-mg-tab"]
SERIAL = "GALH12345678"
DEA = PrescriberCredentials("AB1234563", dt.date(2030, 1, 1), "NY", "123456", "1234567893")
DRUG = "Oxycodone 5 mg tablet"


def draft(medication=OXYCODONE, sig="Take 1 tablet by mouth every 6 hours as needed"):
    return RxDraft(medication, sig, "20", 0)


def signed_data_dir(tmp_path):
    """A data dir with a prescriber, a patient, and one prescription signed the real way."""
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        store.add_user("doc", "pw-123456789", "Dr. Ann Doc", Role.PRESCRIBER, prescriber=DEA)
        patient = store.add_patient("Aisha", "Carter", dt.date(1990, 6, 27), "F")
        sign(store, [store.prescriptions.add(patient.id, draft(), "doc").id], patient.id)
    finally:
        store.close()
    return tmp_path


def sign(store, ids, patient_id, at=None):
    shown = store.prescriptions.shown_hash(ids, patient_id, "doc")
    at = at or dt.datetime.now(dt.UTC)
    details = {"attempt": "t", "prescriptions": ", ".join(f"#{i}" for i in ids)}
    return audited.sign(store, ids, patient_id, "doc", SERIAL, at, details, shown=shown)


def opened(data_dir):
    return open_app_store(data_dir / "icorerx.sqlite")


def attacker(data_dir, *statements):
    """What someone with write access to the database file does: SQL, triggers dropped."""
    conn = sqlite3.connect(data_dir / "icorerx.sqlite")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def rx_verify(data_dir, capsys):
    code = main(["rx", "verify", "--data-dir", str(data_dir)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def report_of(data_dir):
    store = opened(data_dir)
    try:
        return verify_prescriptions(store)
    finally:
        store.close()


# forgeries, as an attacker with the file writes them ------------------------------------
FORGED_INSERT = (
    "DROP TRIGGER prescriptions_added_as_pending",
    "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, form, "
    "route, schedule, sig, quantity, refills, status, prepared_by, prepared_at, signed_by, "
    "signed_at, token_serial) VALUES (1, 'oxycodone-5-mg-tab', 'Oxycodone', '5 mg', 'tablet', "
    "'oral', 'II', 'Take 2 tablets every 4 hours', '120', 0, 'signed', 'doc', "
    "'2026-11-30T10:00:00+00:00', 'doc', '2026-11-30T10:00:00+00:00', 'GALH12345678')",
)
PENDING_TO_SIGNED = (
    "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, form, "
    "route, schedule, sig, quantity, refills, status, prepared_by, prepared_at) VALUES (1, "
    "'oxycodone-5-mg-tab', 'Oxycodone', '5 mg', 'tablet', 'oral', 'II', 'Take 1 daily', '90', "
    "0, 'pending', 'doc', '2026-11-30T10:00:00+00:00')",
    "DROP TRIGGER prescriptions_signed_with_a_signature",
    "UPDATE prescriptions SET status = 'signed', signed_by = 'doc', signed_at = "
    "'2026-11-30T10:05:00+00:00', token_serial = 'GALH12345678' WHERE id = 2",
)
CHANGED_AFTER_SIGNING = (
    "DROP TRIGGER prescriptions_signed_are_immutable",
    "UPDATE prescriptions SET quantity = '200' WHERE id = 1",
)
