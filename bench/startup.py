"""Start-up benchmark: process start -> the login window's first paint -> exit, against a floor.

    .venv/bin/python bench/startup.py [--runs N] [--warmups N] [--importtime] [--instructions]

Why a floor: absolute start-up times depend on the machine, the disk cache and Qt's own cost. A
bare QMainWindow started by the same interpreter, measured in the same run and interleaved with
the application, is the best the product could do with this toolchain; the targets are ratios to
it (first paint <= 1.2x, peak RSS <= 1.3x, and ready to sign in <= 1.5x the floor's first paint:
the sign-in form takes typing, a key pressed into the username field lands in it). The stores
and the identity service open while the form waits for input; the moment they are open (Enter
then signs in at once; before it, a sign-in waits for them) is printed for the record.

`--instructions` also runs each variant once under valgrind's callgrind, to its first paint, and
prints the instructions each executed and their ratio. That count does not move with the machine's
load, as the times do; it leaves out what the kernel does for the process (page faults, reading
files), which the times include, so it is printed for the record beside the timed verdicts.

Each run is a fresh process (`python bench/startup.py --child app|floor --data-dir D`), offscreen.
The parent times Popen -> exit; the child prints, as its last line, the CLOCK_MONOTONIC time of
its first paint (comparable across processes on Linux) and its peak RSS. The data dir gets demo
data once, before any timed run, so provisioning is not timed.

The child path imports only os, resource, sys and time before Qt: whatever this script imports
at module level is paid by the floor too, and would flatter the ratio. The parent's modules
(argparse, statistics, subprocess...) are imported inside the parent's functions for that reason.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable
    from pathlib import Path

CHILD_TIMEOUT_S = 60
VARIANTS = ("app", "floor")
REPORT_PREFIX = "startup-bench:"
EXIT_AT_PAINT = "--exit-at-paint"


def _now() -> float:
    """A clock both processes share, so the child's paint time can be set against Popen."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


# --- children: each builds its window and reports after the first paint --------------------------


def _watch_first_paint(window: Any, on_painted: Callable[[], None]) -> Any:
    """Call `on_painted` once the first paint of `window` is done (and the frame flushed).

    The filter sees the Paint event before the window handles it; the zero timer runs after the
    whole repaint (every child widget, then the flush to the platform) has finished.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, on_painted)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    return watcher  # the caller keeps it alive


def _report_paint() -> None:
    """Print the paint time and peak RSS (KiB on Linux)."""
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{REPORT_PREFIX} painted={_now():.6f} peak_rss_kib={peak_kib}", flush=True)


def _exit_at_paint() -> None:
    """Report and end the process at once: under callgrind, nothing after the paint counts."""
    _report_paint()
    os._exit(0)


def _report_and_quit(app: Any) -> None:
    """Print the paint time and peak RSS, then leave the event loop."""
    _report_paint()
    app.quit()


def child_floor(exit_at_paint: bool = False) -> int:
    """The floor: the same interpreter showing a bare QMainWindow, no application code."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    watcher = _watch_first_paint(
        window, _exit_at_paint if exit_at_paint else lambda: _report_and_quit(app)
    )
    window.show()
    app.exec()
    del watcher
    return 0


def child_app(data_dir: str, exit_at_paint: bool = False) -> int:
    """The application through its real entry point, `icorerx --data-dir D` (`desktop.cli`).

    It parses its arguments and opens the window (`desktop.app.run`), which paints the
    sign-in form before it loads the event loop, the stores and the identity service. The
    report gives the moments: the first paint (what the targets are about: the doctor sees
    the window), typed (a key pressed into the username field at the paint has landed
    there: the form takes typing) and ready (the stores are open).
    """
    from desktop.cli import main

    painted: dict[str, float] = {}

    def on_painted(window: Any) -> None:
        if exit_at_paint:
            _exit_at_paint()
        painted["at"] = _now()
        painted["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # The bench's own key costs Qt's `Qt` namespace (~25 ms, ~1.4 MiB), which the
        # application does not load before its paint: paid here, after the paint is timed,
        # and before the key is posted, so it still counts against ready to sign in.
        from PySide6.QtCore import QCoreApplication, QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        username = window.login_view.ui.usernameEdit

        def landed(_text: str) -> None:
            painted.setdefault("typed", _now())

        username.textChanged.connect(landed)
        # As a doctor typing at once: the key waits in the queue until the loop takes input.
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_D, Qt.KeyboardModifier.NoModifier, "d")
        QCoreApplication.postEvent(username, key)

    def on_ready(_window: Any) -> None:
        ready_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"{REPORT_PREFIX} painted={painted['at']:.6f} peak_rss_kib={painted['rss']:.0f} "
            f"typed={painted.get('typed', 0.0):.6f} "
            f"ready={_now():.6f} ready_rss_kib={ready_rss}",
            flush=True,
        )
        from PySide6.QtWidgets import QApplication

        QApplication.instance().quit()

    return main(["--data-dir", data_dir], on_painted=on_painted, on_ready=on_ready)


# --- parent: provision, interleave; the report is bench/startup_report.py's -----------------------


def _child_env(pycache: Path | None = None) -> dict[str, str]:
    """Offscreen, and with bytecode caching on (into `pycache`, outside the working tree).

    With PYTHONDONTWRITEBYTECODE set (as in this sandbox) and no __pycache__ in the checkout,
    every run would compile the application's modules from source, which an installed wheel or
    the PyInstaller bundle never does; the warm-ups fill the cache for both variants.
    """
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("ICORERX_DATA_DIR", None)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def _child_command(variant: str, data_dir: Path, *python_options: str) -> list[str]:
    return [
        sys.executable,
        *python_options,
        os.path.abspath(__file__),
        "--child",
        variant,
        "--data-dir",
        str(data_dir),
    ]


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    import subprocess

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return subprocess.run(
        command,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )


