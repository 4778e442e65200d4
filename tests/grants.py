"""Access-control test helpers: the second prescriber, grants, audit entries, phone notices
and the grants table on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.models import Role

CLICK = Qt.MouseButton.LeftButton
HOTP, TOTP = "GALH12345678", "GAKT12345678"
MARSH = ("marsh", "marsh-pass-1234", "Dr. Lee Marsh")
MARSH_DEA = "AM1234563"
WAIT = 15_000


def add_marsh(env, **kwargs):
    return env.add_person(
        *MARSH, Role.PRESCRIBER, dea=MARSH_DEA, account="marsh", phone="+15550100222", **kwargs
    )


def store_of(env):
    return env.application.context.store


def grant_of(env, username):
    return store_of(env).run_blocking(lambda s: s.access_control.latest_grant(username))


def entries(env, event=None):
    return store_of(env).run_blocking(lambda s: s.audit.entries(event=event))


def notices(env, account):
    identity = env._local_identity()
    messages = identity.lane.submit(identity.outbox, account).result()
    return [m.text for m in messages if m.code is None]


def row_of(view, username):
    grant = view.select_grant(username)
    assert grant is not None, f"no grant for {username} on the screen"
    return view.grants.index(grant)


def cell(view, row, column):
    return view.ui.grantTable.item(row, column).text()


def approve_on_screen(env, qtbot, view, username, password, code, expect="changed"):
    """Select the grant, open the approval dialog, type both factors, confirm."""
    view.select_grant(username)
    qtbot.waitUntil(lambda: view.ui.approveGrantButton.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(view.ui.approveGrantButton, CLICK)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.ui.approvePasswordEdit.setText(password)
    dialog.ui.approveOtpEdit.setText(code)
    signal = view.controller.changed if expect == "changed" else view.controller.failed
    with qtbot.waitSignal(signal, timeout=WAIT) as blocker:
        qtbot.mouseClick(dialog.ui.approveConfirmButton, CLICK)
    if expect == "changed":
        return dialog, blocker.args
    return dialog, (blocker.args[0].text, blocker.args[0].code)


def signing_dialog(env, qtbot, compose):
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.composeTab)
    compose.refresh()
    qtbot.waitUntil(lambda: compose.ui.signButton.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = env.main_window().signing_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=WAIT)
    return dialog
