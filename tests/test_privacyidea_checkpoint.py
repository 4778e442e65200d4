"""The audit checkpoint kept by a real privacyIDEA 3.14 server, and `audit verify` against it."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from desktop.audit_checkpoints import Checkpoints
from desktop.cli import main
from desktop.config import Settings
from desktop.domain.audit import AuditEvent, Outcome
from desktop.exostar import registry
from desktop.exostar.local import create_adapter as create_local
from desktop.exostar.privacyidea import PrivacyIdeaIdentityService, checkpoint_serial
from desktop.store.audit_anchor import HEAD_FILE
from desktop.store.database import open_app_store


def adapter_for(server, data_dir: Path) -> PrivacyIdeaIdentityService:
    identity = registry.create("privacyidea", data_dir, server.settings_for(data_dir))
    assert isinstance(identity, PrivacyIdeaIdentityService)
    return identity


@pytest.fixture
def identity(pi_server, tmp_path):
    adapter = adapter_for(pi_server, tmp_path)
    yield adapter
    adapter.close()
    adapter.lane.shutdown()


def test_the_checkpoint_is_kept_on_a_token_that_never_signs_in_and_only_moves_forward(
    identity, pi_server
):
    log_id = uuid.uuid4().hex[:20]
    assert identity.read_checkpoint(log_id) is None
    identity.checkpoint(log_id, 5, "head at five")
    assert identity.read_checkpoint(log_id) == "head at five"
    identity.checkpoint(log_id, 3, "an older head")  # never backwards
    assert identity.read_checkpoint(log_id) == "head at five"
    identity.checkpoint(log_id, 7, "head at seven")
    assert identity.read_checkpoint(log_id) == "head at seven"
    token = pi_server.token(checkpoint_serial(log_id))
    assert token["tokentype"] == "spass" and not token["active"] and not token["username"]
    assert identity.read_checkpoint(uuid.uuid4().hex[:20]) is None  # one per log


def test_the_embedded_service_keeps_none_because_the_head_file_is_its_anchor(tmp_path):
    local = create_local(tmp_path, {})
    try:
        local.checkpoint("some-log", 5, "head")
        assert local.read_checkpoint("some-log") is None
    finally:
        local.close()
        local.lane.shutdown()


@pytest.fixture
def pi_data_dir(pi_server, tmp_path) -> Path:
    data_dir = tmp_path / "data"
    options = pi_server.settings_for(data_dir)
    Settings(adapter="privacyidea", adapter_options=options).save(data_dir)
    return data_dir


def write_entries(pi_server, data_dir: Path, n: int, every: int) -> None:
    """What the window does: each anchored head goes to the checkpoint when one is due."""
    identity = adapter_for(pi_server, data_dir)
    checkpoints = Checkpoints(identity, every_entries=every)
    store = open_app_store(data_dir / "icorerx.sqlite")
    store.on_anchor = checkpoints.note
    try:
        for i in range(n):
            store.audit.record(AuditEvent.LOGIN, f"user{i}", Outcome.SUCCESS)
    finally:
        store.close()
        checkpoints.flush()
        identity.lane.submit(identity.close).result()
        identity.lane.shutdown()


def test_verify_catches_a_cut_below_the_checkpoint_even_without_the_head_file(
    pi_server, pi_data_dir, capsys
):
    write_entries(pi_server, pi_data_dir, 10, every=4)
    assert main(["audit", "verify", "--data-dir", str(pi_data_dir)]) == 0
    assert "Audit log intact: 10 entries" in capsys.readouterr().out
    conn = sqlite3.connect(pi_data_dir / "icorerx.sqlite")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq > 6")
    conn.commit()
    conn.close()
    (pi_data_dir / HEAD_FILE).unlink()  # whoever cut the rows took the local anchor too
    assert main(["audit", "verify", "--data-dir", str(pi_data_dir)]) == 1
    out = capsys.readouterr().out
    assert "The audit log ends at entry 6 but its anchor" in out
    assert "says 10 entries: 4 entries at the end were deleted" in out
    assert "(the identity service's checkpoint)" in out
    assert "is missing" in out  # and the lost head file is named too


def test_a_checkpoint_not_sealed_with_the_audit_key_is_reported(pi_server, pi_data_dir, capsys):
    write_entries(pi_server, pi_data_dir, 2, every=1)
    store = open_app_store(pi_data_dir / "icorerx.sqlite")
    try:
        log_id = store.audit.log_id
    finally:
        store.close()
    identity = adapter_for(pi_server, pi_data_dir)
    try:
        identity.checkpoint(log_id, 999, '{"count": 1, "seq": 1, "hash": "x", "at": "now"}')
    finally:
        identity.close()
        identity.lane.shutdown()
    assert main(["audit", "verify", "--data-dir", str(pi_data_dir)]) == 1
    out = capsys.readouterr().out
    assert "checkpoint kept by the identity service is not one iCoreRx wrote" in out


@pytest.mark.parametrize("icorerx_identity", ["privacyidea"], indirect=True)
def test_signing_out_sends_the_checkpoint(icorerx_env, qtbot, pi_server):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.ui.signOutAction.trigger()
    store = icorerx_env.application.context.store

    def head(s):
        return s.audit.log_id, s.count_audit_entries()

    def kept() -> str | None:
        log_id, _count = store.run_blocking(head)
        identity = icorerx_env.application.context.identity
        found: str | None = identity.lane.submit(identity.read_checkpoint, log_id).result()
        return found

    qtbot.waitUntil(lambda: kept() is not None and '"count": 2' in str(kept()), timeout=15_000)
