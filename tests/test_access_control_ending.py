"""EPCS access control through the window (21 CFR 1311.125): permission ends by revocation,
a lost token, an expired DEA registration or a deactivated person, and signing needs it.

Dr. Lee Marsh is a second prescriber added for each test (`tests/grants.py`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.access_control import AccessRefused, EndReason, GrantState
from desktop.domain.audit import RECOVERED, AuditEvent
from desktop.domain.prescriptions import RxStatus
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
from tests.test_recovery import interrupted, started
from tests.test_signing import NOT_CONTROLLED, OXYCODONE, add_rx, confirm, open_patient, rx_list


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
