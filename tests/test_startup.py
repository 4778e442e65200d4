"""Start-up on a data dir that is not as it should be: words that name the file, never a traceback.

Tests run as root, which ignores file permissions, so a read-only folder and a full disk are
made for real where the machine allows it (a private mount namespace with a read-only or a
tiny tmpfs mount: EROFS and ENOSPC hold even for root) and simulated at the failing call
everywhere else.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.cli import main
from desktop.composition import Application
from desktop.config import Paths
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import StartupError
from desktop.store.database import open_app_store
from tests.fresh_python import run_python


@pytest.fixture
def demo_dir(tmp_path, capsys) -> Path:
    data_dir = tmp_path / "data"
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    return data_dir


def with_entries(data_dir: Path, n: int = 2) -> Path:
    store = open_app_store(Paths(data_dir).app_db)
    try:
        for _ in range(n):
            store.audit.record(AuditEvent.LOGIN, "doctor", Outcome.SUCCESS)
    finally:
        store.close()
    return data_dir


def remove_app_db(data_dir: Path) -> None:
    for name in ("icorerx.sqlite", "icorerx.sqlite-wal", "icorerx.sqlite-shm"):
        (data_dir / name).unlink(missing_ok=True)


def open_refused(data_dir: Path) -> StartupError:
    with pytest.raises(StartupError) as info:
        Application.open(data_dir).close()
    return info.value


# nothing is silently re-created -------------------------------------------------------
def test_a_missing_database_beside_identity_data_is_refused_not_rebuilt(qapp, demo_dir):
    remove_app_db(demo_dir)
    error = open_refused(demo_dir)
    assert error.path == demo_dir / "icorerx.sqlite"
    assert f"{demo_dir / 'icorerx.sqlite'} is missing" in error.message
    assert "identity.sqlite (1 account, 2 token seeds)" in error.message
    assert "Restore icorerx.sqlite from the backup" in error.next_step
    assert not (demo_dir / "icorerx.sqlite").exists()


def test_an_empty_database_file_beside_the_audit_key_is_refused(qapp, demo_dir):
    with_entries(demo_dir)
    shutil.rmtree(demo_dir / "identity")
    remove_app_db(demo_dir)
    (demo_dir / "icorerx.sqlite").write_bytes(b"")
    error = open_refused(demo_dir)
    assert "is empty (no users, no audit entries)" in error.message
    assert f"the audit log's key {demo_dir / 'audit.key'}" in error.message


def test_the_demo_command_refuses_the_same(demo_dir, capsys):
    remove_app_db(demo_dir)
    assert main(["demo", "--data-dir", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert "icorerx.sqlite is missing" in err and "Traceback" not in err
    assert not (demo_dir / "icorerx.sqlite").exists()


def test_a_genuinely_empty_data_dir_gets_demo_data_only_when_asked(qapp, tmp_path):
    application = Application.open(tmp_path / "fresh")
    try:
        users = application.context.store.run_blocking(lambda store: store.count_users())
    finally:
        application.close()
    assert users == 0 and application.context.setup_needed and not application.settings.demo
    application = Application.open(tmp_path / "fresh", provision_demo=True)
    try:
        users = application.context.store.run_blocking(lambda store: store.count_users())
    finally:
        application.close()
    assert users == 2 and application.settings.demo and application.context.practice.demo


def test_a_data_dir_with_its_database_opens_and_checks_both_stores(qapp, demo_dir):
    with_entries(demo_dir)
    Application.open(demo_dir).close()
    (demo_dir / "identity" / "seed.key").unlink()
    error = open_refused(demo_dir)
    assert error.path == demo_dir / "identity" / "seed.key"


# bad environments, in the window ------------------------------------------------------
def run_app(data_dir: Path) -> tuple[int, list[tuple[str, str]]]:
    """`desktop.app.run` as a doctor starts it; the start-up message box is read and closed."""
    from desktop.app import run

    shown: list[tuple[str, str]] = []

    def close_the_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "startupErrorBox":
            shown.append((box.text(), box.informativeText()))
            box.done(0)
        else:
            QTimer.singleShot(20, close_the_box)

    QTimer.singleShot(20, close_the_box)
    return run(data_dir), shown


def damage(data_dir: Path, how: str) -> str:
    """Damage the data dir; return the words the message box must hold."""
    if how == "garbage database":
        remove_app_db(data_dir)
        (data_dir / "icorerx.sqlite").write_bytes(os.urandom(16384))
        return f"{data_dir / 'icorerx.sqlite'} is damaged"
    if how == "short audit key":
        (data_dir / "audit.key").write_bytes(b"0123456789")
        return f"{data_dir / 'audit.key'} is damaged (10 bytes"
    if how == "missing audit key":
        (data_dir / "audit.key").unlink()
        return f"{data_dir / 'audit.key'} is missing"
    if how == "damaged identity database":
        (data_dir / "identity" / "identity.sqlite").write_bytes(b"\x00garbage" * 512)
        return f"{data_dir / 'identity' / 'identity.sqlite'} is damaged"
    if how == "bad settings":
        (data_dir / "settings.json").write_text('{"workstation": 12}')
        return '"workstation" must be text'
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "garbage database",
        "short audit key",
        "missing audit key",
        "damaged identity database",
        "bad settings",
    ],
)
def test_a_damaged_data_dir_is_explained_in_a_message_box(qapp, demo_dir, capsys, how):
    with_entries(demo_dir)
    words = damage(demo_dir, how)
    code, shown = run_app(demo_dir)
    assert code == 2
    assert len(shown) == 1, shown
    text, fix = shown[0]
    assert words in text
    assert fix and "Something went wrong" not in text + fix
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_a_read_only_data_folder_is_explained_in_a_message_box(qapp, demo_dir, monkeypatch):
    """Simulated: the log file is the first thing a read-only folder refuses."""
    real = __import__("logging.handlers").handlers.RotatingFileHandler

    def read_only(filename, *args, **kwargs):
        if str(filename).startswith(str(demo_dir)):
            raise OSError(30, "Read-only file system", str(filename))
        return real(filename, *args, **kwargs)

    monkeypatch.setattr("desktop.logsetup.RotatingFileHandler", read_only)
    code, shown = run_app(demo_dir)
    assert code == 2
    text, fix = shown[0]
    assert f"cannot write to {demo_dir / 'icorerx.log'}" in text and "read-only" in text
    assert f"Make {demo_dir} writable" in fix


def test_a_full_disk_at_start_up_is_explained_in_a_message_box(qapp, demo_dir, monkeypatch):
    """Simulated: the migration that would grow the database meets a full disk."""

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("desktop.store.database.migrate", full)
    code, shown = run_app(demo_dir)
    assert code == 2
    text, fix = shown[0]
    assert f"The disk that holds {demo_dir / 'icorerx.sqlite'} is full" in text
    assert "Free some space" in fix


# bad environments for real (root in a private mount namespace) ---------------------------
def _can_mount() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )  # fmt: skip
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not _can_mount(), reason="needs a private mount namespace (root with CAP_SYS_ADMIN)"
)


def icorerx_in_mount(setup: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `icorerx ARGS` after the shell `setup`, in a mount namespace of its own."""
    return in_mount(f"{setup} && exec {sys.executable} -m desktop {' '.join(args)}")


