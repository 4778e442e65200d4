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
    with qtbot.waitSignal(window.login_controller.loginFailed, timeout=10_000):
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
