"""Kill -9 campaign: the application killed at random moments during token sync and signing.

    .venv/bin/python bench/kill_campaign.py [--kills 24] [--gap 0.15] [--max-delay 7] [--seed N]

Each round starts a child process (`--child DATA_DIR`, offscreen) that drives the real
controllers on one scratch data dir, round after round of: phone step-up (when its grant
has run out), Add Token (a resync after the first), a controlled prescription signed with
the token's code, suspend and resume. `ICORERX_WIDEN_GAPS` makes every lane call and the
all-or-nothing transactions pause a random moment (see desktop/gaps.py), so the kills land
between "the identity service changed" and "the audit log says so" as often as anywhere.

After each kill -9 the parent starts the application's composition root on the data dir,
waits for its start-up recovery, and checks:
- PRAGMA integrity_check of the application's and the identity service's databases;
- the audit chain verifies;
- every signed prescription has a SIGNED entry naming it;
- every token binding the identity service made (each answered add-token request) has a
  TOKEN_ADDED or TOKEN_RESYNCED entry with its request id, recovered or not;
- each token's status in the identity service is the one its latest audited change gave it;
- no attempt is left without an outcome.

It prints `kill campaign: N kills, M unaudited changes` and exits 1 when M > 0 (or when a
check fails), 0 otherwise. The parent reads the identity service's tables to check them:
this is a test harness, not the application, which never does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HOTP = "GALH12345678"
PASSWORD = "doctor-demo-1"
GRANT_FILE = "kill-campaign-grant.json"
READY_TIMEOUT_S = 60


# --- the child: the real controllers, in a loop, until it is killed -----------------------------


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


# --- the parent: kill, start up, check -----------------------------------------------------------


@dataclass
class Check:
    problems: list[str] = field(default_factory=list)
    """Damage: a failed integrity check, a broken chain, a recovery that did not finish."""
    unaudited: set[str] = field(default_factory=set)
    """One line per change with no entry (or attempt with no outcome), stable across checks."""
    recovered: Counter[str] = field(default_factory=Counter)


def check(data_dir: Path) -> Check:
    """Start the composition root as the application does, let recovery run, then look."""
    from desktop.composition import Application
    from desktop.store import audited

    found = Check()
    for path in (data_dir / "icorerx.sqlite", data_dir / "identity" / "identity.sqlite"):
        with sqlite3.connect(path) as db:
            answer = db.execute("PRAGMA integrity_check").fetchone()[0]
        if answer != "ok":
            found.problems.append(f"{path.name}: integrity_check says {answer}")
    application = Application(data_dir)
    try:
        if not application.recovery.done.wait(60):
            found.problems.append("start-up recovery did not finish within 60 s")
        for attempt, resolution in application.recovery.recovered:
            what = "happened" if resolution.happened else "did not happen"
            found.recovered[f"{attempt.event.value}: {what}"] += 1
        store = application.context.store
        report = store.run_blocking(lambda s: s.audit.verify())
        if not report.ok:
            found.problems.append(f"audit chain: {report.summary}")
        for attempt in store.run_blocking(audited.open_attempts):
            found.unaudited.add(f"audit row {attempt.seq} ({attempt.event.value}) has no outcome")
        rows = store.run_blocking(lambda s: _audit_rows(s))
    finally:
        application.close()
    found.unaudited |= _unaudited(data_dir, rows)
    return found


def _audit_rows(store: Any) -> list[tuple[int, str, str | None, str, dict[str, Any]]]:
    cursor = store.db.conn.execute(
        "SELECT seq, event, token_serial, outcome, details FROM audit ORDER BY seq"
    )
    return [
        (seq, event, serial, outcome, json.loads(details))
        for seq, event, serial, outcome, details in cursor
    ]


def _unaudited(
    data_dir: Path, rows: list[tuple[int, str, str | None, str, dict[str, Any]]]
) -> set[str]:
    missing: set[str] = set()
    signed_entries: set[int] = set()
    binding_ids: set[str] = set()
    last_status_entry: dict[str, str] = {}
    for _seq, event, serial, outcome, details in rows:
        if event == "signed":
            for part in str(details.get("prescriptions") or "").split(","):
                part = part.strip().lstrip("#")
                if part.isdigit():
                    signed_entries.add(int(part))
        if outcome != "success":
            continue
        if event in ("token_added", "token_resynced"):
            binding_ids.add(str(details.get("attempt")))
            last_status_entry[serial or ""] = "Active"
        elif event == "token_suspended":
            last_status_entry[serial or ""] = "Suspended"
        elif event == "token_resumed":
            last_status_entry[serial or ""] = "Active"
        elif event == "token_deactivated":
            last_status_entry[serial or ""] = "Revoked"
    with sqlite3.connect(data_dir / "icorerx.sqlite") as app_db:
        signed = [
            int(row[0])
            for row in app_db.execute(
                "SELECT id FROM prescriptions WHERE status IN ('signed', 'sent')"
            )
        ]
    for rx_id in signed:
        if rx_id not in signed_entries:
            missing.add(f"prescription {rx_id} is signed with no SIGNED entry")
    with sqlite3.connect(data_dir / "identity" / "identity.sqlite") as identity_db:
        requests = identity_db.execute(
            "SELECT key, answer FROM requests WHERE operation = 'add_token'"
        ).fetchall()
        tokens = identity_db.execute(
            "SELECT serial, status FROM tokens WHERE bound_at IS NOT NULL"
        ).fetchall()
    for key, answer in requests:
        if json.loads(answer).get("ok") and key not in binding_ids:
            missing.add(f"token binding by request {key[:8]} has no TOKEN_ADDED/RESYNCED entry")
    for serial, status in tokens:
        audited_status = last_status_entry.get(serial)
        if audited_status is None:
            missing.add(f"token {serial} is bound with no entry at all")
        elif (status in ("Active", "Locked") and audited_status != "Active") or (
            status in ("Suspended", "Revoked") and audited_status != status
        ):
            missing.add(f"token {serial} is {status}; the log last says {audited_status}")
    return missing


class ChildOutput:
    """The child's stdout, line by line, on a thread: the last phase it announced."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line.strip())
            if line.strip() == "ready":
                self.ready.set()

    @property
    def phase(self) -> str:
        phases = [line.split(" ", 1)[1] for line in self.lines if line.startswith("phase ")]
        return phases[-1] if phases else "start"

    def join(self) -> None:
        self._thread.join(5)


