"""Keyboard only: tab stops in reading order, one mnemonic per button, default buttons, and a
focus ring on every kind of control."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.keyboard import (
    HOTP,
    SHIFT,
    WAIT_MS,
    Keyboard,
    assert_mnemonics,
    bar_mnemonics,
    in_reading_order,
    mnemonic,
    tab_cycle,
)


def test_tables_take_one_tab_stop_and_tab_follows_the_screen(icorerx_env, qtbot):
    keys = Keyboard(qtbot)
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.resize(1100, 900)
    window.activateWindow()
    device = icorerx_env.sync_token(HOTP)
    device.begin_resync(HOTP)  # the Add Token form open, with the token list above it
    qtbot.waitUntil(lambda: device.lifecycle.settled)
    ui = device.ui
    stops = tab_cycle(keys, ui.phoneTable, device)
    names = [w.objectName() for w in stops]
    assert names == [
        "phoneTable",
        "authenticateButton",
        "tokenTable",
        "tokenResyncButton",
        "tokenSuspendButton",
        "tokenReportLostButton",
        "tokenDeactivateButton",
        "addTokenButton",
        "tokenSerialEdit",
        "otp1Edit",
        "otp2Edit",
        "deviceCancelButton",
    ], names  # Resume is greyed out for an Active token, Submit until two codes are typed
    in_reading_order(stops)
    # Shift+Tab and Ctrl+Tab leave a table too; arrows move inside it.
    for table, before in ((ui.phoneTable, None), (ui.tokenTable, ui.authenticateButton)):
        table.setFocus()
        keys.press(Qt.Key.Key_Down)
        assert QApplication.focusWidget() is table
        if before is not None:
            keys.press(Qt.Key.Key_Backtab, SHIFT)
            assert QApplication.focusWidget() is before
    compose = window.compose_view
    ui.tokenTable.setFocus()
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert compose.ui.topMenuTabs.currentWidget() is compose.ui.composeTab


def test_compose_rx_and_patients_tab_in_screen_order(icorerx_env, qtbot):
    from tests.test_signing import OXYCODONE, add_rx

    keys = Keyboard(qtbot)
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.resize(1100, 800)
    window.activateWindow()
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    stops = tab_cycle(keys, patients.ui.patientSearchEdit, patients)
    assert [w.objectName() for w in stops] == ["patientSearchEdit", "patientTable"]
    patients.ui.patientTable.setFocus()
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is patients.ui.composeRxButton
    keys.press(Qt.Key.Key_Return)
    compose = window.compose_view
    add_rx(icorerx_env, compose.controller.patient.id, OXYCODONE)
    compose.refresh()
    qtbot.waitUntil(
        lambda: compose.ui.signButton.isEnabled() and compose.ui.medicationCombo.isEnabled()
    )
    compose.ui.rxTable.selectRow(0)
    stops = tab_cycle(keys, compose.ui.medicationCombo, compose.ui.composeTab)
    names = [w.objectName() for w in stops]
    assert names == [
        "medicationCombo",
        "sigEdit",
        "quantityEdit",
        "refillsSpin",
        "addRxButton",
        "rxTable",
        "removeRxButton",
        "signButton",
    ], names
    in_reading_order(stops)


def test_every_button_has_its_own_mnemonic(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.resize(1100, 900)
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    assert_mnemonics(window, bar_mnemonics(window))
    device = icorerx_env.sync_token(HOTP)
    compose = window.compose_view
    tabs = compose.ui.topMenuTabs
    tab_letters = [mnemonic(tabs.tabText(i)) for i in range(tabs.count())]
    assert all(tab_letters)
    shown = bar_mnemonics(window) + tab_letters
    device.begin_resync(HOTP)
    qtbot.waitUntil(lambda: device.lifecycle.settled)
    assert_mnemonics(window, shown)
    device.ui.deviceCancelButton.click()
    assert_mnemonics(window, shown)  # Admin home
    tabs.setCurrentWidget(compose.ui.composeTab)
    assert_mnemonics(window, shown)


def test_dialogs_have_a_default_button_and_escape_cancels(icorerx_env, qtbot):
    keys = Keyboard(qtbot)
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    dialog = device.open_phone_dialog()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    assert dialog.ui.sendCodeButton.isDefault()
    assert_mnemonics(dialog, [])
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=WAIT_MS):
        keys.press(Qt.Key.Key_Return)
    assert dialog.ui.phoneCodeSubmitButton.isDefault()
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # Reopened (the first one is gone), and Escape again.
    dialog = device.open_phone_dialog()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


RING = {(0x1F, 0x5F, 0x8B), (0xF0, 0xA2, 0x02)}


def ring_pixels(widget: QWidget) -> int:
    """How many pixels on the widget's edge (3 px deep) have the focus ring's colour."""
    image = widget.grab().toImage()
    count = 0
    for x in range(image.width()):
        for y in range(image.height()):
            edge = min(x, y, image.width() - 1 - x, image.height() - 1 - y)
            if edge < 3:
                c = image.pixelColor(x, y)
                count += (c.red(), c.green(), c.blue()) in RING
    return count


def test_the_focus_ring_shows_on_every_kind_of_control(icorerx_env, qtbot, house_style):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.activateWindow()
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    compose = window.compose_view
    admin = compose.admin
    ui = device.ui
    ui.tokenSerialEdit.setText(HOTP)
    ui.otp1Edit.setText(icorerx_env.token_code(HOTP))
    ui.otp2Edit.setText(icorerx_env.token_code(HOTP))
    controls = [
        ui.authenticateButton,  # a button
        ui.phoneTable,  # a table
        ui.otp1Edit,  # a text field
        ui.tokenSubmitButton,  # a blue button: the ring is amber
        compose.ui.topMenuTabs.tabBar(),
    ]
    for control in controls:
        ui.deviceScroll.ensureWidgetVisible(control)
        ui.deviceCancelButton.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is ui.deviceCancelButton)
        before = ring_pixels(control)
        control.setFocus()
        qtbot.waitUntil(lambda c=control: QApplication.focusWidget() is c)
        after = ring_pixels(control)
        assert after > before + 40, f"{control.objectName() or 'tab bar'}: {before} -> {after}"
    ui.deviceCancelButton.click()
    link = admin.ui.epcsDeviceManagementLink
    admin.ui.auditLink.setFocus()
    before = ring_pixels(link)
    link.setFocus()
    assert ring_pixels(link) > before + 40
