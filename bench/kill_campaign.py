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
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kill_check import check  # noqa: E402 - bench/kill_check.py, beside this script
from kill_child import child  # noqa: E402 - bench/kill_child.py, beside this script

READY_TIMEOUT_S = 60


# --- the parent: kill, start up, check (the child is bench/kill_child.py) ------------------------


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