def in_mount(script: str) -> subprocess.CompletedProcess[str]:
    """A shell script in a mount namespace of its own: its mounts vanish with it."""
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
    )


@needs_mount
def test_a_really_read_only_data_folder_is_named(demo_dir):
    with_entries(demo_dir)
    setup = f"mount --bind {demo_dir} {demo_dir} && mount -o remount,bind,ro {demo_dir}"
    for command in (["audit", "verify"], ["tokens", "list"], ["demo"]):
        result = icorerx_in_mount(setup, *command, "--data-dir", str(demo_dir))
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "read-only" in result.stderr and str(demo_dir) in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


@needs_mount
def test_a_really_full_disk_is_named_and_leaves_the_log_whole(demo_dir, tmp_path):
    with_entries(demo_dir)
    disk = tmp_path / "disk"
    disk.mkdir()
    copy = disk / "data"
    setup = (
        f"mount -t tmpfs -o size=1m tmpfs {disk} && cp -a {demo_dir} {copy} && "
        f"(dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null; true)"
    )
    verify = f"{sys.executable} -m desktop audit verify --data-dir {copy}"
    then = f"{verify}; echo first=$? >&2; rm {disk}/filler; {verify}; echo second=$?"
    result = in_mount(f"{setup} && {then}")
    assert "first=2" in result.stderr, result.stdout + result.stderr
    assert f"The disk that holds {copy / 'icorerx.sqlite'} is full" in result.stderr
    assert "Free some space" in result.stderr and "Traceback" not in result.stderr
    # Space freed: the log is whole, and the failed check added nothing half-written.
    assert "Audit log intact: 2 entries" in result.stdout and "second=0" in result.stdout


# the sign-in form paints before the stores are open ------------------------------------
def test_enter_before_the_stores_are_open_waits_for_them_then_signs_in(
    demo_dir, qtbot, icorerx_loop
):
    """`desktop.app.run` paints the form while the data dir opens on a thread: Enter pressed
    in between is held ("Opening the practice database…") and goes ahead once it is open."""
    from PySide6.QtCore import Qt

    from desktop.views.login import OPENING
    from desktop.views.main_window import MainWindow

    window = MainWindow(demo=True)
    qtbot.addWidget(window)
    window.show()
    ui = window.login_view.ui
    ui.usernameEdit.setText("doctor")
    ui.passwordEdit.setText("doctor-demo-1")
    qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
    assert ui.loginErrorLabel.text() == OPENING
    assert window.login_view.controller is None
    application = Application.open(demo_dir)
    try:
        window.attach(application.context)
        with qtbot.waitSignal(window.login_controller.loginSucceeded, timeout=10_000):
            pass
        assert application.context.user is not None
        assert application.context.user.username == "doctor"
        assert ui.loginErrorLabel.text() != OPENING
    finally:
        window.close()
        application.close()


def test_the_window_takes_input_while_the_data_dir_opens(demo_dir, tmp_path):
    """The real start-up path, in a process of its own: after the first paint the event
    loop runs (the form takes input) before the data dir is open, and the window signs
    users in after."""
    script = (
        "import sys, threading; from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import desktop.composition as composition\n"
        "turned = threading.Event(); seen = []\n"
        "real = composition.Application.open.__func__\n"
        "def slow_open(cls, *a, **k):\n"
        "    seen.append('loop ran before opening' if turned.is_set() else 'loop stood still')\n"
        "    return real(cls, *a, **k)\n"
        "composition.Application.open = classmethod(slow_open)\n"
        "from desktop.app import run\n"
        "def painted(w):\n"
        "    seen.append('painted'); QTimer.singleShot(0, turned.set)\n"
        "def ready(w):\n"
        "    seen.append('ready:' + str(w.login_view.controller is not None))\n"
        "    QApplication.instance().quit()\n"
        "code = run(Path(sys.argv[1]), on_painted=painted, on_ready=ready)\n"
        "print('|'.join(seen)); sys.exit(code)\n"
    )
    printed = run_python(script, str(demo_dir))
    expected = ["painted", "loop ran before opening", "ready:True"]
    assert printed.strip().split("|") == expected, printed
