"""A short kill -9 campaign (bench/kill_campaign.py runs the long one): nothing goes unaudited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_kills_during_sync_and_signing_leave_every_change_audited(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "kill_campaign.py"),
            "--kills",
            "5",
            "--max-delay",
            "6",
            "--seed",
            "20",
            "--data-dir",
            str(tmp_path / "icorerx-data"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "kill campaign: 5 kills, 0 unaudited changes" in done.stdout
