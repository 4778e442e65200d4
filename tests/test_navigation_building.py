"""Screens built ahead of need: after sign-in, while the sign-in form waits, a piece a turn."""

from __future__ import annotations

import asyncio

import pytest

from desktop.views.awaiting import NavigationError


def test_screens_are_built_ahead_after_sign_in(icorerx_env, qtbot):
    window = icorerx_env.login("doctor", "doctor-demo-1")
    assert window.patients_view is not None  # built while the password was checked
    # Without any click: Compose Rx, Admin and Device Management are built, one per turn,
    # so opening them later costs no build.
    qtbot.waitUntil(lambda: not window.navigator.building, timeout=10_000)
    assert window.navigator.device is not None
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage
    admin = window.navigator.admin
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage


def test_opening_while_screens_are_being_built_makes_each_screen_once(icorerx_env, qtbot):
    window = icorerx_env.main_window()
    navigator = window.navigator
    seen, opened = [], []

    def at_sign_in(_user):
        # The building steps are queued, none has run: open twice, at once.
        seen.append((navigator.building, navigator.compose, navigator.device))
        opened.append(asyncio.ensure_future(navigator.open_device_management()))
        opened.append(asyncio.ensure_future(navigator.open_device_management()))

    window.signedIn.connect(at_sign_in)
    icorerx_env.login("doctor", "doctor-demo-1")
    assert seen == [(True, None, None)]
    qtbot.waitUntil(lambda: all(task.done() for task in opened), timeout=10_000)
    first, second = (task.result() for task in opened)
    assert first is second is navigator.device
    assert first.ui.phoneTable.rowCount() == 1
    compose = navigator.compose
    qtbot.waitUntil(lambda: not navigator.building, timeout=10_000)
    # The queued steps found the screens made and made no second copy.
    assert navigator.compose is compose and navigator.device is first
    assert compose.admin.ui.epcsDeviceManagementLayout.count() == 1
    assert window.ui.composeRxPageLayout.count() == 1


def test_signing_out_while_a_screen_opens_ends_the_wait_with_a_reason(icorerx_env, qtbot):
    """Also: the screens deleted at sign-out build nothing more (the Compose Rx tabs going
    used to bring up, and build, an Admin tab for nobody)."""
    window = icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.delay_identity("list_phones", 0.5)
    opening = asyncio.ensure_future(window.navigator.open_device_management())
    qtbot.waitUntil(lambda: window.navigator.device is not None, timeout=10_000)
    icorerx_env.sign_out()
    qtbot.waitUntil(opening.done, timeout=10_000)
    with pytest.raises(NavigationError, match="closed before it was read"):
        opening.result()
    with pytest.raises(NavigationError, match="sign in first"):
        task = asyncio.ensure_future(window.navigator.open_patients())
        qtbot.waitUntil(task.done, timeout=10_000)
        task.result()


def test_a_screen_opened_at_once_after_sign_in_is_built_by_its_queued_steps(icorerx_env, qtbot):
    """Opening Compose Rx at the moment of sign-in waits for the queued steps (a module a
    turn, then the screen) instead of loading and building it all on the turn that asks,
    and the screen it opens is the one the steps built."""
    window = icorerx_env.main_window()
    navigator = window.navigator
    patient = icorerx_env.application.context.store.run_blocking(
        lambda store: store.search_patients("")[0]
    )
    in_step, built_by = [False], []
    real_step, real_build = navigator._step, navigator.build_compose_rx

    def step(queued, signed_in):
        run = real_step(queued, signed_in)

        def traced() -> None:
            in_step[0] = True
            try:
                run()
            finally:
                in_step[0] = False

        return traced

    def build():
        if navigator.compose is None:
            built_by.append("a queued step" if in_step[0] else "the turn that asked")
        return real_build()

    navigator._step = step
    navigator.build_compose_rx = build
    opened = []
    window.signedIn.connect(
        lambda _user: opened.append(asyncio.ensure_future(navigator.open_compose_rx(patient)))
    )
    icorerx_env.login("doctor", "doctor-demo-1")
    qtbot.waitUntil(lambda: bool(opened) and opened[0].done(), timeout=10_000)
    view = opened[0].result()
    assert built_by == ["a queued step"]
    assert view is navigator.compose and view.patient == patient
    assert window.ui.mainStack.currentWidget() is window.ui.composeRxPage


def test_every_module_loaded_ahead_is_there():
    """A renamed module would be skipped in silence at run time (its screen then loads it
    on the turn that builds it): the lists of what is loaded ahead are kept true here."""
    import importlib

    from desktop.views import screens

    for module, names in (*screens.BEFORE_SIGN_IN, *screens.AFTER_SIGN_IN):
        loaded = importlib.import_module(module)
        for name in names:
            assert hasattr(loaded, name), f"{module}.{name}"


