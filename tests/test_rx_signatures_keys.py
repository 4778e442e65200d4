"""Signed prescription records (21 CFR 1311.120): signing keys, ids never reused, only what was
shown is signed, and the Audit screen and the database hold the same line."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import sqlite_utils

from desktop.domain.errors import StartupError
from desktop.domain.prescriptions import RxStatus
from desktop.store import audited, rx_keys
from desktop.store.migrations import migrate
from desktop.store.prescriptions import ContentChanged
from desktop.store.schema import MIGRATIONS
from tests.rx_store import (
    CHANGED_AFTER_SIGNING,
    FORGED_INSERT,
    LISINOPRIL,
    PENDING_TO_SIGNED,
    SERIAL,
    attacker,
    draft,
    opened,
    report_of,
    sign,
    signed_data_dir,
)

pytestmark = pytest.mark.usefixtures("no_keyring")


@pytest.fixture
def data_dir(tmp_path):
    return signed_data_dir(tmp_path)


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
