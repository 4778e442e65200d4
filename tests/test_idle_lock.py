"""After 10 minutes without input the window locks; the same user's password unlocks it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.views.idle_lock import IDLE_LOCK_SECONDS

CLICK = Qt.MouseButton.LeftButton


def test_idle_window_locks_and_unlocks_where_it_was(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    assert IDLE_LOCK_SECONDS == 600
    assert window.idle_watcher.active
    icorerx_env.open_device_management()
    page = window.ui.mainStack.currentWidget()
    with qtbot.waitSignal(window.lockChanged, timeout=5000):
        window.idle_watcher.idle.emit()  # ten minutes pass
    ui = window.login_view.ui
    assert window.ui.mainStack.currentWidget() is window.ui.loginPage
    assert ui.usernameEdit.text() == "doctor" and ui.usernameEdit.isReadOnly()
    assert "Locked after 10 minutes" in ui.loginErrorLabel.text()
    ui.passwordEdit.setText("wrong")
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000):
        qtbot.mouseClick(ui.loginButton, CLICK)
    assert window.locked
    ui.passwordEdit.setText("doctor-demo-1")
    with qtbot.waitSignal(window.lockChanged, timeout=10_000) as unlocked:
        qtbot.mouseClick(ui.loginButton, CLICK)
    assert unlocked.args == [False]
    assert window.ui.mainStack.currentWidget() is page
    assert not ui.usernameEdit.isReadOnly()


def test_input_keeps_the_window_unlocked(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    watcher = window.idle_watcher
    watcher._timer.setInterval(300)
    watcher.start()
    for _ in range(4):
        # Time passing is what is tested: half the idle interval, then a key, four times.
        qtbot.wait(150)
        qtbot.keyClick(window.patients_view.ui.patientSearchEdit, Qt.Key.Key_A)
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=3000)


def test_sign_out_from_the_locked_screen(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.lock()
    window.ui.signOutAction.trigger()
    assert not window.locked
    assert not window.login_view.ui.usernameEdit.isReadOnly()
    icorerx_env.login("frontdesk", "frontdesk-demo-1")
    assert window.context.user.username == "frontdesk"


# Locking hides every window of the session --------------------------------------------------


def lock(window, qtbot):
    with qtbot.waitSignal(window.lockChanged, timeout=5000) as locked:
        window.idle_watcher.idle.emit()  # ten minutes pass
    assert locked.args == [True]


def unlock(window, qtbot, password="doctor-demo-1"):
    ui = window.login_view.ui
    ui.passwordEdit.setText(password)
    with qtbot.waitSignal(window.lockChanged, timeout=10_000) as unlocked:
        qtbot.mouseClick(ui.loginButton, CLICK)
    assert unlocked.args == [False]


def visible_windows(window):
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def test_lock_closes_the_signing_dialog_and_its_patient(icorerx_env, qtbot):
    from shiboken6 import isValid

    from tests.test_signing_dialog import open_compose_with_a_pending_rx

    window, compose = open_compose_with_a_pending_rx(icorerx_env, qtbot)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = window.signing_dialog
    qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=10_000)
    assert dialog.isVisible() and dialog.ui.signRxList.count() == 1
    dialog.ui.signPasswordEdit.setText("doctor-demo-1")
    lock(window, qtbot)
    assert window.signing_dialog is None
    assert not isValid(dialog) or not dialog.isVisible()
    assert visible_windows(window) == []  # nothing but the lock screen is on show
    qtbot.waitUntil(lambda: not isValid(dialog), timeout=5000)  # its data is gone with it
    unlock(window, qtbot)
    assert window.ui.mainStack.currentWidget() is window.ui.composeRxPage
    assert window.signing_dialog is None
    assert compose.ui.signButton.isEnabled()  # the prescription still waits, unsigned


def test_lock_cancels_deactivate_and_ends_the_phone_confirmation(icorerx_env, qtbot):
    from tests.test_token_lifecycle import HOTP, status, synced_device

    device = synced_device(icorerx_env, qtbot)
    window = icorerx_env.main_window()
    assert device.phone_auth.step_up.grant is not None
    qtbot.mouseClick(device.ui.tokenDeactivateButton, CLICK)
    dialog = device.lifecycle.dialog
    qtbot.keyClicks(dialog.ui.tokenReasonEdit, "broken")
    assert dialog.ui.tokenActionConfirmButton.isEnabled()
    applied: list[tuple[str, str, str]] = []
    original = device.lifecycle.controller.apply
    device.lifecycle.controller.apply = lambda *args: applied.append(args) or original(*args)
    lock(window, qtbot)
    assert device.lifecycle.dialog is None and not dialog.isVisible()
    assert visible_windows(window) == []
    assert device.phone_auth.step_up.grant is None  # the lock ended the step-up
    unlock(window, qtbot)
    assert window.ui.mainStack.currentWidget() is window.ui.composeRxPage
    qtbot.waitUntil(lambda: device.lifecycle.settled)
    assert applied == []  # the Deactivate asked for before the lock never runs
    with qtbot.waitSignal(device.controller.loadFinished, timeout=10_000):
        device.refresh()  # read again from the identity service
    qtbot.waitUntil(lambda: device.lifecycle.settled)
    assert device.ui.tokenTable.item(0, 0).text() == HOTP
    assert status(device) == "Active"
    # The phone must confirm again before any token action.
    assert not device.ui.tokenDeactivateButton.isEnabled()
    assert not device.ui.addTokenButton.isEnabled()
    assert "ended when the screen locked" in device.ui.phoneStatusLabel.text()


def test_lock_closes_the_phone_code_dialog(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    window = icorerx_env.main_window()
    dialog = device.open_phone_dialog()
    assert dialog is not None and dialog.isVisible()
    lock(window, qtbot)
    assert device.phone_dialog is None and not dialog.isVisible()
    assert visible_windows(window) == []


def test_lock_closes_a_message_box_waiting_for_an_answer(icorerx_env, qtbot):
    from PySide6.QtCore import QTimer

    window = icorerx_env.login("doctor", "doctor-demo-1")
    seen: list[list[str]] = []

    def lock_while_asked() -> None:
        seen.append([w.objectName() or type(w).__name__ for w in visible_windows(window)])
        window.idle_watcher.idle.emit()

    QTimer.singleShot(50, lock_while_asked)
    window.ui.supportAction.trigger()  # a modal box: returns once the lock has closed it
    assert seen and seen[0] == ["QMessageBox"]
    assert window.locked
    assert visible_windows(window) == []


def test_lock_waits_for_a_signature_being_checked(icorerx_env, qtbot):
    from tests.test_signing_dialog import open_compose_with_a_pending_rx

    window, compose = open_compose_with_a_pending_rx(icorerx_env, qtbot)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = window.signing_dialog
    qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=10_000)
    dialog.controller._busy = True  # a signature is being checked at the service
    window.idle_watcher.idle.emit()
    assert not window.locked and dialog.isVisible()
    assert window.idle_watcher.active  # it locks after the answer, when idle again
    dialog.controller._busy = False
    lock(window, qtbot)
    assert window.signing_dialog is None


def test_lock_cancels_a_grant_entry_and_nothing_is_entered(icorerx_env, qtbot):
    from tests.grants import add_marsh, grant_of

    add_marsh(icorerx_env)
    window = icorerx_env.login("frontdesk", "frontdesk-demo-1")
    view = icorerx_env.open_access_control()
    qtbot.mouseClick(view.ui.enterGrantButton, CLICK)
    dialog = view.dialog
    dialog.ui.grantPrescriberCombo.setCurrentIndex(
        dialog.ui.grantPrescriberCombo.findText("Dr. Lee Marsh")
    )
    dialog.ui.grantProofedByEdit.setText("Exostar")
    dialog.ui.grantCheckedBox.setChecked(True)
    assert dialog.ui.grantEntryConfirmButton.isEnabled()
    lock(window, qtbot)
    assert view.dialog is None and not dialog.isVisible()
    assert visible_windows(window) == []
    unlock(window, qtbot, "frontdesk-demo-1")
    assert grant_of(icorerx_env, "marsh") is None  # the entry never ran


def test_lock_hides_the_demo_devices_and_help_and_keeps_them(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    devices = [window.open_token_simulator(), window.open_demo_phone(), window.open_sync_help()]
    lock(window, qtbot)
    assert not any(device.isVisible() for device in devices)
    assert visible_windows(window) == []
    unlock(window, qtbot)
    assert window.open_token_simulator() is devices[0]  # the same "hardware", kept
