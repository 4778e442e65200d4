"""A fresh Python process: what a cold start meets (the modules it loads, its first paint,
its loading thread), with nothing made by the tests that ran before in this one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, *args: str, timeout: float = 60.0, bare: bool = False) -> str:
    """What `code`, run with `args` by a fresh Python (Qt offscreen), printed; it failing
    fails the test with its errors. The caller's environment goes with it but for its data
    folder (ICORERX_DATA_DIR); `bare`: nothing of it but a PATH."""
    if bare:
        env = {"PATH": "/usr/bin:/bin"}
    else:
        env = {k: v for k, v in os.environ.items() if k != "ICORERX_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    assert result.returncode == 0, (
        f"the fresh process ended with {result.returncode}:\n"
        f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


def last_line(code: str, *args: str, timeout: float = 60.0, bare: bool = False) -> str:
    """The last line `code` printed (see `run_python`)."""
    return run_python(code, *args, timeout=timeout, bare=bare).strip().splitlines()[-1]
