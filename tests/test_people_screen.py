"""Admin > People through the window: adding, one-time passwords, deactivation, unlocking."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, Qt

from desktop.domain.audit import AuditEvent

CLICK = Qt.MouseButton.LeftButton


def type_into(qtbot, edit, text):
    edit.clear()
    qtbot.keyClicks(edit, text)


def one_time_password(view) -> str:
    found = re.search(r": (\w{4}-\w{4}-\w{4})", view.ui.oneTimePasswordLabel.text())
    assert found, view.ui.oneTimePasswordLabel.text()
    return found.group(1)


def save(view, qtbot):
    """Click Save and wait for its answer: saved, refused, or the fields' problems."""
    answers = []

    def answered(*args):
        answers.append(args)

    controller = view.controller
    signals = (controller.saved, controller.failed, controller.problemsFound)
    for signal in signals:
        signal.connect(answered)
    try:
        qtbot.mouseClick(view.ui.savePersonButton, CLICK)
        qtbot.waitUntil(lambda: bool(answers) and not controller.busy, timeout=10_000)
    finally:
        for signal in signals:
            signal.disconnect(answered)


def audit(env, event):
    store = env.application.context.store
    return store.run_blocking(lambda s: s.audit.entries(event=event))


def sign_out_and_in(env, username, password):
    window = env.main_window()
    window.ui.signOutAction.trigger()
    return env.login(username, password)


