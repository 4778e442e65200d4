"""The screen says what is true now: after a close during a sync, a busy data file, an
expired confirmation, a replaced phone code, a wrong signing code."""

from __future__ import annotations

import sqlite3
import time

from PySide6.QtCore import Qt, QTimer

from desktop.exostar.base import AdapterError
from tests.adapters import both_adapters

HOTP = "GALH12345678"
CLICK = Qt.MouseButton.LeftButton


def ready_form(env):
    env.login("doctor", "doctor-demo-1")
    env.authenticate()
    device = env.open_device_management()
    device.ui.tokenSerialEdit.setText(HOTP)
    device.ui.otp1Edit.setText(env.token_code(HOTP))
    device.ui.otp2Edit.setText(env.token_code(HOTP))
    return device


def slowly(seconds, answer):
    def call(*args):
        time.sleep(seconds)
        return answer(*args)

    return call


def refuse(*_args):
    raise AdapterError(
        "The two codes are not one right after the other.", "Press once more.", code="x"
    )


# Closing during a sync ----------------------------------------------------------------------
def test_close_when_finished_then_a_refusal_keeps_the_window_open_and_says_so(icorerx_env, qtbot):
    device = ready_form(icorerx_env)
    window = icorerx_env.main_window()
    identity = icorerx_env.application.context.identity
    identity.add_token = slowly(0.8, refuse)
    with qtbot.waitSignal(device.token_sync.failed, timeout=15_000):
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
        qtbot.waitUntil(lambda: device.busy)
        window.close()
        box = window.wait_box
        close_later = next(b for b in box.buttons() if "Close when" in b.text())
        qtbot.mouseClick(close_later, CLICK)
    qtbot.waitUntil(lambda: window.sync_not_done_box is not None)
    assert window.isVisible()
    told = window.sync_not_done_box
    assert told is not None and told.isVisible()
    assert "not synced" in told.windowTitle() and "stayed open" in told.text()
    assert "not one right after the other" in told.informativeText()
    assert "not one right after the other" in device.ui.tokenErrorLabel.text()
    told.accept()
    # A later close is an ordinary close.
    window.close()
    assert not window.isVisible()


def test_close_when_finished_then_a_success_closes(icorerx_env, qtbot):
    device = ready_form(icorerx_env)
    window = icorerx_env.main_window()
    icorerx_env.delay_identity("add_token", 0.8)
    with qtbot.waitSignal(device.token_sync.synced, timeout=15_000):
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
        qtbot.waitUntil(lambda: device.busy)
        window.close()
        box = window.wait_box
        close_later = next(b for b in box.buttons() if "Close when" in b.text())
        qtbot.mouseClick(close_later, CLICK)
        assert window.isVisible()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.sync_not_done_box is None


def test_the_still_syncing_question_goes_away_when_the_answer_comes(icorerx_env, qtbot):
    device = ready_form(icorerx_env)
    window = icorerx_env.main_window()
    icorerx_env.delay_identity("add_token", 0.8)
    with qtbot.waitSignal(device.token_sync.synced, timeout=15_000):
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
        qtbot.waitUntil(lambda: device.busy)
        window.close()
        box = window.wait_box
        assert box is not None and box.isVisible()
    qtbot.waitUntil(lambda: window.wait_box is None and not box.isVisible(), timeout=3000)
    assert window.isVisible()  # nobody chose to close it
    assert device.ui.tokenStatusLabel.text() == "Active"


# A busy data file -------------------------------------------------------------------------
def hold_identity_file(env):
    """Another program's write lock on the identity service's file, and a short lock wait."""
    identity = env.application.context.identity
    identity.lane.submit(lambda: identity.db.execute("PRAGMA busy_timeout = 50")).result()
    other = sqlite3.connect(identity.folder / "identity.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_data_file_busy_for_a_moment_is_waited_for(icorerx_env, qtbot):
    device = ready_form(icorerx_env)
    other = hold_identity_file(icorerx_env)
    QTimer.singleShot(400, other.rollback)  # the backup lets go
    try:
        with qtbot.waitSignal(device.token_sync.synced, timeout=15_000):
            qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
    finally:
        other.close()
    assert device.ui.tokenStatusLabel.text() == "Active"
    assert device.ui.tokenErrorLabel.text() == ""


def test_a_data_file_that_stays_busy_is_named(icorerx_env, qtbot, caplog):
    device = ready_form(icorerx_env)
    other = hold_identity_file(icorerx_env)
    try:
        with qtbot.waitSignal(device.token_sync.failed, timeout=15_000) as failed:
            qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
    finally:
        other.close()
    text = device.ui.tokenErrorLabel.text()
    assert "in use by another program" in text and "Try again in a moment" in text
    assert "did not expect" not in text
    assert not failed.args[0].codes_spent
    assert device.ui.otp1Edit.text() and device.ui.otp2Edit.text()  # kept for the retry
    with qtbot.waitSignal(device.token_sync.synced, timeout=15_000):
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)


