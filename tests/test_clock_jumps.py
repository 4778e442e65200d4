"""A clock that jumps (1 h back; 400 days ahead, then corrected) never makes a wait longer.

The wall clock and the monotonic clock are both injected: `elapse` moves both (time goes
by), `jump` moves the wall clock alone (someone, or a bad NTP answer, set it).
"""

from __future__ import annotations

import pytest

from desktop.demo import DEMO_TOKENS
from desktop.domain.models import PhoneChannel
from desktop.domain.waits import Waits
from desktop.exostar.base import AdapterError
from desktop.exostar.local import LocalIdentityService

T0 = 1_800_000_000.0
HOUR = 3600.0
DAYS_400 = 400 * 86400.0
ACCOUNT = "doc"


class Clocks:
    def __init__(self) -> None:
        self.wall_now = T0
        self.mono_now = 1000.0

    def wall(self) -> float:
        return self.wall_now

    def monotonic(self) -> float:
        return self.mono_now

    def elapse(self, seconds: float) -> None:
        self.wall_now += seconds
        self.mono_now += seconds

    def jump(self, seconds: float) -> None:
        self.wall_now += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


def make(folder, clocks: Clocks) -> LocalIdentityService:
    return LocalIdentityService(
        folder, key_store="file", clock=clocks.wall, monotonic=clocks.monotonic
    )


def call(service, fn, *args):
    return service.lane.submit(fn, *args).result(timeout=30)


def refused(service, fn, *args) -> AdapterError:
    with pytest.raises(AdapterError) as info:
        call(service, fn, *args)
    return info.value


@pytest.fixture
def service(tmp_path, clocks):
    s = make(tmp_path / "identity", clocks)
    call(s, s.ensure_account, ACCOUNT, "Dr. Test")
    call(s, s.ensure_phone, ACCOUNT, "mobile", "+15550100100", (PhoneChannel.SMS,))
    call(s, s.import_seeds, DEMO_TOKENS, "test")
    yield s
    stop(s)


def stop(s: LocalIdentityService) -> None:
    try:
        call(s, s.close)
    except RuntimeError:  # stopped already, by a test that started it again
        return
    s.lane.shutdown()


def send(service):
    return call(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)


