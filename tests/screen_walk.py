"""Every page on the screen it is given: run by test_screen_sizes.py in a process of its own.

Not collected on its own (the name does not start with test_): test_screen_sizes.py starts
pytest on this file with the screen set through the offscreen platform's configuration
file (`QT_QPA_PLATFORM=offscreen:configfile=...`) and `QT_SCALE_FACTOR`, which only take
effect in a fresh process. Each page's named controls must lie inside the visible window
(after scrolling to them, for those in a scrolling page); the page's own buttons must be
there without scrolling. A grab of each page is saved to $ICORERX_SHOTS.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint

from tests.screen_fit import WIDE, first_row_inside, inside, on_screen, save, settle, whole_text

HOTP = "GALH12345678"
WAIT_MS = 15_000


def test_every_page_fits(icorerx_env, qtbot, house_style):
    from tests.test_signing import NOT_CONTROLLED, OXYCODONE, add_rx

    window = icorerx_env.main_window()
    settle(qtbot)
    on_screen(window)
    if WIDE:  # maximised on a wide screen: actions must not drift away from their words
        window.showMaximized()
        settle(qtbot)
    login = window.login_view.ui
    for control in (login.usernameEdit, login.passwordEdit, login.loginButton):
        inside(control)
    save(window, "login")

    icorerx_env.login("doctor", "doctor-demo-1")
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0, timeout=WAIT_MS)
    patients.ui.patientTable.selectRow(0)
    settle(qtbot)
    for control in (
        patients.ui.patientSearchEdit,
        patients.ui.patientTable,
        patients.ui.composeRxButton,
    ):
        inside(control)
    save(window, "patients")

    # Compose Rx, with prescriptions waiting.
    patients.ui.composeRxButton.click()
    compose = window.compose_view
    patient = compose.controller.patient
    for _ in range(3):
        add_rx(icorerx_env, patient.id, NOT_CONTROLLED)
    compose.refresh()
    ui = compose.ui
    qtbot.waitUntil(lambda: ui.rxTable.rowCount() == 3 and ui.medicationCombo.isEnabled())
    ui.medicationCombo.setEditText("Oxycodone 5 mg tablet")
    settle(qtbot)
    for own in (ui.signButton, ui.removeRxButton):
        inside(own, scroll=False)  # the page's own buttons: in view without scrolling
    edit = ui.medicationCombo.lineEdit()
    assert edit.height() >= edit.fontMetrics().height(), "the Medication box cuts its text"
    assert ui.medicationCombo.rect().contains(edit.geometry())
    save(window, "compose-rx")
    for control in (
        ui.medicationCombo,
        ui.sigEdit,
        ui.quantityEdit,
        ui.refillsSpin,
        ui.addRxButton,
        ui.rxTable,
        ui.signButton,
    ):
        inside(control)
    if WIDE:
        gap = ui.addRxButton.mapTo(window, QPoint(0, 0)).x() - (
            ui.quantityEdit.mapTo(window, QPoint(ui.quantityEdit.width(), 0)).x()
        )
        assert gap < 1000, f"Add to pending is {gap} px from the fields it adds"
        sign_right = ui.signButton.mapTo(window, QPoint(ui.signButton.width(), 0)).x()
        assert sign_right < 1200, f"Sign ends {sign_right} px across a wide window"

    # Admin home.
    ui.topMenuTabs.setCurrentWidget(ui.adminTab)
    admin = compose.ensure_admin()
    settle(qtbot)
    for control in (admin.ui.epcsDeviceManagementLink, admin.ui.auditLink):
        inside(control)
    save(window, "admin")

    # EPCS Device Management, and Manage Phones > Authenticate.
    device = icorerx_env.open_device_management()
    settle(qtbot)
    inside(device.ui.deviceCancelButton, scroll=False)
    for control in (device.ui.phoneTable, device.ui.authenticateButton, device.ui.addTokenButton):
        inside(control)
    if WIDE:
        status = device.ui.phoneStatusLabel
        text_end = status.mapTo(window, QPoint(0, 0)).x() + min(
            status.width(), status.fontMetrics().horizontalAdvance(status.text())
        )
        gap = device.ui.authenticateButton.mapTo(window, QPoint(0, 0)).x() - text_end
        assert gap < 300, f"Authenticate is {gap} px from its instruction"
    save(window, "epcs-device-management")
    dialog = device.open_phone_dialog()
    qtbot.waitUntil(dialog.isVisible)
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=WAIT_MS):
        dialog.ui.sendCodeButton.click()
    settle(qtbot)
    on_screen(dialog)
    for name in (
        "smsRadio",
        "voiceRadio",
        "sendCodeButton",
        "phoneCodeEdit",
        "phoneCodeSubmitButton",
    ):
        inside(getattr(dialog.ui, name))
    whole_text(dialog.ui.phoneAuthMessageLabel)
    assert "it works until" in dialog.ui.phoneAuthMessageLabel.text()
    save(dialog, "phone-code-dialog")
    with qtbot.waitSignal(device.phone_auth.authenticated, timeout=WAIT_MS):
        dialog.ui.phoneCodeEdit.setText(icorerx_env.phone_codes()[-1].code)
        dialog.ui.phoneCodeSubmitButton.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    add_token_checks(icorerx_env, qtbot, window, device)

    # Wrong phone codes: each message shows whole, and Submit stays where it was.
    device.phone_auth._resend_at = None  # 30 s later, on both clocks
    device.phone_auth._tick()
    identity = icorerx_env.application.context.identity
    identity.clock = lambda: time.time() + 31
    dialog = device.open_phone_dialog()
    qtbot.waitUntil(dialog.isVisible)
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=WAIT_MS):
        dialog.ui.sendCodeButton.click()
    right = icorerx_env.phone_codes()[-1].code
    wrong = "000000" if right != "000000" else "111111"
    settle(qtbot)
    submit_at = dialog.ui.phoneCodeSubmitButton.mapToGlobal(QPoint(0, 0))
    for _ in range(5):
        dialog.ui.phoneCodeEdit.setText(wrong)
        with qtbot.waitSignal(device.phone_auth.failed, timeout=WAIT_MS):
            dialog.ui.phoneCodeSubmitButton.click()
        settle(qtbot)
        on_screen(dialog)
        whole_text(dialog.ui.phoneAuthMessageLabel)
        if "tries left" in dialog.ui.phoneAuthMessageLabel.text():
            # The room kept for messages holds this one: Submit has not moved.
            assert dialog.ui.phoneCodeSubmitButton.mapToGlobal(QPoint(0, 0)) == submit_at
    assert "You can send a new code at" in dialog.ui.phoneAuthMessageLabel.text()
    save(dialog, "phone-code-dialog-paused")
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # Signing.
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.composeTab)
    add_rx(icorerx_env, patient.id, OXYCODONE)
    compose.refresh()
    qtbot.waitUntil(lambda: compose.ui.signButton.isEnabled(), timeout=WAIT_MS)
    signing = window.open_signing(patient)
    qtbot.waitUntil(lambda: signing.controller.plan is not None, timeout=WAIT_MS)
    settle(qtbot)
    on_screen(signing)
    for name in (
        "attestationText",
        "signPasswordEdit",
        "signOtpEdit",
        "signConfirmButton",
        "signCancelButton",
    ):
        inside(getattr(signing.ui, name))
    save(signing, "signing-dialog")
    signing.reject()

    # The demo token: big digits, nothing on top of them.
    sim = window.open_token_simulator()
    qtbot.waitUntil(lambda: sim.ui.simSerialCombo.count() > 0, timeout=WAIT_MS)
    assert sim.ui.simSerialCombo.currentText() == HOTP
    with qtbot.waitSignal(window.demo_controller.codeShown, timeout=WAIT_MS):
        sim.ui.simButton.click()
    settle(qtbot)
    on_screen(sim)
    display, hint = sim.ui.simDisplay, sim.ui.simHintLabel
    for control in (display, hint, sim.ui.simButton, sim.ui.simSerialCombo):
        inside(control)
    whole_text(hint)
    assert not display.geometry().intersects(hint.geometry()), "the hint covers the digits"
    digits = display.fontMetrics()
    assert digits.height() >= 36, f"the digits are {digits.height()} px tall"
    assert digits.horizontalAdvance(display.text()) <= display.contentsRect().width()
    assert digits.height() <= display.contentsRect().height()
    save(sim, "token-simulator")
    sim.close()

    # The audit log.
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)
    admin.show_home()
    admin.open_audit()
    audit = admin.audit
    qtbot.waitUntil(lambda: audit.ui.auditTable.model().rowCount() > 3, timeout=WAIT_MS)
    settle(qtbot)
    for control in (audit.ui.auditTable, audit.ui.auditBackButton, audit.ui.auditVerifyButton):
        inside(control)
    save(window, "audit-log")
    on_screen(window)

    # The daily audit review, reached from the Admin home's reminder.
    from tests.review_days import write_yesterday

    write_yesterday(icorerx_env)
    admin.back_home()
    qtbot.waitUntil(admin.ui.auditReviewNowButton.isVisible, timeout=WAIT_MS)
    settle(qtbot)
    whole_text(admin.ui.auditReviewNudgeLabel)
    inside(admin.ui.auditReviewNowButton)
    admin.ui.auditReviewNowButton.click()
    review = admin.review
    qtbot.waitUntil(lambda: review.controller.report is not None, timeout=WAIT_MS)
    settle(qtbot)
    rui = review.ui
    for control in (rui.auditReviewBackButton, rui.auditReviewMarkButton, rui.auditReviewPdfButton):
        inside(control, scroll=False)
    for control in (
        rui.auditReviewDaysTable,
        rui.auditReviewReportView,
        rui.auditReviewIncidentCheck,
        rui.auditReviewNoteEdit,
        rui.auditReviewCsvButton,
    ):
        inside(control)
    save(window, "audit-review")
    room = rui.auditReviewReportView.height()
    assert room >= 110, f"the report has {room} px: no room to be read"
    on_screen(window)


def add_token_checks(env, qtbot, window, device) -> None:
    ui = device.ui
    qtbot.waitUntil(ui.addTokenFrame.isVisible)
    settle(qtbot)
    inside(ui.deviceCancelButton, scroll=False)
    for control in (ui.tokenSerialEdit, ui.otp1Edit, ui.otp2Edit, ui.tokenSubmitButton):
        inside(control)
    ui.tokenSerialEdit.setText("GALH1234567B")
    ui.otp1Edit.setText(env.token_code(HOTP))
    settle(qtbot)
    submit_at = ui.tokenSubmitButton.mapTo(window, QPoint(0, 0))
    ui.otp2Edit.setText(env.token_code(HOTP))
    settle(qtbot)
    assert ui.tokenSubmitButton.mapTo(window, QPoint(0, 0)) == submit_at, "Submit jumped"
    save(window, "add-token")
    with qtbot.waitSignal(device.token_sync.failed, timeout=WAIT_MS):
        ui.tokenSubmitButton.click()
    qtbot.waitUntil(lambda: device.settled)
    settle(qtbot)
    inside(ui.tokenSuggestionButton, scroll=False)  # brought into view by the screen itself
    whole_text(ui.tokenErrorLabel)
    save(window, "add-token-unknown-serial")
    with qtbot.waitSignal(device.token_sync.synced, timeout=WAIT_MS):
        ui.tokenSuggestionButton.click()
        ui.tokenSubmitButton.click()
    qtbot.waitUntil(lambda: device.lifecycle.settled and ui.tokenTable.rowCount() == 1)
    # Token Status is brought into view once the list and its actions are drawn.
    qtbot.waitUntil(lambda: device.settled)
    settle(qtbot)
    inside(ui.deviceCancelButton, scroll=False)
    for control in (ui.tokenResyncButton, ui.tokenDeactivateButton):
        inside(control)
    first_row_inside(ui.tokenTable)
    save(window, "token-active")
    ui.deviceCancelButton.click()
