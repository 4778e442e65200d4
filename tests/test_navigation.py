"""The help page's path through the real window, for both roles, via the icorerx plugin."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.domain.errors import SUPPORT_PHONE


def test_doctor_reaches_device_management_and_cancel_returns_to_admin(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage
    assert "Dr. Dana Whitfield" in window.ui.signedInLabel.text()

    device = icorerx_env.open_device_management()
    compose = window.compose_view
    assert window.ui.mainStack.currentWidget() is window.ui.composeRxPage
    assert compose.ui.topMenuTabs.currentWidget() is compose.ui.adminTab
    admin = compose.admin
    assert admin.ui.adminStack.currentWidget() is admin.ui.epcsDeviceManagementPage

    assert device.ui.phoneTable.rowCount() == 1
    assert device.ui.phoneTable.item(0, 0).text() == "(***) ***-0100"
    assert device.ui.phoneTable.item(0, 1).text() == "SMS text, Phone call"
    assert device.ui.tokenTable.rowCount() == 0
    assert "No token is synced" in device.ui.tokenEmptyLabel.text()
    assert device.ui.managePhonesGroup.title() == "Manage Phones"
    assert device.ui.manageTokenGroup.title() == "Manage Token"

    qtbot.mouseClick(device.ui.deviceCancelButton, Qt.MouseButton.LeftButton)
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage


def test_front_desk_sees_the_link_disabled_with_the_reason(icorerx_env, qtbot):
    window = icorerx_env.login("frontdesk", "frontdesk-demo-1")
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(0)
    qtbot.mouseClick(patients.ui.composeRxButton, Qt.MouseButton.LeftButton)
    compose = window.compose_view
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)
    admin = compose.admin
    assert admin is not None
    assert admin.ui.epcsUserControlsGroup.isVisible()
    link = admin.ui.epcsDeviceManagementLink
    assert not link.isEnabled()
    explanation = admin.ui.epcsRestrictedLabel.text()
    assert admin.ui.epcsRestrictedLabel.isVisible()
    assert "doctor's own login" in explanation
    assert link.toolTip() == explanation
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage
    assert admin.device is None


def test_wrong_password_is_explained_and_the_username_stays(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    ui = window.login_view.ui
    ui.usernameEdit.setText("doctor")
    ui.passwordEdit.setText("not-it")
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000) as failed:
        qtbot.mouseClick(ui.loginButton, Qt.MouseButton.LeftButton)
    assert "do not match" in failed.args[0].text
    assert ui.loginErrorLabel.isVisible()
    assert "do not match" in ui.loginErrorLabel.text()
    assert ui.usernameEdit.text() == "doctor"
    assert window.ui.mainStack.currentWidget() is window.ui.loginPage
    qtbot.keyClicks(ui.passwordEdit, "x")
    assert not ui.loginErrorLabel.isVisible()


def test_unknown_user_gets_the_same_message_as_a_wrong_password(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    ui = window.login_view.ui
    ui.usernameEdit.setText("nobody")
    ui.passwordEdit.setText("doctor-demo-1")
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000) as failed:
        qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
    assert "do not match" in failed.args[0].text


def test_empty_fields_say_what_to_type(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    ui = window.login_view.ui
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000) as failed:
        qtbot.mouseClick(ui.loginButton, Qt.MouseButton.LeftButton)
    assert failed.args[0].text == "Type your username, then your password."
    ui.usernameEdit.setText("doctor")
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000) as failed:
        qtbot.mouseClick(ui.loginButton, Qt.MouseButton.LeftButton)
    assert "Type your password" in failed.args[0].text


def test_patient_search_by_name_and_date_of_birth(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    view = window.patients_view
    table = view.ui.patientTable
    qtbot.waitUntil(lambda: table.rowCount() >= 5)
    assert not view.ui.composeRxButton.isEnabled()

    def search(text: str) -> None:
        with qtbot.waitSignal(view.controller.patientsFound, timeout=10_000):
            view.ui.patientSearchEdit.setText(text)

    search("okaf")
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "Okafor, Linda"
    search("01/09/1946")
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["Nguyen, Robert"]
    search("1946-01-09")
    assert table.rowCount() == 1
    search("zzzz")
    assert table.rowCount() == 0
    assert "No patient matches" in view.ui.patientEmptyLabel.text()
    search("Carter")
    table.selectRow(0)
    assert view.ui.composeRxButton.isEnabled()
    qtbot.mouseClick(view.ui.composeRxButton, Qt.MouseButton.LeftButton)
    banner = window.compose_view.ui.patientBannerLabel.text()
    assert banner.startswith("Carter, Aisha")
    assert "06/27/1990" in banner


def test_sign_out_returns_to_an_empty_sign_in_form(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.ui.signOutAction.trigger()
    assert window.ui.mainStack.currentWidget() is window.ui.loginPage
    assert window.login_view.ui.passwordEdit.text() == ""
    assert window.login_view.ui.usernameEdit.text() == ""  # the next person is someone else
    assert window.login_view.ui.usernameEdit.hasFocus()
    assert window.context.user is None
    window = icorerx_env.login("frontdesk", "frontdesk-demo-1")
    assert window.context.user.username == "frontdesk"


def test_support_contact_is_in_the_help_menu(icorerx_env):
    window = icorerx_env.main_window()
    assert window.ui.supportAction.text() == "Contact &support"
    assert SUPPORT_PHONE == "888-810-7706"


# The navigator: one way to open a screen, resolved once the screen is shown and read --------
def navigate(env, opening):
    return env.navigate(opening)


def test_each_open_resolves_with_the_screen_shown_and_read(icorerx_env):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    navigator = window.navigator
    ui = window.ui

    patients = navigate(icorerx_env, navigator.open_patients())
    assert ui.mainStack.currentWidget() is ui.patientsPage
    assert patients.ui.patientTable.rowCount() >= 5  # drawn when the call returns, no polling
    assert patients.ui.patientSearchEdit.hasFocus()

    first = patients.controller.found[0]
    compose = navigate(icorerx_env, navigator.open_compose_rx(first))
    assert ui.mainStack.currentWidget() is ui.composeRxPage
    assert compose.ui.topMenuTabs.currentWidget() is compose.ui.composeTab
    assert compose.patient == first
    assert compose.ui.patientBannerLabel.text().startswith(first.full_name)
    assert compose.ui.medicationCombo.count() > 0  # the formulary is read too

    admin = navigate(icorerx_env, navigator.open_admin())
    assert compose.ui.topMenuTabs.currentWidget() is compose.ui.adminTab
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage

    device = navigate(icorerx_env, navigator.open_device_management())
    assert admin.ui.adminStack.currentWidget() is admin.ui.epcsDeviceManagementPage
    assert device.ui.phoneTable.rowCount() == 1

    people = navigate(icorerx_env, navigator.open_people())
    assert admin.ui.adminStack.currentWidget() is admin.ui.peoplePage
    assert people.ui.peopleTable.rowCount() >= 2

    access = navigate(icorerx_env, navigator.open_access_control())
    assert admin.ui.adminStack.currentWidget() is admin.ui.epcsAccessControlPage
    assert access.overview is not None and access.ui.designationTable.rowCount() >= 1

    audit = navigate(icorerx_env, navigator.open_audit_log())
    assert admin.ui.adminStack.currentWidget() is admin.ui.auditPage
    assert audit.model.rowCount() > 0  # the sign-in above is in it


def test_the_plugin_opens_screens_through_the_navigator(icorerx_env):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.open_device_management()
    assert device is window.navigator.device
    assert icorerx_env.open_people() is window.accounts.people_view
    access = icorerx_env.open_access_control()
    assert access is window.navigator.admin.access
    assert icorerx_env.open_audit_log() is window.navigator.admin.audit
    assert icorerx_env.open_device_management() is device  # screens are reused


def test_a_greyed_out_page_is_refused_with_its_reason(icorerx_env):
    icorerx_env.login("frontdesk", "frontdesk-demo-1")
    with pytest.raises(AssertionError, match="doctor's own login"):
        icorerx_env.open_device_management()
