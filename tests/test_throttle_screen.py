"""Wrong passwords in a row: each screen that asks for a password says when to try again."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from desktop.domain.audit import AuditEvent
from desktop.store.throttle import Throttles
from tests.test_signing import NOT_CONTROLLED, add_rx, confirm, open_patient, start_signing

CLICK = Qt.MouseButton.LeftButton
TIME = re.compile(r"[Tt]ry again at \d{1,2}:\d\d:\d\d [AP]M")


class Clocks:
    def __init__(self) -> None:
        self.wall = 1_780_000_000.0
        self.mono = 5_000.0

    def pass_(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


@pytest.fixture
def clocks(icorerx_env):
    """The window's store counts wrong passwords on clocks the test moves."""
    clocks = Clocks()
    store = icorerx_env.application.context.store

    def install(s):
        s._throttles = Throttles(s.sql, clock=lambda: clocks.wall, monotonic=lambda: clocks.mono)

    store.run_blocking(install)
    return clocks


def try_password(env, qtbot, username, password):
    """Sign in through the form; the message the screen shows ("" when signed in)."""
    window = env.main_window()
    ui = window.login_view.ui
    if not ui.usernameEdit.isReadOnly():
        ui.usernameEdit.setText(username)
    ui.passwordEdit.setText(password)
    answers: list[str] = []

    def signed_in(_user):
        answers.append("")

    controller = window.login_controller

    def refused(refusal):
        answers.append(refusal.text)

    controller.failed.connect(refused)
    controller.loginSucceeded.connect(signed_in)
    try:
        qtbot.mouseClick(ui.loginButton, CLICK)
        qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    finally:
        controller.failed.disconnect(refused)
        controller.loginSucceeded.disconnect(signed_in)
    qtbot.waitUntil(lambda: not window.login_controller.busy)
    return answers[0]


def failed_entries(env):
    store = env.application.context.store
    return store.run_blocking(lambda s: s.audit.entries(event=AuditEvent.LOGIN_FAILED))


def test_sign_in_waits_after_five_wrong_passwords_and_says_until_when(icorerx_env, qtbot, clocks):
    window = icorerx_env.main_window()
    for _ in range(4):
        assert "do not match" in try_password(icorerx_env, qtbot, "doctor", "wrong")
    fifth = try_password(icorerx_env, qtbot, "doctor", "wrong")
    assert TIME.search(fifth) and "in 30 seconds" in fifth
    held = try_password(icorerx_env, qtbot, "doctor", "doctor-demo-1")  # even the right one
    assert held.startswith("Too many wrong passwords in a row")
    assert TIME.search(held) and "in 30 seconds" in held
    assert TIME.search(window.login_view.ui.loginErrorLabel.text())
    assert window.context.user is None
    assert failed_entries(icorerx_env)[0].reason.startswith("waiting after wrong passwords")
    clocks.pass_(30)
    assert "in 60 seconds" in try_password(icorerx_env, qtbot, "doctor", "wrong")
    clocks.pass_(30)
    held = try_password(icorerx_env, qtbot, "doctor", "doctor-demo-1")
    assert "in 30 seconds" in held  # the sixth wrong one doubled the wait to a minute
    clocks.pass_(30)
    assert try_password(icorerx_env, qtbot, "doctor", "doctor-demo-1") == ""
    assert window.context.user.username == "doctor"


def test_an_unknown_username_waits_the_same(icorerx_env, qtbot, clocks):
    answers = [try_password(icorerx_env, qtbot, "no-such-person", "wrong") for _ in range(6)]
    known = [try_password(icorerx_env, qtbot, "frontdesk", "wrong") for _ in range(6)]
    assert answers == known


def test_the_idle_lock_password_is_counted_too(icorerx_env, qtbot, clocks):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    window.lock()
    for _ in range(5):
        try_password(icorerx_env, qtbot, "doctor", "wrong")
    held = try_password(icorerx_env, qtbot, "doctor", "doctor-demo-1")
    assert TIME.search(held) and window.locked
    clocks.pass_(31)
    with qtbot.waitSignal(window.lockChanged, timeout=10_000):
        try_password(icorerx_env, qtbot, "doctor", "doctor-demo-1")
    assert not window.locked


def test_the_signing_password_is_counted_too(icorerx_env, qtbot, clocks):
    icorerx_env.login("doctor", "doctor-demo-1")
    _window, compose = open_patient(icorerx_env)
    add_rx(icorerx_env, compose.controller.patient.id, NOT_CONTROLLED)
    dialog = start_signing(icorerx_env, qtbot, compose)
    for _ in range(4):
        message, code = confirm(qtbot, dialog, "wrong", expect="failed")
        assert code == "wrong_password" and message.endswith("Type it again.")
    message, code = confirm(qtbot, dialog, "wrong", expect="failed")
    assert "Each try now waits" in message and TIME.search(message)
    message, code = confirm(qtbot, dialog, "doctor-demo-1", expect="failed")
    assert code == "throttled" and TIME.search(message)
    clocks.pass_(30)
    confirm(qtbot, dialog, "doctor-demo-1")


def test_the_hundredth_locks_until_a_practice_administrator_unlocks(icorerx_env, qtbot, clocks):
    store = icorerx_env.application.context.store
    store.run_blocking(
        lambda s: s.db.table("password_throttles").insert(
            {"username": "frontdesk", "failures": 99, "wait_seconds": 0.0}
        )
    )
    locked = try_password(icorerx_env, qtbot, "frontdesk", "wrong")
    assert "locked after 100 wrong passwords" in locked and "Unlock" in locked
    clocks.pass_(24 * 3600)
    assert "locked after 100" in try_password(icorerx_env, qtbot, "frontdesk", "frontdesk-demo-1")

    icorerx_env.login("doctor", "doctor-demo-1")
    view = icorerx_env.open_people()
    view.select("frontdesk")
    row = view.ui.peopleTable.currentRow()
    assert view.ui.peopleTable.item(row, 3).text().startswith("Locked")
    assert view.ui.unlockPersonButton.isEnabled()
    with qtbot.waitSignal(view.controller.changed, timeout=10_000):
        qtbot.mouseClick(view.ui.unlockPersonButton, CLICK)
    assert "Sam Ortiz is unlocked" in view.ui.peopleMessageLabel.text()
    window = icorerx_env.main_window()
    window.ui.signOutAction.trigger()
    assert try_password(icorerx_env, qtbot, "frontdesk", "frontdesk-demo-1") == ""
    unlocked = store.run_blocking(lambda s: s.audit.entries(event=AuditEvent.ACCOUNT_UNLOCKED))
    assert unlocked[0].actor == "doctor" and unlocked[0].details["person"] == "frontdesk"
