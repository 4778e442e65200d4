"""Keyboard only: the help page's whole flow, and signing, with key presses alone.

Every key goes where a person's key would go: to the open popup if there is one, else to
the widget that has the keyboard focus. No mouse, and no call on a widget except to read it.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from desktop.domain.prescriptions import RxStatus

HOTP = "GALH12345678"
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 15_000


@pytest.fixture
def house_style(qapp):
    """The application's style sheet, as `icorerx` sets it (pytest-qt's QApplication has none)."""
    from desktop.app import load_style_sheet

    qapp.setStyleSheet(load_style_sheet())
    yield
    qapp.setStyleSheet("")


class Keyboard:
    def __init__(self, qtbot):
        self.qtbot = qtbot

    def target(self) -> QWidget:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        return focused

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.target(), key, modifier)
        self.window_manager()

    def window_manager(self) -> None:
        """What a window manager does and the offscreen platform does not: when a popup
        (the medication list) closes, the window under it is active again."""
        active = QApplication.activeWindow()
        if QApplication.activePopupWidget() is None and (active is None or not active.isVisible()):
            modal = QApplication.activeModalWidget()
            window = modal or next(
                (
                    w
                    for w in QApplication.topLevelWidgets()
                    if w.isVisible() and w.isWindow() and w.windowType() == Qt.WindowType.Window
                ),
                None,
            )
            if window is not None:
                window.activateWindow()
                QApplication.processEvents()

    def type(self, text: str) -> None:
        for char in text:
            self.qtbot.keyClicks(self.target(), char)

    def tab_to(self, widget: QWidget, limit: int = 40, backwards: bool = False) -> int:
        """Press Tab (or Shift+Tab) until `widget` has the focus; how many presses it took."""
        for presses in range(limit):
            if QApplication.focusWidget() is widget:
                return presses
            if backwards:
                self.press(Qt.Key.Key_Backtab, SHIFT)
            else:
                self.press(Qt.Key.Key_Tab)
        raise AssertionError(f"{widget.objectName()} is not reached by Tab; at {self.focus_name()}")

    def focus_name(self) -> str:
        focused = QApplication.focusWidget()
        return focused.objectName() if focused is not None else "nothing"

    def wait_focus(self, widget: QWidget) -> None:
        self.qtbot.waitUntil(
            lambda: QApplication.focusWidget() is widget,
            timeout=WAIT_MS,
        )


# The offscreen platform cannot grab the keyboard for the medication list's popup; the keys
# still reach it, as they are sent to the open popup.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_the_help_page_flow_and_signing_with_the_keyboard_alone(icorerx_env, qtbot, house_style):
    keys = Keyboard(qtbot)
    window = icorerx_env.main_window()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    login = window.login_view.ui

    # Login to iCoreRx site.
    keys.wait_focus(login.usernameEdit)
    keys.type("doctor")
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is login.passwordEdit
    keys.type("doctor-demo-1")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.patients_view is not None, timeout=WAIT_MS)

    # Select any Patient and navigate to Compose Rx.
    patients = window.patients_view.ui
    qtbot.waitUntil(lambda: patients.patientTable.rowCount() > 0, timeout=WAIT_MS)
    keys.wait_focus(patients.patientSearchEdit)
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is patients.patientTable
    keys.press(Qt.Key.Key_Down)
    assert patients.patientTable.selectionModel().selectedRows()
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.compose_view is not None, timeout=WAIT_MS)
    compose = window.compose_view

    # Select the Admin tab on the top menu bar.
    keys.press(Qt.Key.Key_A, ALT)
    assert compose.ui.topMenuTabs.currentWidget() is compose.ui.adminTab
    admin = compose.admin

    # Under EPCS User Controls, the EPCS Device Management link.
    keys.wait_focus(admin.ui.epcsDeviceManagementLink)
    keys.press(Qt.Key.Key_Return)
    assert admin.ui.adminStack.currentWidget() is admin.ui.epcsDeviceManagementPage
    device = admin.device

    # The Authenticate button in the Manage Phones section.
    keys.wait_focus(device.ui.authenticateButton)
    keys.press(Qt.Key.Key_Return)
    dialog = device.phone_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isActiveWindow(), timeout=WAIT_MS)
    # Phone call or SMS text message: text is chosen; Enter sends (the default button).
    assert dialog.ui.smsRadio.isChecked()
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=WAIT_MS):
        keys.press(Qt.Key.Key_Return)
    keys.wait_focus(dialog.ui.phoneCodeEdit)
    keys.type(icorerx_env.phone_codes()[-1].code)
    with qtbot.waitSignal(device.phone_auth.authenticated, timeout=WAIT_MS):
        keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

    # Add Token has opened by itself: the serial, then two codes.
    keys.wait_focus(device.ui.tokenSerialEdit)
    keys.type(HOTP)
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is device.ui.otp1Edit
    keys.type(icorerx_env.token_code(HOTP))
    assert QApplication.focusWidget() is device.ui.otp2Edit  # moved on after 6 digits
    keys.type(icorerx_env.token_code(HOTP))
    with qtbot.waitSignal(device.token_sync.synced, timeout=WAIT_MS):
        keys.press(Qt.Key.Key_Return)
    assert device.ui.tokenStatusLabel.text() == "Active"

    # Click Cancel to return to the Admin screen.
    keys.wait_focus(device.ui.deviceCancelButton)
    keys.press(Qt.Key.Key_Return)
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage
    keys.wait_focus(admin.ui.epcsDeviceManagementLink)

    # Signing: back to Compose Rx, a Schedule II prescription, Add to pending, Sign.
    keys.press(Qt.Key.Key_X, ALT)
    assert compose.ui.topMenuTabs.currentWidget() is compose.ui.composeTab
    combo = compose.ui.medicationCombo
    qtbot.waitUntil(lambda: combo.isEnabled(), timeout=WAIT_MS)
    keys.wait_focus(combo)
    keys.type("oxycodone 5 mg tab")
    keys.press(Qt.Key.Key_Down)  # the matches' list: the first is highlighted
    keys.press(Qt.Key.Key_Return)
    assert combo.currentText() == "Oxycodone 5 mg tablet"
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is compose.ui.sigEdit
    keys.type("Take 1 tablet by mouth every 6 hours as needed for pain")
    keys.press(Qt.Key.Key_Tab)
    keys.type("20")
    keys.tab_to(compose.ui.addRxButton)
    with qtbot.waitSignal(compose.controller.added, timeout=WAIT_MS):
        keys.press(Qt.Key.Key_Return)  # Enter on the focused Add to pending
    qtbot.waitUntil(lambda: compose.ui.signButton.isEnabled(), timeout=WAIT_MS)
    keys.tab_to(compose.ui.signButton)
    keys.press(Qt.Key.Key_Return)
    signing = window.signing_dialog
    assert signing is not None
    keys.wait_focus(signing.ui.signPasswordEdit)
    keys.type("doctor-demo-1")
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is signing.ui.signOtpEdit
    keys.type(icorerx_env.token_code(HOTP))
    with qtbot.waitSignal(signing.controller.signed, timeout=WAIT_MS) as signed:
        keys.press(Qt.Key.Key_Return)
    assert [rx.status for rx in signed.args[0]] == [RxStatus.SIGNED]
    qtbot.waitUntil(lambda: window.signing_dialog is None, timeout=WAIT_MS)


# Tab stops, mnemonics, defaults -----------------------------------------------------------
def tab_cycle(keys: Keyboard, start: QWidget, within: QWidget) -> list[QWidget]:
    """The widgets of `within` that Tab visits, in order, starting at `start`."""
    start.setFocus()
    keys.qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen: list[QWidget] = [start]
    for _ in range(60):
        keys.press(Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is start:
            return [w for w in seen if within.isAncestorOf(w) or w is within]
        seen.append(focused)
    raise AssertionError(
        f"Tab never came back to {start.objectName()}: {[w.objectName() for w in seen]}"
    )


def in_reading_order(widgets: list[QWidget]) -> None:
    """Each stop is below the one before, or beside it on its right."""
    for before, after in zip(widgets, widgets[1:], strict=False):
        a = before.mapToGlobal(before.rect().center())
        b = after.mapToGlobal(after.rect().center())
        same_row = abs(a.y() - b.y()) < min(before.height(), after.height()) / 2
        ok = b.x() > a.x() if same_row else b.y() > a.y()
        assert ok, f"Tab goes from {before.objectName()} to {after.objectName()} against the screen"


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


def visible_buttons(root: QWidget) -> list[QAbstractButton]:
    return [
        b
        for b in root.findChildren(QAbstractButton)
        if b.isVisibleTo(root.window()) and b.text() and b.objectName() != "qt_toolbar_ext_button"
    ]


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def assert_mnemonics(window: QWidget, extra: list[str]) -> None:
    """Every button has one, and no two things on screen share one."""
    taken = {m: "menu or tab" for m in extra}
    for button in visible_buttons(window):
        if not button.isVisible():
            continue
        letter = mnemonic(button.text())
        assert letter, f"{button.objectName()} ({button.text()!r}) has no mnemonic"
        assert letter not in taken, f"{button.objectName()} shares &{letter} with {taken[letter]}"
        taken[letter] = button.objectName()
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None and label.buddy().isVisible():
            letter = mnemonic(label.text())
            assert letter not in taken, (
                f"{label.objectName()} shares &{letter} with {taken[letter]}"
            )
            taken[letter] = label.objectName()


def bar_mnemonics(window) -> list[str]:
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    return [m for m in (mnemonic(t) for t in menus) if m]


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


def test_the_daily_audit_review_with_the_keyboard_alone(icorerx_env, qtbot):
    from desktop.domain.audit import AuditEvent
    from tests.test_daily_review import audit_entries, write_yesterday

    keys = Keyboard(qtbot)
    write_yesterday(icorerx_env)
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.resize(1100, 800)
    window.activateWindow()
    admin = icorerx_env.open_admin()
    qtbot.waitUntil(admin.ui.auditReviewNowButton.isVisible, timeout=WAIT_MS)
    admin.focus_first()
    keys.press(Qt.Key.Key_R, ALT)  # Daily audit &review (a mnemonic clicks a moment later)
    qtbot.waitUntil(lambda: admin.review is not None, timeout=WAIT_MS)
    review = admin.review
    qtbot.waitUntil(lambda: review.controller.report is not None, timeout=WAIT_MS)
    ui = review.ui
    keys.wait_focus(ui.auditReviewDaysTable)
    compose = window.compose_view
    tabs = compose.ui.topMenuTabs
    shown = bar_mnemonics(window) + [mnemonic(tabs.tabText(i)) for i in range(tabs.count())]
    assert_mnemonics(window, shown)
    stops = tab_cycle(keys, ui.auditReviewDaysTable, review)
    assert [w.objectName() for w in stops] == [
        "auditReviewDaysTable",
        "auditReviewReportView",
        "auditReviewIncidentCheck",
        "auditReviewNoteEdit",
        "auditReviewBackButton",
        "auditReviewRefreshButton",
        "auditReviewPdfButton",
        "auditReviewCsvButton",
        "auditReviewMarkButton",
    ]
    in_reading_order(stops)
    keys.press(Qt.Key.Key_I, ALT)  # Possible security &incident
    qtbot.waitUntil(ui.auditReviewIncidentCheck.isChecked, timeout=WAIT_MS)
    keys.press(Qt.Key.Key_N, ALT)  # &Note
    assert QApplication.focusWidget() is ui.auditReviewNoteEdit
    keys.type("badge left at the desk")
    with qtbot.waitSignal(review.controller.reviewed, timeout=WAIT_MS):
        keys.press(Qt.Key.Key_M, ALT)  # &Mark day reviewed
    (entry,) = audit_entries(icorerx_env, AuditEvent.AUDIT_DAY_REVIEWED)
    assert entry.details["incident"] is True
    assert entry.details["note"] == "badge left at the desk"
    keys.press(Qt.Key.Key_B, ALT)  # &Back to Admin
    qtbot.waitUntil(
        lambda: admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage, timeout=WAIT_MS
    )
