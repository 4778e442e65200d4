"""The flow helper: busy while a flow runs, one Refusal per failure, on one signal."""

from __future__ import annotations

import asyncio
import logging

import pytest

from desktop.controllers.flow import (
    UNEXPECTED,
    FlowController,
    Refusal,
    Refused,
    refusal_code,
    spends_codes,
)
from desktop.domain.errors import SUPPORT_CONTACT, AuditUnavailable, LoginFailed, UserFacingError
from desktop.exostar.base import AdapterError
from desktop.store.prescriptions import NoLongerPending


class Probe(FlowController):
    """A controller whose flow runs whatever the test hands it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, object]] = []
        self.busyChanged.connect(lambda busy: self.seen.append(("busy", busy)))
        self.failed.connect(lambda refusal: self.seen.append(("failed", refusal)))

    async def run(self, body, **options) -> bool:
        async with self.flow("probe", **options) as run:
            await body()
        return not run.refused

    @property
    def refusals(self) -> list[Refusal]:
        return [value for kind, value in self.seen if kind == "failed"]


@pytest.fixture
def run(qtbot, icorerx_loop):
    """Run a coroutine on the session's qasync loop, as a slot would, to its end."""

    def finish(coroutine):
        task = icorerx_loop.create_task(coroutine)
        qtbot.waitUntil(task.done, timeout=5_000)
        return task.result()

    return finish


def raising(exc: BaseException):
    async def body() -> None:
        await asyncio.sleep(0)
        raise exc

    return body


async def nothing() -> None:
    await asyncio.sleep(0)


def test_an_adapter_refusal_keeps_its_words_code_and_details():
    exc = AdapterError(
        "That serial is not known.", "Check it.", code="unknown_serial", suggestion="GALH1"
    )
    refusal = Refusal.of(exc)
    assert refusal.message == "That serial is not known." and refusal.next_step == "Check it."
    assert refusal.code == "unknown_serial" and refusal.suggestion == "GALH1"
    assert refusal.details == {"suggestion": "GALH1"} and not refusal.codes_spent
    assert refusal.text == "That serial is not known. Check it." == str(refusal)


def test_codes_are_spent_by_the_refusals_that_count_them_or_once_sent():
    assert Refusal.of(AdapterError("No.", code="wrong_code")).codes_spent
    assert Refusal.of(AdapterError("No.", code="code_expired")).codes_spent
    assert not Refusal.of(AdapterError("No.", code="timeout")).codes_spent
    assert spends_codes("already_used") and not spends_codes("step_up_required")
    assert spends_codes("audit_unavailable", sent=True)
    assert Refusal.of(AuditUnavailable("the disk is full", "Free space."), sent=True).codes_spent


def test_a_user_facing_error_keeps_its_words_and_gets_a_code_for_its_kind():
    assert refusal_code(LoginFailed("Wrong.")) == "wrong_password"
    assert refusal_code(AuditUnavailable("full", "Free space.")) == "audit_unavailable"
    assert refusal_code(NoLongerPending("Signed meanwhile.")) == NoLongerPending.code
    refusal = Refusal.of(UserFacingError("Not now.", "Try later."))
    assert (refusal.message, refusal.next_step, refusal.code) == (
        "Not now.",
        "Try later.",
        "refused",
    )


def test_anything_unexpected_is_logged_and_said_in_plain_words(caplog):
    with caplog.at_level(logging.ERROR, logger="desktop.controllers.flow"):
        refusal = Refusal.of(KeyError("row"), "token sync")
    assert refusal.code == UNEXPECTED and not refusal.codes_spent
    assert refusal.message.startswith("Something went wrong") and SUPPORT_CONTACT in refusal.text
    assert "KeyError" not in refusal.text
    (record,) = caplog.records
    assert record.getMessage() == "token sync failed" and record.exc_info is not None


def test_a_flow_that_fails_emits_one_refusal_after_busy_is_cleared(run):
    probe = Probe()
    assert run(probe.run(raising(AdapterError("No.", code="wrong_code")))) is False
    assert [kind for kind, _ in probe.seen] == ["busy", "busy", "failed"]
    assert probe.seen[0][1] is True and probe.seen[1][1] is False and not probe.busy
    (refusal,) = probe.refusals
    assert refusal.code == "wrong_code" and refusal.codes_spent


def test_a_flow_that_succeeds_emits_no_refusal(run):
    probe = Probe()
    assert run(probe.run(nothing)) is True
    assert probe.seen == [("busy", True), ("busy", False)]


def test_a_read_that_leaves_the_form_usable_is_not_busy(run):
    probe = Probe()
    run(probe.run(raising(RuntimeError("x")), busy=False))
    assert [kind for kind, _ in probe.seen] == ["failed"]


def test_a_flow_inside_another_leaves_it_busy(run):
    probe = Probe()

    async def outer() -> None:
        await probe.run(nothing)
        assert probe.busy  # the inner flow ended; the outer one still runs

    run(probe.run(outer))
    assert probe.seen == [("busy", True), ("busy", False)]


def test_a_refusal_nobody_waits_for_any_more_is_not_shown(run):
    probe = Probe()
    run(probe.run(raising(RuntimeError("stale")), busy=False, wanted=lambda: False))
    assert probe.refusals == []


def test_the_failure_is_recorded_first_and_its_note_is_added(run):
    probe = Probe()
    order: list[str] = []
    probe.failed.connect(lambda _r: order.append("shown"))

    async def record(exc: Exception) -> str:
        order.append(f"recorded {type(exc).__name__}")
        return "This could not be recorded in the audit log."

    run(probe.run(raising(AdapterError("No.", "Try again.", code="wrong_code")), record=record))
    assert order == ["recorded AdapterError", "shown"]
    (refusal,) = probe.refusals
    assert refusal.text == "No. Try again. This could not be recorded in the audit log."


def test_a_recorder_that_fails_does_not_hide_the_refusal(run, caplog):
    probe = Probe()

    async def record(_exc: Exception) -> str:
        raise OSError("disk gone")

    with caplog.at_level(logging.ERROR, logger="desktop.controllers.flow"):
        run(probe.run(raising(AdapterError("No.", code="wrong_code")), record=record))
    (refusal,) = probe.refusals
    assert refusal.code == "wrong_code"
    assert "could not be recorded" in caplog.text


def test_words_written_for_the_case_go_out_as_they_are(run):
    probe = Probe()
    written = Refusal("Token X was synced, but not recorded.", "audit_unavailable")
    run(probe.run(raising(Refused(written))))
    assert probe.refusals == [written]


def test_a_cancelled_flow_is_not_a_refusal(run):
    probe = Probe()
    with pytest.raises(asyncio.CancelledError):
        run(probe.run(raising(asyncio.CancelledError())))
    assert probe.refusals == [] and not probe.busy


def test_decline_says_a_refusal_without_going_busy(qtbot):
    probe = Probe()
    probe.decline("Type your password.", "password_missing")
    assert probe.seen == [("failed", Refusal("Type your password.", "password_missing"))]
