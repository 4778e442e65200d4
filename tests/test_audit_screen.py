"""The Audit screen: the daily review reads the log, filters it, and checks its seal."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import QDate, Qt

from desktop.controllers.audit import AuditController
from desktop.domain.audit import AuditEvent
from desktop.store.database import AppStore
from desktop.views.audit import AuditView

WAIT_MS = 10_000


def seed_entries(store: AppStore) -> None:
    audit = store.audit
    audit.record(AuditEvent.LOGIN, "doctor", "success")
    audit.record(AuditEvent.LOGIN_FAILED, "frontdesk", "failure", reason="wrong password")
    audit.record(AuditEvent.SIGNED, "doctor", "success", patient_id=3, token_serial="GALH12345678")
    audit.record(AuditEvent.LOGIN, "frontdesk", "success")


@pytest.fixture
def screen(icorerx_env, qtbot):
    context = icorerx_env.application.context
    context.store.run_blocking(seed_entries)
    controller = AuditController(context)
    view = AuditView(controller)
    controller.setParent(view)
    qtbot.addWidget(view)
    with qtbot.waitSignal(controller.entriesLoaded, timeout=WAIT_MS):
        view.show()
    return view


def column(view: AuditView, index: int) -> list[str]:
    model = view.ui.auditTable.model()
    return [model.index(row, index).data() for row in range(model.rowCount())]


def test_the_last_seven_days_load_on_first_show_newest_first(screen):
    ui = screen.ui
    assert ui.auditFromDate.date() == QDate.currentDate().addDays(-6)
    assert ui.auditToDate.date() == QDate.currentDate()
    assert column(screen, 1) == ["frontdesk", "doctor", "frontdesk", "doctor"]
    assert column(screen, 3) == ["Signed in", "Prescription signed", "Wrong password", "Signed in"]
    assert column(screen, 2) == [socket.gethostname()] * 4
    assert column(screen, 4)[1] == "3" and column(screen, 5)[1] == "GALH12345678"
    assert column(screen, 6)[2] == "Failure" and column(screen, 7)[2] == "wrong password"
    assert [ui.auditUserCombo.itemText(i) for i in range(ui.auditUserCombo.count())] == [
        "All users",
        "doctor",
        "frontdesk",
    ]
    assert ui.auditEventCombo.itemText(0) == "All events"
    assert ui.auditEventCombo.count() == len(AuditEvent) + 1
    assert "4 entries" in ui.auditStatusLabel.text()


def test_filters_by_user_event_and_dates_narrow_the_list(screen, qtbot):
    ui, controller = screen.ui, screen.controller
    with qtbot.waitSignal(controller.entriesLoaded, timeout=WAIT_MS):
        ui.auditUserCombo.setCurrentIndex(ui.auditUserCombo.findData("frontdesk"))
    assert column(screen, 1) == ["frontdesk", "frontdesk"]
    with qtbot.waitSignal(controller.entriesLoaded, timeout=WAIT_MS):
        ui.auditEventCombo.setCurrentIndex(ui.auditEventCombo.findData("login_failed"))
    assert column(screen, 3) == ["Wrong password"]
    assert ui.auditUserCombo.currentData() == "frontdesk"  # kept while the actors reloaded
    with qtbot.waitSignal(controller.entriesLoaded, timeout=WAIT_MS):
        ui.auditUserCombo.setCurrentIndex(0)
    with qtbot.waitSignal(controller.entriesLoaded, timeout=WAIT_MS):
        ui.auditEventCombo.setCurrentIndex(ui.auditEventCombo.findData("signed"))
    assert column(screen, 1) == ["doctor"]
    with qtbot.waitSignal(controller.entriesLoaded, timeout=WAIT_MS):
        ui.auditFromDate.setDate(QDate.currentDate().addDays(1))
    assert ui.auditTable.model().rowCount() == 0
    assert ui.auditStatusLabel.text() == "No entries match these filters."


def test_refresh_shows_entries_written_since(screen, icorerx_env, qtbot):
    store = icorerx_env.application.context.store
    store.run_blocking(lambda s: s.audit.record(AuditEvent.LOGOUT, "doctor", "success"))
    with qtbot.waitSignal(screen.controller.entriesLoaded, timeout=WAIT_MS):
        qtbot.mouseClick(screen.ui.auditRefreshButton, Qt.MouseButton.LeftButton)
    assert column(screen, 3)[0] == "Signed out"


def test_the_integrity_check_says_intact_then_names_a_tampered_row(screen, icorerx_env, qtbot):
    ui, controller = screen.ui, screen.controller
    with qtbot.waitSignal(controller.verified, timeout=WAIT_MS) as done:
        qtbot.mouseClick(ui.auditVerifyButton, Qt.MouseButton.LeftButton)
    assert done.args[0].ok
    assert ui.auditStatusLabel.text().startswith("Audit log intact: 4 entries")
    assert ui.auditStatusLabel.property("tone") == "ok"
    assert ui.auditVerifyButton.isEnabled()

    def tamper(store: AppStore) -> None:
        store.db.execute("DROP TRIGGER audit_no_update")
        store.db.execute("UPDATE audit SET reason = '' WHERE seq = 2")

    icorerx_env.application.context.store.run_blocking(tamper)
    with qtbot.waitSignal(controller.verified, timeout=WAIT_MS):
        qtbot.mouseClick(ui.auditVerifyButton, Qt.MouseButton.LeftButton)
    assert ui.auditStatusLabel.text().startswith(
        "Audit log BROKEN at row 2: row 2 was edited after it was written"
    )
    assert ui.auditStatusLabel.property("tone") == "error"


def test_each_check_is_itself_recorded(screen, icorerx_env, qtbot):
    with qtbot.waitSignal(screen.controller.verified, timeout=WAIT_MS):
        screen.controller.verify()
    store = icorerx_env.application.context.store
    latest = store.run_blocking(lambda s: s.audit.entries(limit=1))[0]
    assert latest.event is AuditEvent.AUDIT_VERIFIED and latest.outcome == "success"
    assert latest.details == {"rows": 4, "first_bad_seq": None}


def test_back_returns_to_admin(screen, qtbot):
    with qtbot.waitSignal(screen.backRequested, timeout=WAIT_MS):
        qtbot.mouseClick(screen.ui.auditBackButton, Qt.MouseButton.LeftButton)


def test_a_row_written_by_hand_is_explained_not_a_crash(screen, icorerx_env, qtbot):
    def tamper(store: AppStore) -> None:
        store.db.execute("DROP TRIGGER audit_no_update")
        store.db.execute("UPDATE audit SET event = 'coffee_break' WHERE seq = 3")

    icorerx_env.application.context.store.run_blocking(tamper)
    with qtbot.waitSignal(screen.controller.failed, timeout=WAIT_MS) as failed:
        qtbot.mouseClick(screen.ui.auditRefreshButton, Qt.MouseButton.LeftButton)
    assert failed.args[0].startswith("Entry 3 of the audit log cannot be read")
    assert screen.ui.auditStatusLabel.property("tone") == "error"