def campaign(args: argparse.Namespace) -> int:
    from desktop import demo
    from desktop.config import Paths
    from desktop.gaps import ENV

    rng = random.Random(args.seed)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="icorerx-kill-"))
    demo.provision(Paths(data_dir))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_API="pyside6")
    env[ENV] = str(args.gap)
    phases: Counter[str] = Counter()
    recovered: Counter[str] = Counter()
    unaudited: dict[str, str] = {}
    problems: list[str] = []
    started = time.monotonic()
    for number in range(1, args.kills + 1):
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        output = ChildOutput(process)
        if not output.ready.wait(READY_TIMEOUT_S):
            process.kill()
            process.wait()
            problems.append(f"kill {number}: the child never got ready: {output.lines[-3:]}")
            break
        time.sleep(rng.uniform(0.05, args.max_delay))
        if process.poll() is not None:
            problems.append(
                f"kill {number}: the child had exited ({process.returncode}) "
                f"after {output.lines[-3:]}"
            )
            break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        output.join()
        phase = output.phase
        phases[phase] += 1
        result = check(data_dir)
        recovered.update(result.recovered)
        for change in sorted(result.unaudited):
            unaudited.setdefault(change, f"first seen after kill {number} (during {phase})")
        for problem in result.problems:
            problems.append(f"kill {number} (during {phase}): {problem}")
        rounds = sum(1 for line in output.lines if line.startswith("round "))
        print(
            f"kill {number:>2}: during {phase:<8} after {rounds} full round(s); "
            f"recovered {sum(result.recovered.values())}, unaudited {len(result.unaudited)}",
            flush=True,
        )
    kills = sum(phases.values())
    print(f"data dir: {data_dir}")
    print("kills by phase: " + ", ".join(f"{p} {n}" for p, n in sorted(phases.items())))
    print(
        "recovered at start-up: "
        + (", ".join(f"{k} {n}" for k, n in sorted(recovered.items())) or "none")
    )
    for change, when in unaudited.items():
        print(f"UNAUDITED {change}, {when}")
    for problem in problems:
        print(f"PROBLEM {problem}")
    print(f"took {time.monotonic() - started:.0f} s")
    print(f"kill campaign: {kills} kills, {len(unaudited)} unaudited changes")
    return 0 if not unaudited and not problems and kills == args.kills else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=24)
    parser.add_argument("--gap", type=float, default=0.15, help="widest pause, in seconds")
    parser.add_argument("--max-delay", type=float, default=7.0, help="kill within, in seconds")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--data-dir", default=None, help="default: a new scratch folder")
    parser.add_argument("--child", metavar="DATA_DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child))
        return 0
    return campaign(args)


if __name__ == "__main__":
    sys.exit(main())
