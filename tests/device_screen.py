"""Device Management test helpers: signing in to it, filling the token form, submitting,
counting the identity service's calls."""

from __future__ import annotations

from PySide6.QtCore import Qt

HOTP = "GALH12345678"
TOTP = "GAKT12345678"
CLICK = Qt.MouseButton.LeftButton


def signed_in_device(env):
    env.login("doctor", "doctor-demo-1")
    return env.open_device_management()


def fill(device, serial, otp1, otp2):
    """As a script does it: setText, which the form treats like typing."""
    device.ui.tokenSerialEdit.setText(serial)
    device.ui.otp1Edit.setText(otp1)
    device.ui.otp2Edit.setText(otp2)


def in_sight(scroll, widget):
    """The whole widget shows in the scroll area's viewport."""
    top = widget.mapTo(scroll.viewport(), widget.rect().topLeft()).y()
    return top >= 0 and top + widget.height() <= scroll.viewport().height()


def submit_and_wait(qtbot, device, signal):
    with qtbot.waitSignal(signal, timeout=15_000) as blocker:
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
    return blocker.args[0]


def count_calls(env, method):
    """The identity service's calls of `method` from now on, as (args) tuples."""
    identity = env.application.context.identity
    original = getattr(identity, method)
    calls = []

    def counted(*args):
        calls.append(args)
        return original(*args)

    setattr(identity, method, counted)
    return calls


def ready_form(env):
    env.login("doctor", "doctor-demo-1")
    env.authenticate()
    device = env.open_device_management()
    fill(device, HOTP, env.token_code(HOTP), env.token_code(HOTP))
    return device
