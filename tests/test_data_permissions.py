"""The data folder is the owner's alone: folders 0700, every file 0600, old ones tightened."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import demo
from desktop.cli import main
from desktop.config import Paths
from desktop.domain.audit import AuditEvent, Outcome
from desktop.store.database import open_app_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def lax_umask() -> Iterator[None]:
    """Start as a default desktop session does (022), and leave the test process as it was."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(data_dir: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(data_dir.stat().st_mode)}
    for path in data_dir.rglob("*"):
        found[str(path.relative_to(data_dir))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def loose(data_dir: Path) -> dict[str, int]:
    """Everything that is not 0700 (folders) or 0600 (files)."""
    wrong = {}
    for name, mode in modes(data_dir).items():
        path = data_dir / name
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            wrong[name] = mode
    return wrong


def test_after_a_full_start_every_file_is_0600_and_every_folder_0700(icorerx_env, tmp_path):
    data_dir = icorerx_env.data_dir
    icorerx_env.login("doctor", "doctor-demo-1")  # opens both stores, writes, logs
    logging.getLogger("desktop").warning("a line in the log file")
    while_open = set(modes(data_dir))
    assert {"icorerx.sqlite-wal", "icorerx.sqlite-shm"} <= while_open
    assert {"identity/identity.sqlite-wal", "identity/identity.sqlite-shm"} <= while_open
    assert loose(data_dir) == {}
    icorerx_env.close()
    export = data_dir / "exports" / "audit.csv"
    export.parent.mkdir()
    assert main(["audit", "export", "--csv", str(export), "--data-dir", str(data_dir)]) == 0
    names = set(modes(data_dir))
    for expected in (
        "icorerx.sqlite",
        "icorerx.log",
        "audit.key",
        "audit.head",
        "exports/audit.csv",
    ):
        assert expected in names
    assert "identity/identity.sqlite" in names
    assert loose(data_dir) == {}


def test_an_existing_0755_folder_and_0644_files_are_tightened_and_it_is_logged(tmp_path, caplog):
    data_dir = tmp_path / "data"
    demo.provision(Paths(data_dir))  # written under umask 022
    store = open_app_store(data_dir / "icorerx.sqlite")
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    store.close()
    os.chmod(data_dir, 0o755)
    for path in data_dir.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    assert loose(data_dir)
    store = open_app_store(data_dir / "icorerx.sqlite")  # the database alone tightens its own
    store.close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "icorerx.sqlite").stat().st_mode) == 0o600
    with caplog.at_level(logging.INFO, logger="desktop.filemodes"):
        from desktop.composition import Application

        application = Application.open(data_dir)
        application.close()
    assert loose(data_dir) == {}
    assert "was readable by others (mode 644); now owner-only" in caplog.text


def test_a_new_data_folder_is_made_0700(tmp_path):
    data_dir = tmp_path / "new" / "data"
    store = open_app_store(data_dir / "icorerx.sqlite")
    store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    store.close()
    assert loose(data_dir) == {}
