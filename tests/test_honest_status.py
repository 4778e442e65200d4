"""The screen says what is true now: after a close during a sync, a busy data file, an
expired confirmation, a replaced phone code, a wrong signing code."""

from __future__ import annotations

import sqlite3
import time

from PySide6.QtCore import Qt, QTimer

from desktop.exostar.base import AdapterError

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
def test_close_when_finished_then_a_refusal_keeps_the_window_open_and_says_so(
    icorerx_env, qtbot
):
    device = ready_form(icorerx_env)
    window = icorerx_env.main_window()
    identity = icorerx_env.application.context.identity
    identity.add_token = slowly(0.8, refuse)
    with qtbot.waitSignal(device.token_sync.failed, timeout=15_000):
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
        qtbot.waitUntil(lambda: device.busy)
        window.close()
        box = window.wait_box
        close_later = next(b for b in box.buttons() if b.text() == "Close when finished")
        qtbot.mouseClick(close_later, CLICK)
    qtbot.wait(300)
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
        close_later = next(b for b in box.buttons() if b.text() == "Close when finished")
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