def test_adding_a_prescriber_says_what_is_wrong_with_each_field_as_it_is_typed(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_people()
    ui = view.ui
    assert ui.peopleTable.rowCount() == 2
    qtbot.mouseClick(ui.addPersonButton, CLICK)
    type_into(qtbot, ui.personNameEdit, "Dr. Lee Marsh")
    type_into(qtbot, ui.personUsernameEdit, "1marsh")
    assert "starting with a letter" in ui.personUsernameHint.text()
    type_into(qtbot, ui.personUsernameEdit, "doctor")  # taken: said on Save
    qtbot.mouseClick(ui.rolePrescriberCheck, CLICK)
    assert ui.prescriberGroup.isVisible()

    type_into(qtbot, ui.deaNumberEdit, "BM123456")
    assert "2 letters then 7 digits" in ui.deaNumberHint.text()
    type_into(qtbot, ui.deaNumberEdit, "CM1234563")
    assert "registrant type" in ui.deaNumberHint.text()
    type_into(qtbot, ui.deaNumberEdit, "BW1234563")
    assert "initial of the last name (M) or 9, not W" in ui.deaNumberHint.text()
    type_into(qtbot, ui.deaNumberEdit, "BM1234564")
    assert "DEA check digit" in ui.deaNumberHint.text()
    type_into(qtbot, ui.deaNumberEdit, "bm1234563")
    assert ui.deaNumberHint.isHidden()

    last_year = dt.date.today() - dt.timedelta(days=365)
    ui.deaExpiryEdit.setDate(QDate(last_year.year, last_year.month, last_year.day))
    assert "registration expired on" in ui.deaExpiryHint.text()
    ui.deaExpiryEdit.setDate(QDate.currentDate().addYears(2))
    assert ui.deaExpiryHint.isHidden()

    type_into(qtbot, ui.licenceStateEdit, "ZZ")
    assert "not a US state" in ui.licenceStateHint.text()
    type_into(qtbot, ui.licenceStateEdit, "or")
    type_into(qtbot, ui.licenceNumberEdit, "#")
    assert "2 to 20 letters" in ui.licenceNumberHint.text()
    type_into(qtbot, ui.licenceNumberEdit, "MD-204411")
    type_into(qtbot, ui.npiEdit, "1234567890")
    assert "NPI check digit" in ui.npiHint.text()
    type_into(qtbot, ui.npiEdit, "123456789")
    assert "10 digits" in ui.npiHint.text()
    type_into(qtbot, ui.npiEdit, "1234567893")
    type_into(qtbot, ui.personMobileEdit, "555 0101")
    assert "10 digits" in ui.personMobileHint.text()
    type_into(qtbot, ui.personMobileEdit, "(555) 010-0101")
    assert all(
        label.isHidden() for label in view._hints.values() if label is not ui.personUsernameHint
    )

    save(view, qtbot)
    assert "already taken (Dr. Dana Whitfield)" in ui.personErrorLabel.text()
    type_into(qtbot, ui.personUsernameEdit, "lmarsh")
    save(view, qtbot)
    qtbot.waitUntil(lambda: ui.peopleTable.rowCount() == 3)
    one_time = one_time_password(view)
    assert "shown only now" in ui.oneTimePasswordLabel.text()
    assert ui.personNameEdit.text() == "" and ui.personFormGroup.title() == "Add a person"

    identity = icorerx_env._local_identity()
    phones = identity.lane.submit(identity.list_phones, "lmarsh").result()
    assert [phone.number for phone in phones] == ["+15550100101"]
    added = audit(icorerx_env, AuditEvent.PERSON_ADDED)[0]
    assert added.actor == "doctor" and added.details["person"] == "lmarsh"
    assert added.details["dea_number"] == "BM1234563"
    assert one_time not in str(added.details)

    window = sign_out_and_in(icorerx_env, "lmarsh", one_time)
    assert window.context.user.prescriber.dea_number == "BM1234563"
    assert window.context.user.exostar_account == "lmarsh"


def test_adding_staff_needs_a_name_a_username_and_a_role(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_people()
    ui = view.ui
    save(view, qtbot)  # an empty form: every required field speaks up
    assert "Type the person's name" in ui.personNameHint.text()
    assert "Type a username" in ui.personUsernameHint.text()
    assert "Choose at least one role" in ui.personRolesHint.text()
    assert "Fix what is marked above" in ui.personErrorLabel.text()
    assert not ui.prescriberGroup.isVisible()  # no DEA fields for staff
    type_into(qtbot, ui.personNameEdit, "J")
    assert "2 to 100" in ui.personNameHint.text()
    type_into(qtbot, ui.personNameEdit, "Jo Reyes")
    type_into(qtbot, ui.personUsernameEdit, "jreyes")
    qtbot.mouseClick(ui.roleStaffCheck, CLICK)
    assert ui.personRolesHint.isHidden()
    save(view, qtbot)
    qtbot.waitUntil(lambda: ui.peopleTable.rowCount() == 3)
    one_time = one_time_password(view)
    window = sign_out_and_in(icorerx_env, "jreyes", one_time)
    assert window.context.user.roles_label == "Staff"


def test_a_one_time_password_must_be_changed_at_the_first_sign_in(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_people()
    ui = view.ui
    type_into(qtbot, ui.personNameEdit, "Jo Reyes")
    type_into(qtbot, ui.personUsernameEdit, "jreyes")
    qtbot.mouseClick(ui.roleStaffCheck, CLICK)
    save(view, qtbot)
    one_time = one_time_password(view)
    window = sign_out_and_in(icorerx_env, "jreyes", one_time)
    assert window.ui.mainStack.currentWidget() is window.ui.changePasswordPage
    # Nothing else before their own password: the patient list (built ahead while the
    # password was checked) is neither shown nor read.
    patients = window.patients_view
    assert patients is None or patients.ui.patientTable.rowCount() == 0
    change = window.accounts.change_password_view
    form = change.ui
    assert "Welcome, Jo Reyes" in form.changePasswordIntroLabel.text()
    qtbot.keyClicks(form.newPasswordEdit, "welcome123")
    assert "common and breached" in form.newPasswordHint.text()
    type_into(qtbot, form.newPasswordEdit, one_time)
    qtbot.keyClicks(form.newPasswordRepeatEdit, one_time)
    with qtbot.waitSignal(change.controller.failed, timeout=10_000):
        qtbot.mouseClick(form.changePasswordButton, CLICK)
    assert "not the one you have now" in form.changePasswordErrorLabel.text()
    type_into(qtbot, form.newPasswordEdit, "lantern over the bay")
    type_into(qtbot, form.newPasswordRepeatEdit, "lantern over the ba")
    assert "not the same" in form.newPasswordRepeatHint.text()
    type_into(qtbot, form.newPasswordRepeatEdit, "lantern over the bay")
    with qtbot.waitSignal(window.signedIn, timeout=10_000):
        qtbot.mouseClick(form.changePasswordButton, CLICK)
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage
    assert not window.context.user.must_change_password
    entry = audit(icorerx_env, AuditEvent.PASSWORD_CHANGED)[0]
    assert entry.actor == "jreyes" and entry.details["was_one_time"] is True
    window.ui.signOutAction.trigger()
    login = window.login_view.ui
    login.usernameEdit.setText("jreyes")
    login.passwordEdit.setText(one_time)
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000):
        qtbot.mouseClick(login.loginButton, CLICK)  # the one-time password worked once
    icorerx_env.login("jreyes", "lantern over the bay")
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage


def test_a_deactivated_person_cannot_sign_in_and_keeps_their_history(icorerx_env, qtbot):
    icorerx_env.login("frontdesk", "frontdesk-demo-1")
    window = sign_out_and_in(icorerx_env, "doctor", "doctor-demo-1")
    view = icorerx_env.open_people()
    ui = view.ui
    view.select("frontdesk")
    assert ui.personUsernameEdit.text() == "frontdesk" and ui.personUsernameEdit.isReadOnly()
    with qtbot.waitSignal(view.controller.changed, timeout=10_000):
        qtbot.mouseClick(ui.deactivatePersonButton, CLICK)
    assert "Sam Ortiz is deactivated" in ui.peopleMessageLabel.text()
    qtbot.waitUntil(lambda: "Deactivated" in ui.peopleTable.item(1, 3).text())
    window.ui.signOutAction.trigger()
    login = window.login_view.ui
    login.usernameEdit.setText("frontdesk")
    login.passwordEdit.setText("frontdesk-demo-1")
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000) as refused:
        qtbot.mouseClick(login.loginButton, CLICK)
    assert "has been deactivated" in refused.args[0].text
    assert "has been deactivated" in login.loginErrorLabel.text()
    assert window.context.user is None
    failed = audit(icorerx_env, AuditEvent.LOGIN_FAILED)[0]
    assert failed.actor == "frontdesk" and failed.reason == "account deactivated"
    assert any(e.actor == "frontdesk" for e in audit(icorerx_env, AuditEvent.LOGIN))  # history
    deactivated = audit(icorerx_env, AuditEvent.PERSON_DEACTIVATED)[0]
    assert deactivated.actor == "doctor" and deactivated.details["person"] == "frontdesk"

    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_people()
    view.select("frontdesk")
    assert view.ui.deactivatePersonButton.text() == "Reactivate"
    with qtbot.waitSignal(view.controller.changed, timeout=10_000):
        qtbot.mouseClick(view.ui.deactivatePersonButton, CLICK)
    sign_out_and_in(icorerx_env, "frontdesk", "frontdesk-demo-1")


def test_front_desk_sees_people_greyed_out_with_the_reason(icorerx_env):
    icorerx_env.login("frontdesk", "frontdesk-demo-1")
    window = icorerx_env.main_window()
    patients = window.patients_view
    icorerx_env.qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(0)
    icorerx_env.qtbot.mouseClick(patients.ui.composeRxButton, CLICK)
    compose = window.compose_view
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)
    admin = compose.ensure_admin()
    assert not admin.ui.peopleLink.isEnabled()
    assert "only for practice administrators" in admin.ui.peopleRestrictedLabel.text()
    assert admin.open_people() is None
    assert not window.ui.peopleAction.isVisible()
    assert window.accounts.show_people_main() is None


