"""The help page's flow through EPCS Device Management, driven as QA teams will drive it."""

from __future__ import annotations

import time

import pytest

from desktop.demo import DEMO_KEY
from desktop.domain.otp import generate_hotp
from desktop.exostar.base import AdapterError
from tests.adapters import both_adapters
from tests.device_screen import CLICK, HOTP, TOTP, count_calls, fill, in_sight, submit_and_wait


# Manage Token: success --------------------------------------------------------------------
@both_adapters
def test_hotp_token_syncs_to_active_and_cancel_returns_to_admin(icorerx_env, qtbot):
    icorerx_env.main_window().resize(1100, 600)  # a front-desk screen: the page scrolls
    icorerx_env.login("doctor", "doctor-demo-1")
    for _ in range(37):  # presses the service never saw
        icorerx_env.token_code(HOTP)
    icorerx_env.authenticate("sms")
    device = icorerx_env.open_device_management()
    ui = device.ui
    assert "largest identifier on the back" in ui.serialHintLabel.text()
    qtbot.keyClicks(ui.tokenSerialEdit, "galh-1234 5678")
    assert ui.tokenSerialEdit.text() == HOTP
    # Between the codes, the form says there will be two, before the first is typed.
    assert "press its button again for a second, new code" in ui.otp1GuidanceLabel.text()
    qtbot.keyClicks(ui.otp1Edit, icorerx_env.token_code(HOTP))
    guidance = ui.otp1GuidanceLabel.text()
    assert "wait until the digits disappear" in guidance and guidance.endswith(" s")
    assert not ui.tokenSubmitButton.isEnabled()
    qtbot.keyClicks(ui.otp2Edit, icorerx_env.token_code(HOTP))
    assert ui.tokenSubmitButton.isEnabled()
    result = submit_and_wait(qtbot, device, device.token_sync.synced)
    assert result.presses_ahead == 37
    assert ui.tokenStatusLabel.text() == "Active"
    assert ui.tokenDriftLabel.text() == "(the token was 37 presses ahead)"
    assert "Click Cancel to return to the Admin screen" in ui.deviceMessageLabel.text()
    qtbot.waitUntil(lambda: ui.tokenTable.rowCount() == 1)
    assert ui.tokenTable.item(0, 0).text() == HOTP and ui.tokenTable.item(0, 2).text() == "Active"
    assert ui.otp1Edit.text() == "" and ui.otp2Edit.text() == ""
    # The answer is drawn over a few event-loop turns; in the end all of it is there.
    qtbot.waitUntil(lambda: ui.tokenResyncButton.isEnabled())
    assert ui.tokenStatusFrame.isVisible() and not ui.addTokenFrame.isVisible()
    assert ui.tokenTable.isVisible() and not ui.tokenEmptyLabel.isVisible()
    assert ui.tokenSuspendButton.isEnabled() and not ui.tokenResumeButton.isEnabled()
    assert ui.tokenReportLostButton.isEnabled() and ui.tokenDeactivateButton.isEnabled()
    assert ui.tokenStatusHelpLabel.text().startswith(f"{HOTP}: Active.")
    assert ui.tokenStatusLabel.text() == "Active"
    qtbot.waitUntil(lambda: in_sight(ui.deviceScroll, ui.tokenStatusFrame))
    # Reading the same list again leaves the table's rows as they are.
    ui.tokenTable.item(0, 0).setToolTip("kept")
    with qtbot.waitSignal(device.controller.loadFinished, timeout=10_000):
        device.refresh()
    assert ui.tokenTable.item(0, 0).toolTip() == "kept"
    qtbot.mouseClick(ui.deviceCancelButton, CLICK)
    admin = icorerx_env.main_window().compose_view.admin
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage


