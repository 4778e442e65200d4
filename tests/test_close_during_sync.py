"""Closing the window during a sync, then "Close when finished": the process ends cleanly.

Run in a process of its own (tests/close_during_sync.py) because what is checked is the
exit itself: no "Fatal Python error", no abort, nothing printed about coroutines left
behind, whether the sync succeeds or fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.demo import provision

ROOT = Path(__file__).resolve().parent.parent
HARMLESS = (  # what the offscreen platform says of calls it cannot carry out
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
)


@pytest.mark.parametrize("ending", ["synced", "failed"])
def test_closing_during_a_sync_exits_cleanly_when_it_ends(tmp_path, ending):
    provision(Paths(tmp_path))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_API": "pyside6"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.close_during_sync", str(tmp_path), ending],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the application did not exit after the sync ended: {exc.stderr!r}")
    noise = [line for line in done.stderr.splitlines() if line.strip() not in HARMLESS]
    assert done.returncode == 0, done.stderr
    assert noise == []  # no "Fatal Python error", traceback or coroutine left behind
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["asked"] is True  # closing during the sync asked to wait
    assert "error" not in outcome
    if ending == "synced":
        assert outcome["sync"] == "synced"  # closed after the answer was delivered, not before
        assert "closed_again" not in outcome  # "Close when finished" closed it by itself
    else:
        assert outcome["sync"] not in (None, "synced")
        assert outcome.get("told_why") and outcome.get("closed_again")  # it stayed, and said why
    assert outcome["windows_left"] == 0


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_closing_while_a_screen_reads_lets_the_read_end_first(tmp_path, attempt):
    """Without waiting for the read, 3 runs in 4 printed "Signal source has been deleted"."""
    provision(Paths(tmp_path))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_API": "pyside6"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.close_during_read", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    noise = [line for line in done.stderr.splitlines() if line.strip() not in HARMLESS]
    assert done.returncode == 0, done.stderr
    assert noise == []
