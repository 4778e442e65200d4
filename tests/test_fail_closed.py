"""An action whose audit entry cannot be written does not happen, and the doctor is told."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop.domain.audit import AuditEvent
from desktop.domain.errors import AuditUnavailable
from desktop.domain.formulary import load_formulary
from desktop.domain.models import Role
from desktop.domain.prescriptions import RxDraft, RxStatus
from desktop.store import audited
from desktop.store.audit import AuditLog
from desktop.store.database import open_app_store

CLICK = Qt.MouseButton.LeftButton
HOTP = "GALH12345678"
OXYCODONE = next(m for m in load_formulary() if m.id == "oxycodone-5-mg-tab")
FULL = "database or disk is full"


@pytest.fixture
def audit_fails(monkeypatch):
    """`audit_fails(AuditEvent.X, ...)`: from now on, entries of those events hit a full disk."""
    failing: set[AuditEvent] = set()
    original = AuditLog.record

    def record(self, event, *args, **kwargs):
        if event in failing:
            raise sqlite3.OperationalError(FULL)
        return original(self, event, *args, **kwargs)

    monkeypatch.setattr(AuditLog, "record", record)

    def arm(*events: AuditEvent) -> set[AuditEvent]:
        failing.clear()
        failing.update(events)
        return failing

    return arm


def entries(env, event=None):
    store = env.application.context.store
    return store.run_blocking(lambda s: s.audit.entries(event=event))


def add_rx(env, patient_id, medication=OXYCODONE):
    draft = RxDraft(medication, "Take 1 tablet by mouth every 6 hours as needed", "20", 0)
    store = env.application.context.store
    return store.run_blocking(lambda s: s.prescriptions.add(patient_id, draft, "doctor"))


def rx_status(env, rx_id):
    store = env.application.context.store
    return store.run_blocking(lambda s: s.prescriptions.get(rx_id)).status


def open_signing(env, qtbot):
    window = env.main_window()
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(0)
    qtbot.mouseClick(patients.ui.composeRxButton, CLICK)
    compose = window.compose_view
    patient = compose.controller.patient
    return compose, patient


def start_dialog(env, qtbot, compose):
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.composeTab)
    compose.refresh()
    qtbot.waitUntil(lambda: compose.ui.signButton.isEnabled(), timeout=10_000)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = env.main_window().signing_dialog
    qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=10_000)
    return dialog


def confirm(qtbot, dialog, code, expect):
    dialog.ui.signPasswordEdit.setText("doctor-demo-1")
    dialog.ui.signOtpEdit.setText(code)
    signal = dialog.controller.signed if expect == "signed" else dialog.controller.failed
    with qtbot.waitSignal(signal, timeout=15_000) as blocker:
        qtbot.mouseClick(dialog.ui.signConfirmButton, CLICK)
    if expect == "signed":
        return blocker.args
    return blocker.args[0].text, blocker.args[0].code


def count_calls(env, method):
    identity = env.application.context.identity
    original = getattr(identity, method)
    calls = []

    def counted(*args):
        calls.append(args)
        return original(*args)

    setattr(identity, method, counted)
    return calls


# the store ----------------------------------------------------------------------------------
def test_nothing_is_signed_when_the_signed_entry_cannot_be_written(tmp_path, audit_fails):
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        store.add_user("doc", "pw-123456789", "Dr. Doc", Role.PRESCRIBER)
        patient = store.add_patient("Ann", "Lee", dt.date(1970, 1, 1))
        draft = RxDraft(OXYCODONE, "Take 1 tablet by mouth daily", "10", 0)
        rx = store.prescriptions.add(patient.id, draft, "doc")
        shown = store.prescriptions.shown_hash([rx.id], patient.id, "doc")
        audit_fails(AuditEvent.SIGNED)
        now = dt.datetime.now(dt.UTC)
        with pytest.raises(AuditUnavailable) as raised:
            audited.sign(
                store, [rx.id], patient.id, "doc", "GALH1", now, {"attempt": "a1"}, shown=shown
            )
        assert "disk" in raised.value.why and "Free some space" in raised.value.next_step
        assert store.prescriptions.get(rx.id).status is RxStatus.PENDING
        assert not store.db.conn.in_transaction
        assert store.audit.entries() == []
        audit_fails()
        (done,) = audited.sign(
            store, [rx.id], patient.id, "doc", "GALH1", now, {"attempt": "a1"}, shown=shown
        )
        assert done.status is RxStatus.SIGNED
        (entry,) = store.audit.entries()
        assert entry.event is AuditEvent.SIGNED and entry.details["attempt"] == "a1"
    finally:
        store.close()


# the window ---------------------------------------------------------------------------------
def test_sign_in_is_refused_when_it_cannot_be_recorded(icorerx_env, qtbot, audit_fails):
    audit_fails(AuditEvent.LOGIN)
    window = icorerx_env.main_window()
    ui = window.login_view.ui
    ui.usernameEdit.setText("doctor")
    ui.passwordEdit.setText("doctor-demo-1")
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000) as blocker:
        qtbot.mouseClick(ui.loginButton, CLICK)
    message = blocker.args[0].text
    assert message.startswith("This could not be recorded in the audit log, so you were not")
    assert "the disk that holds the data folder is full" in message
    assert window.context.user is None
    assert "disk" in ui.loginErrorLabel.text()


def test_sign_out_happens_and_says_its_entry_is_missing(icorerx_env, qtbot, audit_fails):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    audit_fails(AuditEvent.LOGOUT)
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000) as blocker:
        window.ui.signOutAction.trigger()
    assert window.context.user is None
    assert blocker.args[0].text.startswith("You are signed out, but this could not be recorded")


def test_no_step_up_grant_without_its_entry(icorerx_env, qtbot, audit_fails):
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    dialog = device.open_phone_dialog()
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    dialog.ui.phoneCodeEdit.setText(icorerx_env.phone_codes()[-1].code)
    audit_fails(AuditEvent.PHONE_CODE_VERIFIED)
    with qtbot.waitSignal(device.phone_auth.failed, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.ui.phoneCodeSubmitButton, CLICK)
    message, reason = blocker.args[0].text, blocker.args[0].code
    assert reason == "audit_unavailable" and "so the code was not accepted" in message
    assert "audit log" in dialog.ui.phoneAuthMessageLabel.text()
    assert device.phone_auth.step_up.grant is None
    assert not device.ui.addTokenButton.isEnabled()


def test_a_phone_code_whose_sending_is_not_recorded_cannot_be_used(
    icorerx_env, qtbot, audit_fails, flows_ended
):
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    dialog = device.open_phone_dialog()
    audit_fails(AuditEvent.PHONE_CODE_SENT)
    with qtbot.waitSignal(device.phone_auth.failed, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    message, reason = blocker.args[0].text, blocker.args[0].code
    assert reason == "audit_unavailable"
    assert "so the code that was sent cannot be used" in message
    assert device.phone_auth.sent is None
    audit_fails()
    calls = count_calls(icorerx_env, "verify_phone_code")
    device.phone_auth.verify(icorerx_env.phone_codes()[-1].code)  # a script tries anyway
    flows_ended()
    assert calls == [] and device.phone_auth.step_up.grant is None


def test_token_sync_stops_before_the_service_when_its_attempt_is_not_written(
    icorerx_env, qtbot, audit_fails
):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    calls = count_calls(icorerx_env, "add_token")
    otp1, otp2 = icorerx_env.token_code(HOTP), icorerx_env.token_code(HOTP)
    device.ui.tokenSerialEdit.setText(HOTP)
    device.ui.otp1Edit.setText(otp1)
    device.ui.otp2Edit.setText(otp2)
    audit_fails(AuditEvent.TOKEN_SYNC_STARTED)
    with qtbot.waitSignal(device.token_sync.failed, timeout=10_000) as blocker:
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
    failure = blocker.args[0]
    assert failure.code == "audit_unavailable" and not failure.codes_spent
    assert "so nothing was changed: the disk that holds" in failure.message
    assert "audit log" in device.ui.tokenErrorLabel.text()
    assert calls == []
    assert (device.ui.otp1Edit.text(), device.ui.otp2Edit.text()) == (otp1, otp2)
    audit_fails()
    with qtbot.waitSignal(device.token_sync.synced, timeout=10_000):
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)  # the same codes still work
    assert len(calls) == 1


def test_a_sync_whose_outcome_is_not_written_says_so_and_keeps_the_codes(
    icorerx_env, qtbot, audit_fails
):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    device.ui.tokenSerialEdit.setText(HOTP)
    device.ui.otp1Edit.setText(icorerx_env.token_code(HOTP))
    device.ui.otp2Edit.setText(icorerx_env.token_code(HOTP))
    audit_fails(AuditEvent.TOKEN_ADDED, AuditEvent.TOKEN_RESYNCED)
    with qtbot.waitSignal(device.token_sync.failed, timeout=10_000) as blocker:
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
    failure = blocker.args[0]
    assert failure.code == "audit_unavailable" and not failure.codes_spent
    assert failure.message.startswith(f"Token {HOTP} was synced, but this could not be recorded")
    audit_fails()
    with qtbot.waitSignal(device.token_sync.synced, timeout=10_000):
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)  # the first answer, now recorded
    (started, *_) = entries(icorerx_env, AuditEvent.TOKEN_SYNC_STARTED)
    (added,) = entries(icorerx_env, AuditEvent.TOKEN_ADDED)
    assert added.details["attempt"] == started.details["attempt"]


def test_a_resync_answered_again_is_recorded_as_a_resync(icorerx_env, qtbot, audit_fails):
    """The retry gets the service's first answer, and it is still a resync, not an add."""
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.sync_token(HOTP)  # its phone confirmation still holds
    device.show_add_token()
    device.ui.tokenSerialEdit.setText(HOTP)
    device.ui.otp1Edit.setText(icorerx_env.token_code(HOTP))
    device.ui.otp2Edit.setText(icorerx_env.token_code(HOTP))
    audit_fails(AuditEvent.TOKEN_ADDED, AuditEvent.TOKEN_RESYNCED)
    with qtbot.waitSignal(device.token_sync.failed, timeout=10_000) as blocker:
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
    assert blocker.args[0].code == "audit_unavailable"
    audit_fails()
    with qtbot.waitSignal(device.token_sync.synced, timeout=10_000) as blocker:
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)  # the first answer again
    assert blocker.args[0].resynced
    (resynced,) = entries(icorerx_env, AuditEvent.TOKEN_RESYNCED)
    assert resynced.token_serial == HOTP
    assert len(entries(icorerx_env, AuditEvent.TOKEN_ADDED)) == 1  # the first binding only


