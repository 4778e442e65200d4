"""The screen's lock ends the phone step-up at the identity service too, not only on screen.

A grant id kept past the lock (a call queued before it, a copy held elsewhere) must buy
nothing: the service refuses it as if it had run out.
"""

from __future__ import annotations

from desktop.demo import DEMO_TOKENS
from desktop.exostar.base import AdapterError
from tests.adapters import both_adapters

SERIAL = DEMO_TOKENS[0].serial


def suspend_with(identity, account: str, grant_id: str) -> str:
    """The refusal's code of a Suspend under `grant_id` (the token is not this doctor's)."""
    try:
        identity.lane.submit(
            identity.suspend_token, account, SERIAL, grant_id, "left on the desk"
        ).result()
    except AdapterError as exc:
        return exc.code
    return "accepted"


@both_adapters
def test_after_the_lock_the_old_grant_is_refused_by_the_service(icorerx_env, qtbot, lane_drained):
    from tests.test_idle_lock import lock

    window = icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    grant = device.phone_auth.step_up.grant
    assert grant is not None
    identity = icorerx_env.application.context.identity
    account = window.context.require_user().exostar_account
    # Under the grant the service goes on to the token itself (not this doctor's to suspend).
    assert suspend_with(identity, account, grant.id) != "step_up_required"
    lock(window, qtbot)
    assert device.phone_auth.step_up.grant is None
    lane_drained(identity.lane)
    assert suspend_with(identity, account, grant.id) == "step_up_required"


@both_adapters
def test_signing_out_ends_the_grant_at_the_service(icorerx_env, lane_drained):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    grant = device.phone_auth.step_up.grant
    assert grant is not None
    identity = icorerx_env.application.context.identity
    assert suspend_with(identity, grant.account, grant.id) != "step_up_required"
    icorerx_env.sign_out()
    lane_drained(identity.lane)
    assert suspend_with(identity, grant.account, grant.id) == "step_up_required"


@both_adapters
def test_ending_a_grant_leaves_other_grants_and_other_accounts_alone(icorerx_env, qtbot):
    """Only the named grant of the named account ends; an unknown one is no error."""
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate()
    device = icorerx_env.open_device_management()
    grant = device.phone_auth.step_up.grant
    assert grant is not None
    identity = icorerx_env.application.context.identity
    account = grant.account

    def run(fn, *args):
        return identity.lane.submit(fn, *args).result()

    run(identity.end_step_up, account, "no-such-grant")
    run(identity.end_step_up, "doctor2", grant.id)  # not that account's grant
    assert suspend_with(identity, account, grant.id) != "step_up_required"
    run(identity.end_step_up, account, grant.id)
    assert suspend_with(identity, account, grant.id) == "step_up_required"
    run(identity.end_step_up, account, grant.id)  # ending it twice is no error


def test_the_lock_never_waits_for_a_service_that_fails(qtbot, caplog):
    """A service that raises leaves the lock done and the failure in the log."""
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    from desktop.controllers.step_up import StepUpSession
    from desktop.exostar.base import StepUpGrant

    class Failing:
        lane = ThreadPoolExecutor(max_workers=1)

        def end_step_up(self, account: str, grant_id: str) -> None:
            raise AdapterError("The identity service cannot be reached.")

    service = Failing()
    session = StepUpSession(None, service)  # type: ignore[arg-type]
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15)
    session.set(StepUpGrant("g-1", "doctor", expires))
    try:
        with caplog.at_level("ERROR", logger="desktop.controllers.step_up"):
            session.end_on_lock(True)
            assert session.grant is None and session.ended_by_lock
            service.lane.submit(lambda: None).result()
        assert "could not be ended at the identity service" in caplog.text
    finally:
        service.lane.shutdown()
