"""A clinic's first start: setup instead of demo accounts, on screen and on the command line."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.cli import main
from desktop.composition import Application
from desktop.config import Paths, Settings
from desktop.demo import DemoRefused
from desktop.domain import DEMO_BANNER
from desktop.domain.audit import AuditEvent
from desktop.store import people
from desktop.store.database import open_app_store
from desktop.testing import IcorerxEnv
from tests.fresh_python import run_python

CLICK = Qt.MouseButton.LeftButton
GOOD_PASSWORD = "cedar kettle morning"


@pytest.fixture
def empty_env(tmp_path, qtbot, icorerx_loop):
    """The plugin's helpers on a data dir with nothing in it (no demo data)."""
    env = IcorerxEnv(tmp_path / "clinic", qtbot)
    yield env
    env.close()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a hash of its bytes: 'nothing written' made checkable."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def set_up(data_dir: Path, *args: str, password: str = GOOD_PASSWORD, capsys=None) -> int:
    stdin = sys.stdin
    import io

    sys.stdin = io.StringIO(password + "\n")
    try:
        return main(["setup", "--data-dir", str(data_dir), "--password-stdin", *args])
    finally:
        sys.stdin = stdin


CLINIC = ("--practice", "Oak Street Family Medicine", "--admin", "pmorgan")


# the window ---------------------------------------------------------------------------------
def test_the_first_paint_of_an_empty_data_dir_is_setup_not_sign_in(tmp_path):
    """The real start-up path (`desktop.app.run`), in a process of its own."""
    script = (
        "import sys; from pathlib import Path; from desktop.app import run\n"
        "from PySide6.QtWidgets import QApplication\n"
        "seen = []\n"
        "def painted(w): seen.append(w.ui.mainStack.currentWidget().objectName())\n"
        "def ready(w):\n"
        "    seen.append(w.ui.mainStack.currentWidget().objectName())\n"
        "    seen.append(str(w.ui.demoBannerLabel.isVisible()))\n"
        "    QApplication.instance().quit()\n"
        "code = run(Path(sys.argv[1]), on_painted=painted, on_ready=ready)\n"
        "print(' '.join(seen)); sys.exit(code)\n"
    )
    printed = run_python(script, str(tmp_path / "new"), timeout=120, bare=True)
    assert printed.split() == ["setupPage", "setupPage", "False"]
    store = open_app_store(Paths(tmp_path / "new").app_db)
    try:
        assert store.count_users() == 0  # never demo accounts
    finally:
        store.close()


def test_first_run_setup_in_the_window_then_people(empty_env, qtbot):
    window = empty_env.main_window()
    assert window.ui.mainStack.currentWidget() is window.ui.setupPage
    assert not window.ui.demoBannerLabel.isVisible()
    view = window.accounts.setup_view
    ui = view.ui
    qtbot.keyClicks(ui.setupPasswordEdit, "password1")
    assert "list of common and breached passwords" in ui.setupPasswordHint.text()
    ui.setupPasswordEdit.clear()
    qtbot.keyClicks(ui.setupPasswordEdit, "short")
    assert "at least 8 characters" in ui.setupPasswordHint.text()
    qtbot.keyClicks(ui.setupAdminUsernameEdit, "9lives")
    assert "starting with a letter" in ui.setupAdminUsernameHint.text()
    qtbot.mouseClick(ui.setupFinishButton, CLICK)  # refused at once: nothing is written
    qtbot.waitUntil(lambda: "Fix what is marked" in ui.setupErrorLabel.text())
    assert "Type the practice's name" in ui.setupPracticeNameHint.text()
    assert not Paths(empty_env.data_dir).app_db.exists() or not window.context.user

    qtbot.keyClicks(ui.setupPracticeNameEdit, "Oak Street Family Medicine")
    qtbot.keyClicks(ui.setupAddressEdit, "120 Oak Street, Springfield, IL 62701")
    qtbot.keyClicks(ui.setupAdminNameEdit, "Pat Morgan")
    ui.setupAdminUsernameEdit.clear()
    qtbot.keyClicks(ui.setupAdminUsernameEdit, "pmorgan")
    ui.setupPasswordEdit.clear()
    qtbot.keyClicks(ui.setupPasswordEdit, GOOD_PASSWORD)
    assert ui.setupPasswordHint.text() == "This password can be used."
    qtbot.keyClicks(ui.setupPasswordRepeatEdit, "cedar kettle")
    assert "not the same" in ui.setupPasswordRepeatHint.text()
    qtbot.keyClicks(ui.setupPasswordRepeatEdit, " morning")
    assert ui.setupPasswordRepeatHint.isHidden()
    qtbot.mouseClick(ui.setupFinishButton, CLICK)
    qtbot.waitUntil(lambda: window.ui.mainStack.currentWidget() is window.ui.peopleMainPage)
    assert window.context.user.username == "pmorgan"
    assert window.windowTitle() == "iCoreRx \u00b7 Oak Street Family Medicine"
    assert "Signed in as Pat Morgan" in window.ui.signedInLabel.text()
    people_view = window.accounts.people_view
    qtbot.waitUntil(lambda: people_view.ui.peopleTable.rowCount() == 1)
    assert people_view.isVisible() and people_view.ui.personNameEdit.isVisible()
    assert people_view.ui.peopleTable.item(0, 1).text() == "pmorgan"
    assert window.ui.peopleAction.isVisible()
    store = empty_env.application.context.store
    entries = store.run_blocking(lambda s: [e.event for e in reversed(s.audit.entries())])
    assert entries == [AuditEvent.PRACTICE_SET_UP, AuditEvent.PERSON_ADDED, AuditEvent.LOGIN]
    practice = store.run_blocking(people.practice)
    assert practice.address == "120 Oak Street, Springfield, IL 62701" and not practice.demo