def test_signing_stops_before_the_code_when_its_attempt_is_not_written(
    icorerx_env, qtbot, audit_fails
):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    compose, patient = open_signing(icorerx_env, qtbot)
    rx = add_rx(icorerx_env, patient.id)
    dialog = start_dialog(icorerx_env, qtbot, compose)
    calls = count_calls(icorerx_env, "verify_signing_code")
    code = icorerx_env.token_code(HOTP)
    audit_fails(AuditEvent.SIGN_ATTEMPT)
    message, reason = confirm(qtbot, dialog, code, "failed")
    assert reason == "audit_unavailable"
    assert message.startswith("This could not be recorded in the audit log, so nothing was signed")
    assert calls == [] and dialog.ui.signOtpEdit.text() == code
    assert rx_status(icorerx_env, rx.id) is RxStatus.PENDING
    audit_fails()
    (done,) = confirm(qtbot, dialog, code, "signed")  # the code was never spent
    assert [r.id for r in done] == [rx.id]


def test_nothing_is_signed_when_the_signed_entry_is_not_written(icorerx_env, qtbot, audit_fails):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    compose, patient = open_signing(icorerx_env, qtbot)
    rx = add_rx(icorerx_env, patient.id)
    dialog = start_dialog(icorerx_env, qtbot, compose)
    audit_fails(AuditEvent.SIGNED, AuditEvent.SIGN_FAILED)
    message, reason = confirm(qtbot, dialog, icorerx_env.token_code(HOTP), "failed")
    assert reason == "audit_unavailable"
    assert "so nothing was signed: the disk that holds the data folder is full" in message
    assert "press its button for a new one" in message
    assert dialog.ui.signOtpEdit.text() == ""  # it reached the service: spent
    assert "audit log" in dialog.ui.signErrorLabel.text()
    assert rx_status(icorerx_env, rx.id) is RxStatus.PENDING
    assert entries(icorerx_env, AuditEvent.SIGNED) == []
    (attempt,) = entries(icorerx_env, AuditEvent.SIGN_ATTEMPT)
    assert [a.seq for a in recovery_candidates(icorerx_env)] == [attempt.seq]