def test_file_people_opens_the_same_screen_outside_a_patient(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    assert window.ui.peopleAction.isVisible()
    window.ui.peopleAction.trigger()
    assert window.ui.mainStack.currentWidget() is window.ui.peopleMainPage
    view = window.accounts.people_view
    qtbot.waitUntil(lambda: view.ui.peopleTable.rowCount() == 2)
    assert view.isVisible() and view.ui.peopleTable.isVisible()
    qtbot.mouseClick(view.ui.peopleBackButton, CLICK)
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage
    assert icorerx_env.open_people() is view  # the one People screen, now on the Admin tab
    assert window.findChildren(type(view)) == [view] and view.isVisible()
    window.ui.peopleAction.trigger()  # and back on the window's own page
    assert view.isVisible() and window.ui.mainStack.currentWidget() is window.ui.peopleMainPage
    assert icorerx_env.open_people() is view and view.isVisible()
    qtbot.mouseClick(view.ui.peopleBackButton, CLICK)
    admin = window.compose_view.admin
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage


def lock_phone_confirmation(identity, account: str) -> None:
    """100 wrong phone codes in a row, waiting out each pause on a clock moved ahead."""
    import time

    from desktop.domain.models import PhoneChannel
    from desktop.exostar.base import AdapterError

    ahead = [0.0]
    identity.clock = lambda: time.time() + ahead[0]

    def guess() -> str:
        phone = identity.list_phones(account)[0].id
        for _ in range(400):
            ahead[0] += 31
            try:
                sent = identity.send_phone_code(account, phone, PhoneChannel.SMS)
            except AdapterError as error:
                if error.code == "phone_locked":
                    return error.code
                ahead[0] += float(error.details.get("seconds_left", 0))
                continue
            right = [m for m in identity.outbox(account) if m.code][-1].code
            try:
                identity.verify_phone_code(account, sent.challenge_id, str(int(right) ^ 1).zfill(6))
            except AdapterError as error:
                if error.code == "phone_locked":
                    return error.code
                ahead[0] += float(error.details.get("seconds_left", 0))
        return "not locked"

    assert identity.lane.submit(guess).result(timeout=60) == "phone_locked"


def test_an_administrator_unlocks_a_locked_phone_confirmation(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    identity = icorerx_env._local_identity()
    lock_phone_confirmation(identity, "doctor")
    view = icorerx_env.open_people()
    ui = view.ui
    qtbot.waitUntil(lambda: "doctor" in view.controller.phone_locked, timeout=10_000)
    view.select("frontdesk")
    assert not ui.unlockPhoneButton.isVisible()  # only for a person whose phone is locked
    view.select("doctor")
    assert ui.unlockPhoneButton.isVisible() and ui.unlockPhoneButton.isEnabled()
    with qtbot.waitSignal(view.controller.changed, timeout=10_000):
        qtbot.mouseClick(ui.unlockPhoneButton, CLICK)
    assert "phone confirmation is unlocked" in ui.peopleMessageLabel.text()
    qtbot.waitUntil(lambda: not ui.unlockPhoneButton.isVisible(), timeout=10_000)
    assert not identity.lane.submit(identity.phone_confirmation_locked, "doctor").result(10)
    (entry,) = [
        e
        for e in audit(icorerx_env, AuditEvent.ACCOUNT_UNLOCKED)
        if e.details.get("unlocked") == "phone confirmation"
    ]
    assert entry.actor == "doctor" and entry.details["person"] == "doctor"


def test_a_locked_phone_confirmation_says_who_can_unlock_it(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    lock_phone_confirmation(icorerx_env._local_identity(), "doctor")
    device = icorerx_env.open_device_management()
    dialog = device.open_phone_dialog()
    with qtbot.waitSignal(device.phone_auth.failed, timeout=10_000) as failed:
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    assert failed.args[0].code == "phone_locked"
    text = dialog.ui.phoneAuthMessageLabel.text()
    assert "locked after 100 wrong codes in a row" in text and "administrator" in text
    assert not dialog.ui.phoneCodeEdit.isEnabled()
