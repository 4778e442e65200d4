"""EPCS access control through the window (21 CFR 1311.125): two people grant, revoke, and
permission ends by itself.

The demo's designated access-control administrators are the doctor (a DEA registrant) and
the front desk; Dr. Lee Marsh is a second prescriber added for each test.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop import demo
from desktop.config import Paths
from desktop.domain.access_control import AccessRefused, GrantEntry, GrantState
from desktop.domain.audit import AuditEvent
from desktop.domain.errors import AuditUnavailable
from desktop.domain.models import Role
from desktop.domain.prescriptions import RxStatus
from desktop.store.audit import AuditLog
from desktop.store.database import open_app_store
from tests.adapters import both_adapters
from tests.grants import (
    CLICK,
    HOTP,
    MARSH,
    MARSH_DEA,
    TOTP,
    WAIT,
    add_marsh,
    approve_on_screen,
    cell,
    entries,
    grant_of,
    notices,
    row_of,
    signing_dialog,
    store_of,
)
from tests.test_signing import OXYCODONE, add_rx, confirm, open_patient


# the full grant -----------------------------------------------------------------------------
def test_staff_enters_a_second_prescriber_approves_and_the_prescriber_signs_schedule_ii(
    icorerx_env, qtbot
):
    add_marsh(icorerx_env)
    icorerx_env.login("frontdesk", "frontdesk-demo-1")
    view = icorerx_env.open_access_control()
    assert view.ui.designationTable.rowCount() == 2
    status = view.ui.designationStatusLabel.text()
    assert "2 people are designated: Dr. Dana Whitfield, Sam Ortiz." in status
    assert "synced hardware token" in status  # the doctor has not synced theirs yet
    assert view.ui.enterGrantButton.isEnabled()
    assert not view.ui.designateButton.isVisible()  # designating is the practice admin's
    qtbot.mouseClick(view.ui.enterGrantButton, CLICK)
    dialog = view.dialog
    index = dialog.ui.grantPrescriberCombo.findText("Dr. Lee Marsh")
    dialog.ui.grantPrescriberCombo.setCurrentIndex(index)
    assert (
        MARSH_DEA in dialog.ui.grantDeaLabel.text() and "expires" in dialog.ui.grantDeaLabel.text()
    )
    assert "CA licence A765432" in dialog.ui.grantLicenceLabel.text()
    dialog.ui.grantProofedByEdit.setText("Exostar")
    assert not dialog.ui.grantEntryConfirmButton.isEnabled()  # the check is not confirmed yet
    dialog.ui.grantCheckedBox.setChecked(True)
    with qtbot.waitSignal(view.controller.changed, timeout=WAIT):
        qtbot.mouseClick(dialog.ui.grantEntryConfirmButton, CLICK)
    qtbot.waitUntil(lambda: grant_of(icorerx_env, "marsh") is not None)
    qtbot.waitUntil(lambda: any(g.prescriber == "marsh" for g in view.grants), timeout=WAIT)
    row = row_of(view, "marsh")
    assert cell(view, row, 3) == "Pending approval"
    assert "Sam Ortiz" in cell(view, row, 4)
    assert not view.ui.approveGrantButton.isEnabled()  # staff: not a DEA registrant
    assert "You entered this yourself" in view.ui.approveGrantButton.toolTip()
    icorerx_env.sign_out()

    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    view = icorerx_env.open_access_control()
    dialog, _ = approve_on_screen(
        icorerx_env, qtbot, view, "marsh", "doctor-demo-1", icorerx_env.token_code(HOTP)
    )
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: cell(view, row_of(view, "marsh"), 3) == "Active", timeout=WAIT)
    assert "Approved by Dr. Dana Whitfield" in cell(view, row_of(view, "marsh"), 5)
    assert "may now sign" in view.ui.accessMessageLabel.text()
    icorerx_env.sign_out()

    icorerx_env.login(*MARSH[:2])
    icorerx_env.sync_token(TOTP)
    window, compose = open_patient(icorerx_env)
    patient = compose.controller.patient
    add_rx(icorerx_env, patient.id, OXYCODONE)
    signing = signing_dialog(icorerx_env, qtbot, compose)
    assert (
        signing.ui.signPrescriberLabel.text() == f"Prescriber: Dr. Lee Marsh \u00b7 DEA {MARSH_DEA}"
    )
    assert not signing.ui.signErrorLabel.isVisible()
    (done,) = confirm(qtbot, signing, MARSH[1], icorerx_env.token_code(TOTP))
    assert done[0].status is RxStatus.SIGNED and done[0].signed_by == "marsh"

    (entered,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_ENTERED)
    assert entered.actor == "frontdesk" and entered.details["prescriber"] == "marsh"
    assert entered.details["dea_number"] == MARSH_DEA and entered.details["proofed_by"] == "Exostar"
    (approved,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_APPROVED)
    assert approved.actor == "doctor" and approved.outcome == "success"
    assert (
        approved.details["prescriber"] == "marsh" and approved.details["entered_by"] == "frontdesk"
    )
    assert approved.token_serial == HOTP
    phone = notices(icorerx_env, "marsh")
    assert any("Sam Ortiz entered your permission" in text for text in phone)
    assert any("approved by Dr. Dana Whitfield (entered by Sam Ortiz)" in text for text in phone)
    assert store_of(icorerx_env).run_blocking(lambda s: s.audit.verify()).ok


def test_the_person_who_entered_a_grant_cannot_approve_it(icorerx_env, qtbot):
    add_marsh(icorerx_env)
    icorerx_env.enter_epcs_grant("marsh", entered_by="doctor")
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    view = icorerx_env.open_access_control()
    view.select_grant("marsh")
    qtbot.waitUntil(lambda: "You entered this yourself" in view.ui.approveGrantButton.toolTip())
    assert not view.ui.approveGrantButton.isEnabled()
    code = icorerx_env.token_code(HOTP)
    grant = grant_of(icorerx_env, "marsh")
    with qtbot.waitSignal(view.controller.failed, timeout=WAIT) as refused:
        view.controller.approve(grant.id, "doctor-demo-1", code)  # a script tries anyway
    refusal = refused.args[0]
    assert refusal.code == "self_approval" and "second designated person" in refusal.text
    assert not refusal.codes_spent  # refused before the code reached the service
    assert grant_of(icorerx_env, "marsh").state is GrantState.PENDING
    (attempt,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_APPROVED)
    assert attempt.outcome == "failure" and attempt.reason == "self_approval"
    assert attempt.actor == "doctor" and attempt.details["prescriber"] == "marsh"


@both_adapters
def test_approval_with_a_wrong_or_replayed_code_is_refused(icorerx_env, qtbot):
    add_marsh(icorerx_env)
    icorerx_env.add_person(
        "kaur", "kaur-pass-1234", "Dr. Priya Kaur", Role.PRESCRIBER, dea="AK1234563"
    )
    icorerx_env.enter_epcs_grant("marsh")
    icorerx_env.enter_epcs_grant("kaur")
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    view = icorerx_env.open_access_control()
    used = icorerx_env.token_code(HOTP)
    dialog, _ = approve_on_screen(icorerx_env, qtbot, view, "marsh", "doctor-demo-1", used)
    qtbot.waitUntil(lambda: grant_of(icorerx_env, "marsh").state is GrantState.ACTIVE)
    qtbot.waitUntil(  # the list is read again after the approval
        lambda: (
            not view.busy
            and any(g.prescriber == "marsh" and g.state is GrantState.ACTIVE for g in view.grants)
        ),
        timeout=WAIT,
    )

    dialog, (message, reason) = approve_on_screen(
        icorerx_env, qtbot, view, "kaur", "doctor-demo-1", used, expect="failed"
    )
    assert reason == "already_used" and "already been used" in message
    assert dialog.ui.approveErrorLabel.text() == message and dialog.isVisible()
    assert dialog.ui.approveOtpEdit.text() == ""  # spent: typed again from a new press
    dialog.ui.approveOtpEdit.setText("000000")
    with qtbot.waitSignal(view.controller.failed, timeout=WAIT) as wrong:
        qtbot.mouseClick(dialog.ui.approveConfirmButton, CLICK)
    assert wrong.args[0].code == "wrong_code" and wrong.args[0].codes_spent
    dialog.ui.approvePasswordEdit.setText("not-my-password")
    dialog.ui.approveOtpEdit.setText(icorerx_env.token_code(HOTP))
    with qtbot.waitSignal(view.controller.failed, timeout=WAIT) as bad_password:
        qtbot.mouseClick(dialog.ui.approveConfirmButton, CLICK)
    assert bad_password.args[0].code == "wrong_password"
    assert not bad_password.args[0].codes_spent
    assert dialog.ui.approveOtpEdit.text() != ""  # the password was checked first
    dialog.reject()
    assert grant_of(icorerx_env, "kaur").state is GrantState.PENDING
    failures = [
        e.reason
        for e in entries(icorerx_env, AuditEvent.EPCS_GRANT_APPROVED)
        if e.outcome == "failure"
    ]
    assert sorted(failures) == ["already_used", "wrong_code", "wrong_password"]


def test_a_refused_grant_says_why_and_is_not_made(icorerx_env, qtbot):
    add_marsh(icorerx_env)
    icorerx_env.enter_epcs_grant("marsh")
    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_access_control()
    view.select_grant("marsh")
    qtbot.waitUntil(lambda: view.ui.refuseGrantButton.isEnabled())
    qtbot.mouseClick(view.ui.refuseGrantButton, CLICK)
    dialog = view.dialog
    assert not dialog.ui.grantReasonConfirmButton.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.ui.grantReasonEdit, "licence not verified")
    with qtbot.waitSignal(view.controller.changed, timeout=WAIT):
        qtbot.mouseClick(dialog.ui.grantReasonConfirmButton, CLICK)
    qtbot.waitUntil(lambda: cell(view, row_of(view, "marsh"), 3) == "Refused", timeout=WAIT)
    assert "licence not verified" in cell(view, row_of(view, "marsh"), 5)
    (entry,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_REFUSED)
    assert entry.actor == "doctor" and entry.details["entered_by"] == "frontdesk"
    assert any("was refused by Dr. Dana Whitfield" in t for t in notices(icorerx_env, "marsh"))


# designation ------------------------------------------------------------------------------------
def test_fewer_than_two_designated_nothing_can_be_granted(icorerx_env, qtbot):
    add_marsh(icorerx_env)
    icorerx_env.add_person("pat", "pat-admin-pass-1", "Pat Quinn", Role.PRACTICE_ADMIN)
    icorerx_env.login("pat", "pat-admin-pass-1")
    view = icorerx_env.open_access_control()
    ui = view.ui
    assert ui.designateButton.isVisible()
    rows = [ui.designationTable.item(r, 0).text() for r in range(ui.designationTable.rowCount())]
    ui.designationTable.selectRow(rows.index("Sam Ortiz"))
    with qtbot.waitSignal(view.controller.changed, timeout=WAIT):
        qtbot.mouseClick(ui.undesignateButton, CLICK)
    qtbot.waitUntil(lambda: ui.designationTable.rowCount() == 1, timeout=WAIT)
    assert "Only one person is designated" in ui.designationStatusLabel.text()
    assert ui.designationStatusLabel.property("tone") == "error"
    assert not ui.enterGrantButton.isEnabled()
    entry = GrantEntry("marsh", True, dt.date.today(), "Exostar", dt.date.today())
    with pytest.raises(AccessRefused) as refused:
        store_of(icorerx_env).run_blocking(
            lambda s: s.access_control.enter("doctor", entry, dt.date.today())
        )
    assert "at least 2" in refused.value.message

    ui.designateCombo.setCurrentIndex(ui.designateCombo.findData("frontdesk"))
    with qtbot.waitSignal(view.controller.changed, timeout=WAIT):
        qtbot.mouseClick(ui.designateButton, CLICK)
    qtbot.waitUntil(lambda: ui.designationTable.rowCount() == 2, timeout=WAIT)
    assert ui.designationStatusLabel.property("tone") == "info"  # only a token is missing
    assert "2 people are designated" in ui.designationStatusLabel.text()
    assert "designated access-control administrator" in ui.enterGrantButton.toolTip()  # pat
    (removed,) = entries(icorerx_env, AuditEvent.ACCESS_UNDESIGNATED)
    (added,) = entries(icorerx_env, AuditEvent.ACCESS_DESIGNATED)
    assert removed.actor == added.actor == "pat"
    assert removed.details["person"] == added.details["person"] == "frontdesk"


def test_only_a_practice_administrator_designates(icorerx_env):
    # The demo doctor is a practice administrator; the front desk is not.
    with pytest.raises(AccessRefused) as refused:
        store_of(icorerx_env).run_blocking(
            lambda s: s.access_control.undesignate("frontdesk", "doctor")
        )
    assert "practice administrator" in refused.value.message
    assert entries(icorerx_env, AuditEvent.ACCESS_UNDESIGNATED) == []


# the store fails closed, the demo -----------------------------------------------------------------
def test_an_approval_whose_entry_cannot_be_written_is_not_made(icorerx_env, monkeypatch):
    add_marsh(icorerx_env)
    grant = icorerx_env.enter_epcs_grant("marsh")
    original = AuditLog.record

    def full(self, event, *args, **kwargs):
        if event is AuditEvent.EPCS_GRANT_APPROVED:
            raise sqlite3.OperationalError("database or disk is full")
        return original(self, event, *args, **kwargs)

    monkeypatch.setattr(AuditLog, "record", full)
    with pytest.raises(AuditUnavailable):
        store_of(icorerx_env).run_blocking(
            lambda s: s.access_control.approve("doctor", grant.id, dt.date.today(), HOTP)
        )
    assert grant_of(icorerx_env, "marsh").state is GrantState.PENDING


def test_the_demo_doctor_holds_an_active_grant_with_its_history(icorerx_env):
    grant = grant_of(icorerx_env, "doctor")
    assert grant.state is GrantState.ACTIVE and grant.dea_number == "AW1234563"
    assert (grant.entered_by, grant.approved_by) == ("frontdesk", "doctor")
    designated = store_of(icorerx_env).run_blocking(lambda s: s.access_control.designations())
    assert {d.username for d in designated} == {"doctor", "frontdesk"}
    icorerx_env.close()
    assert "EPCS" not in demo.provision(Paths(icorerx_env.data_dir)).summary()  # idempotent
    store = open_app_store(Paths(icorerx_env.data_dir).app_db)
    try:
        assert store.db.table("epcs_grants").count == 1
        assert store.count_audit_entries() == 0  # the demo's log starts empty
    finally:
        store.close()
