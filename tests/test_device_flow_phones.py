"""The help page's flow through EPCS Device Management: confirming by phone (Manage Phones)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from tests.device_screen import CLICK, signed_in_device


# Manage Phones ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("icorerx_identity", "channel"),
    [("local", "sms"), ("local", "voice"), ("privacyidea", "sms")],
    indirect=["icorerx_identity"],
)
def test_authenticate_by_sms_and_by_voice(icorerx_env, qtbot, channel):
    device = signed_in_device(icorerx_env)
    assert not device.ui.addTokenButton.isEnabled()
    assert "Authenticate with your phone first" in device.ui.addTokenButton.toolTip()
    dialog = device.open_phone_dialog()
    (dialog.ui.voiceRadio if channel == "voice" else dialog.ui.smsRadio).setChecked(True)
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    message = dialog.ui.phoneAuthMessageLabel.text()
    how = "by phone call" if channel == "voice" else "by text message"
    assert how in message and "(***) ***-0100" in message and "it works until" in message
    assert not dialog.ui.sendCodeButton.isEnabled()
    assert "Send a new code (" in dialog.ui.sendCodeButton.text().replace("&", "")
    sent = icorerx_env.phone_codes()[-1]
    assert sent.channel.value == channel
    qtbot.keyClicks(dialog.ui.phoneCodeEdit, sent.code)
    with qtbot.waitSignal(device.phone_auth.authenticated, timeout=10_000):
        qtbot.keyClick(dialog.ui.phoneCodeEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Authenticated until" in device.ui.phoneStatusLabel.text()
    assert device.ui.addTokenButton.isEnabled()
    assert device.ui.addTokenFrame.isVisible()


@pytest.mark.parametrize("icorerx_identity", ["privacyidea"], indirect=True)
def test_a_server_without_phone_calls_offers_sms_only(icorerx_env, qtbot):
    device = signed_in_device(icorerx_env)
    dialog = device.open_phone_dialog()
    assert not dialog.ui.voiceRadio.isEnabled() and dialog.ui.smsRadio.isChecked()
    assert "cannot send a phone call" in dialog.ui.voiceRadio.toolTip()


def test_wrong_phone_code_says_how_many_tries_are_left(icorerx_env, qtbot):
    device = signed_in_device(icorerx_env)
    dialog = device.open_phone_dialog()
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    right = icorerx_env.phone_codes()[-1].code
    wrong = "000000" if right != "000000" else "111111"
    dialog.ui.phoneCodeEdit.setText(wrong)
    for left in (4, 3, 2, 1):
        with qtbot.waitSignal(device.phone_auth.failed, timeout=10_000):
            dialog.ui.phoneCodeEdit.setText(wrong)
            qtbot.mouseClick(dialog.ui.phoneCodeSubmitButton, CLICK)
        assert f"{left} tr" in dialog.ui.phoneAuthMessageLabel.text()
        assert dialog.ui.phoneCodeEdit.text() == ""
    with qtbot.waitSignal(device.phone_auth.failed, timeout=10_000):
        dialog.ui.phoneCodeEdit.setText(wrong)
        qtbot.mouseClick(dialog.ui.phoneCodeSubmitButton, CLICK)
    text = dialog.ui.phoneAuthMessageLabel.text()
    assert "Too many wrong codes" in text and "You can send a new code at" in text
    assert not dialog.ui.phoneCodeEdit.isEnabled()
    assert not dialog.ui.sendCodeButton.isEnabled()


def test_expired_phone_code_offers_a_new_one(icorerx_env, qtbot):
    device = signed_in_device(icorerx_env)
    identity = icorerx_env.application.context.identity
    dialog = device.open_phone_dialog()
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    identity.clock = lambda: time.time() + 301
    dialog.ui.phoneCodeEdit.setText(icorerx_env.phone_codes()[-1].code)
    with qtbot.waitSignal(device.phone_auth.failed, timeout=10_000):
        qtbot.mouseClick(dialog.ui.phoneCodeSubmitButton, CLICK)
    assert "expired" in dialog.ui.phoneAuthMessageLabel.text()
    assert "Send a new code" in dialog.ui.phoneAuthMessageLabel.text()
    # The resend countdown belongs to the window's clock: 30 s after the first send.
    assert dialog.ui.sendCodeButton.text().replace("&", "").startswith("Send a new code")


def test_resend_countdown_then_a_new_code(icorerx_env, qtbot):
    device = signed_in_device(icorerx_env)
    dialog = device.open_phone_dialog()
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    first = dialog.ui.sendCodeButton.text()
    qtbot.waitUntil(lambda: dialog.ui.sendCodeButton.text() != first, timeout=3000)
    assert not dialog.ui.sendCodeButton.isEnabled()
    # Pretend 30 s went by on both clocks.
    device.phone_auth._resend_at = None
    device.phone_auth._tick()
    identity = icorerx_env.application.context.identity
    identity.clock = lambda: time.time() + 31
    assert dialog.ui.sendCodeButton.isEnabled()
    with qtbot.waitSignal(device.phone_auth.codeSent, timeout=10_000):
        qtbot.mouseClick(dialog.ui.sendCodeButton, CLICK)
    assert len(icorerx_env.phone_codes()) == 2


def test_no_phone_on_the_account_says_what_to_do(icorerx_env, qtbot):
    identity = icorerx_env.application.context.identity
    identity.lane.submit(lambda: identity.db.execute("DELETE FROM phones")).result()
    identity.lane.submit(lambda: identity.db.conn.commit()).result()
    device = signed_in_device(icorerx_env)
    assert device.ui.phoneTable.rowCount() == 0
    assert not device.ui.authenticateButton.isEnabled()
    assert "No phone is on your account" in device.ui.phoneStatusLabel.text()
    assert "administrator" in device.ui.phoneStatusLabel.text()
