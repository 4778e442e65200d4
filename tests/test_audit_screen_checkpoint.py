"""The Audit screen's integrity check compares the log with the head a privacyIDEA server
keeps (its checkpoint), as `icorerx audit verify` does: a cut-off end is named on screen
even when the anchor file beside the database went with the rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.audit_checkpoints import comparison_words
from desktop.cli import main
from desktop.domain.audit import AuditEvent
from desktop.exostar.base import AdapterError
from tests.test_audit_screen import WAIT_MS, open_screen

on_privacyidea = pytest.mark.parametrize("icorerx_identity", ["privacyidea"], indirect=True)


def keep_head_on_the_server(env) -> int:
    """What the window does at sign-out: the anchored head goes to the server. Its count."""
    context = env.application.context

    def head(store):
        anchored = store.audit.anchor_head()
        return store.audit.log_id, anchored.count, store.audit.checkpoint_text(anchored)

    log_id, count, text = context.store.run_blocking(head)
    identity = context.identity
    identity.lane.submit(identity.checkpoint, log_id, count, text).result()
    return count


def cut_the_tail(env, keep: int) -> None:
    """Whoever can write the data folder deletes the last rows, and the anchor file too."""

    def cut(store):
        store.db.execute("DROP TRIGGER audit_no_delete")
        store.db.execute("DELETE FROM audit WHERE seq > ?", [keep])
        store.audit.anchor.path.unlink()

    env.application.context.store.run_blocking(cut)


def check(view, qtbot) -> str:
    with qtbot.waitSignal(view.controller.verified, timeout=WAIT_MS):
        qtbot.mouseClick(view.ui.auditVerifyButton, Qt.MouseButton.LeftButton)
    return view.ui.auditStatusLabel.text()


@on_privacyidea
def test_the_screen_names_entries_cut_off_below_the_servers_checkpoint(icorerx_env, qtbot):
    view = open_screen(icorerx_env, qtbot)
    count = keep_head_on_the_server(icorerx_env)
    text = check(view, qtbot)
    assert text.startswith("Audit log intact")
    assert "also compared with the copy kept on the clinic's identity server" in text
    assert view.ui.auditStatusLabel.property("tone") == "ok"

    cut_the_tail(icorerx_env, count - 3)
    text = check(view, qtbot)
    assert view.ui.auditStatusLabel.property("tone") == "error"
    assert f"The audit log ends at entry {count - 3} but its anchor" in text
    assert f"says {count} entries: 3 entries at the end were deleted" in text
    assert "(the identity service's checkpoint)" in text
    assert "is missing" in text  # the lost anchor file is named too
    assert "Tell your practice's security contact today" in text
    store = icorerx_env.application.context.store
    latest = store.run_blocking(lambda s: s.audit.entries(limit=1))[0]
    assert latest.event is AuditEvent.AUDIT_VERIFIED and latest.outcome == "failure"
    assert latest.details["checkpoint"] == "compared"


@on_privacyidea
def test_a_checkpoint_that_cannot_be_read_is_said_and_not_vouched_for(icorerx_env, qtbot):
    view = open_screen(icorerx_env, qtbot)
    keep_head_on_the_server(icorerx_env)
    identity = icorerx_env.application.context.identity

    def unreachable(log_id: str) -> str | None:
        raise AdapterError("The clinic's identity server cannot be reached.", "Try again.")

    identity.read_checkpoint = unreachable
    text = check(view, qtbot)
    assert text.startswith("Audit log intact")  # the chain itself, as far as it was checked
    assert "could not be read, so the log was not compared with it" in text
    assert "cannot be reached" in text
    assert view.ui.auditStatusLabel.property("tone") == "error"
    assert view.ui.auditVerifyButton.isEnabled()
    store = icorerx_env.application.context.store
    latest = store.run_blocking(lambda s: s.audit.entries(limit=1))[0]
    assert latest.outcome == "failure" and latest.details["checkpoint"] == "unreadable"


@on_privacyidea
def test_a_server_that_keeps_no_checkpoint_yet_is_said(icorerx_env, qtbot):
    view = open_screen(icorerx_env, qtbot)
    identity = icorerx_env.application.context.identity
    identity.read_checkpoint = lambda log_id: None
    text = check(view, qtbot)
    assert "keeps no copy of this log's end yet" in text
    assert view.ui.auditStatusLabel.property("tone") == "ok"


def test_the_embedded_service_adds_nothing_to_the_words(icorerx_env, qtbot):
    """Its anchor is the head file: no sentence about a server's copy, no extra detail."""
    view = open_screen(icorerx_env, qtbot)
    text = check(view, qtbot)
    assert "identity server" not in text
    store = icorerx_env.application.context.store
    latest = store.run_blocking(lambda s: s.audit.entries(limit=1))[0]
    assert "checkpoint" not in latest.details


@on_privacyidea
def test_the_command_line_says_what_the_screen_says(icorerx_env, qtbot, capsys):
    open_screen(icorerx_env, qtbot)
    keep_head_on_the_server(icorerx_env)
    icorerx_env.close()  # the window's store and service are closed first
    assert main(["audit", "verify", "--data-dir", str(icorerx_env.data_dir)]) == 0
    assert comparison_words(True, "kept") in capsys.readouterr().out