def test_a_prescription_no_longer_pending_is_refused_before_the_code_is_spent(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    compose, patient = open_signing(icorerx_env, qtbot)
    first = add_rx(icorerx_env, patient.id)
    dialog = start_dialog(icorerx_env, qtbot, compose)
    store = icorerx_env.application.context.store
    store.run_blocking(lambda s: s.prescriptions.remove_pending(first.id, patient.id))
    calls = count_calls(icorerx_env, "verify_signing_code")
    code = icorerx_env.token_code(HOTP)
    message, reason = confirm(qtbot, dialog, code, "failed")
    assert reason == "not_pending" and "no longer waiting for a signature" in message
    assert calls == [] and dialog.ui.signOtpEdit.text() == code
    (failed,) = entries(icorerx_env, AuditEvent.SIGN_FAILED)
    assert failed.reason == "not_pending"
    dialog.reject()
    second = add_rx(icorerx_env, patient.id)
    dialog = start_dialog(icorerx_env, qtbot, compose)
    (done,) = confirm(qtbot, dialog, code, "signed")  # the same code: it was never spent
    assert [rx.id for rx in done] == [second.id] and len(calls) == 1


def recovery_candidates(env):
    store = env.application.context.store
    return store.run_blocking(audited.open_attempts)


def test_a_six_digit_prescription_number_is_recorded_not_taken_for_a_code(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    compose, patient = open_signing(icorerx_env, qtbot)
    store = icorerx_env.application.context.store
    plain = next(m for m in load_formulary() if m.schedule is None)
    rx = add_rx(icorerx_env, patient.id, plain)
    store.run_blocking(
        lambda s: s.db.execute("UPDATE prescriptions SET id = 123456 WHERE id = ?", [rx.id])
    )
    dialog = start_dialog(icorerx_env, qtbot, compose)
    (done,) = confirm(qtbot, dialog, "", "signed")
    assert [r.id for r in done] == [123456]
    (signed,) = entries(icorerx_env, AuditEvent.SIGNED)
    assert signed.details["prescriptions"] == "#123456"
