"""Signed prescription records (21 CFR 1311.120): signed content, `rx verify`, no swaps."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.models import Role
from desktop.domain.rx_signature import Prescriber, digest, signed_content
from desktop.store import rx_keys
from desktop.store.migrations import migrate, write_transaction
from desktop.store.schema import MIGRATIONS
from tests.rx_store import (
    CHANGED_AFTER_SIGNING,
    DEA,
    DRUG,
    FORGED_INSERT,
    LISINOPRIL,
    PENDING_TO_SIGNED,
    SERIAL,
    attacker,
    draft,
    opened,
    report_of,
    rx_verify,
    sign,
    signed_data_dir,
)

pytestmark = pytest.mark.usefixtures("no_keyring")


@pytest.fixture
def data_dir(tmp_path):
    return signed_data_dir(tmp_path)


# signing archives a signature ----------------------------------------------------------
def test_a_signed_prescription_carries_an_ed25519_signature_over_its_canonical_content(data_dir):
    store = opened(data_dir)
    try:
        row = store.db.execute("SELECT * FROM prescriptions WHERE id = 1").fetchone()
        names = [c[0] for c in store.db.execute("SELECT * FROM prescriptions").description]
        row = dict(zip(names, row, strict=True))
        (public,) = store.db.execute("SELECT public_key FROM rx_signing_keys").fetchone()
        rx = store.prescriptions.get(1)
        patient = store.prescriptions.patient(rx.patient_id)
        content = signed_content(
            patient, rx, Prescriber("Dr. Ann Doc", "AB1234563"), rx.signed_at, SERIAL
        )
        entry = store.audit.entries(event=AuditEvent.SIGNED)[0]
    finally:
        store.close()
    assert row["prescriber_name"] == "Dr. Ann Doc" and row["prescriber_dea"] == "AB1234563"
    assert row["content_hash"] == digest(content)
    assert row["key_fingerprint"] == digest(public)
    Ed25519PublicKey.from_public_bytes(public).verify(base64.b64decode(row["signature"]), content)
    text = content.decode()
    for expected in ('"directions":"Take 1 tablet', '"dea_number":"AB1234563"', SERIAL, "Carter"):
        assert expected in text
    assert entry.details["signed_rx"] == f"#1={row['content_hash']}"


def test_rx_verify_passes_real_signatures_and_says_how_many(data_dir, capsys):
    store = opened(data_dir)
    try:
        rx = store.prescriptions.add(1, draft(LISINOPRIL), "doc")
        sign(store, [rx.id], 1)
    finally:
        store.close()
    code, out, err = rx_verify(data_dir, capsys)
    assert code == 0, out + err
    assert out.startswith("Signed prescriptions intact: 2 prescriptions")
    store = opened(data_dir)
    try:
        latest = store.audit.entries(limit=1)[0]
    finally:
        store.close()
    assert latest.event is AuditEvent.AUDIT_VERIFIED and latest.details["scope"] == "prescriptions"


# forgeries, each named -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("statements", "rx_id", "why"),
    [
        (FORGED_INSERT, 2, "written into the database by hand"),
        (PENDING_TO_SIGNED, 2, "written into the database by hand"),
        (CHANGED_AFTER_SIGNING, 1, "changed after it was signed"),
    ],
    ids=["insert-as-signed", "pending-to-signed", "changed-after-signing"],
)
def test_rx_verify_names_each_forged_row(data_dir, capsys, statements, rx_id, why):
    attacker(data_dir, *statements)
    report = report_of(data_dir)
    assert not report.ok
    (problem,) = report.problems
    assert (problem.rx_id, problem.patient, problem.drug) == (rx_id, "Carter, Aisha", DRUG)
    assert why in problem.why
    code, out, _err = rx_verify(data_dir, capsys)
    assert code == 1
    assert f"Prescription #{rx_id} for Carter, Aisha, {DRUG}: " in out and why in out
    assert "Do not send these prescriptions" in out
    if rx_id == 2:
        assert "Prescription #1 " not in out  # the real one is not accused


def test_a_signature_made_with_a_key_the_practice_does_not_hold_is_refused(data_dir):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    forger = rx_keys.RxSigner(Ed25519PrivateKey.generate().private_bytes_raw(), "mallory")
    store = opened(data_dir)
    try:
        rx = store.prescriptions.add(1, draft(), "doc")
        shown = store.prescriptions.shown_hash([rx.id], 1, "doc")
        with write_transaction(store.db):  # a key slipped into the table, and a row signed
            rx_keys.register(store, forger, b"not the audit key", dt.datetime.now(dt.UTC))
            store.prescriptions.mark_signed(
                [rx.id], 1, "doc", SERIAL, dt.datetime.now(dt.UTC), shown=shown, signer=forger
            )
    finally:
        store.close()
    report = report_of(data_dir)
    assert report.checked == 2
    (problem,) = report.problems
    assert problem.rx_id == 2 and "a key this practice does not hold" in problem.why


def test_a_row_re_signed_with_the_stolen_key_still_fails_its_audit_entry(data_dir):
    """Even with the signing key, the chained SIGNED entry names the content that was signed."""
    store = opened(data_dir)
    try:
        signer = rx_keys.signer_for(store)
        store.db.execute("DROP TRIGGER prescriptions_signed_are_immutable")
        store.db.execute("UPDATE prescriptions SET quantity = '200' WHERE id = 1")
        rx = store.prescriptions.get(1)
        patient = store.prescriptions.patient(1)
        content = signed_content(
            patient, rx, Prescriber("Dr. Ann Doc", "AB1234563"), rx.signed_at, SERIAL
        )
        store.db.execute(
            "UPDATE prescriptions SET content_hash = ?, signature = ? WHERE id = 1",
            [digest(content), signer.sign(content)],
        )
    finally:
        store.close()
    (problem,) = report_of(data_dir).problems
    assert problem.rx_id == 1 and "does not match its signing entry" in problem.why


def test_rows_signed_before_signatures_pass_only_with_their_audit_entry(tmp_path):
    """A data dir from schema 6: its signed rows carry no signature, only their entry."""
    db = sqlite_utils.Database(tmp_path / "icorerx.sqlite")
    migrate(db, MIGRATIONS[:6], "application")
    db.close()
    store = opened(tmp_path)
    try:
        store.add_user("doc", "pw-123456789", "Dr. Ann Doc", Role.PRESCRIBER, prescriber=DEA)
        patient = store.add_patient("Aisha", "Carter", dt.date(1990, 6, 27), "F")
        for _ in range(2):
            store.prescriptions.add(patient.id, draft(), "doc")
        store.db.execute("DROP TRIGGER prescriptions_signed_with_a_signature")
        store.db.execute(
            "UPDATE prescriptions SET status = 'signed', signed_by = 'doc', signed_at = "
            "'2026-01-01T10:00:00+00:00', token_serial = 'GALH12345678'"
        )
        store.audit.record(
            AuditEvent.SIGNED, "doc", Outcome.SUCCESS, patient_id=patient.id,
            details={"attempt": "old", "prescriptions": "#1"},
        )  # fmt: skip
    finally:
        store.close()
    report = report_of(tmp_path)
    assert report.checked == 2 and report.unsigned_before == 1
    assert [p.rx_id for p in report.problems] == [2]


@pytest.mark.parametrize("damage", ["no audit key", "no database"])
def test_rx_verify_exits_2_when_it_cannot_check(data_dir, capsys, damage):
    if damage == "no audit key":
        (data_dir / "audit.key").unlink()
        expected = "audit.key is missing"
    else:
        (data_dir / "icorerx.sqlite").unlink()
        expected = "There is no iCoreRx database"
    code, out, err = rx_verify(data_dir, capsys)
    assert code == 2, out + err
    assert "could not be checked" in err and expected in err and "Traceback" not in err
