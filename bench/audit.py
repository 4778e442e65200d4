"""Does the Audit screen keep the window answering over two years of entries?

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/audit.py [--entries 200000] [--runs 3]

Seeds the audit log through the store (`AuditLog.record`, a few transactions of many
entries each), spread over two years as a clinic's would be, with a few written under a
clock 400 days ahead. Then, in the real window: signs the doctor in, opens Admin ->
Audit log, and with a 5 ms QTimer ticking throughout, applies each filter (user, event,
From two years back, To a month back, All dates, and back), refreshes, scrolls to the
end of the list ten times (each fetches a page), runs the integrity check to the end,
and starts it again and stops it. It prints the worst gap between ticks for each step
and over them all, next to the worst gap with the window idle on the same screen (the
floor, measured in the same run). A query or a check on the GUI thread would show a gap
of its whole length (the old screen: 25-28 s for 306 rows). Target: at most 50 ms.
The log is seeded once; each of `--runs` passes opens a new window, and the headline
is the median of the passes' worst gaps (on a shared machine one pass can catch a
stall of the whole machine: the idle floor is printed per pass to show it).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync  # noqa: E402
from PySide6.QtCore import QDate  # noqa: E402
from PySide6.QtWidgets import QComboBox  # noqa: E402
from ticks import TickRecorder  # noqa: E402 - bench/ticks.py, beside this script

from desktop import walkthrough  # noqa: E402
from desktop.app import ensure_qapplication  # noqa: E402
from desktop.composition import Application  # noqa: E402
from desktop.domain.audit import AuditEvent  # noqa: E402
from desktop.store.audit import AuditLog  # noqa: E402
from desktop.store.database import AppStore  # noqa: E402
from desktop.store.migrations import write_transaction  # noqa: E402
from desktop.views.audit import AuditView  # noqa: E402

TARGET_MS = 50.0
IDLE_S = 2.0
BATCH = 20_000
ACTORS = ["doctor", "frontdesk", "nurse.adams", "nurse.baker", "dr.chen", "admin", None]
SCROLLS = 10


async def until(condition: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    await walkthrough.until(condition, what, timeout)


def seeder(count: int) -> Callable[[AppStore], None]:
    """`count` entries over the last two years through `AuditLog.record`, in batches."""

    def seed(store: AppStore) -> None:
        rng = random.Random(20)
        start = dt.datetime.now(dt.UTC) - dt.timedelta(days=730)
        step = dt.timedelta(days=730) / count
        moment = [start]
        # The bench's own clock spreads the entries over two years; the key is the store's.
        audit = AuditLog(store.db, store.workstation, store.audit._key, clock=lambda: moment[0])
        events = list(AuditEvent)
        for first in range(0, count, BATCH):
            with write_transaction(store.db):
                for i in range(first, min(first + BATCH, count)):
                    moment[0] = start + step * i
                    if i % 25_000 == 24_999:  # a workstation whose clock ran 400 days ahead
                        moment[0] += dt.timedelta(days=400)
                    event = rng.choice(events)
                    audit.record(
                        event,
                        rng.choice(ACTORS),
                        rng.choice(("success", "success", "success", "failure")),
                        patient_id=rng.randrange(1, 500) if event is AuditEvent.SIGNED else None,
                        reason="" if i % 7 else "wrong password",
                    )

    return seed


class Steps:
    """Runs named steps with the timer ticking and keeps each one's worst gap."""

    def __init__(self, recorder: TickRecorder) -> None:
        self.recorder = recorder
        self.results: list[tuple[str, float, float]] = []

    async def run(self, name: str, action: Callable[[], object], done: Callable[[], bool]) -> None:
        started = time.perf_counter()
        with self.recorder:
            await asyncio.sleep(0.05)
            action()
            await until(done, name)
            await asyncio.sleep(0.2)  # the turns that lay out and paint the answer count too
        self.results.append((name, self.recorder.worst_gap_ms(), time.perf_counter() - started))


async def bench(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="icorerx-audit-bench-") as scratch:
        app = Application.open(Path(scratch), provision_demo=True)
        try:
            began = time.perf_counter()
            await app.context.store.run(seeder(count))
            seeded = time.perf_counter() - began
            print(f"seeded {count:,} entries through the store in {seeded:.1f} s")
            results = []
            for run in range(1, runs + 1):
                print(f"run {run} (a new window each run):")
                results.append(await drive(app, count))
        finally:
            app.close()
    worst = statistics.median(r[0] for r in results)
    waiting = statistics.median(r[1] for r in results)
    idle = statistics.median(r[2] for r in results)
    if runs > 1:
        each = ", ".join(f"{r[0]:.0f}" for r in results)
        print(f"worst gap of each run: {each} ms; the median is reported")
    print(f"audit screen, {count:,} entries: worst gap {worst:.0f} ms")
    verdict = "met" if worst <= TARGET_MS else "MISSED"
    print(
        f"idle floor {idle:.1f} ms on the same screen, ratio {worst / idle:.2f}; "
        f"target <= {TARGET_MS:.0f} ms: {verdict}"
    )
    print(
        f"for the record, after the screen was built (building it is GUI work, not waiting): "
        f"worst gap {waiting:.0f} ms, ratio {waiting / idle:.2f}"
    )


