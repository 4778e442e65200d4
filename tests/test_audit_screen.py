"""The Audit screen: the daily review reads the log, filters it, and checks its seal."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QHeaderView

from desktop.controllers.audit import AuditController
from desktop.domain.audit import AuditEvent
from desktop.store.audit import AuditLog
from desktop.store.database import AppStore
from desktop.store.migrations import write_transaction
from desktop.views.audit import AuditView
from desktop.views.audit_model import DOUBT_MARK

WAIT_MS = 10_000


def seed_entries(store: AppStore) -> None:
    audit = store.audit
    audit.record(AuditEvent.LOGIN, "doctor", "success")
    audit.record(AuditEvent.LOGIN_FAILED, "frontdesk", "failure", reason="wrong password")
    audit.record(AuditEvent.SIGNED, "doctor", "success", patient_id=3, token_serial="GALH12345678")
    audit.record(AuditEvent.LOGIN, "frontdesk", "success")


def many_entries(count: int) -> Callable[[AppStore], None]:
    """`count` sign-ins after the usual four, in one transaction (as a busy clinic's day)."""

    def seed(store: AppStore) -> None:
        seed_entries(store)
        with write_transaction(store.db):
            for i in range(count):
                store.audit.record(AuditEvent.LOGIN, "nurse", "success", reason=f"#{i + 1}")

    return seed


def open_screen(icorerx_env, qtbot, seed: Callable[[AppStore], None] = seed_entries) -> AuditView:
    context = icorerx_env.application.context
    context.store.run_blocking(seed)
    controller = AuditController(context)
    view = AuditView(controller)
    controller.setParent(view)
    qtbot.addWidget(view)
    with qtbot.waitSignal(controller.entriesLoaded, timeout=WAIT_MS):
        view.show()
    return view


@pytest.fixture
def screen(icorerx_env, qtbot):
    return open_screen(icorerx_env, qtbot)


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
    assert failed.args[0].text.startswith("Entry 3 of the audit log cannot be read")
    assert screen.ui.auditStatusLabel.property("tone") == "error"


def seqs(view: AuditView) -> list[int]:
    model = view.model
    return [model.entry(row).seq for row in range(model.rowCount())]


def scroll_to_the_end(view: AuditView, qtbot) -> None:
    bar = view.ui.auditTable.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > bar.value(), timeout=WAIT_MS)  # laid out anew
    with qtbot.waitSignal(view.controller.moreLoaded, timeout=WAIT_MS):
        bar.setValue(bar.maximum())


def test_a_long_log_arrives_a_page_at_a_time_newest_first_as_the_reviewer_scrolls(
    icorerx_env, qtbot
):
    view = open_screen(icorerx_env, qtbot, many_entries(450))
    page = view.controller.page_size
    assert seqs(view) == list(range(454, 454 - page, -1))
    assert view.model.canFetchMore()
    assert "454 entries, newest first" in view.ui.auditStatusLabel.text()
    scroll_to_the_end(view, qtbot)
    assert seqs(view) == list(range(454, 454 - 2 * page, -1))
    scroll_to_the_end(view, qtbot)
    assert seqs(view) == list(range(454, 0, -1))
    assert not view.model.canFetchMore()
    assert column(view, 7)[:2] == ["#450", "#449"] and column(view, 7)[-1] == ""


def test_refreshing_thousands_of_entries_reads_one_page_and_sizes_no_column_to_its_contents(
    icorerx_env, qtbot
):
    view = open_screen(icorerx_env, qtbot, many_entries(3000))
    store = icorerx_env.application.context.store
    store.run_blocking(lambda s: s.audit.record(AuditEvent.LOGOUT, "nurse", "success"))
    with qtbot.waitSignal(view.controller.entriesLoaded, timeout=WAIT_MS) as loaded:
        qtbot.mouseClick(view.ui.auditRefreshButton, Qt.MouseButton.LeftButton)
    assert loaded.args[0].total == 3005 and len(loaded.args[0].rows) == view.controller.page_size
    assert view.model.rowCount() == view.controller.page_size and view.model.more
    assert column(view, 3)[0] == "Signed out"
    assert "3,005 entries" in view.ui.auditStatusLabel.text()
    header = view.ui.auditTable.horizontalHeader()
    modes = {header.sectionResizeMode(i) for i in range(header.count())}
    assert QHeaderView.ResizeMode.ResizeToContents not in modes
    assert view.ui.auditTable.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed


def test_the_newest_filters_win_over_a_load_still_on_its_way(screen, qtbot):
    ui = screen.ui
    with qtbot.waitSignal(screen.controller.entriesLoaded, timeout=WAIT_MS) as loaded:
        ui.auditUserCombo.setCurrentIndex(ui.auditUserCombo.findData("doctor"))
        ui.auditEventCombo.setCurrentIndex(ui.auditEventCombo.findData("signed"))
    assert loaded.args[0].stretch.query.event is AuditEvent.SIGNED
    assert column(screen, 3) == ["Prescription signed"] and column(screen, 1) == ["doctor"]


def write_with_clock(at: dt.datetime, reason: str) -> Callable[[AppStore], int]:
    """An entry written by a workstation whose clock says `at`."""

    def write(store: AppStore) -> int:
        wrong = AuditLog(store.db, store.workstation, store.audit._key, clock=lambda: at)
        return wrong.record(AuditEvent.LOGIN, "doctor", "success", reason=reason).seq

    return write


