"""EPCS access control through the window (21 CFR 1311.125): two people grant, revoke, and
permission ends by itself.

The demo's designated access-control administrators are the doctor (a DEA registrant) and
the front desk; Dr. Lee Marsh is a second prescriber added for each test.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop import demo
from desktop.config import Paths
from desktop.domain.access_control import AccessRefused, EndReason, GrantEntry, GrantState
from desktop.domain.audit import RECOVERED, AuditEvent
from desktop.domain.errors import AuditUnavailable
from desktop.domain.models import Role
from desktop.domain.prescriptions import RxStatus
from desktop.store.audit import AuditLog
from desktop.store.database import open_app_store
from tests.adapters import both_adapters
from tests.test_recovery import interrupted, started
from tests.test_signing import NOT_CONTROLLED, OXYCODONE, add_rx, confirm, open_patient, rx_list

CLICK = Qt.MouseButton.LeftButton
HOTP, TOTP = "GALH12345678", "GAKT12345678"
MARSH = ("marsh", "marsh-pass-1234", "Dr. Lee Marsh")
MARSH_DEA = "AM1234563"
WAIT = 15_000


def add_marsh(env, **kwargs):
    return env.add_person(
        *MARSH, Role.PRESCRIBER, dea=MARSH_DEA, account="marsh", phone="+15550100222", **kwargs
    )


def store_of(env):
    return env.application.context.store


def grant_of(env, username):
    return store_of(env).run_blocking(lambda s: s.access_control.latest_grant(username))


def entries(env, event=None):
    return store_of(env).run_blocking(lambda s: s.audit.entries(event=event))


def notices(env, account):
    identity = env._local_identity()
    messages = identity.lane.submit(identity.outbox, account).result()
    return [m.text for m in messages if m.code is None]


def row_of(view, username):
    grant = view.select_grant(username)
    assert grant is not None, f"no grant for {username} on the screen"
    return view.grants.index(grant)


def cell(view, row, column):
    return view.ui.grantTable.item(row, column).text()


def approve_on_screen(env, qtbot, view, username, password, code, expect="changed"):
    """Select the grant, open the approval dialog, type both factors, confirm."""
    view.select_grant(username)
    qtbot.waitUntil(lambda: view.ui.approveGrantButton.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(view.ui.approveGrantButton, CLICK)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.ui.approvePasswordEdit.setText(password)
    dialog.ui.approveOtpEdit.setText(code)
    signal = view.controller.changed if expect == "changed" else view.controller.failed
    with qtbot.waitSignal(signal, timeout=WAIT) as blocker:
        qtbot.mouseClick(dialog.ui.approveConfirmButton, CLICK)
    if expect == "changed":
        return dialog, blocker.args
    return dialog, (blocker.args[0].text, blocker.args[0].code)


def signing_dialog(env, qtbot, compose):
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.composeTab)
    compose.refresh()
    qtbot.waitUntil(lambda: compose.ui.signButton.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = env.main_window().signing_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=WAIT)
    return dialog


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


# revocation and automatic ends ---------------------------------------------------------------
def test_revocation_takes_two_steps(icorerx_env, qtbot):
    add_marsh(icorerx_env)
    icorerx_env.grant_epcs("marsh")
    icorerx_env.login("frontdesk", "frontdesk-demo-1")
    view = icorerx_env.open_access_control()
    view.select_grant("marsh")
    qtbot.waitUntil(lambda: view.ui.revokeGrantButton.isEnabled())
    qtbot.mouseClick(view.ui.revokeGrantButton, CLICK)
    dialog = view.dialog
    assert "Step 1 of 2" in dialog.ui.grantReasonExplainLabel.text()
    qtbot.keyClicks(dialog.ui.grantReasonEdit, "left the practice")
    with qtbot.waitSignal(view.controller.changed, timeout=WAIT):
        qtbot.mouseClick(dialog.ui.grantReasonConfirmButton, CLICK)
    qtbot.waitUntil(
        lambda: cell(view, row_of(view, "marsh"), 3) == "Active, revocation pending", timeout=WAIT
    )
    permission = store_of(icorerx_env).run_blocking(
        lambda s: s.access_control.permission("marsh", dt.date.today(), None)
    )
    assert permission.allowed  # until a second person executes it
    view.select_grant("marsh")
    assert not view.ui.approveGrantButton.isEnabled()
    assert view.ui.approveGrantButton.text().replace("&", "") == "Execute revocation\u2026"
    icorerx_env.sign_out()

    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    view = icorerx_env.open_access_control()
    approve_on_screen(
        icorerx_env, qtbot, view, "marsh", "doctor-demo-1", icorerx_env.token_code(HOTP)
    )
    qtbot.waitUntil(lambda: cell(view, row_of(view, "marsh"), 3) == "Revoked", timeout=WAIT)
    assert "Revoked by Dr. Dana Whitfield" in cell(view, row_of(view, "marsh"), 5)
    with pytest.raises(AccessRefused) as refused:
        store_of(icorerx_env).run_blocking(
            lambda s: s.access_control.require_permission("marsh", dt.date.today(), None)
        )
    assert "revoked" in refused.value.message and "left the practice" in refused.value.message
    (entered,) = entries(icorerx_env, AuditEvent.EPCS_REVOCATION_ENTERED)
    (revoked,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_REVOKED)
    assert entered.actor == "frontdesk" and revoked.actor == "doctor"
    assert revoked.details["step_entered_by"] == "frontdesk" and revoked.token_serial == HOTP
    phone = notices(icorerx_env, "marsh")
    assert any("Sam Ortiz entered a revocation" in t for t in phone)
    assert any("was revoked by Dr. Dana Whitfield (entered by Sam Ortiz)" in t for t in phone)


def test_a_lost_token_ends_the_permission_at_once(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.sync_token(HOTP)
    assert grant_of(icorerx_env, "doctor").state is GrantState.ACTIVE  # the demo's grant
    with qtbot.waitSignal(device.lifecycle.controller.changed, timeout=WAIT):
        device.lifecycle.controller.apply("deactivate", HOTP, "lost: at the hospital")
    grant = grant_of(icorerx_env, "doctor")
    assert grant.state is GrantState.ENDED and grant.end_reason is EndReason.TOKEN_LOST
    (ended,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_ENDED)
    assert ended.actor == "doctor" and ended.details["prescriber"] == "doctor"
    assert "lost: at the hospital" in ended.reason and HOTP in ended.reason
    deactivated = entries(icorerx_env, AuditEvent.TOKEN_DEACTIVATED)[0]
    assert ended.seq == deactivated.seq + 1  # one transaction
    qtbot.waitUntil(
        lambda: any("permission" in t and "ended" in t for t in notices(icorerx_env, "doctor")),
        timeout=WAIT,
    )
    view = icorerx_env.open_access_control()
    row = row_of(view, "doctor")
    assert cell(view, row, 3) == "Ended"
    assert "reported lost or deactivated" in cell(view, row, 5)
    assert "no second step" in view.ui.grantDetailLabel.text()


def test_a_token_lost_while_the_application_was_killed_ends_the_permission_at_the_next_start(
    icorerx_env,
):
    interrupted(icorerx_env.data_dir, "synced")
    interrupted(icorerx_env.data_dir, "lost-done")
    started(icorerx_env)
    grant = grant_of(icorerx_env, "doctor")
    assert grant.state is GrantState.ENDED and grant.end_reason is EndReason.TOKEN_LOST
    assert RECOVERED in grant.end_detail
    (ended,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_ENDED)
    deactivated = entries(icorerx_env, AuditEvent.TOKEN_DEACTIVATED)[0]
    assert deactivated.reason == RECOVERED and ended.seq == deactivated.seq + 1
    assert any("ended" in t and "permission" in t for t in notices(icorerx_env, "doctor"))


def test_an_expired_dea_registration_ends_the_permission_once(icorerx_env, qtbot):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    store_of(icorerx_env).run_blocking(
        lambda s: s.db.execute(
            "UPDATE users SET dea_expiry = ? WHERE username = 'doctor'", [yesterday.isoformat()]
        )
    )
    icorerx_env.login("doctor", "doctor-demo-1")
    window, compose = open_patient(icorerx_env)
    add_rx(icorerx_env, compose.controller.patient.id, OXYCODONE)
    dialog = signing_dialog(icorerx_env, qtbot, compose)
    blocker = dialog.ui.signErrorLabel.text()
    assert "ended" in blocker and "DEA registration expired" in blocker
    assert f"{yesterday:%m/%d/%Y}" in blocker
    assert "Sam Ortiz" in blocker  # who can grant it again
    assert not dialog.ui.signConfirmButton.isEnabled()
    dialog.reject()
    view = icorerx_env.open_access_control()
    assert "DEA registration expired" in cell(view, row_of(view, "doctor"), 5)
    (ended,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_ENDED)  # recorded once
    assert ended.details["end_reason"] == "dea_expired"
    assert any("DEA registration expired" in t for t in notices(icorerx_env, "doctor"))


def test_deactivating_a_person_ends_their_permission(icorerx_env):
    ended = store_of(icorerx_env).run_blocking(
        lambda s: s.access_control.end_grants_for("doctor", "left the practice", "frontdesk")
    )
    assert [g.end_reason for g in ended] == [EndReason.DEACTIVATED]
    grant = grant_of(icorerx_env, "doctor")
    assert grant.state is GrantState.ENDED
    assert grant.why_ended == "the person was deactivated (left the practice)"
    (entry,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_ENDED)
    assert entry.actor == "frontdesk" and entry.details["prescriber"] == "doctor"
    assert (
        store_of(icorerx_env).run_blocking(
            lambda s: s.access_control.end_grants_for("doctor", "again", "frontdesk")
        )
        == []
    )


def test_deactivating_a_prescriber_in_people_ends_their_permission_and_tells_their_phone(
    icorerx_env, qtbot
):
    add_marsh(icorerx_env)
    icorerx_env.grant_epcs("marsh")
    icorerx_env.login("doctor", "doctor-demo-1")  # a practice administrator
    view = icorerx_env.open_people()
    controller = view.controller
    with qtbot.waitSignal(controller.changed, timeout=WAIT):
        controller.deactivate("marsh")
    grant = grant_of(icorerx_env, "marsh")
    assert grant.state is GrantState.ENDED
    assert "deactivated" in grant.why_ended
    (deactivated,) = entries(icorerx_env, AuditEvent.PERSON_DEACTIVATED)
    (ended,) = entries(icorerx_env, AuditEvent.EPCS_GRANT_ENDED)
    assert deactivated.actor == ended.actor == "doctor"
    assert ended.seq == deactivated.seq + 1  # one transaction: the change and its end
    qtbot.waitUntil(
        lambda: any(
            "ended" in m.text for m in icorerx_env.phone_codes() if m.phone_number.endswith("0222")
        ),
        timeout=WAIT,
    )


# signing --------------------------------------------------------------------------------------
def test_signing_a_controlled_substance_is_refused_without_a_grant(icorerx_env, qtbot, flows_ended):
    add_marsh(icorerx_env)
    icorerx_env.login(*MARSH[:2])
    window, compose = open_patient(icorerx_env)
    patient = compose.controller.patient
    add_rx(icorerx_env, patient.id, OXYCODONE)
    dialog = signing_dialog(icorerx_env, qtbot, compose)
    blocker = dialog.ui.signErrorLabel.text()
    assert "no EPCS permission" in blocker
    assert "Dr. Dana Whitfield and Sam Ortiz" in blocker
    assert "EPCS Access Control" in blocker
    assert dialog.controller.plan.blocker_code == "no_epcs_grant"
    assert not dialog.ui.signConfirmButton.isEnabled()
    assert f"DEA {MARSH_DEA}" in dialog.ui.signPrescriberLabel.text()
    dialog.controller.sign(MARSH[1], "123456")  # a script tries anyway
    flows_ended()
    dialog.reject()
    assert [rx.status for rx in rx_list(icorerx_env, patient.id)] == [RxStatus.PENDING]


def test_a_non_controlled_prescription_needs_no_grant(icorerx_env, qtbot):
    add_marsh(icorerx_env)
    icorerx_env.login(*MARSH[:2])
    window, compose = open_patient(icorerx_env)
    add_rx(icorerx_env, compose.controller.patient.id, NOT_CONTROLLED)
    dialog = signing_dialog(icorerx_env, qtbot, compose)
    assert not dialog.ui.signErrorLabel.isVisible()
    (done,) = confirm(qtbot, dialog, MARSH[1])
    assert done[0].status is RxStatus.SIGNED


def test_a_permission_ended_while_the_dialog_is_open_signs_nothing(icorerx_env, qtbot):
    add_marsh(icorerx_env)
    icorerx_env.grant_epcs("marsh")
    icorerx_env.login(*MARSH[:2])
    icorerx_env.sync_token(TOTP)
    window, compose = open_patient(icorerx_env)
    patient = compose.controller.patient
    add_rx(icorerx_env, patient.id, OXYCODONE)
    dialog = signing_dialog(icorerx_env, qtbot, compose)
    assert not dialog.controller.plan.blocker
    store_of(icorerx_env).run_blocking(
        lambda s: s.access_control.end_grants_for("marsh", "left the practice", "frontdesk")
    )
    message, reason = confirm(
        qtbot, dialog, MARSH[1], icorerx_env.token_code(TOTP), expect="failed"
    )
    assert reason == "no_epcs_grant" and "ended" in message
    assert not dialog.controller.code_spent  # checked before the code reached the service
    assert [rx.status for rx in rx_list(icorerx_env, patient.id)] == [RxStatus.PENDING]


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
