"""The daily audit review (21 CFR 1311.150) on screen, through the plugin: the reminder, flags
and notes, who may review, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat

import pytest

from desktop.domain.audit import AuditEvent
from desktop.store.daily_review import DailyReviews
from tests.review_days import audit_entries, write_yesterday

WAIT_MS = 15_000


def test_the_admin_home_reminds_administrators_until_the_day_is_reviewed(icorerx_env, qtbot):
    write_yesterday(icorerx_env)
    icorerx_env.login("doctor", "doctor-demo-1")
    admin = icorerx_env.open_admin()
    nudge = admin.ui.auditReviewNudgeLabel
    qtbot.waitUntil(lambda: nudge.isVisible(), timeout=WAIT_MS)
    assert nudge.text().startswith("1 day of audit log not yet reviewed")
    assert admin.ui.auditReviewNowButton.isVisible()
    yesterday = dt.date.today() - dt.timedelta(days=1)
    qtbot.mouseClick(admin.ui.auditReviewNowButton, qtbot_left())
    view = admin.review
    assert view is not None
    qtbot.waitUntil(lambda: view.controller.report is not None, timeout=WAIT_MS)
    assert view.chosen_day() == yesterday  # jumped to the oldest day still to review
    assert "Wrong password" in view.ui.auditReviewReportView.toPlainText()
    icorerx_env.review_day(yesterday)
    pending = view.ui.auditReviewPendingLabel
    qtbot.waitUntil(lambda: "Every past day is reviewed" in pending.text(), timeout=WAIT_MS)
    assert nudge.isHidden() and admin.ui.auditReviewNowButton.isHidden()
    qtbot.mouseClick(view.ui.auditReviewBackButton, qtbot_left())
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage
    assert not nudge.isVisible()
    (entry,) = audit_entries(icorerx_env, AuditEvent.AUDIT_DAY_REVIEWED)
    assert entry.actor == "doctor" and entry.details["incident"] is False
    assert not view.ui.auditReviewMarkButton.isEnabled()  # reviewed once, not twice


def test_a_flagged_day_needs_a_note_on_screen_then_is_recorded(icorerx_env, qtbot):
    write_yesterday(icorerx_env)
    icorerx_env.login("doctor", "doctor-demo-1")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    view = icorerx_env.open_audit_review(yesterday)
    ui = view.ui
    ui.auditReviewIncidentCheck.setChecked(True)
    with qtbot.waitSignal(view.controller.failed, timeout=WAIT_MS):
        qtbot.mouseClick(ui.auditReviewMarkButton, qtbot_left())
    assert "Say what looks wrong" in ui.auditReviewMessageLabel.text()
    assert ui.auditReviewNoteEdit.property("invalid") is True
    assert audit_entries(icorerx_env, AuditEvent.AUDIT_DAY_REVIEWED) == []
    with pytest.raises(AssertionError, match="Say what looks wrong"):
        icorerx_env.review_day(yesterday, incident=True)
    icorerx_env.review_day(yesterday, incident=True, note="5 wrong passwords for frontdesk")
    assert "possible security incident" in ui.auditReviewMessageLabel.text()
    assert "possible security incident" in ui.auditReviewReportView.toPlainText()
    (entry,) = audit_entries(icorerx_env, AuditEvent.AUDIT_DAY_REVIEWED)
    assert entry.details["incident"] is True
    assert entry.details["note"] == "5 wrong passwords for frontdesk"
    assert entry.reason == "possible security incident"


def test_someone_who_is_not_an_administrator_sees_the_review_greyed_with_why(icorerx_env, qtbot):
    write_yesterday(icorerx_env)
    icorerx_env.login("frontdesk", "frontdesk-demo-1")
    admin = icorerx_env.open_admin()
    assert not admin.ui.auditReviewLink.isEnabled()
    assert "practice administrators" in admin.ui.auditReviewRestrictedLabel.text()
    assert admin.ui.auditReviewRestrictedLabel.isVisible()
    assert admin.ui.auditReviewNudgeLabel.isHidden()
    assert admin.open_audit_review() is None
    with pytest.raises(AssertionError, match="practice administrators"):
        icorerx_env.open_audit_review()


def test_the_report_exports_to_pdf_and_csv_owner_only_and_audited(icorerx_env, qtbot, tmp_path):
    write_yesterday(icorerx_env, actor="=cmd|' /C calc'!A0")
    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_audit_review(dt.date.today() - dt.timedelta(days=1))
    pdf, sheet = tmp_path / "day.pdf", tmp_path / "day.csv"
    with qtbot.waitSignal(view.controller.exported, timeout=WAIT_MS):
        view.export_to(str(pdf), "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/Type /Page" in data and data.rstrip().endswith(b"%%EOF")
    assert stat.S_IMODE(os.stat(pdf).st_mode) == 0o600
    assert "Saved" in view.ui.auditReviewMessageLabel.text()
    with qtbot.waitSignal(view.controller.exported, timeout=WAIT_MS):
        view.export_to(str(sheet), "csv")
    assert stat.S_IMODE(os.stat(sheet).st_mode) == 0o600
    cells = [c for row in csv.reader(io.StringIO(sheet.read_text())) for c in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert any(cell.startswith("Saved ") and cell.endswith(" by doctor") for cell in cells)
    formats = [
        e.details["format"] for e in audit_entries(icorerx_env, AuditEvent.AUDIT_REVIEW_EXPORTED)
    ]
    assert sorted(formats) == ["csv", "pdf"]


def test_an_export_to_a_folder_that_does_not_exist_says_what_to_do(icorerx_env, qtbot, tmp_path):
    write_yesterday(icorerx_env)
    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_audit_review(dt.date.today() - dt.timedelta(days=1))
    with qtbot.waitSignal(view.controller.failed, timeout=WAIT_MS):
        view.export_to(str(tmp_path / "gone" / "day.pdf"), "pdf")
    assert "Choose another folder" in view.ui.auditReviewMessageLabel.text()
    assert audit_entries(icorerx_env, AuditEvent.AUDIT_REVIEW_EXPORTED) == []


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_pdf_has_pages_for_a_long_day(qapp):
    """Qt's text engine needs the application's font database: `qapp` makes it when the
    test runs alone (without it Qt aborts the process)."""
    from desktop.controllers.daily_review import pdf_bytes

    rows = "".join(f"<p>row {n}</p>" for n in range(200))
    data = pdf_bytes(f"<h2>Audit review</h2>{rows}")
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2  # two pages


def test_a_second_click_while_the_review_is_written_is_ignored(icorerx_env, qtbot):
    write_yesterday(icorerx_env)
    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_audit_review(dt.date.today() - dt.timedelta(days=1))
    controller = view.controller
    refused: list[object] = []
    controller.failed.connect(refused.append)
    report = controller.report
    with qtbot.waitSignal(controller.reviewed, timeout=WAIT_MS):
        controller.mark_reviewed(report.day, report.head.seq, False, "")
        controller.mark_reviewed(report.day, report.head.seq, False, "")  # Enter held down
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT_MS)
    assert refused == []
    assert len(audit_entries(icorerx_env, AuditEvent.AUDIT_DAY_REVIEWED)) == 1


def test_a_review_whose_audit_entry_cannot_be_written_is_not_recorded(icorerx_env, qtbot):
    write_yesterday(icorerx_env)
    icorerx_env.login("doctor", "doctor-demo-1")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    view = icorerx_env.open_audit_review(yesterday)
    store = icorerx_env.application.context.store

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    original = store.run_blocking(lambda s: s.audit.record)
    store.run_blocking(lambda s: setattr(s.audit, "record", full_disk))
    try:
        with pytest.raises(AssertionError, match="disk .* is full"):
            icorerx_env.review_day(yesterday)
    finally:
        store.run_blocking(lambda s: setattr(s.audit, "record", original))
    assert "full" in view.ui.auditReviewMessageLabel.text()
    assert store.run_blocking(lambda s: DailyReviews(s).reviews(yesterday)) == ()
    assert view.ui.auditReviewMarkButton.isEnabled()  # nothing recorded: it can be tried again
