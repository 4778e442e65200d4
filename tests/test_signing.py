"""Signing prescriptions: password alone, or password and the synced token's code."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft, RxStatus
from tests.adapters import both_adapters

CLICK = Qt.MouseButton.LeftButton
HOTP, TOTP = "GALH12345678", "GAKT12345678"
MEDS = {m.id: m for m in load_formulary()}
OXYCODONE = MEDS["oxycodone-5-mg-tab"]
NOT_CONTROLLED = next(m for m in MEDS.values() if m.schedule is None)


def open_patient(env):
    window = env.main_window()
    patients = window.patients_view
    env.qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(0)
    env.qtbot.mouseClick(patients.ui.composeRxButton, CLICK)
    return window, window.compose_view


def add_rx(env, patient_id, medication, refills=0):
    draft = RxDraft(medication, "Take 1 tablet by mouth every 6 hours as needed", "20", refills)
    store = env.application.context.store
    return store.run_blocking(lambda s: s.prescriptions.add(patient_id, draft, "doctor"))


def rx_list(env, patient_id):
    store = env.application.context.store
    return store.run_blocking(lambda s: s.prescriptions.for_patient(patient_id))


def sync(env, qtbot, serial):
    env.sync_token(serial)


def start_signing(env, qtbot, compose):
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.composeTab)
    compose.refresh()
    qtbot.waitUntil(lambda: compose.ui.signButton.isEnabled(), timeout=10_000)
    window = env.main_window()
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = window.signing_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=10_000)
    return dialog


def next_step(qtbot):
    """Until the token's digits change: the next 30-second time step, half a second in."""
    step = int(time.time() // 30)
    qtbot.waitUntil(lambda: time.time() >= (step + 1) * 30 + 0.5, timeout=31_000)


def confirm(qtbot, dialog, password, code="", expect="signed"):
    dialog.ui.signPasswordEdit.setText(password)
    dialog.ui.signOtpEdit.setText(code)
    if expect == "either":
        answers = []
        dialog.controller.signed.connect(lambda done: answers.append((done, "signed")))
        dialog.controller.failed.connect(lambda refusal: answers.append(said(refusal)))
        qtbot.mouseClick(dialog.ui.signConfirmButton, CLICK)
        qtbot.waitUntil(lambda: bool(answers), timeout=15_000)
        return answers[0]
    signal = dialog.controller.signed if expect == "signed" else dialog.controller.failed
    with qtbot.waitSignal(signal, timeout=15_000) as blocker:
        qtbot.mouseClick(dialog.ui.signConfirmButton, CLICK)
    return blocker.args if expect == "signed" else said(blocker.args[0])


def said(refusal):
    """A refusal as the doctor reads it, and its code."""
    return refusal.text, refusal.code


def test_non_controlled_prescription_is_signed_with_the_password_alone(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    window, compose = open_patient(icorerx_env)
    patient = compose.controller.patient
    add_rx(icorerx_env, patient.id, NOT_CONTROLLED)
    dialog = start_signing(icorerx_env, qtbot, compose)
    assert not dialog.ui.signOtpEdit.isVisible()
    assert "legally signing" in dialog.ui.attestationText.toPlainText()
    assert dialog.ui.signConfirmButton.text().replace("&", "") == "Sign and send 1 prescription"
    assert dialog.ui.signRxList.count() == 1
    (done,) = confirm(qtbot, dialog, "doctor-demo-1")
    assert [rx.status for rx in done] == [RxStatus.SIGNED]
    (rx,) = rx_list(icorerx_env, patient.id)
    assert rx.signed_by == "doctor" and rx.signed_at is not None and rx.token_serial is None


@both_adapters
@pytest.mark.parametrize("serial", [HOTP, TOTP])
def test_schedule_ii_is_signed_with_the_synced_token(icorerx_env, qtbot, serial, icorerx_identity):
    icorerx_env.login("doctor", "doctor-demo-1")
    sync(icorerx_env, qtbot, serial)
    window, compose = open_patient(icorerx_env)
    patient = compose.controller.patient
    add_rx(icorerx_env, patient.id, OXYCODONE)
    dialog = start_signing(icorerx_env, qtbot, compose)
    assert dialog.ui.signOtpEdit.isVisible()
    assert serial in dialog.ui.signOtpLabel.text()
    assert not dialog.ui.signConfirmButton.isEnabled()
    if serial == TOTP and icorerx_identity == "privacyidea":
        # privacyIDEA spends the steps up to the one after a sync's second code, and where
        # that falls depends on the drift it computed: the doctor may be told to wait for the
        # digits to change, and then signs with the next code, as the refusal says.
        next_step(qtbot)
        message, code = confirm(
            qtbot, dialog, "doctor-demo-1", icorerx_env.token_code(serial), expect="either"
        )
        if code == "already_used":
            assert "Wait until the digits change" in message
            next_step(qtbot)
        else:
            assert code == "signed" and message[0].token_serial == serial  # at the first try
            return
    code = icorerx_env.token_code(serial)
    (done,) = confirm(qtbot, dialog, "doctor-demo-1", code)
    assert done[0].token_serial == serial and done[0].status is RxStatus.SIGNED
    qtbot.waitUntil(lambda: not dialog.isVisible())


@both_adapters
def test_a_replayed_code_a_wrong_password_and_a_wrong_code_are_refused(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    sync(icorerx_env, qtbot, HOTP)
    window, compose = open_patient(icorerx_env)
    patient = compose.controller.patient
    add_rx(icorerx_env, patient.id, OXYCODONE)
    dialog = start_signing(icorerx_env, qtbot, compose)
    used = icorerx_env.token_code(HOTP)
    message, code = confirm(qtbot, dialog, "not-my-password", used, expect="failed")
    assert code == "wrong_password" and "password is not right" in message
    assert dialog.ui.signOtpEdit.text() == used  # not spent: the password was checked first
    confirm(qtbot, dialog, "doctor-demo-1", used)
    add_rx(icorerx_env, patient.id, OXYCODONE)
    dialog = start_signing(icorerx_env, qtbot, compose)
    message, code = confirm(qtbot, dialog, "doctor-demo-1", used, expect="failed")
    assert code == "already_used" and "already been used" in message
    assert dialog.ui.signOtpEdit.text() == ""
    message, code = confirm(qtbot, dialog, "doctor-demo-1", "000000", expect="failed")
    assert code == "wrong_code"
    pending = [rx for rx in rx_list(icorerx_env, patient.id) if rx.status is RxStatus.PENDING]
    assert len(pending) == 1


@both_adapters
def test_no_active_token_blocks_a_controlled_signature_and_links_to_device_management(
    icorerx_env, qtbot
):
    icorerx_env.login("doctor", "doctor-demo-1")
    window, compose = open_patient(icorerx_env)
    add_rx(icorerx_env, compose.controller.patient.id, OXYCODONE)
    dialog = start_signing(icorerx_env, qtbot, compose)
    assert "no token is active" in dialog.ui.signErrorLabel.text()
    assert not dialog.ui.signConfirmButton.isEnabled()
    assert dialog.ui.signDeviceButton.isVisible()
    qtbot.mouseClick(dialog.ui.signDeviceButton, CLICK)
    admin = compose.admin
    assert compose.ui.topMenuTabs.currentWidget() is compose.ui.adminTab
    assert admin.ui.adminStack.currentWidget() is admin.ui.epcsDeviceManagementPage


@both_adapters
def test_a_locked_token_sends_the_doctor_to_resync(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    sync(icorerx_env, qtbot, HOTP)
    window, compose = open_patient(icorerx_env)
    add_rx(icorerx_env, compose.controller.patient.id, OXYCODONE)
    dialog = start_signing(icorerx_env, qtbot, compose)
    for _attempt in range(10):
        message, code = confirm(qtbot, dialog, "doctor-demo-1", "000000", expect="failed")
    assert "locked" in message and dialog.ui.signDeviceButton.isVisible()
    dialog.reject()
    dialog = start_signing(icorerx_env, qtbot, compose)
    assert (
        "locked" in dialog.ui.signErrorLabel.text() and "Resync" in dialog.ui.signErrorLabel.text()
    )


def test_front_desk_prepares_but_never_signs(icorerx_env, qtbot, flows_ended):
    icorerx_env.login("frontdesk", "frontdesk-demo-1")
    window, compose = open_patient(icorerx_env)
    add_rx(icorerx_env, compose.controller.patient.id, NOT_CONTROLLED)
    compose.refresh()
    qtbot.waitUntil(lambda: compose.ui.rxTable.rowCount() == 1)
    assert not compose.ui.signButton.isEnabled()
    assert "Only the prescriber" in compose.ui.signButton.toolTip()
    dialog = window.open_signing(compose.controller.patient)  # a script tries anyway
    qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=10_000)
    assert "Only the prescriber can sign" in dialog.ui.signErrorLabel.text()
    assert not dialog.ui.signConfirmButton.isEnabled()
    dialog.controller.sign("frontdesk-demo-1", "")
    flows_ended()
    assert all(
        rx.status is RxStatus.PENDING for rx in rx_list(icorerx_env, compose.controller.patient.id)
    )


def test_a_prescription_swapped_at_another_workstation_is_not_signed(icorerx_env, qtbot):
    """The dialog's content hash travels with the request: a swapped drug signs nothing."""
    import sqlite3

    from desktop.domain.audit import AuditEvent
    from desktop.store.rx_keys import data_dir
    from desktop.store.rx_verify import verify_prescriptions

    icorerx_env.login("doctor", "doctor-demo-1")
    window, compose = open_patient(icorerx_env)
    patient = compose.controller.patient
    rx = add_rx(icorerx_env, patient.id, NOT_CONTROLLED)
    dialog = start_signing(icorerx_env, qtbot, compose)
    assert dialog.shown_hash == dialog.controller.plan.content_hash != ""
    store = icorerx_env.application.context.store
    folder = store.run_blocking(lambda s: data_dir(s.db))
    other = sqlite3.connect(folder / "icorerx.sqlite")  # the other workstation
    other.execute("UPDATE prescriptions SET sig = 'Take 10 tablets at once' WHERE id = ?", [rx.id])
    other.commit()
    other.close()
    message, code = confirm(qtbot, dialog, "doctor-demo-1", expect="failed")
    assert code == "content_changed"
    assert message.startswith(
        "This prescription was changed at another workstation after you opened it; "
        "nothing was signed. Review it and sign again."
    )
    (now,) = rx_list(icorerx_env, patient.id)
    assert now.status is RxStatus.PENDING and now.sig == "Take 10 tablets at once"
    refusal = store.run_blocking(lambda s: s.audit.entries(limit=1))[0]
    assert refusal.event is AuditEvent.SIGN_FAILED and refusal.reason == "content_changed"
    assert not store.run_blocking(lambda s: s.audit.entries(event=AuditEvent.SIGNED))

    # Reopened, the doctor sees the new directions and signs what is shown.
    dialog.reject()
    dialog = start_signing(icorerx_env, qtbot, compose)
    assert "Take 10 tablets at once" in dialog.ui.signRxList.item(0).text()
    (done,) = confirm(qtbot, dialog, "doctor-demo-1")
    assert done[0].status is RxStatus.SIGNED
    report = store.run_blocking(verify_prescriptions)
    assert report.ok and report.checked == 1
