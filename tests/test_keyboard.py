"""Keyboard only: the help page's whole flow, and signing, with key presses alone.

Every key goes where a person's key would go: to the open popup if there is one, else to
the widget that has the keyboard focus. No mouse, and no call on a widget except to read it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.prescriptions import RxStatus
from tests.keyboard import (
    ALT,
    HOTP,
    WAIT_MS,
    Keyboard,
    assert_mnemonics,
    bar_mnemonics,
    in_reading_order,
    mnemonic,
    tab_cycle,
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


def test_the_daily_audit_review_with_the_keyboard_alone(icorerx_env, qtbot):
    from desktop.domain.audit import AuditEvent
    from tests.review_days import audit_entries, write_yesterday

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
