"""The anchored audit trail: a cut-off end, an emptied log, a lost or forged anchor are named."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.audit import AuditEvent, Outcome
from desktop.store import audited
from desktop.store.audit_anchor import HEAD_FILE, Anchor, parse
from desktop.store.database import AppStore, open_app_store
from desktop.store.migrations import write_transaction


def drop_triggers(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.commit()


def fill(data_dir: Path, n: int) -> None:
    store = open_app_store(data_dir / "icorerx.sqlite")
    try:
        for i in range(n):
            store.audit.record(AuditEvent.LOGIN, f"user{i % 3}", Outcome.SUCCESS)
    finally:
        store.close()


def delete_rows(data_dir: Path, where: str) -> None:
    conn = sqlite3.connect(data_dir / "icorerx.sqlite")
    drop_triggers(conn)
    conn.execute(f"DELETE FROM audit {where}")
    conn.commit()
    conn.close()


def head_of(data_dir: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((data_dir / HEAD_FILE).read_text(encoding="utf-8"))
    return loaded


def verify(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["audit", "verify", "--data-dir", str(data_dir)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_every_append_moves_the_sealed_owner_only_head(tmp_path):
    fill(tmp_path, 3)
    path = tmp_path / HEAD_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    head = head_of(tmp_path)
    assert (head["count"], head["seq"]) == (3, 3)
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        last = store.audit.entries(limit=1)[0]
        assert head["hash"] == last.hash
        store.audit.record(AuditEvent.LOGOUT, "user0", Outcome.SUCCESS)
        assert head_of(tmp_path)["seq"] == 4
        assert store.audit.verify().ok
    finally:
        store.close()


def test_an_entry_inside_a_bigger_transaction_is_anchored_after_its_commit(tmp_path):
    fill(tmp_path, 1)
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        with write_transaction(store.db):
            audited.record(store, AuditEvent.ROLE_CHANGED, "admin", Outcome.SUCCESS)
            assert head_of(tmp_path)["seq"] == 1  # not before the COMMIT
        assert head_of(tmp_path)["seq"] == 2
        with pytest.raises(RuntimeError), write_transaction(store.db):
            audited.record(store, AuditEvent.ROLE_CHANGED, "admin", Outcome.SUCCESS)
            raise RuntimeError("the change failed: nothing commits")
        assert head_of(tmp_path)["seq"] == 2
        assert store.audit.verify().ok
    finally:
        store.close()


def test_a_cut_off_tail_is_caught_by_name(tmp_path, capsys):
    fill(tmp_path, 10)
    written = parse(open_key(tmp_path), (tmp_path / HEAD_FILE).read_text()).when
    delete_rows(tmp_path, "WHERE seq > 4")
    code, out = verify(tmp_path, capsys)
    assert code == 1
    assert (
        f"The audit log ends at entry 4 but its anchor, written {written}, says 10 entries: "
        "6 entries at the end were deleted."
    ) in out
    assert "Audit log BROKEN at row 5" in out
    assert "tell the clinic's IT person" in out


def test_a_tail_cut_then_written_on_again_is_still_caught(tmp_path, capsys):
    fill(tmp_path, 6)
    delete_rows(tmp_path, "WHERE seq > 3")
    fill(tmp_path, 5)  # the log grows past the old end again: the anchor must not follow
    assert head_of(tmp_path)["seq"] == 6
    code, out = verify(tmp_path, capsys)
    assert code == 1
    assert "Entry 6 is not the entry its anchor" in out and "cut back" in out


def test_deleting_every_row_is_caught(tmp_path, capsys):
    fill(tmp_path, 5)
    delete_rows(tmp_path, "")
    code, out = verify(tmp_path, capsys)
    assert code == 1
    assert "The audit log is empty, but its anchor" in out
    assert "says 5 entries: all 5 entries were deleted" in out


def test_a_deleted_head_file_is_reported_and_not_written_again_by_itself(tmp_path, capsys):
    fill(tmp_path, 4)
    (tmp_path / HEAD_FILE).unlink()
    fill(tmp_path, 2)  # more entries: the anchor is not silently made again
    assert not (tmp_path / HEAD_FILE).exists()
    code, out = verify(tmp_path, capsys)
    assert code == 1
    assert "holds 6 entries, but its anchor" in out and "is missing" in out
    assert "icorerx audit anchor" in out
    assert not (tmp_path / HEAD_FILE).exists()


def test_icorerx_audit_anchor_anchors_an_intact_log_once_and_records_it(tmp_path, capsys):
    fill(tmp_path, 4)
    (tmp_path / HEAD_FILE).unlink()
    assert main(["audit", "anchor", "--data-dir", str(tmp_path)]) == 0
    assert "anchored at 4 entries" in capsys.readouterr().out
    assert verify(tmp_path, capsys)[0] == 0
    assert main(["audit", "anchor", "--data-dir", str(tmp_path)]) == 1  # it has one already
    assert "already has its anchor" in capsys.readouterr().out
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        reasons = [e.reason for e in store.audit.entries(event=AuditEvent.AUDIT_VERIFIED)]
    finally:
        store.close()
    assert "anchored again by hand" in reasons


def test_icorerx_audit_anchor_refuses_a_broken_chain(tmp_path, capsys):
    fill(tmp_path, 4)
    (tmp_path / HEAD_FILE).unlink()
    delete_rows(tmp_path, "WHERE seq = 2")
    assert main(["audit", "anchor", "--data-dir", str(tmp_path)]) == 1
    assert "Nothing was anchored" in capsys.readouterr().out
    assert not (tmp_path / HEAD_FILE).exists()


def test_a_forged_head_file_is_reported(tmp_path, capsys):
    fill(tmp_path, 5)
    forged = head_of(tmp_path)
    forged.update(count=3, seq=3)  # what someone who cut two rows would like it to say
    (tmp_path / HEAD_FILE).write_text(json.dumps(forged), encoding="utf-8")
    code, out = verify(tmp_path, capsys)
    assert code == 1
    assert "anchor" in out and "is not one iCoreRx wrote" in out
    assert "written without the audit key" in out
    fill(tmp_path, 1)  # a forged anchor is kept as evidence, not overwritten
    assert head_of(tmp_path) == forged


def test_an_unreadable_head_file_is_reported(tmp_path, capsys):
    fill(tmp_path, 2)
    (tmp_path / HEAD_FILE).write_text("not an anchor", encoding="utf-8")
    code, out = verify(tmp_path, capsys)
    assert code == 1 and "cannot be read as an anchor" in out


def open_key(data_dir: Path) -> bytes:
    store = open_app_store(data_dir / "icorerx.sqlite")
    try:
        return store.audit._key
    finally:
        store.close()


def _writer(data_dir: str, name: str, n: int, seen: list[int]) -> None:
    store = open_app_store(Path(data_dir) / "icorerx.sqlite")
    try:
        for _ in range(n):
            store.audit.record(AuditEvent.LOGIN, name, Outcome.SUCCESS)
            seen.append(int(head_of(Path(data_dir))["seq"]))
    finally:
        store.close()


def test_two_writers_never_move_the_head_backwards(tmp_path):
    fill(tmp_path, 1)
    manager = multiprocessing.get_context("spawn").Manager()
    with manager:
        seen = [manager.list() for _ in range(2)]
        ctx = multiprocessing.get_context("spawn")
        writers = [
            ctx.Process(target=_writer, args=(str(tmp_path), f"ws{i}", 25, seen[i]))
            for i in range(2)
        ]
        for process in writers:
            process.start()
        for process in writers:
            process.join(timeout=120)
            assert process.exitcode == 0
        for values in seen:
            got = list(values)
            assert got == sorted(got)  # each writer only ever saw the head move forward
    head = head_of(tmp_path)
    assert (head["count"], head["seq"]) == (51, 51)
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        assert store.audit.verify().ok
    finally:
        store.close()


def test_the_anchor_only_ever_moves_forward(tmp_path):
    fill(tmp_path, 3)
    store: AppStore = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        anchor = Anchor(tmp_path, store.audit._key)
        before = anchor.read()
        assert before is not None
        later = store.audit.record(AuditEvent.LOGIN, "x", Outcome.SUCCESS)
        assert anchor.read() is not None and anchor.read().seq == later.seq  # type: ignore[union-attr]
        anchor.write(before)  # an older head put back by hand...
        store.audit.record(AuditEvent.LOGIN, "x", Outcome.SUCCESS)
        assert anchor.read().seq == later.seq + 1  # type: ignore[union-attr]
    finally:
        store.close()


def test_the_audit_screen_names_a_cut_off_tail(icorerx_env, qtbot):
    from PySide6.QtCore import Qt

    from desktop.controllers.audit import AuditController
    from desktop.views.audit import AuditView

    context = icorerx_env.application.context

    def seed(store: AppStore) -> None:
        for _ in range(5):
            store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
        store.db.execute("DROP TRIGGER audit_no_delete")
        store.db.execute("DELETE FROM audit WHERE seq > 3")

    context.store.run_blocking(seed)
    controller = AuditController(context)
    view = AuditView(controller)
    controller.setParent(view)
    qtbot.addWidget(view)
    with qtbot.waitSignal(controller.entriesLoaded, timeout=10_000):
        view.show()
    with qtbot.waitSignal(controller.verified, timeout=10_000) as done:
        qtbot.mouseClick(view.ui.auditVerifyButton, Qt.MouseButton.LeftButton)
    assert not done.args[0].ok
    text = view.ui.auditStatusLabel.text()
    assert text.startswith("Audit log BROKEN at row 4: The audit log ends at entry 3")
    assert "says 5 entries: 2 entries at the end were deleted" in text
    assert view.ui.auditStatusLabel.property("tone") == "error"


def test_a_lost_database_beside_its_anchor_is_refused_not_started_over(tmp_path):
    from desktop import startup
    from desktop.config import Paths, Settings
    from desktop.domain.errors import StartupError

    fill(tmp_path, 3)
    for name in ("icorerx.sqlite", "icorerx.sqlite-wal", "icorerx.sqlite-shm", "audit.key"):
        (tmp_path / name).unlink(missing_ok=True)
    with pytest.raises(StartupError) as refused:
        startup.check_nothing_lost(Paths(tmp_path), Settings())
    assert f"the audit log's anchor {tmp_path / HEAD_FILE}" in refused.value.message