# Device Management says what is true now ---------------------------------------------------
def test_device_management_texts_follow_the_confirmation_and_the_token(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    ui = device.ui
    assert "Authenticate with your phone, then" in ui.tokenEmptyLabel.text()
    icorerx_env.authenticate()
    assert "Authenticate" not in ui.tokenEmptyLabel.text()
    assert "serial number and two codes" in ui.tokenEmptyLabel.text()
    assert "You can add your token now" in ui.phoneStatusLabel.text()
    ui.tokenSerialEdit.setText(HOTP)
    ui.otp1Edit.setText(icorerx_env.token_code(HOTP))
    ui.otp2Edit.setText(icorerx_env.token_code(HOTP))
    with qtbot.waitSignal(device.token_sync.synced, timeout=15_000):
        qtbot.mouseClick(ui.tokenSubmitButton, CLICK)
    qtbot.waitUntil(lambda: ui.tokenTable.rowCount() == 1)
    status = ui.phoneStatusLabel.text()
    assert "You can add your token now" not in status
    assert "Authenticated until" in status and "resync, suspend or deactivate" in status
    assert not ui.tokenEmptyLabel.isVisible()


def test_an_expired_confirmation_says_it_expired(icorerx_env, qtbot):
    import dataclasses
    import datetime as dt

    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    step_up = device.phone_auth.step_up
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=0.6)
    step_up.set(dataclasses.replace(step_up.grant, expires_at=soon))
    assert device.ui.phoneStatusLabel.property("tone") == "ok"
    qtbot.waitUntil(lambda: "expired at" in device.ui.phoneStatusLabel.text(), timeout=3000)
    assert device.ui.phoneStatusLabel.property("tone") != "ok"
    assert "Authenticated until" not in device.ui.phoneStatusLabel.text()
    assert not device.ui.addTokenButton.isEnabled()


def test_typing_new_codes_clears_the_old_refusal(icorerx_env, qtbot):
    from desktop.demo import DEMO_KEY
    from desktop.domain.otp import generate_hotp

    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    ui = device.ui
    ui.tokenSerialEdit.setText(HOTP)
    ui.otp1Edit.setText(generate_hotp(DEMO_KEY, 0))
    ui.otp2Edit.setText(generate_hotp(DEMO_KEY, 2))
    with qtbot.waitSignal(device.token_sync.failed, timeout=15_000):
        qtbot.mouseClick(ui.tokenSubmitButton, CLICK)
    assert "do not sync token" in ui.tokenErrorLabel.text()
    qtbot.keyClicks(ui.otp1Edit, "1")
    assert ui.tokenErrorLabel.text() == "" and not ui.tokenErrorLabel.isVisible()


def test_an_unknown_serial_refusal_stays_while_codes_are_typed(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    ui = device.ui
    ui.tokenSerialEdit.setText("GALH1234567B")
    ui.otp1Edit.setText(icorerx_env.token_code(HOTP))
    ui.otp2Edit.setText(icorerx_env.token_code(HOTP))
    with qtbot.waitSignal(device.token_sync.failed, timeout=15_000):
        qtbot.mouseClick(ui.tokenSubmitButton, CLICK)
    qtbot.keyClick(ui.otp2Edit, Qt.Key.Key_Backspace)
    assert "GALH12345678" in ui.tokenErrorLabel.text()  # still about the serial
    assert not ui.tokenSuggestionButton.isHidden()
    qtbot.keyClicks(ui.tokenSerialEdit, "X")
    assert ui.tokenErrorLabel.text() == "" and ui.tokenSuggestionButton.isHidden()


# Phone codes ------------------------------------------------------------------------------
def test_the_text_messages_code_after_a_phone_call_is_not_a_wrong_try(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    dialog = device.open_phone_dialog()
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    sms_code = icorerx_env.phone_codes()[-1].code
    # 30 s later the text has not come, so the doctor asks for a call.
    device.phone_auth._resend_at = None
    device.phone_auth._tick()
    identity = icorerx_env.application.context.identity
    identity.clock = lambda: time.time() + 31
    dialog.ui.voiceRadio.setChecked(True)
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    call_code = icorerx_env.phone_codes()[-1].code
    if call_code == sms_code:  # one in a million: the test would prove nothing
        return
    dialog.ui.phoneCodeEdit.setText(sms_code)  # then the text arrives, and is typed
    with qtbot.waitSignal(device.phone_auth.failed, timeout=10_000) as failed:
        qtbot.mouseClick(dialog.ui.phoneCodeSubmitButton, CLICK)
    message, code = failed.args[0].text, failed.args[0].code
    assert code == "code_replaced"
    assert "earlier text message" in message and "code from the phone call" in message
    assert "did not count" in message and "does not match" not in message
    wrong = "000000" if call_code != "000000" else "111111"
    dialog.ui.phoneCodeEdit.setText(wrong)
    with qtbot.waitSignal(device.phone_auth.failed, timeout=10_000) as failed:
        qtbot.mouseClick(dialog.ui.phoneCodeSubmitButton, CLICK)
    assert "4 tries left" in failed.args[0].text  # the text's code cost nothing
    dialog.ui.phoneCodeEdit.setText(call_code)
    with qtbot.waitSignal(device.phone_auth.authenticated, timeout=10_000):
        qtbot.mouseClick(dialog.ui.phoneCodeSubmitButton, CLICK)


# Signing ----------------------------------------------------------------------------------
@both_adapters
def test_a_wrong_signing_code_says_how_many_tries_are_left(icorerx_env, qtbot):
    from tests.test_signing import OXYCODONE, add_rx, confirm, open_patient, start_signing

    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    _window, compose = open_patient(icorerx_env)
    add_rx(icorerx_env, compose.controller.patient.id, OXYCODONE)
    dialog = start_signing(icorerx_env, qtbot, compose)
    message, code = confirm(qtbot, dialog, "doctor-demo-1", "000000", expect="failed")
    assert code == "wrong_code" and "9 more wrong codes lock your token" in message
    assert "9 more wrong codes" in dialog.ui.signErrorLabel.text()
    for _ in range(8):
        message, code = confirm(qtbot, dialog, "doctor-demo-1", "000000", expect="failed")
    assert "One more wrong code locks your token" in message
    message, code = confirm(qtbot, dialog, "doctor-demo-1", "000000", expect="failed")
    assert code == "locked" and "more wrong code" not in message
