"""`bench/startup.py` runs end to end with one run of each variant: its lines are all there.

No figure is checked (timings belong to the bench on a quiet machine, not to a test): this
keeps the bench working as the start-up path it times changes (it starts `icorerx` itself,
through `desktop.cli.main` and its window hooks).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERDICT = re.compile(r"ratio (?P<ratio>\d+\.\d\d)  target <= (?P<target>[\d.]+): (met|MISSED)$")


def test_the_startup_bench_prints_its_three_verdicts_and_how_quiet_the_run_was():
    result = subprocess.run(
        [sys.executable, "bench/startup.py", "--runs", "1", "--warmups", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    verdicts = {line.split("  ")[0].strip(): VERDICT.search(line) for line in lines}
    for name, target in (("time (->paint)", "1.2"), ("peak RSS", "1.3")):
        found = verdicts.get(name)
        assert found is not None and found["target"] == target, result.stdout
    ready = [line for line in lines if line.startswith("ready to sign in")]
    assert len(ready) == 1 and VERDICT.search(ready[0]), result.stdout
    assert lines[-1].startswith("not a target, for the record: the floor's median first paint")
    assert "fastest runs' ratios: first paint" in lines[-1]
