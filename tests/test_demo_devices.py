"""The demo key-fob and phone: the same codes in the window and in the plugin's helpers."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from desktop.config import Settings
from desktop.demo import DEMO_KEY
from desktop.domain.models import PhoneChannel
from desktop.domain.otp import generate_hotp, generate_totp, time_step


def test_simulator_and_token_code_press_the_same_event_token(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    assert window.ui.demoMenu.menuAction().isVisible()
    sim = window.open_token_simulator()
    qtbot.waitUntil(lambda: sim.ui.simSerialCombo.count() == 2)
    assert [sim.ui.simSerialCombo.itemText(i) for i in range(2)] == ["GAKT12345678", "GALH12345678"]
    sim.ui.simSerialCombo.setCurrentText("GALH12345678")
    for counter in (0, 1):
        with qtbot.waitSignal(window.demo_controller.codeShown, timeout=10_000):
            qtbot.mouseClick(sim.ui.simButton, Qt.MouseButton.LeftButton)
        assert sim.displayed_code() == generate_hotp(DEMO_KEY, counter)
    assert "disappear in 30 seconds" in sim.ui.simHintLabel.text()
    assert icorerx_env.token_code("GALH12345678") == generate_hotp(DEMO_KEY, 2)
    sim._blank.timeout.emit()  # the 30 s are up
    assert sim.displayed_code() == ""


def test_time_token_shows_the_code_of_now(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    sim = window.open_token_simulator()
    qtbot.waitUntil(lambda: sim.ui.simSerialCombo.count() == 2)
    sim.ui.simSerialCombo.setCurrentText("GAKT12345678")
    before = time_step(time.time())
    with qtbot.waitSignal(window.demo_controller.codeShown, timeout=10_000):
        qtbot.mouseClick(sim.ui.simButton, Qt.MouseButton.LeftButton)
    after = time_step(time.time())
    expected = {generate_totp(DEMO_KEY, step * 30) for step in (before, after)}
    assert sim.displayed_code() in expected
    later = time.time() + 30
    assert icorerx_env.token_code("GAKT12345678", at=later) == generate_totp(DEMO_KEY, later)


def test_demo_phone_shows_the_doctors_messages_newest_first(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    identity = window.context.identity
    identity.lane.submit(
        identity.send_phone_code, "doctor", "doctor-mobile", PhoneChannel.SMS
    ).result()
    phone = window.open_demo_phone()
    qtbot.waitUntil(lambda: phone.ui.demoPhoneList.count() == 1, timeout=10_000)
    code = icorerx_env.phone_codes()[-1].code
    assert code is not None and code in phone.ui.demoPhoneList.item(0).text()
    assert phone.ui.demoPhoneList.item(0).text().startswith("SMS text")
    # The phone read it, so it was delivered: the code has left the outbox's file.
    files = sorted(identity.folder.glob("identity.sqlite*"))
    assert files and code.encode() not in b"".join(f.read_bytes() for f in files)


def test_closing_the_window_closes_the_demo_devices_and_stops_their_polling(icorerx_env):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    phone = window.open_demo_phone()
    simulator = window.open_token_simulator()
    assert phone._refresh.isActive()
    window.close()
    assert not phone.isVisible() and not simulator.isVisible()
    assert not phone._refresh.isActive()  # it would poll a service that is shutting down


def test_demo_menu_is_hidden_outside_demo_mode(icorerx_env):
    settings = Settings.load(icorerx_env.data_dir)
    settings.demo = False
    settings.save(icorerx_env.data_dir)
    window = icorerx_env.main_window()
    assert not window.ui.demoMenu.menuAction().isVisible()
    assert window.login_view.ui.demoHintLabel.isHidden()


def test_the_demo_token_opens_on_the_help_pages_serial(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    sim = window.open_token_simulator()
    qtbot.waitUntil(lambda: sim.ui.simSerialCombo.count() == 2)
    assert sim.ui.simSerialCombo.currentText() == "GALH12345678"


def test_the_demo_token_can_be_pressed_while_the_signing_dialog_is_open(icorerx_env, qtbot):
    from PySide6.QtCore import QEvent, QObject

    from tests.test_signing import OXYCODONE, add_rx, open_patient, start_signing

    class Blocked(QObject):
        def __init__(self):
            super().__init__()
            self.events = []

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() in (QEvent.Type.WindowBlocked, QEvent.Type.WindowUnblocked):
                self.events.append((watched, event.type()))
            return False

    window = icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token("GALH12345678")
    _window, compose = open_patient(icorerx_env)
    add_rx(icorerx_env, compose.controller.patient.id, OXYCODONE)
    sim = window.open_token_simulator()
    phone = window.open_demo_phone()
    qtbot.waitUntil(lambda: sim.ui.simSerialCombo.count() == 2)
    watcher = Blocked()
    for watched in (sim, phone, window):
        watched.installEventFilter(watcher)
    dialog = start_signing(icorerx_env, qtbot, compose)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # the window, not the app
    blocked = [w for w, kind in watcher.events if kind == QEvent.Type.WindowBlocked]
    assert window in blocked  # the signing dialog does hold the main window
    assert sim not in blocked and phone not in blocked
    with qtbot.waitSignal(window.demo_controller.codeShown, timeout=10_000):
        qtbot.mouseClick(sim.ui.simButton, Qt.MouseButton.LeftButton)
    assert len(sim.displayed_code()) == 6
    assert dialog.isVisible()


def test_reopening_the_phone_dialog_leaves_the_first_one_alone(icorerx_env, qtbot, caplog):
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    first = device.open_phone_dialog()
    with qtbot.waitSignal(first.destroyed, timeout=5_000):  # deleted, not only closed
        first.reject()
    assert device.phone_dialog is None
    second = device.open_phone_dialog()
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(second.ui.sendCodeButton, Qt.MouseButton.LeftButton)
    second.ui.phoneCodeEdit.setText(icorerx_env.phone_codes()[-1].code)
    with qtbot.waitSignal(device.phone_auth.authenticated, timeout=10_000):
        qtbot.mouseClick(second.ui.phoneCodeSubmitButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not second.isVisible())
    assert "already deleted" not in caplog.text