def resend_refused_for(service) -> int:
    error = refused(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    assert error.code == "resend_too_soon", error
    return int(error.details["seconds_left"])


def last_code(service) -> str:
    code = call(service, service.outbox)[-1].code
    assert code is not None
    return code


def lock_out(service) -> AdapterError:
    sent = send(service)
    wrong = "000000" if last_code(service) != "000000" else "111111"
    for _ in range(4):
        refused(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, wrong)
    error = refused(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, wrong)
    assert error.code == "too_many_tries"
    return error


# the resend wait (30 s) ---------------------------------------------------------------
def test_resend_wait_survives_a_clock_set_back_an_hour(service, clocks):
    send(service)
    clocks.elapse(5)
    clocks.jump(-HOUR)
    assert resend_refused_for(service) <= 26  # not 3626
    clocks.elapse(25)
    send(service)


def test_resend_wait_after_400_days_ahead_then_corrected(service, clocks):
    clocks.jump(DAYS_400)
    send(service)  # stored as sent 400 days from now
    clocks.elapse(1)
    clocks.jump(-DAYS_400)  # NTP puts it right
    seconds = resend_refused_for(service)
    assert seconds <= 30, f"in {seconds} seconds"  # was "in 34560030 seconds"
    clocks.elapse(29)
    send(service)
    # The code sent after the correction is the one the next resend waits for.
    assert resend_refused_for(service) == 31


def test_after_a_restart_a_wrong_clock_still_waits_no_longer_than_the_wait(
    service, clocks, tmp_path
):
    clocks.jump(DAYS_400)
    send(service)
    stop(service)
    clocks.jump(-DAYS_400)
    again = make(tmp_path / "identity", clocks)  # a new process: nothing seen yet
    try:
        assert resend_refused_for(again) <= 31
        clocks.elapse(31)
        send(again)
    finally:
        stop(again)


# the pause after five wrong codes (300 s) --------------------------------------------
def test_a_pause_is_not_lengthened_by_a_clock_set_back(service, clocks):
    error = lock_out(service)
    assert error.details["seconds_left"] == 300
    clocks.elapse(100)
    clocks.jump(-HOUR)
    paused = refused(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    assert paused.code == "too_many_tries" and paused.details["seconds_left"] == 200
    clocks.elapse(200)
    send(service)


def test_a_pause_begun_400_days_ahead_ends_after_its_own_length(service, clocks, tmp_path):
    clocks.jump(DAYS_400)
    lock_out(service)
    clocks.jump(-DAYS_400)
    paused = refused(service, service.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
    assert paused.details["seconds_left"] <= 300
    stop(service)
    again = make(tmp_path / "identity", clocks)  # and after a restart
    try:
        paused = refused(again, again.send_phone_code, ACCOUNT, "mobile", PhoneChannel.SMS)
        assert paused.code == "too_many_tries" and paused.details["seconds_left"] <= 300
        clocks.elapse(300)
        send(again)
    finally:
        stop(again)


# lifetimes: a clock set back does not keep a code or a grant alive ---------------------
def test_a_code_does_not_outlive_its_five_minutes_when_the_clock_is_set_back(service, clocks):
    sent = send(service)
    clocks.jump(-HOUR)
    clocks.elapse(301)
    error = refused(service, service.verify_phone_code, ACCOUNT, sent.challenge_id, "123456")
    assert error.code == "code_expired"


def test_a_grant_does_not_outlive_its_fifteen_minutes_when_the_clock_is_set_back(service, clocks):
    send(service)
    grant = call(
        service,
        service.verify_phone_code,
        ACCOUNT,
        call(service, service.outbox)[-1].id,
        last_code(service),
    )
    clocks.jump(-HOUR)
    clocks.elapse(901)
    error = refused(
        service, service.add_token, ACCOUNT, "GALH12345678", "000000", "000000", grant.id, "k"
    )
    assert error.code == "step_up_required"


# the rule itself ---------------------------------------------------------------------
def test_waits_end_at_whichever_clock_ends_them_first(clocks):
    waits = Waits(clocks.wall, clocks.monotonic)
    assert waits.left("w", T0 + 30, 30) == 30
    clocks.jump(-HOUR)
    assert waits.left("w", T0 + 30, 30) == 30  # not 3630
    clocks.elapse(10)
    assert waits.left("w", T0 + 30, 30) == 20
    clocks.jump(HOUR + 5)  # set forward: the wall clock may end it early
    assert waits.left("w", T0 + 30, 30) == 15
    assert waits.left("w", T0 + 90, 30) == 30  # a new end is a new wait
    fresh = Waits(clocks.wall, clocks.monotonic)
    assert fresh.left("x", T0 + DAYS_400, 30) == 30  # first seen under a wrong clock


# the window's countdown --------------------------------------------------------------
def test_the_windows_resend_countdown_runs_on_the_monotonic_clock(qapp, monkeypatch):
    from desktop.controllers import phone_auth
    from desktop.controllers.phone_auth import PhoneAuthController
    from desktop.controllers.step_up import StepUpSession

    now = [500.0]
    monkeypatch.setattr(phone_auth.time, "monotonic", lambda: now[0])
    controller = PhoneAuthController(None, StepUpSession())  # type: ignore[arg-type]
    try:
        controller.refusal(
            AdapterError("paused", code="too_many_tries", retry_at="2099-01-01T00:00:00+00:00",
                          seconds_left=300), "sending a phone code"
        )  # fmt: skip
        assert controller.resend_wait() == 300  # the seconds, not the far-off retry_at
        now[0] += 120
        assert controller.resend_wait() == 180
        controller.refusal(AdapterError("soon", code="resend_too_soon", seconds_left=25), "")
        assert controller.resend_wait() == 25
    finally:
        controller._ticker.stop()
        controller.deleteLater()