async def drive(app: Application, count: int) -> tuple[float, float, float]:
    """One pass over the screen: (worst gap, worst gap after building it, idle floor), ms."""
    window = app.create_window()
    window.resize(1200, 800)
    window.show()
    await walkthrough.sign_in(window, "doctor", "doctor-demo-1")
    await walkthrough.open_admin(window)
    compose = window.compose_view
    assert compose is not None
    admin = compose.ensure_admin()
    await asyncio.sleep(0.5)

    recorder = TickRecorder()
    steps = Steps(recorder)
    loaded: list[object] = []
    more: list[object] = []
    outcomes: list[object] = []
    progress: list[tuple[int, int]] = []

    def view() -> AuditView:
        assert admin.audit is not None
        return admin.audit

    def wire() -> None:
        controller = view().controller
        controller.entriesLoaded.connect(loaded.append)
        controller.moreLoaded.connect(more.append)
        controller.verified.connect(outcomes.append)
        controller.verifyCancelled.connect(lambda *args: outcomes.append(args))
        controller.verifyProgress.connect(lambda done, total: progress.append((done, total)))

    def after(signals: list[object], n: int) -> Callable[[], bool]:
        return lambda: len(signals) >= n

    def open_audit() -> None:
        admin.ui.auditLink.click()
        wire()

    # Opening builds the screen and reads twice (on show, and as Admin opens it): both count.
    await steps.run("open Admin -> Audit log", open_audit, lambda: len(loaded) >= 1)
    with recorder:
        await asyncio.sleep(IDLE_S)
    idle = recorder.worst_gap_ms()

    ui = view().ui
    today = QDate.currentDate()

    async def load(name: str, action: Callable[[], object]) -> None:
        before = len(loaded)
        await steps.run(name, action, after(loaded, before + 1))

    def pick(combo: QComboBox, data: object) -> Callable[[], None]:
        return lambda: combo.setCurrentIndex(max(combo.findData(data), 0))

    await load("user: doctor", pick(ui.auditUserCombo, "doctor"))
    await load("event: Prescription signed", pick(ui.auditEventCombo, "signed"))
    await load("user: all", pick(ui.auditUserCombo, None))
    await load("event: all", pick(ui.auditEventCombo, None))
    await load("from: two years back", lambda: ui.auditFromDate.setDate(today.addDays(-740)))
    await load("to: a month back", lambda: ui.auditToDate.setDate(today.addDays(-30)))
    await load("event: Wrong password", pick(ui.auditEventCombo, "login_failed"))
    await load("user: nurse.adams", pick(ui.auditUserCombo, "nurse.adams"))
    await load("user: all", pick(ui.auditUserCombo, None))
    await load("event: all", pick(ui.auditEventCombo, None))
    await load("all dates", lambda: ui.auditAllDatesCheck.setChecked(True))
    await load("refresh", ui.auditRefreshButton.click)
    bar = ui.auditTable.verticalScrollBar()
    for turn in range(SCROLLS):
        await until(lambda: bar.maximum() > bar.value(), "the list laid out")
        before = len(more)
        await steps.run(
            f"scroll to the end ({turn + 1})",
            lambda: bar.setValue(bar.maximum()),
            after(more, before + 1),
        )
    shown = view().model.rowCount()
    before = len(outcomes)
    await steps.run(
        "integrity check, to the end", ui.auditVerifyButton.click, after(outcomes, before + 1)
    )
    report = outcomes[-1]
    progress.clear()
    before = len(outcomes)

    def check_then_stop() -> None:
        ui.auditVerifyButton.click()

    async def stop_when_halfway() -> None:
        await until(lambda: any(done >= count // 2 for done, _ in progress), "half the check")
        ui.auditVerifyCancelButton.click()

    stopper = asyncio.ensure_future(stop_when_halfway())
    await steps.run(
        "integrity check, stopped halfway", check_then_stop, after(outcomes, before + 1)
    )
    await stopper
    stopped = outcomes[-1]
    await load(
        "dates again (two years to a month back)", lambda: ui.auditAllDatesCheck.setChecked(False)
    )

    width = max(len(name) for name, _, _ in steps.results)
    for name, gap, took in steps.results:
        print(f"  {name:<{width}}  worst gap {gap:6.1f} ms  ({took:5.2f} s)")
    checked, total = stopped if isinstance(stopped, tuple) else (0, 0)
    print(f"  rows in the list after scrolling: {shown:,}")
    print(f"  check to the end: {getattr(report, 'summary', report)}")
    print(f"  check stopped after {checked:,} of {total:,} entries")
    print(f"  idle on the screen: worst gap {idle:.1f} ms")
    window.close()
    window.deleteLater()
    worst = max(gap for _, gap, _ in steps.results)
    waiting = max(gap for _, gap, _ in steps.results[1:])
    return worst, waiting, idle


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3, help="passes over the screen, one seeding")
    args = parser.parse_args()
    qt_app = ensure_qapplication()
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(bench(args.entries, args.runs))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
