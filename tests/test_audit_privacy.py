"""What the audit export and the log files must never hold: running formulas, typed passwords."""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.audit import AuditEvent, Outcome, check_chain
from desktop.domain.errors import UserFacingError
from desktop.domain.spreadsheet import read_cell
from desktop.store.audit_rows import COLUMNS, as_hashed
from desktop.store.database import open_app_store

FORMULA = "=cmd|' /C calc'!A0"
TYPED_PASSWORD = "Hunter2!pass"


def test_the_export_writes_formula_cells_as_text_and_the_chain_still_checks(tmp_path):
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        store.audit.record(
            AuditEvent.PERSON_ADDED,
            FORMULA,
            Outcome.SUCCESS,
            reason="+1 from the front desk",
            details={"name": FORMULA, "note": "@SUM(A1)"},
        )
        store.audit.record(AuditEvent.LOGIN, "-doctor", Outcome.SUCCESS, reason="\tTab")
        target = tmp_path / "archive.csv"
        assert store.audit.export_csv(target) == 2
    finally:
        store.close()
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["actor"] == "'" + FORMULA
    assert rows[0]["reason"] == "'+1 from the front desk"
    assert rows[1]["actor"] == "'-doctor" and rows[1]["reason"] == "'\tTab"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    # read_cell gives every value back: the archive can still be checked against its hashes
    key = _key(tmp_path)
    restored = []
    for row in rows:
        values = {column: read_cell(row[column]) for column in COLUMNS}
        values["seq"] = int(values["seq"])
        for column in ("actor", "patient_id", "token_serial"):
            if values[column] == "":
                values[column] = None
        restored.append(as_hashed(values))
    assert json.loads(rows[0]["details"])["name"] == FORMULA
    report = check_chain(key, restored, lambda _hash: None)
    assert report.ok and report.checked == 2


def _key(data_dir: Path) -> bytes:
    store = open_app_store(data_dir / "icorerx.sqlite")
    try:
        return store.audit._key
    finally:
        store.close()


def test_the_export_is_owner_only(tmp_path):
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
        target = tmp_path / "archive.csv"
        store.audit.export_csv(target)
    finally:
        store.close()
    assert target.stat().st_mode & 0o777 == 0o600


def test_an_unknown_username_is_counted_under_a_keyed_hash_not_its_text(tmp_path):
    store = open_app_store(tmp_path / "icorerx.sqlite")
    try:
        store.add_user("doctor", "right-password-1", "Dana", [])
        for _ in range(2):
            with pytest.raises(UserFacingError):
                store.authenticate(TYPED_PASSWORD, "whatever")
        actor = store.actor_for(TYPED_PASSWORD)
        assert actor.startswith("unknown user #") and len(actor) == len("unknown user #") + 8
        assert actor == store.actor_for(f"  {TYPED_PASSWORD.upper()} ")  # the same typed name
        assert store.actor_for("other-typo") != actor
        assert store.actor_for("Doctor") == "doctor"  # someone holds it: the name itself
        assert store.throttles.state(actor).failures == 2
    finally:
        store.close()
    raw = (tmp_path / "icorerx.sqlite").read_bytes()
    wal = tmp_path / "icorerx.sqlite-wal"
    if wal.exists():
        raw += wal.read_bytes()
    assert TYPED_PASSWORD.lower().encode() not in raw.lower()


def test_a_password_typed_as_the_username_reaches_neither_log_nor_export(
    icorerx_env, qtbot, tmp_path, capsys
):
    window = icorerx_env.main_window()
    ui = window.login_view.ui
    refused: list[str] = []
    window.login_controller.failed.connect(refused.append)
    ui.usernameEdit.setText(TYPED_PASSWORD)
    ui.passwordEdit.setText("doctor")
    qtbot.mouseClick(ui.loginButton, _left())
    qtbot.waitUntil(lambda: bool(refused), timeout=10_000)

    def failed(store):
        return [e for e in store.audit.entries() if e.event is AuditEvent.LOGIN_FAILED]

    store_lane = icorerx_env.application.context.store
    qtbot.waitUntil(lambda: bool(store_lane.run_blocking(failed)), timeout=10_000)
    [entry] = store_lane.run_blocking(failed)
    assert entry.actor is not None and entry.actor.startswith("unknown user #")
    for handler in logging.getLogger().handlers:
        handler.flush()
    icorerx_env.close()
    target = tmp_path / "export.csv"
    assert (
        main(["audit", "export", "--csv", str(target), "--data-dir", str(icorerx_env.data_dir)])
        == 0
    )
    capsys.readouterr()
    exported = target.read_text(encoding="utf-8").lower()
    logged = (icorerx_env.data_dir / "icorerx.log").read_text(encoding="utf-8").lower()
    assert entry.actor in exported and entry.actor in logged
    for text in (exported, logged):
        assert TYPED_PASSWORD.lower() not in text
    database = (icorerx_env.data_dir / "icorerx.sqlite").read_bytes().lower()
    assert TYPED_PASSWORD.lower().encode() not in database


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
