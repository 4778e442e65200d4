"""The kill campaign's child: the real controllers on one data dir, round after round of phone
step-up, Add Token, a controlled prescription signed with the token's code, suspend and resume,
until the parent kills it. It announces each phase on stdout for the parent to read."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

HOTP = "GALH12345678"
PASSWORD = "doctor-demo-1"
GRANT_FILE = "kill-campaign-grant.json"


def child(data_dir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    import qasync

    from desktop.app import ensure_qapplication
    from desktop.composition import Application

    qt_app = ensure_qapplication()
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    application = Application.open(data_dir)
    with loop:
        loop.run_until_complete(Driver(application, data_dir).run())


def say(line: str) -> None:
    print(line, flush=True)


async def outcome(
    start: Any, ok: Any, bad: Any, timeout: float = 60
) -> tuple[bool, tuple[Any, ...]]:
    """Call `start()`, then wait for the `ok` or the `bad` signal; (which, its arguments)."""
    future: asyncio.Future[tuple[bool, tuple[Any, ...]]] = (
        asyncio.get_running_loop().create_future()
    )

    def done(good: bool) -> Any:
        def slot(*args: Any) -> None:
            if not future.done():
                future.set_result((good, args))

        return slot

    on_ok, on_bad = done(True), done(False)
    ok.connect(on_ok)
    bad.connect(on_bad)
    try:
        start()
        return await asyncio.wait_for(future, timeout)
    finally:
        ok.disconnect(on_ok)
        bad.disconnect(on_bad)


class Driver:
    def __init__(self, application: Any, data_dir: Path) -> None:
        from desktop.controllers.step_up import StepUpSession

        self.application = application
        self.context = application.context
        self.identity = self.context.identity
        self.grant_file = data_dir / GRANT_FILE
        self.step_up = StepUpSession()

    async def lane(self, fn: Any, *args: Any) -> Any:
        from desktop.controllers.lanes import on_lane

        return await on_lane(self.identity.lane, fn, *args)

    async def press(self) -> str:
        from desktop.exostar.local.demo_device import DemoTokenDevice

        device = DemoTokenDevice(self.identity)
        return str(await self.lane(device.press, HOTP, None))

    async def run(self) -> None:
        from desktop.controllers.login import LoginController

        login = LoginController(self.context)
        good, args = await outcome(
            lambda: login.login("doctor", PASSWORD), login.loginSucceeded, login.failed
        )
        if not good:
            raise SystemExit(f"sign-in refused: {args}")
        await self.ensure_grant()  # the phone's 30 s resend wait is not what is tested
        say("ready")
        rounds = 0
        while True:
            rounds += 1
            await self.ensure_grant()
            await self.resume_if_suspended()
            await self.sync()
            await self.sign()
            await self.change("suspend")
            await self.change("resume")
            say(f"round {rounds}")

    async def ensure_grant(self) -> None:
        import datetime as dt

        from desktop.controllers.phone_auth import PhoneAuthController
        from desktop.exostar.base import StepUpGrant

        if self.step_up.grant is not None:
            return
        if self.grant_file.exists():
            saved = json.loads(self.grant_file.read_text())
            expires = dt.datetime.fromisoformat(saved["expires_at"])
            if expires > dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60):
                self.step_up.set(StepUpGrant(saved["id"], saved["account"], expires))
                return
        say("phase phone")
        account = self.context.require_user().exostar_account
        phones = await self.lane(self.identity.list_phones, account)
        phone_auth = PhoneAuthController(self.context, self.step_up)
        phone_auth.start(phones[0])
        while True:
            good, args = await outcome(
                lambda: phone_auth.send_code("sms"), phone_auth.codeSent, phone_auth.failed
            )
            if good:
                break
            await asyncio.sleep(max(1, phone_auth.resend_wait()))
        code = (await self.lane(self.identity.outbox, account))[-1].code
        good, args = await outcome(
            lambda: phone_auth.verify(code), phone_auth.authenticated, phone_auth.failed
        )
        if not good:
            raise SystemExit(f"phone code refused: {args}")
        grant = args[0]
        self.grant_file.write_text(
            json.dumps(
                {
                    "id": grant.id,
                    "account": grant.account,
                    "expires_at": grant.expires_at.isoformat(),
                }
            )
        )

    async def token(self) -> Any:
        account = self.context.require_user().exostar_account
        tokens = await self.lane(self.identity.list_tokens, account)
        return next((t for t in tokens if t.serial == HOTP), None)

    async def resume_if_suspended(self) -> None:
        from desktop.domain.models import TokenStatus

        token = await self.token()
        if token is not None and token.status is TokenStatus.SUSPENDED:
            await self.change("resume")

    async def sync(self) -> None:
        from desktop.controllers.token_sync import TokenSyncController

        say("phase sync")
        sync = TokenSyncController(self.context, self.step_up)
        otp1, otp2 = await self.press(), await self.press()
        good, args = await outcome(lambda: sync.submit(HOTP, otp1, otp2), sync.synced, sync.failed)
        if not good:
            say(f"note sync refused: {args[0].code}")
            if args[0].code == "step_up_required":
                self.grant_file.unlink(missing_ok=True)

    async def sign(self) -> None:
        from desktop.controllers.signing import SigningController
        from desktop.domain.formulary import load_formulary
        from desktop.domain.prescriptions import RxDraft

        say("phase rx")
        store = self.context.store
        patient = (await store.run(lambda s: s.search_patients("")))[0]
        oxycodone = next(m for m in load_formulary() if m.id == "oxycodone-5-mg-tab")
        draft = RxDraft(oxycodone, "Take 1 tablet by mouth every 6 hours as needed", "20", 0)
        await store.run(lambda s: s.prescriptions.add(patient.id, draft, "doctor"))
        signing = SigningController(self.context)
        good, (plan,) = await outcome(
            lambda: signing.prepare(patient), signing.prepared, signing.failed
        )
        if not good or plan.blocker:
            say(f"note signing blocked: {getattr(plan, 'blocker_code', plan)}")
            return
        say("phase sign")
        code = await self.press()
        good, args = await outcome(
            lambda: signing.sign(PASSWORD, code), signing.signed, signing.failed
        )
        if not good:
            say(f"note signing refused: {args[0].code}")

    async def change(self, action: str) -> None:
        from desktop.controllers.token_lifecycle import TokenLifecycleController

        say(f"phase {action}")
        lifecycle = TokenLifecycleController(self.context, self.step_up)
        good, args = await outcome(
            lambda: lifecycle.apply(action, HOTP, "kill campaign"),
            lifecycle.changed,
            lifecycle.failed,
        )
        if not good:
            say(f"note {action} refused: {args[0].text[:80]}")