def test_entries_written_under_a_wrong_clock_show_where_they_were_written(icorerx_env, qtbot):
    store = icorerx_env.application.context.store
    now = dt.datetime.now(dt.UTC)
    store.run_blocking(seed_entries)
    ahead = store.run_blocking(write_with_clock(now + dt.timedelta(days=400), "ahead"))
    behind = store.run_blocking(write_with_clock(now - dt.timedelta(days=730), "behind"))
    view = open_screen(icorerx_env, qtbot, seed=lambda s: None)
    assert seqs(view) == [behind, ahead, 4, 3, 2, 1]
    when = column(view, 0)
    assert when[0].startswith(DOUBT_MARK) and when[1].startswith(DOUBT_MARK)
    assert not any(text.startswith(DOUBT_MARK) for text in when[2:])
    tip = view.model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "dated in the future" in tip and "clock was probably wrong" in tip
    assert view.model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    status = view.ui.auditStatusLabel.text()
    assert "6 entries" in status and "2 of them are dated outside these days" in status
    with qtbot.waitSignal(view.controller.entriesLoaded, timeout=WAIT_MS):
        view.ui.auditAllDatesCheck.setChecked(True)
    assert not view.ui.auditFromDate.isEnabled() and not view.ui.auditToDate.isEnabled()
    assert seqs(view) == [behind, ahead, 4, 3, 2, 1]
    assert column(view, 0)[0].startswith(DOUBT_MARK) and column(view, 0)[1].startswith(DOUBT_MARK)


def test_the_integrity_check_reports_its_progress(icorerx_env, qtbot):
    view = open_screen(icorerx_env, qtbot, many_entries(996))
    controller, ui = view.controller, view.ui
    controller.verify_chunk = 100
    progress: list[tuple[int, int]] = []
    controller.verifyProgress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(controller.busyChanged, timeout=WAIT_MS):
        qtbot.mouseClick(ui.auditVerifyButton, Qt.MouseButton.LeftButton)
    assert ui.auditVerifyProgress.isVisible() and ui.auditVerifyCancelButton.isVisible()
    assert not ui.auditVerifyButton.isEnabled()
    with qtbot.waitSignal(controller.verified, timeout=WAIT_MS):
        pass
    assert progress == [(done, 1000) for done in range(0, 1001, 100)]
    assert ui.auditVerifyProgress.format() == "1,000 of 1,000 entries"
    assert not ui.auditVerifyProgress.isVisible() and not ui.auditVerifyCancelButton.isVisible()
    assert ui.auditStatusLabel.text().startswith("Audit log intact: 1,000 entries")


def test_the_integrity_check_can_be_stopped_and_the_stop_is_recorded(screen, icorerx_env, qtbot):
    controller, ui = screen.controller, screen.ui
    lane = icorerx_env.application.context.store
    gate = threading.Event()
    lane.executor.submit(gate.wait, WAIT_MS / 1000)  # the lane is busy: the check waits its turn
    try:
        qtbot.mouseClick(ui.auditVerifyButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: controller.verifying, timeout=WAIT_MS)
        assert ui.auditVerifyCancelButton.isVisible() and ui.auditVerifyCancelButton.isEnabled()
        qtbot.mouseClick(ui.auditVerifyButton, Qt.MouseButton.LeftButton)  # ignored: running
        ui.auditUserCombo.setCurrentIndex(ui.auditUserCombo.findData("doctor"))  # waits its turn
        assert "will follow these filters when the check ends" in ui.auditStatusLabel.text()
        with (
            qtbot.waitSignal(controller.verifyCancelled, timeout=WAIT_MS) as stopped,
            qtbot.waitSignal(controller.entriesLoaded, timeout=WAIT_MS),
        ):
            qtbot.mouseClick(ui.auditVerifyCancelButton, Qt.MouseButton.LeftButton)
            assert not ui.auditVerifyCancelButton.isEnabled()
            gate.set()
    finally:
        gate.set()
    assert stopped.args == [0, 4]
    assert column(screen, 1) == ["doctor", "doctor"]  # the list followed the filter after
    assert ui.auditStatusLabel.text().startswith("Check stopped before it read any entry.")
    assert ui.auditVerifyButton.isEnabled() and not ui.auditVerifyCancelButton.isVisible()
    latest = lane.run_blocking(lambda s: s.audit.entries(limit=2))
    assert [e.event for e in latest] == [AuditEvent.AUDIT_VERIFIED, AuditEvent.LOGIN]
    assert latest[0].outcome == "cancelled"
    assert latest[0].details == {"rows": 0, "rows_in_log": 4}


def test_leaving_the_screen_stops_a_running_check(screen, icorerx_env, qtbot):
    controller = screen.controller
    lane = icorerx_env.application.context.store
    gate = threading.Event()
    lane.executor.submit(gate.wait, WAIT_MS / 1000)
    try:
        qtbot.mouseClick(screen.ui.auditVerifyButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: controller.verifying, timeout=WAIT_MS)
        with qtbot.waitSignal(controller.verifyCancelled, timeout=WAIT_MS):
            screen.hide()
            gate.set()
    finally:
        gate.set()
    assert not controller.verifying
