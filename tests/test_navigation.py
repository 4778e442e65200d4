"""The help page's path through the real window, for both roles, via the icorerx plugin."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt

from desktop.domain.errors import SUPPORT_PHONE
from desktop.views.awaiting import NavigationError


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


def test_screens_are_built_ahead_after_sign_in(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    assert window.patients_view is not None  # built while the password was checked
    # Without any click: Compose Rx, Admin and Device Management are built, one per turn,
    # so opening them later costs no build.
    qtbot.waitUntil(lambda: not window.navigator.building, timeout=10_000)
    assert window.navigator.device is not None
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage
    admin = window.navigator.admin
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage


def test_opening_while_screens_are_being_built_makes_each_screen_once(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    navigator = window.navigator
    seen, opened = [], []

    def at_sign_in(_user):
        # The building steps are queued, none has run: open twice, at once.
        seen.append((navigator.building, navigator.compose, navigator.device))
        opened.append(asyncio.ensure_future(navigator.open_device_management()))
        opened.append(asyncio.ensure_future(navigator.open_device_management()))

    window.signedIn.connect(at_sign_in)
    icorerx_env.login("doctor", "doctor-demo-1")
    assert seen == [(True, None, None)]
    qtbot.waitUntil(lambda: all(task.done() for task in opened), timeout=10_000)
    first, second = (task.result() for task in opened)
    assert first is second is navigator.device
    assert first.ui.phoneTable.rowCount() == 1
    compose = navigator.compose
    qtbot.waitUntil(lambda: not navigator.building, timeout=10_000)
    # The queued steps found the screens made and made no second copy.
    assert navigator.compose is compose and navigator.device is first
    assert compose.admin.ui.epcsDeviceManagementLayout.count() == 1
    assert window.ui.composeRxPageLayout.count() == 1


def test_signing_out_while_a_screen_opens_ends_the_wait_with_a_reason(icorerx_env, qtbot):
    """Also: the screens deleted at sign-out build nothing more (the Compose Rx tabs going
    used to bring up, and build, an Admin tab for nobody)."""
    window = icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.delay_identity("list_phones", 0.5)
    opening = asyncio.ensure_future(window.navigator.open_device_management())
    qtbot.waitUntil(lambda: window.navigator.device is not None, timeout=10_000)
    icorerx_env.sign_out()
    qtbot.waitUntil(opening.done, timeout=10_000)
    with pytest.raises(NavigationError, match="closed before it was read"):
        opening.result()
    with pytest.raises(NavigationError, match="sign in first"):
        task = asyncio.ensure_future(window.navigator.open_patients())
        qtbot.waitUntil(task.done, timeout=10_000)
        task.result()


def test_a_screen_opened_at_once_after_sign_in_is_built_by_its_queued_steps(icorerx_env, qtbot):
    """Opening Compose Rx at the moment of sign-in waits for the queued steps (a module a
    turn, then the screen) instead of loading and building it all on the turn that asks,
    and the screen it opens is the one the steps built."""
    window = icorerx_env.main_window()
    navigator = window.navigator
    patient = icorerx_env.application.context.store.run_blocking(
        lambda store: store.search_patients("")[0]
    )
    in_step, built_by = [False], []
    real_step, real_build = navigator._next_step, navigator.build_compose_rx

    def step() -> None:
        in_step[0] = True
        try:
            real_step()
        finally:
            in_step[0] = False

    def build():
        if navigator.compose is None:
            built_by.append("a queued step" if in_step[0] else "the turn that asked")
        return real_build()

    navigator._step_timer.timeout.disconnect()
    navigator._step_timer.timeout.connect(step)
    navigator.build_compose_rx = build
    opened = []
    window.signedIn.connect(
        lambda _user: opened.append(asyncio.ensure_future(navigator.open_compose_rx(patient)))
    )
    icorerx_env.login("doctor", "doctor-demo-1")
    qtbot.waitUntil(lambda: bool(opened) and opened[0].done(), timeout=10_000)
    view = opened[0].result()
    assert built_by == ["a queued step"]
    assert view is navigator.compose and view.patient == patient
    assert window.ui.mainStack.currentWidget() is window.ui.composeRxPage


def test_every_module_loaded_ahead_is_there():
    """A renamed module would be skipped in silence at run time (its screen then loads it
    on the turn that builds it): the lists of what is loaded ahead are kept true here."""
    import importlib

    from desktop.views import screens

    for module, names in (*screens.BEFORE_SIGN_IN, *screens.AFTER_SIGN_IN):
        loaded = importlib.import_module(module)
        for name in names:
            assert hasattr(loaded, name), f"{module}.{name}"


def test_screens_made_off_the_window_are_placed_in_it_or_dropped_at_sign_out(icorerx_env, qtbot):
    """Each form is made with no parent on one turn and placed in its page on the next;
    one made for somebody who signs out before it is placed goes with their session."""
    window = icorerx_env.login("doctor", "doctor-demo-1")
    navigator = window.navigator
    qtbot.waitUntil(lambda: not navigator.building, timeout=10_000)
    made = navigator.made
    assert (made.compose, made.admin, made.device) == (None, None, None)
    assert navigator.compose.parent() is window.ui.composeRxPage
    assert navigator.admin.parent() is navigator.compose.ui.adminTab
    assert navigator.device.parent() is navigator.admin.ui.epcsDeviceManagementPage
    assert not navigator.device.isHidden()  # shown with its page

    icorerx_env.sign_out()
    unplaced, gone = [], []

    def sign_out_once_made() -> None:  # right after the step that made it, before placing
        if made.compose is not None and not unplaced:
            unplaced.append(made.compose)
            made.compose.destroyed.connect(lambda: gone.append(True))
            assert made.compose.parent() is None and not made.compose.isVisible()
            assert navigator.compose is None
            window.sign_out()

    navigator.stepped.connect(sign_out_once_made)
    icorerx_env.login("doctor", "doctor-demo-1")
    qtbot.waitUntil(lambda: bool(gone), timeout=10_000)
    assert made.compose is None and navigator.compose is None and not navigator.building


def test_the_patient_list_is_built_while_the_sign_in_form_waits(icorerx_env, qtbot):
    """Its code, its Qt classes' Python side and the screen itself, a piece a turn, before
    anybody signs in: the turn after Sign in has nothing of it left to do."""
    window = icorerx_env.main_window()
    navigator = window.navigator
    assert window.context.user is None
    qtbot.waitUntil(lambda: not navigator.building, timeout=10_000)
    assert navigator.patients is not None
    assert window.ui.mainStack.currentWidget() is window.ui.loginPage  # nothing else shown
    built = navigator.patients
    icorerx_env.login("doctor", "doctor-demo-1")
    assert navigator.patients is built
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage
