"""People at a shared desk: who is signed in, signing out for the next person, what waits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.audit import AuditEvent

CLICK = Qt.MouseButton.LeftButton


def test_sign_out_in_the_window_leaves_an_empty_form_for_the_next_person(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    button = window.ui.signOutButton
    assert button.isVisible() and window.ui.statusBar.isAncestorOf(button)
    qtbot.mouseClick(button, CLICK)
    login = window.login_view.ui
    assert window.ui.mainStack.currentWidget() is window.ui.loginPage
    assert login.usernameEdit.text() == "" and login.passwordEdit.text() == ""
    assert login.usernameEdit.hasFocus()
    assert not button.isVisible() and window.ui.signedInLabel.text() == "Not signed in"
    # The next person types their password where the doctor's used to be: nothing is tried
    # against the doctor's account.
    qtbot.keyClicks(login.usernameEdit, "frontdesk-demo-1")
    login.usernameEdit.clear()
    qtbot.keyClicks(login.passwordEdit, "frontdesk-demo-1")
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000) as failed:
        qtbot.keyClick(login.passwordEdit, Qt.Key.Key_Return)
    assert "Type your username" in failed.args[0].text
    store = icorerx_env.application.context.store
    refused = store.run_blocking(
        lambda s: s.db.execute(
            "SELECT count(*) FROM audit WHERE event = ? AND actor = 'doctor'",
            [AuditEvent.LOGIN_FAILED.value],
        ).fetchone()[0]
    )
    assert refused == 0


def test_signed_in_as_keeps_its_place_while_messages_pass(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    label = window.ui.signedInLabel
    assert label.text().startswith("Signed in as Dr. Dana Whitfield")
    window.ui.statusBar.showMessage("Signed 2 prescriptions for Carter, Aisha.", 10_000)
    assert label.isVisible() and label.text().startswith("Signed in as Dr. Dana Whitfield")
    assert window.ui.statusBar.currentMessage().startswith("Signed 2 prescriptions")


def test_front_desk_sees_why_the_audit_log_is_greyed_out(icorerx_env, qtbot):
    window = icorerx_env.login("frontdesk", "frontdesk-demo-1")
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(0)
    qtbot.mouseClick(patients.ui.composeRxButton, CLICK)
    compose = window.compose_view
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)
    admin = compose.admin
    assert not admin.ui.auditLink.isEnabled()
    reason = admin.ui.auditRestrictedLabel
    assert reason.isVisible() and "prescriber's login" in reason.text()
    assert admin.ui.auditLink.toolTip() == reason.text()


def test_the_doctor_sees_no_audit_restriction(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.open_device_management()
    admin = window.compose_view.admin
    assert admin.ui.auditLink.isEnabled() and admin.ui.auditRestrictedLabel.isHidden()


def test_the_patient_list_shows_who_has_prescriptions_waiting(icorerx_env, qtbot):
    from tests.test_signing import NOT_CONTROLLED, OXYCODONE, add_rx

    window = icorerx_env.login("frontdesk", "frontdesk-demo-1")
    patients = window.patients_view
    table = patients.ui.patientTable
    qtbot.waitUntil(lambda: table.rowCount() > 2)
    header = table.horizontalHeaderItem(3).text()
    assert header == "Waiting for signature"
    assert all(table.item(row, 3).text() == "" for row in range(table.rowCount()))
    table.selectRow(1)
    qtbot.mouseClick(patients.ui.composeRxButton, CLICK)
    compose = window.compose_view
    patient = compose.controller.patient
    add_rx(icorerx_env, patient.id, OXYCODONE)
    add_rx(icorerx_env, patient.id, NOT_CONTROLLED)
    with qtbot.waitSignal(patients.controller.patientsFound, timeout=10_000):
        qtbot.mouseClick(compose.ui.backToPatientsButton, CLICK)
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == patient.full_name)
    assert table.item(row, 3).text() == "2 prescriptions"
    assert "wait for the prescriber's signature" in table.item(row, 0).toolTip()
    others = [table.item(r, 3).text() for r in range(table.rowCount()) if r != row]
    assert set(others) == {""}


def test_help_shows_how_to_sync_the_token_as_this_application_does_it(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    actions = [a.text() for a in window.ui.helpMenu.actions()]
    assert "How to &sync your token…" in actions
    window.ui.syncHelpAction.trigger()
    help_dialog = window.sync_help
    assert help_dialog is not None and help_dialog.isVisible()
    steps = help_dialog.ui.syncHelpText.toPlainText()
    for words in (
        "doctor's own login",
        "Compose Rx",
        "EPCS Device Management",
        "Authenticate",
        "Add Token form opens by itself",
        "GALH12345678",
        "One-Time Password 1",
        "One-Time Password 2",
        "One click is enough",
        "Active",
        "888-810-7706",
    ):
        assert words in steps, words
    assert "RESULT IN AN ERROR" not in steps.upper()
    qtbot.keyClick(help_dialog.ui.syncHelpCloseButton, Qt.Key.Key_Return)
    assert not help_dialog.isVisible()


def test_the_phone_confirmation_goes_with_the_sign_in(icorerx_env, qtbot):
    from shiboken6 import isValid

    window = icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    step_up = window.compose_view.admin.device.phone_auth.step_up
    assert step_up.grant is not None
    window.sign_out()
    qtbot.waitUntil(lambda: not isValid(step_up))  # no timer left to reach a deleted screen
    window = icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    assert device.phone_auth.step_up.grant is None  # the next sign-in authenticates anew
