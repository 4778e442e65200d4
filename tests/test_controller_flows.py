"""Token sync, phone authentication and signing, driven against a fake identity service.

No window: each controller is built on a real store (demo data) and `FakeIdentity`, and
what it emits is watched: busy set and cleared around every call, exactly one
`failed(Refusal)` per failure with the right code and `codes_spent`, the success signal
otherwise, and the audit entries that go with each.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from desktop.controllers.flow import Refusal
from desktop.controllers.phone_auth import PhoneAuthController
from desktop.controllers.signing import SigningController
from desktop.controllers.token_sync import TokenSyncController
from desktop.domain.audit import AuditEvent
from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft
from desktop.exostar.base import AdapterError, StepUpGrant
from tests.fake_identity import ACCOUNT, PHONE, SERIAL, audit_events

WAIT_MS = 10_000


class Watch:
    """Everything a controller emits, in order; `busy_at_failure` is read as it fails."""

    def __init__(self, controller, *success_signals) -> None:
        self.controller = controller
        self.events: list[tuple[str, object]] = []
        self.busy_at_failure: list[bool] = []
        controller.busyChanged.connect(lambda busy: self.events.append(("busy", busy)))
        controller.failed.connect(self._failed)
        for name in success_signals:
            getattr(controller, name).connect(
                lambda *args, name=name: self.events.append((name, args))
            )

    def _failed(self, refusal: Refusal) -> None:
        self.busy_at_failure.append(self.controller.busy)
        self.events.append(("failed", refusal))

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]

    @property
    def refusal(self) -> Refusal:
        (refusal,) = [value for kind, value in self.events if kind == "failed"]
        assert isinstance(refusal, Refusal)
        assert self.busy_at_failure == [False]  # shown once the form takes input again
        return refusal

    def ended(self, qtbot, kinds: set[str]) -> None:
        qtbot.waitUntil(lambda: bool(kinds & set(self.kinds)), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not self.controller.busy, timeout=WAIT_MS)


def grant() -> StepUpGrant:
    return StepUpGrant("grant-1", ACCOUNT, dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10))


# token sync ----------------------------------------------------------------------------
@pytest.fixture
def sync(fake_context, step_up):
    step_up.set(grant())
    controller = TokenSyncController(fake_context, step_up)
    return controller, Watch(controller, "synced")


def test_a_sync_is_busy_while_asked_then_synced_and_recorded(qtbot, sync, fake_context):
    controller, watch = sync
    controller.submit(SERIAL, "755224", "287082")
    watch.ended(qtbot, {"synced", "failed"})
    assert watch.kinds == ["busy", "busy", "synced"]
    ((result,),) = [args for kind, args in watch.events if kind == "synced"]
    assert result.token.serial == SERIAL
    (started,) = audit_events(fake_context, AuditEvent.TOKEN_SYNC_STARTED)
    (added,) = audit_events(fake_context, AuditEvent.TOKEN_ADDED)
    assert started.details["attempt"] == added.details["attempt"]


@pytest.mark.parametrize(
    ("code", "spent"), [("wrong_code", True), ("not_consecutive", True), ("unknown_serial", False)]
)
def test_a_refused_sync_says_it_once_and_whether_the_codes_are_spent(
    qtbot, sync, fake_identity, fake_context, code, spent
):
    controller, watch = sync
    fake_identity.answers["add_token"] = AdapterError("Refused.", "Do this.", code=code)
    controller.submit(SERIAL, "755224", "287082")
    watch.ended(qtbot, {"failed"})
    assert watch.kinds == ["busy", "busy", "failed"]
    refusal = watch.refusal
    assert refusal.code == code and refusal.codes_spent is spent
    assert refusal.text.startswith("Refused. Do this.") and SUPPORT_CONTACT in refusal.text
    (failed,) = audit_events(fake_context, AuditEvent.TOKEN_SYNC_FAILED)
    assert failed.reason == code and failed.token_serial == SERIAL


def test_an_unexpected_sync_failure_is_one_plain_refusal(qtbot, sync, fake_identity, caplog):
    controller, watch = sync
    fake_identity.answers["add_token"] = KeyError("column")
    controller.submit(SERIAL, "755224", "287082")
    watch.ended(qtbot, {"failed"})
    refusal = watch.refusal
    assert refusal.code == "error" and not refusal.codes_spent
    assert refusal.message.startswith("Something went wrong") and "KeyError" not in refusal.text
    assert "token sync failed" in caplog.text  # the defect is logged with its traceback


def test_a_service_that_wants_a_new_phone_code_ends_the_step_up(
    qtbot, sync, fake_identity, step_up
):
    controller, watch = sync
    fake_identity.answers["add_token"] = AdapterError("Confirm again.", code="step_up_required")
    controller.submit(SERIAL, "755224", "287082")
    watch.ended(qtbot, {"failed"})
    assert watch.refusal.code == "step_up_required"
    assert step_up.grant is None


def test_without_a_step_up_nothing_is_asked_and_nothing_goes_busy(
    qtbot, fake_context, fake_identity, step_up
):
    controller = TokenSyncController(fake_context, step_up)
    watch = Watch(controller, "synced")
    controller.submit(SERIAL, "755224", "287082")
    qtbot.waitUntil(lambda: bool(watch.events), timeout=WAIT_MS)
    assert watch.kinds == ["failed"] and watch.refusal.code == "step_up_required"
    assert fake_identity.called("add_token") == []


def test_a_second_submit_while_one_is_in_flight_is_ignored(qtbot, sync, fake_identity):
    controller, watch = sync
    release = threading.Event()
    answer = fake_identity.answers["add_token"]

    def slow(*args):
        release.wait(5)
        return answer(*args)

    fake_identity.answers["add_token"] = slow
    controller.submit(SERIAL, "755224", "287082")
    qtbot.waitUntil(lambda: controller.busy, timeout=WAIT_MS)
    controller.submit(SERIAL, "755224", "287082")  # Enter held down
    release.set()
    watch.ended(qtbot, {"synced", "failed"})
    assert len(fake_identity.called("add_token")) == 1
    assert watch.kinds == ["busy", "busy", "synced"]


# phone authentication ------------------------------------------------------------------
@pytest.fixture
def phone(fake_context, step_up):
    controller = PhoneAuthController(fake_context, step_up)
    controller.start(PHONE)
    return controller, Watch(controller, "codeSent", "authenticated")


def send(qtbot, controller, watch) -> None:
    controller.send_code("sms")
    watch.ended(qtbot, {"codeSent", "failed"})


def test_a_code_is_sent_then_verified_and_the_grant_held(qtbot, phone, step_up, fake_context):
    controller, watch = phone
    send(qtbot, controller, watch)
    controller.verify("123 456")
    watch.ended(qtbot, {"authenticated", "failed"})
    assert watch.kinds == ["busy", "busy", "codeSent", "busy", "busy", "authenticated"]
    assert step_up.grant is not None and step_up.grant.id == "grant-1"
    assert len(audit_events(fake_context, AuditEvent.PHONE_CODE_VERIFIED)) == 1


def test_a_wrong_phone_code_is_one_refusal_the_code_spent_and_recorded(
    qtbot, phone, fake_identity, step_up, fake_context
):
    controller, watch = phone
    send(qtbot, controller, watch)
    fake_identity.answers["verify_phone_code"] = AdapterError(
        "That code is not right.", "4 tries left.", code="wrong_code", tries_left=4
    )
    controller.verify("000000")
    watch.ended(qtbot, {"failed"})
    refusal = watch.refusal
    assert refusal.code == "wrong_code" and refusal.codes_spent
    assert refusal.details == {"tries_left": 4}
    assert step_up.grant is None
    (failed,) = audit_events(fake_context, AuditEvent.PHONE_CODE_FAILED)
    assert failed.reason == "wrong_code"


def test_a_resend_asked_too_soon_starts_the_countdown(qtbot, phone, fake_identity):
    controller, watch = phone
    fake_identity.answers["send_phone_code"] = AdapterError(
        "Wait before asking again.", code="resend_too_soon", seconds_left=25
    )
    send(qtbot, controller, watch)
    assert watch.refusal.code == "resend_too_soon" and not watch.refusal.codes_spent
    assert 20 <= controller.resend_wait() <= 25


def test_a_malformed_phone_code_is_refused_before_the_service_is_asked(qtbot, phone, fake_identity):
    controller, watch = phone
    send(qtbot, controller, watch)
    watch.events.clear()
    controller.verify("12345")
    qtbot.waitUntil(lambda: bool(watch.events), timeout=WAIT_MS)
    assert watch.kinds == ["failed"] and watch.refusal.code == "code_malformed"
    assert fake_identity.called("verify_phone_code") == []


# signing ---------------------------------------------------------------------------------
@pytest.fixture
def signing(qtbot, fake_context):
    """The demo doctor's first patient with one controlled prescription, the dialog's plan read."""
    oxycodone = next(med for med in load_formulary() if med.controlled)
    user = fake_context.require_user()

    def add(store):
        patient = store.search_patients("")[0]
        draft = RxDraft(oxycodone, "1 tab every 6 hours as needed", "20", 0)
        store.prescriptions.add(patient.id, draft, user.username)
        return patient

    patient = fake_context.store.run_blocking(add)
    controller = SigningController(fake_context)
    watch = Watch(controller, "prepared", "signed")
    controller.prepare(patient)
    watch.ended(qtbot, {"prepared", "failed"})
    assert controller.plan is not None and controller.plan.needs_token
    assert not controller.plan.blocker, controller.plan.blocker
    watch.events.clear()
    return controller, watch


def test_a_signature_is_busy_while_checked_then_signed(qtbot, signing, fake_identity):
    controller, watch = signing
    controller.sign("doctor-demo-1", "755224", "")
    watch.ended(qtbot, {"signed", "failed"})
    assert watch.kinds == ["busy", "busy", "signed"]
    assert fake_identity.called("verify_signing_code") == [(ACCOUNT, "755224")]


def test_a_wrong_password_is_refused_before_the_code_is_spent(
    qtbot, signing, fake_identity, fake_context
):
    controller, watch = signing
    controller.sign("not-my-password", "755224", "")
    watch.ended(qtbot, {"signed", "failed"})
    refusal = watch.refusal
    assert refusal.code == "wrong_password" and not refusal.codes_spent
    assert refusal.text.startswith("That password is not right.")
    assert fake_identity.called("verify_signing_code") == []
    (failed,) = audit_events(fake_context, AuditEvent.SIGN_FAILED)
    assert failed.reason == "wrong_password"


def test_a_wrong_token_code_is_spent_and_says_how_far_the_lock_is(qtbot, signing, fake_identity):
    controller, watch = signing
    fake_identity.answers["verify_signing_code"] = AdapterError(
        "That code is not right.", code="wrong_code", tries_left=2
    )
    controller.sign("doctor-demo-1", "000000", "")
    watch.ended(qtbot, {"signed", "failed"})
    refusal = watch.refusal
    assert refusal.code == "wrong_code" and refusal.codes_spent
    assert "2 more wrong codes lock your token" in refusal.text


def test_a_code_that_locks_the_token_says_locked(qtbot, signing, fake_identity, fake_context):
    controller, watch = signing
    fake_identity.answers["verify_signing_code"] = AdapterError(
        "That code is not right.", code="wrong_code", tries_left=0, locked_now=True, serial=SERIAL
    )
    controller.sign("doctor-demo-1", "000000", "")
    watch.ended(qtbot, {"signed", "failed"})
    refusal = watch.refusal
    assert refusal.code == "locked" and refusal.codes_spent
    assert "more wrong code" not in refusal.text
    (locked,) = audit_events(fake_context, AuditEvent.TOKEN_LOCKED)
    assert locked.token_serial == SERIAL


def test_an_unreachable_service_spends_the_code_it_was_sent(qtbot, signing, fake_identity):
    controller, watch = signing
    fake_identity.answers["verify_signing_code"] = ConnectionError("reset by peer")
    controller.sign("doctor-demo-1", "755224", "")
    watch.ended(qtbot, {"signed", "failed"})
    refusal = watch.refusal
    assert refusal.code == "error" and refusal.codes_spent  # it reached the service
    assert refusal.message.startswith("Something went wrong")


def test_an_empty_password_is_refused_without_going_busy(qtbot, signing, fake_identity):
    controller, watch = signing
    controller.sign("", "755224", "")
    qtbot.waitUntil(lambda: bool(watch.events), timeout=WAIT_MS)
    assert watch.kinds == ["failed"] and watch.refusal.code == "password_missing"
    assert fake_identity.called("verify_signing_code") == []
