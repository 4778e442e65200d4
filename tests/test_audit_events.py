"""What the window does lands in the audit log, chained and checkable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.cli import main
from desktop.domain.audit import AuditEvent

HOTP = "GALH12345678"
CLICK = Qt.MouseButton.LeftButton


def events(env):
    store = env.application.context.store
    return [
        (e.event, e.actor, e.outcome)
        for e in reversed(store.run_blocking(lambda s: s.audit.entries()))
    ]


def test_sign_in_phone_step_up_and_token_changes_are_recorded(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    ui = window.login_view.ui
    ui.usernameEdit.setText("doctor")
    ui.passwordEdit.setText("nope")
    with qtbot.waitSignal(window.login_controller.failed, timeout=10_000):
        qtbot.mouseClick(ui.loginButton, CLICK)
    icorerx_env.login("doctor", "doctor-demo-1")
    device = icorerx_env.sync_token(HOTP)
    with qtbot.waitSignal(device.lifecycle.controller.changed, timeout=10_000):
        device.lifecycle.controller.apply("suspend", HOTP, "on leave")
    window.ui.signOutAction.trigger()
    qtbot.waitUntil(lambda: events(icorerx_env)[-1][0] is AuditEvent.LOGOUT)
    assert events(icorerx_env) == [
        (AuditEvent.LOGIN_FAILED, "doctor", "failure"),
        (AuditEvent.LOGIN, "doctor", "success"),
        (AuditEvent.PHONE_CODE_SENT, "doctor", "success"),
        (AuditEvent.PHONE_CODE_VERIFIED, "doctor", "success"),
        (AuditEvent.TOKEN_SYNC_STARTED, "doctor", "success"),
        (AuditEvent.TOKEN_ADDED, "doctor", "success"),
        (AuditEvent.TOKEN_CHANGE_STARTED, "doctor", "success"),
        (AuditEvent.TOKEN_SUSPENDED, "doctor", "success"),
        (AuditEvent.LOGOUT, "doctor", "success"),
    ]
    entries = icorerx_env.application.context.store.run_blocking(lambda s: s.audit.entries())
    added = next(e for e in entries if e.event is AuditEvent.TOKEN_ADDED)
    assert added.token_serial == HOTP and added.workstation
    started = next(e for e in entries if e.event is AuditEvent.TOKEN_SYNC_STARTED)
    assert started.token_serial == HOTP and started.details["attempt"] == added.details["attempt"]
    change = next(e for e in entries if e.event is AuditEvent.TOKEN_CHANGE_STARTED)
    suspended = next(e for e in entries if e.event is AuditEvent.TOKEN_SUSPENDED)
    assert change.details["action"] == "suspend"
    assert change.details["attempt"] == suspended.details["attempt"]
    assert icorerx_env.application.context.store.run_blocking(lambda s: s.audit.verify()).ok


def test_idle_lock_is_recorded(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.lock()
    qtbot.waitUntil(lambda: events(icorerx_env)[-1][0] is AuditEvent.IDLE_LOCK)


def test_the_admin_screen_opens_the_audit_log_for_the_doctor_only(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.open_device_management()
    admin = window.compose_view.admin
    admin.show_home()
    assert admin.ui.auditLink.isEnabled()
    qtbot.mouseClick(admin.ui.auditLink, CLICK)
    assert admin.ui.adminStack.currentWidget() is admin.ui.auditPage
    qtbot.waitUntil(lambda: admin.audit.ui.auditTable.model().rowCount() >= 1, timeout=10_000)
    qtbot.mouseClick(admin.audit.ui.auditBackButton, CLICK)
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage
    window.ui.signOutAction.trigger()
    window = icorerx_env.login("frontdesk", "frontdesk-demo-1")
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(0)
    qtbot.mouseClick(patients.ui.composeRxButton, CLICK)
    window.compose_view.ui.topMenuTabs.setCurrentWidget(window.compose_view.ui.adminTab)
    assert not window.compose_view.admin.ui.auditLink.isEnabled()


def test_the_command_line_checks_what_the_window_wrote(icorerx_env, qtbot, capsys):
    icorerx_env.login("doctor", "doctor-demo-1")
    capsys.readouterr()
    assert main(["audit", "verify", "--data-dir", str(icorerx_env.data_dir)]) == 0
    assert "intact" in capsys.readouterr().out