def test_screens_made_off_the_window_are_placed_in_it_or_dropped_at_sign_out(icorerx_env, qtbot):
    """Each form is made in its page, hidden and outside the page's layout, on one turn and
    placed in the layout on the next; one made for somebody who signs out before it is
    placed goes with their session."""
    window = icorerx_env.login("doctor", "doctor-demo-1")
    navigator = window.navigator
    qtbot.waitUntil(lambda: not navigator.building, timeout=10_000)
    made = navigator.made
    assert (made.compose, made.admin, made.device) == (None, None, None)
    assert navigator.compose.parent() is window.ui.composeRxPage
    assert navigator.admin.parent() is navigator.compose.ui.adminTab
    assert navigator.device.parent() is navigator.admin.ui.epcsDeviceManagementPage
    assert not navigator.device.isHidden()  # shown with its page

    icorerx_env.sign_out()
    unplaced, gone = [], []

    def sign_out_once_made() -> None:  # right after the step that made it, before placing
        if made.compose is not None and not unplaced:
            unplaced.append(made.compose)
            made.compose.destroyed.connect(lambda: gone.append(True))
            assert made.compose.parent() is window.ui.composeRxPage
            assert window.ui.composeRxPageLayout.indexOf(made.compose) < 0
            assert not made.compose.isVisible()
            assert navigator.compose is None
            window.sign_out()

    navigator.stepped.connect(sign_out_once_made)
    # Signed in through the form, but not with `icorerx_env.login`: it waits to see the
    # user signed in, and the step above may sign them out before it looks.
    ui = window.login_view.ui
    ui.usernameEdit.setText("doctor")
    ui.passwordEdit.setText("doctor-demo-1")
    with qtbot.waitSignal(window.login_controller.loginSucceeded, timeout=10_000):
        ui.loginButton.click()
    qtbot.waitUntil(lambda: bool(gone), timeout=10_000)
    assert made.compose is None and navigator.compose is None and not navigator.building


def test_the_patient_list_is_built_while_the_sign_in_form_waits(icorerx_env, qtbot):
    """Its code, its Qt classes' Python side and the screen itself, a piece a turn, before
    anybody signs in: the turn after Sign in has nothing of it left to do."""
    window = icorerx_env.main_window()
    navigator = window.navigator
    assert window.context.user is None
    qtbot.waitUntil(lambda: not navigator.building, timeout=10_000)
    assert navigator.patients is not None
    assert window.ui.mainStack.currentWidget() is window.ui.loginPage  # nothing else shown
    built = navigator.patients
    icorerx_env.login("doctor", "doctor-demo-1")
    assert navigator.patients is built
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage


def test_a_closed_window_stops_watching_for_input(icorerx_env):
    """Its idle lock no longer sees every event of the application (it used to, for good)."""
    window = icorerx_env.login("doctor", "doctor-demo-1")
    assert window.idle_watcher.active
    window.close()
    assert not window.idle_watcher.active


def test_a_window_closed_while_screens_are_built_builds_no_more(icorerx_env):
    """Its queued steps would start reads on lanes the application has closed."""
    window = icorerx_env.login("doctor", "doctor-demo-1")
    assert window.navigator.building  # Compose Rx, Admin, Device Management still to come
    window.close()
    assert not window.navigator.building  # nothing queued is left to run


def test_placing_a_screen_made_ahead_does_not_style_its_form_again(icorerx_env, qtbot, house_style):
    """Made in its page, a form is styled once, as it is set up: placing it is nearly free.
    Made with no parent (as before), placing it in the window restyled every widget of it
    (66 StyleChange events for Compose Rx's form, 5-9 ms of the placing turn)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class Restyled(QObject):
        counting = ""
        counts: dict[str, int] = {}
        seen: set[str] = set()

        def eventFilter(self, _watched, event):  # noqa: N802 - Qt's name
            if self.counting and event.type() == QEvent.Type.StyleChange:
                self.counts[self.counting] = self.counts.get(self.counting, 0) + 1
            return False

    restyled = Restyled()
    QApplication.instance().installEventFilter(restyled)
    window = icorerx_env.main_window()
    navigator = window.navigator
    real_step = navigator._step
    placing = {"build_compose_rx", "build_admin", "_build_device_management"}

    def step(queued, signed_in):
        run = real_step(queued, signed_in)
        name = getattr(queued, "__name__", "")

        def counted() -> None:
            restyled.counting = name if name in placing else ""
            if restyled.counting:
                restyled.seen.add(restyled.counting)
            try:
                run()
            finally:
                restyled.counting = ""

        return counted

    navigator._step = step
    try:
        icorerx_env.login("doctor", "doctor-demo-1")
        qtbot.waitUntil(lambda: not navigator.building, timeout=10_000)
    finally:
        QApplication.instance().removeEventFilter(restyled)
    assert navigator.device is not None  # all three were made ahead and placed
    assert restyled.seen == placing
    assert all(restyled.counts.get(name, 0) <= 5 for name in placing), restyled.counts
