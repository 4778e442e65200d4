"""Signed prescription records (21 CFR 1311.120): signed content, `rx verify`, no swaps."""

from __future__ import annotations

import base64
import datetime as dt
import sqlite3

import pytest
import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from desktop.cli import main
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import StartupError
from desktop.domain.formulary import load_formulary
from desktop.domain.models import PrescriberCredentials, Role
from desktop.domain.prescriptions import RxDraft, RxStatus
from desktop.domain.rx_signature import Prescriber, digest, signed_content
from desktop.store import audited, rx_keys
from desktop.store.database import open_app_store
from desktop.store.migrations import migrate, write_transaction
from desktop.store.prescriptions import ContentChanged
from desktop.store.rx_verify import verify_prescriptions
from desktop.store.schema import MIGRATIONS

MEDS = {m.id: m for m in load_formulary()}
OXYCODONE = MEDS["oxycodone-5-mg-tab"]
LISINOPRIL = MEDS["lisinopril-10-mg-tab"]
SERIAL = "GALH12345678"
DEA = PrescriberCredentials("AB1234563", dt.date(2030, 1, 1), "NY", "123456", "1234567893")
DRUG = "Oxycodone 5 mg tablet"


def draft(medication=OXYCODONE, sig="Take 1 tablet by mouth every 6 hours as needed"):
    return RxDraft(medication, sig, "20", 0)