@both_adapters
def test_totp_token_syncs_to_active(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate("sms")
    device = icorerx_env.open_device_management()
    now = time.time()
    fill(
        device,
        TOTP,
        icorerx_env.token_code(TOTP, at=now),
        icorerx_env.token_code(TOTP, at=now + 30),
    )
    submit_and_wait(qtbot, device, device.token_sync.synced)
    assert device.ui.tokenStatusLabel.text() == "Active"
    assert "clock" in device.ui.tokenDriftLabel.text()


# Manage Token: guidance and refusals -------------------------------------------------------
@both_adapters
def test_identical_codes_are_caught_before_submit(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    code = icorerx_env.token_code(HOTP)
    calls = count_calls(icorerx_env, "add_token")
    fill(device, HOTP, code, code)
    assert not device.ui.tokenSubmitButton.isEnabled()
    assert "second button press came too soon" in device.ui.tokenErrorLabel.text()
    device.submit()
    assert calls == []


def refusal(env, qtbot, serial, otp1, otp2):
    device = env.open_device_management()
    fill(device, serial, otp1, otp2)
    failure = submit_and_wait(qtbot, device, device.token_sync.failed)
    return device, failure


@both_adapters
@pytest.mark.parametrize(
    "otp1,otp2,expected,spent",
    [
        # One answer whichever code was wrong: the words never say the first was right.
        (generate_hotp(DEMO_KEY, 0), generate_hotp(DEMO_KEY, 2), "do not sync token", True),
        (generate_hotp(DEMO_KEY, 1500), generate_hotp(DEMO_KEY, 1501), "do not sync token", True),
    ],
)
def test_refused_codes_are_explained_cleared_and_the_serial_stays(
    icorerx_env, qtbot, icorerx_identity, otp1, otp2, expected, spent
):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device, failure = refusal(icorerx_env, qtbot, HOTP, otp1, otp2)
    text = device.ui.tokenErrorLabel.text()
    assert expected in text and "888-810-7706" in text
    assert device.ui.tokenSerialEdit.text() == HOTP
    assert (device.ui.otp1Edit.text() == "") is spent
    assert device.ui.tokenStatusFrame.isHidden()


@both_adapters
def test_codes_already_used_are_explained(icorerx_env, qtbot, icorerx_identity):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    first, second = generate_hotp(DEMO_KEY, 0), generate_hotp(DEMO_KEY, 1)
    fill(device, HOTP, first, second)
    submit_and_wait(qtbot, device, device.token_sync.synced)
    device.show_add_token()
    device, failure = refusal(icorerx_env, qtbot, HOTP, first, second)
    if icorerx_identity == "local":
        assert failure.code == "already_used"
        assert "already been used" in device.ui.tokenErrorLabel.text()
    else:  # privacyIDEA's resync says only no: the one answer for codes that do not sync
        assert failure.code == "codes_rejected"
        assert "do not sync token" in device.ui.tokenErrorLabel.text()


@both_adapters
def test_unknown_serial_offers_the_likely_one_and_keeps_the_codes(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    otp1, otp2 = icorerx_env.token_code(HOTP), icorerx_env.token_code(HOTP)
    device, failure = refusal(icorerx_env, qtbot, "GALH1234567B", otp1, otp2)
    assert failure.code == "unknown_serial"
    assert "GALH12345678" in device.ui.tokenErrorLabel.text()
    assert device.ui.tokenSuggestionButton.text().replace("&", "") == "Use GALH12345678"
    assert device.ui.otp1Edit.text() == otp1 and device.ui.otp2Edit.text() == otp2
    qtbot.mouseClick(device.ui.tokenSuggestionButton, CLICK)
    assert device.ui.tokenSerialEdit.text() == HOTP
    submit_and_wait(qtbot, device, device.token_sync.synced)
    assert device.ui.tokenStatusLabel.text() == "Active"


def test_expired_step_up_is_explained_and_nothing_is_lost(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    identity = icorerx_env.application.context.identity
    identity.clock = lambda: time.time() + 901
    otp1, otp2 = icorerx_env.token_code(HOTP), icorerx_env.token_code(HOTP)
    device, failure = refusal(icorerx_env, qtbot, HOTP, otp1, otp2)
    assert failure.code == "step_up_required"
    assert "Authenticate" in device.ui.tokenErrorLabel.text()
    assert device.ui.otp1Edit.text() == otp1 and device.ui.tokenSerialEdit.text() == HOTP
    assert not device.ui.addTokenButton.isEnabled()
    assert not device.ui.tokenSubmitButton.isEnabled()


@both_adapters
@pytest.mark.parametrize(
    "error",
    [
        AdapterError("This token is locked.", "Ask support to reset it.", code="locked"),
        AdapterError(
            "The identity service could not be reached.", "Check the network.", code="unreachable"
        ),
    ],
)
def test_adapter_refusals_are_shown_with_the_support_contact(icorerx_env, qtbot, error):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    identity = icorerx_env.application.context.identity

    def refuse(*_args):
        raise error

    identity.add_token = refuse
    otp1, otp2 = icorerx_env.token_code(HOTP), icorerx_env.token_code(HOTP)
    device, failure = refusal(icorerx_env, qtbot, HOTP, otp1, otp2)
    text = device.ui.tokenErrorLabel.text()
    assert error.message in text and error.next_step in text
    assert "888-810-7706" in text and "support@icoreconnect.com" in text
    assert device.ui.tokenSerialEdit.text() == HOTP


@both_adapters
def test_an_unexpected_failure_reads_plainly(icorerx_env, qtbot):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    identity = icorerx_env.application.context.identity

    def explode(*_args):
        raise RuntimeError("disk I/O error")

    identity.add_token = explode
    device, failure = refusal(
        icorerx_env, qtbot, HOTP, icorerx_env.token_code(HOTP), icorerx_env.token_code(HOTP)
    )
    text = device.ui.tokenErrorLabel.text()
    assert "disk I/O" not in text and "did not expect" in text and "888-810-7706" in text