def run_child(
    variant: str, data_dir: Path, env: dict[str, str]
) -> tuple[float, float, int, float, int, float]:
    """One fresh process: seconds to exit, to first paint, peak RSS KiB at the first paint,
    seconds to ready, peak RSS KiB when ready, and seconds until the form took typing (the
    floor is ready, and takes typing, when it paints)."""
    command = _child_command(variant, data_dir)
    started = _now()
    result = _run(command, env)
    ended = _now()
    reports = [line for line in result.stdout.splitlines() if line.startswith(REPORT_PREFIX)]
    if result.returncode != 0 or not reports:
        raise RuntimeError(
            f"{variant} child failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    fields = dict(item.split("=", 1) for item in reports[-1][len(REPORT_PREFIX) :].split())
    paint = float(fields["painted"]) - started
    rss = int(fields["peak_rss_kib"])
    ready = float(fields.get("ready", fields["painted"])) - started
    typed = float(fields.get("typed", fields["painted"]))
    if typed <= 0:
        raise RuntimeError(f"{variant} child: the key typed at the paint never landed")
    ready_rss = int(fields.get("ready_rss_kib", rss))
    return ended - started, paint, rss, ready, ready_rss, typed - started


def provision(data_dir: Path) -> None:
    """Demo data once, through the CLI, so no timed run provisions anything."""
    result = _run(
        [sys.executable, "-m", "desktop", "demo", "--data-dir", str(data_dir)], _child_env()
    )
    if result.returncode != 0:
        raise RuntimeError(f"provisioning failed:\n{result.stdout}\n{result.stderr}")


def import_profile(data_dir: Path, env: dict[str, str], top: int) -> str:
    """One app run under `-X importtime`: the imports with the largest cumulative time."""
    from startup_report import import_profile as profile  # bench/startup_report.py, beside this

    result = _run(_child_command("app", data_dir, "-X", "importtime"), env)
    return profile(result.stderr, top)


def count_instructions(variant: str, data_dir: Path, env: dict[str, str]) -> int:
    """One run of `variant` under callgrind, ended at its first paint: instructions executed."""
    import re

    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        *_child_command(variant, data_dir),
        EXIT_AT_PAINT,
    ]
    result = _run(command, env)
    collected = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or collected is None or REPORT_PREFIX not in result.stdout:
        raise RuntimeError(
            f"{variant} under callgrind failed (exit {result.returncode}):\n{result.stderr[-2000:]}"
        )
    return int(collected[1])


def instructions_line(data_dir: Path, env: dict[str, str]) -> str:
    import shutil

    if shutil.which("valgrind") is None:
        return "instructions to first paint: not counted, valgrind is not installed"
    app = count_instructions("app", data_dir, env)
    floor = count_instructions("floor", data_dir, env)
    return (
        f"not a target, for the record: instructions to first paint (callgrind, unmoved by load) "
        f"app {app / 1e6:.1f} M  floor {floor / 1e6:.1f} M  ratio {app / floor:.2f}"
    )


def bench(argv: list[str]) -> int:
    """The parent: provision a data dir, warm up, then interleave timed runs of both variants."""
    import argparse
    import tempfile
    from pathlib import Path

    from startup_report import summarise  # bench/startup_report.py, beside this script

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per variant")
    parser.add_argument("--warmups", type=int, default=2, help="untimed runs per variant first")
    parser.add_argument("--importtime", action="store_true", help="also profile the app's imports")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each variant's instructions to its first paint (valgrind's callgrind)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="icorerx-bench-") as scratch:
        data_dir = Path(scratch) / "data"
        provision(data_dir)
        env = _child_env(pycache=Path(scratch) / "pycache")
        for _ in range(args.warmups):
            for variant in VARIANTS:
                run_child(variant, data_dir, env)
        samples: dict[str, dict[str, list[float]]] = {
            variant: {"exit": [], "paint": [], "rss": [], "ready": [], "ready_rss": [], "typed": []}
            for variant in VARIANTS
        }
        for index in range(args.runs):
            # Alternate which variant goes first, so neither always runs right after the other.
            for variant in VARIANTS if index % 2 == 0 else VARIANTS[::-1]:
                to_exit, to_paint, rss, ready, ready_rss, typed = run_child(variant, data_dir, env)
                samples[variant]["exit"].append(to_exit)
                samples[variant]["paint"].append(to_paint)
                samples[variant]["rss"].append(rss)
                samples[variant]["ready"].append(ready)
                samples[variant]["ready_rss"].append(ready_rss)
                samples[variant]["typed"].append(typed)
        print(summarise(samples))
        if args.importtime:
            print(import_profile(data_dir, env, top=25))
        if args.instructions:
            print(instructions_line(data_dir, env))
    return 0


def main(argv: list[str]) -> int:
    """`--child VARIANT [--data-dir D] [--exit-at-paint]` is parsed by hand: argparse would be
    paid by the floor."""
    if len(argv) >= 2 and argv[0] == "--child":
        exit_at_paint = argv[-1] == EXIT_AT_PAINT
        args = argv[:-1] if exit_at_paint else argv
        if args[1] == "floor":
            return child_floor(exit_at_paint)
        if args[1] == "app" and args[2:3] == ["--data-dir"] and len(args) >= 4:
            return child_app(args[3], exit_at_paint)
        print(
            f"usage: {sys.argv[0]} --child app --data-dir D | --child floor [{EXIT_AT_PAINT}]",
            file=sys.stderr,
        )
        return 2
    return bench(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