@pytest.fixture(autouse=True)
def no_keyring():
    """Key files, whatever keyring this machine offers: the tests take them away."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path):
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


# keys -----------------------------------------------------------------------------------
def test_no_second_signing_key_is_made_while_signed_prescriptions_exist(data_dir):
    (data_dir / "rx-signing.key").unlink()
    store = opened(data_dir)
    try:
        rx = store.prescriptions.add(1, draft(), "doc")
        with pytest.raises(StartupError, match="rx-signing.key is missing") as info:
            sign(store, [rx.id], 1)
        assert "Restore rx-signing.key" in info.value.next_step
        assert store.prescriptions.get(rx.id).pending
    finally:
        store.close()
    assert not (data_dir / "rx-signing.key").exists()
    assert oct((data_dir / "keys.json").stat().st_mode & 0o777) == "0o600"


def test_rows_signed_before_a_key_change_still_verify(data_dir):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    store = opened(data_dir)
    try:
        store._rx_signer = rx_keys.RxSigner(
            Ed25519PrivateKey.generate().private_bytes_raw(), "the new key"
        )
        rx = store.prescriptions.add(1, draft(LISINOPRIL), "doc")
        sign(store, [rx.id], 1)
        assert store.db.execute("SELECT count(*) FROM rx_signing_keys").fetchone()[0] == 2
    finally:
        store.close()
    report = report_of(data_dir)
    assert report.ok and report.checked == 2


# hole 4: ids never reused, and only what was shown is signed ----------------------------
def test_a_deleted_id_is_never_given_again(data_dir):
    store = opened(data_dir)
    try:
        a = store.prescriptions.add(1, draft(LISINOPRIL), "doc")
        b = store.prescriptions.add(1, draft(LISINOPRIL), "doc")
        store.prescriptions.remove_pending(b.id, 1)
        c = store.prescriptions.add(1, draft(LISINOPRIL), "doc")
    finally:
        store.close()
    assert c.id > b.id > a.id


def test_ids_removed_before_the_upgrade_stay_above_the_sequence(tmp_path):
    db = sqlite_utils.Database(tmp_path / "icorerx.sqlite")
    migrate(db, MIGRATIONS[:6], "application")
    db.execute("INSERT INTO patients (first_name, last_name, date_of_birth) VALUES ('A', 'B', "
               "'1990-01-01')")  # fmt: skip
    for _ in range(3):
        db.execute(
            "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, "
            "form, route, sig, quantity, refills, prepared_by, prepared_at) VALUES (1, 'x', "
            "'Lisinopril', '10 mg', 'tablet', 'oral', 'Take 1 daily', '30', 0, 'doc', "
            "'2026-01-01T00:00:00+00:00')"
        )
    db.conn.commit()
    db.close()
    store = opened(tmp_path)
    try:
        assert [rx.id for rx in store.prescriptions.pending(1)] == [1, 2, 3]
        store.prescriptions.remove_pending(3, 1)
        assert store.prescriptions.add(1, draft(LISINOPRIL), "doc").id == 4
    finally:
        store.close()


def test_a_drug_swapped_under_the_signing_plan_is_not_signed(data_dir):
    store = opened(data_dir)
    try:
        rx = store.prescriptions.add(1, draft(), "doc")
        shown = store.prescriptions.shown_hash([rx.id], 1, "doc")
        attacker(data_dir, "UPDATE prescriptions SET medication_name = 'Hydromorphone', "
                 f"strength = '8 mg' WHERE id = {rx.id}")  # fmt: skip
        before = store.audit.count()
        with pytest.raises(ContentChanged) as info:
            audited.sign(
                store, [rx.id], 1, "doc", SERIAL, dt.datetime.now(dt.UTC), {"attempt": "t"},
                shown=shown,
            )  # fmt: skip
        assert info.value.message == (
            "This prescription was changed at another workstation after you opened it; "
            "nothing was signed."
        )
        assert info.value.next_step == "Review it and sign again."
        assert store.prescriptions.get(rx.id).status is RxStatus.PENDING
        assert store.audit.count() == before
    finally:
        store.close()


# the Audit screen runs the same check ----------------------------------------------------
def test_the_audit_screen_checks_the_signed_prescriptions_too(icorerx_env, qtbot):
    from PySide6.QtCore import Qt

    from desktop.controllers.audit import AuditController
    from desktop.views.audit import AuditView

    context = icorerx_env.application.context

    def signed_one(store):
        patient = store.search_patients("")[0]
        rx = store.prescriptions.add(patient.id, draft(LISINOPRIL), "doctor")
        shown = store.prescriptions.shown_hash([rx.id], patient.id, "doctor")
        audited.sign(
            store, [rx.id], patient.id, "doctor", None, dt.datetime.now(dt.UTC),
            {"attempt": "t", "prescriptions": f"#{rx.id}"}, shown=shown,
        )  # fmt: skip
        return patient, rx.id, rx_keys.data_dir(store.db)

    patient, rx_id, folder = context.store.run_blocking(signed_one)
    controller = AuditController(context)
    view = AuditView(controller)
    controller.setParent(view)
    qtbot.addWidget(view)
    with qtbot.waitSignal(controller.entriesLoaded, timeout=10_000):
        view.show()
    label = view.ui.auditStatusLabel
    with qtbot.waitSignal(controller.verified, timeout=10_000):
        qtbot.mouseClick(view.ui.auditVerifyButton, Qt.MouseButton.LeftButton)
    assert "Signed prescriptions intact: 1 prescription" in label.text()
    assert label.property("tone") == "ok"

    attacker(folder, *CHANGED_AFTER_SIGNING[:1])
    attacker(folder, f"UPDATE prescriptions SET refills = 3 WHERE id = {rx_id}")
    with qtbot.waitSignal(controller.verified, timeout=10_000):
        qtbot.mouseClick(view.ui.auditVerifyButton, Qt.MouseButton.LeftButton)
    text = label.text()
    assert label.property("tone") == "error"
    assert f"Prescription #{rx_id} for {patient.full_name}, Lisinopril 10 mg tablet" in text
    assert "changed after it was signed" in text and "Do not send these prescriptions" in text


def test_the_database_refuses_rows_added_as_signed_or_signed_without_a_signature(data_dir):
    conn = sqlite3.connect(data_dir / "icorerx.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="added as pending"):
            conn.execute(FORGED_INSERT[1])
        conn.execute(PENDING_TO_SIGNED[0])
        with pytest.raises(sqlite3.IntegrityError, match="signed only with its signature"):
            conn.execute(PENDING_TO_SIGNED[2])
    finally:
        conn.rollback()
        conn.close()
    assert report_of(data_dir).ok
