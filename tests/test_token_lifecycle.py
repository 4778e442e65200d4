"""Manage Token's actions on a synced token, through the window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.adapters import both_adapters

HOTP = "GALH12345678"
CLICK = Qt.MouseButton.LeftButton


def synced_device(env, qtbot):
    env.login("doctor", "doctor-demo-1")
    return env.sync_token(HOTP)


def status(device):
    return device.ui.tokenTable.item(0, 2).text()


def shown(device, value):
    """The list says `value` and the actions and help below it are drawn for it (a turn later)."""
    return status(device) == value and device.lifecycle.settled


def confirm(qtbot, device, reason):
    dialog = device.lifecycle.dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ui.tokenActionConfirmButton.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.ui.tokenReasonEdit, reason)
    with qtbot.waitSignal(device.lifecycle.controller.changed, timeout=10_000):
        qtbot.mouseClick(dialog.ui.tokenActionConfirmButton, CLICK)


@both_adapters
def test_suspend_then_resume(icorerx_env, qtbot, icorerx_identity):
    device = synced_device(icorerx_env, qtbot)
    assert "Active" in device.ui.tokenStatusHelpLabel.text()
    assert not device.ui.tokenResumeButton.isEnabled()
    qtbot.mouseClick(device.ui.tokenSuspendButton, CLICK)
    confirm(qtbot, device, "left it at home")
    qtbot.waitUntil(lambda: shown(device, "Suspended"))
    assert "was suspended" in device.ui.deviceMessageLabel.text()
    help_text = device.ui.tokenStatusHelpLabel.text()
    assert "Paused on purpose" in help_text and "left it at home" in help_text
    assert device.ui.tokenResumeButton.isEnabled()
    with qtbot.waitSignal(device.lifecycle.controller.changed, timeout=10_000):
        qtbot.mouseClick(device.ui.tokenResumeButton, CLICK)
    qtbot.waitUntil(lambda: shown(device, "Active"))
    if icorerx_identity == "privacyidea":
        return  # the server's own event handlers text the doctor, not the application
    notices = [m.text for m in icorerx_env.phone_codes() if m.code is None]
    assert any("was suspended" in t for t in notices) and any("was resumed" in t for t in notices)


@both_adapters
def test_report_lost_is_permanent_and_cancel_changes_nothing(icorerx_env, qtbot):
    device = synced_device(icorerx_env, qtbot)
    qtbot.mouseClick(device.ui.tokenReportLostButton, CLICK)
    dialog = device.lifecycle.dialog
    assert "can never sign again" in dialog.ui.tokenActionExplainLabel.text()
    dialog.reject()
    qtbot.waitUntil(lambda: device.lifecycle.dialog is None)
    assert status(device) == "Active"
    qtbot.mouseClick(device.ui.tokenReportLostButton, CLICK)
    confirm(qtbot, device, "lost at the hospital")
    qtbot.waitUntil(lambda: shown(device, "Revoked"))
    assert "never sign again" in device.ui.deviceMessageLabel.text()
    for button in (
        device.ui.tokenResyncButton,
        device.ui.tokenSuspendButton,
        device.ui.tokenResumeButton,
        device.ui.tokenReportLostButton,
        device.ui.tokenDeactivateButton,
    ):
        assert not button.isEnabled()
    assert "lost: lost at the hospital" in device.ui.tokenStatusHelpLabel.text()


@both_adapters
def test_a_locked_token_offers_resync_with_its_serial(icorerx_env, qtbot):
    device = synced_device(icorerx_env, qtbot)
    identity = icorerx_env.application.context.identity
    for _ in range(10):
        try:
            identity.lane.submit(identity.verify_signing_code, "doctor", "000000").result()
        except Exception:  # noqa: BLE001 - each wrong code is refused; the tenth locks
            pass
    device.refresh()
    qtbot.waitUntil(lambda: shown(device, "Locked"))
    assert "sync it again to unlock" in device.ui.tokenStatusHelpLabel.text()
    assert device.ui.tokenResyncButton.isEnabled()
    device.ui.tokenSerialEdit.clear()
    qtbot.mouseClick(device.ui.tokenResyncButton, CLICK)
    assert device.ui.addTokenFrame.isVisible()
    assert device.ui.tokenSerialEdit.text() == HOTP
    for _ in range(3):  # presses made meanwhile
        icorerx_env.token_code(HOTP)
    device.ui.otp1Edit.setText(icorerx_env.token_code(HOTP))
    device.ui.otp2Edit.setText(icorerx_env.token_code(HOTP))
    with qtbot.waitSignal(device.token_sync.synced, timeout=15_000) as synced:
        qtbot.mouseClick(device.ui.tokenSubmitButton, CLICK)
    assert synced.args[0].resynced
    qtbot.waitUntil(lambda: shown(device, "Active"))


@both_adapters
def test_actions_need_the_phone_step_up(icorerx_env, qtbot):
    device = synced_device(icorerx_env, qtbot)
    device.phone_auth.step_up.clear()
    qtbot.waitUntil(lambda: not device.ui.tokenSuspendButton.isEnabled())
    assert "Authenticate" in device.ui.tokenSuspendButton.toolTip()
