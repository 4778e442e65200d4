"""Screenshot tours of a clinic's own data dir: its first start (setup, People, a new
prescriber's first sign-in, a wait after wrong passwords) and the demo banner."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QDate
from shot_tools import new_window, save, settle, until

from desktop import walkthrough
from desktop.composition import Application


async def clinic_tour(app: Application) -> None:
    """A clinic's first start: setup, People, a new prescriber, their first sign-in."""
    window = new_window(app)
    await settle()
    setup = window.accounts.setup_view
    assert setup is not None
    ui = setup.ui
    ui.setupPracticeNameEdit.setText("Oak Street Family Medicine")
    ui.setupAddressEdit.setText("120 Oak Street, Springfield, IL 62701")
    ui.setupAdminNameEdit.setText("Pat Morgan")
    ui.setupAdminUsernameEdit.setText("pmorgan")
    ui.setupPasswordEdit.setText("Summer2024!")
    setup._edited("password")  # as if typed: the rule that failed shows under the field
    await settle()
    save(window, "setup-weak-password")
    ui.setupPasswordEdit.setText("cedar kettle morning")
    ui.setupPasswordRepeatEdit.setText("cedar kettle morning")
    setup._edited("password")
    ui.setupFinishButton.click()
    await until(lambda: window.accounts.people_view is not None)
    view = window.accounts.people_view
    assert view is not None
    await until(lambda: view.ui.peopleTable.rowCount() == 1)
    form = view.ui
    form.personNameEdit.setText("Dr. Lee Marsh")
    form.personUsernameEdit.setText("lmarsh")
    form.rolePrescriberCheck.setChecked(True)
    form.deaNumberEdit.setText("BW1234563")
    form.deaExpiryEdit.setDate(QDate.currentDate().addYears(2))
    form.licenceStateEdit.setText("IL")
    form.licenceNumberEdit.setText("036-118824")
    form.npiEdit.setText("1234567890")
    form.personMobileEdit.setText("(555) 010-0101")
    view._touched.update(view._hints)
    view._edited("dea_number")
    await settle()
    save(window, "people-refusals")
    form.deaNumberEdit.setText("BM1234563")
    form.npiEdit.setText("1234567893")
    view._edited("npi")
    form.savePersonButton.click()
    await until(lambda: view.ui.peopleTable.rowCount() == 2 and not view.controller.busy)
    form.personNameEdit.setText("Jo Reyes")
    form.personUsernameEdit.setText("jreyes")
    form.roleStaffCheck.setChecked(True)
    form.savePersonButton.click()
    await until(lambda: view.ui.peopleTable.rowCount() == 3 and not view.controller.busy)
    one_time = view.ui.oneTimePasswordLabel.text().split(": ")[1].split()[0]
    await settle()
    save(window, "people-one-time-password")
    window.sign_out()
    await walkthrough.sign_in(window, "jreyes", one_time)
    await until(lambda: window.accounts.change_password_view is not None)
    change = window.accounts.change_password_view
    assert change is not None
    change.ui.newPasswordEdit.setText("welcome123")
    change._check()
    await settle()
    save(window, "change-password")
    window.close()

    window = new_window(app)
    for password in ["not-the-password"] * 5 + [one_time]:  # the sixth waits, right or wrong
        with contextlib.suppress(walkthrough.WalkthroughError):
            await walkthrough.sign_in(window, "jreyes", password)
    await settle()
    save(window, "login-wait")
    window.close()


async def demo_banner(app: Application) -> None:
    """A demo data dir says so on every screen and in the status bar."""
    window = new_window(app)
    await settle()
    save(window, "demo-banner")
    window.close()