def test_a_demo_data_dir_says_so_on_every_screen(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    banner = window.ui.demoBannerLabel
    assert banner.isVisible() and banner.text() == DEMO_BANNER
    assert window.findChild(type(banner), "demoStatusLabel").isVisible()
    assert DEMO_BANNER in window.windowTitle()
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.open_device_management()
    assert banner.isVisible() and banner.geometry().bottom() < window.ui.mainStack.geometry().top()


# icorerx setup ------------------------------------------------------------------------------
def test_headless_setup_writes_the_practice_and_its_administrator(tmp_path, capsys):
    data_dir = tmp_path / "clinic"
    code = set_up(data_dir, *CLINIC, "--address", "120 Oak Street", "--admin-name", "Pat Morgan")
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Set up Oak Street Family Medicine: Pat Morgan (pmorgan)" in out.out
    store = open_app_store(Paths(data_dir).app_db)
    try:
        admin = store.authenticate("pmorgan", GOOD_PASSWORD)
        assert admin.is_practice_admin and not admin.must_change_password
        assert people.practice(store).address == "120 Oak Street"
        assert store.audit.entries(event=AuditEvent.PRACTICE_SET_UP)[0].details["via"] == (
            "command line"
        )
    finally:
        store.close()
    assert not Settings.load(data_dir).demo


@pytest.mark.parametrize(
    "args, password, words",
    [
        (CLINIC, "short", "password: Too short: a password needs at least 8 characters"),
        (CLINIC, "Summer2024!", "password: On the list of common and breached passwords"),
        (CLINIC, "pmorgan2026", "password: Too close to a name"),
        (("--practice", "Oak", "--admin", "Pat Morgan"), GOOD_PASSWORD, "--admin: A username is"),
        (("--practice", " ", "--admin", "pmorgan"), GOOD_PASSWORD, "--practice: Type the"),
        ((*CLINIC, "--address", "x" * 201), GOOD_PASSWORD, "--address: The address is one line"),
    ],
)
def test_headless_setup_refuses_each_bad_value_and_writes_nothing(
    tmp_path, capsys, args, password, words
):
    data_dir = tmp_path / "clinic"
    assert set_up(data_dir, *args, password=password) == 2
    err = capsys.readouterr().err
    assert words in err and "nothing was written" in err and "Traceback" not in err
    assert not data_dir.exists()


def test_headless_setup_twice_or_on_demo_data_is_refused_and_writes_nothing(tmp_path, capsys):
    clinic = tmp_path / "clinic"
    assert set_up(clinic, *CLINIC) == 0
    before = snapshot(clinic)
    assert set_up(clinic, "--practice", "Another", "--admin", "other") == 2
    assert "already set up for Oak Street Family Medicine" in capsys.readouterr().err
    assert snapshot(clinic) == before
    demo_dir = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(demo_dir)]) == 0
    capsys.readouterr()
    before = snapshot(demo_dir)
    assert set_up(demo_dir, *CLINIC) == 2
    assert "holds demo data" in capsys.readouterr().err
    assert snapshot(demo_dir) == before


# demo data never enters a clinic's data dir ------------------------------------------------------
def test_demo_is_refused_on_a_clinics_data_dir(qapp, tmp_path, capsys):
    clinic = tmp_path / "clinic"
    assert set_up(clinic, *CLINIC) == 0
    capsys.readouterr()
    before = snapshot(clinic)
    assert main(["demo", "--data-dir", str(clinic)]) == 2
    err = capsys.readouterr().err
    assert "is set up for Oak Street Family Medicine, a clinic" in err
    assert "icorerx --demo --data-dir" in err and "Traceback" not in err
    assert snapshot(clinic) == before
    with pytest.raises(DemoRefused):
        Application.open(clinic, provision_demo=True)
    after = snapshot(clinic)
    assert after.pop("icorerx.log") is not None  # the window's log says what happened
    assert after == before
    assert not Settings.load(clinic).demo


def test_icorerx_demo_on_a_clinics_data_dir_says_why_in_the_window(qapp, tmp_path, capsys):
    from desktop.app import run

    clinic = tmp_path / "clinic"
    assert set_up(clinic, *CLINIC) == 0
    shown: list[str] = []

    def close_the_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "startupErrorBox":
            shown.append(box.text())
            box.done(0)
        else:
            QTimer.singleShot(20, close_the_box)

    QTimer.singleShot(20, close_the_box)
    assert run(clinic, demo=True) == 2
    assert "a clinic: demo accounts, patients and tokens are never added" in shown[0]


def test_demo_and_run_take_the_demo_flag(tmp_path):
    from desktop.cli_parser import build_parser

    assert build_parser().parse_args(["--demo"]).demo
    assert build_parser().parse_args(["run", "--demo"]).demo
    assert build_parser().parse_args(["--demo", "run"]).demo
    assert not build_parser().parse_args([]).demo
    assert "--demo" in (Path(__file__).parent.parent / "scripts" / "run.sh").read_text()


def test_settings_cannot_turn_a_clinic_into_a_demo(qapp, tmp_path):
    clinic = tmp_path / "clinic"
    assert set_up(clinic, *CLINIC) == 0
    (clinic / "settings.json").write_text(json.dumps({"demo": True}))
    application = Application.open(clinic)
    try:
        assert not application.settings.demo
        assert application.context.practice.name == "Oak Street Family Medicine"
    finally:
        application.close()
