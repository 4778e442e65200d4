"""`bench/startup.py` runs end to end with one run of each variant: its lines are all there.

No figure is checked (timings belong to the bench on a quiet machine, not to a test): this
keeps the bench working as the start-up path it times changes (it starts `icorerx` itself,
through `desktop.cli.main` and its window hooks).
"""

from __future__ import annotations

import os
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


def _child(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [sys.executable, "bench/startup.py", "--child", *args[:1], *extra, *args[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_a_child_told_to_exit_at_its_paint_reports_the_paint_and_nothing_after(tmp_path):
    """What callgrind counts ends at the paint: the app child does not go on to open its
    stores (they would add their instructions), and neither child tears Qt down."""
    data_dir = tmp_path / "data"
    floor = _child("floor", "--exit-at-paint")
    app = _child("app", "--exit-at-paint", data_dir=data_dir)
    for result in (floor, app):
        assert result.returncode == 0, result.stdout + result.stderr
        reports = [line for line in result.stdout.splitlines() if line.startswith("startup-bench:")]
        assert len(reports) == 1 and "painted=" in reports[0], result.stdout
        assert "ready=" not in reports[0], result.stdout
    assert not (data_dir / "icorerx.sqlite").exists()  # the stores, opened after the paint


def test_the_floor_s_instructions_are_counted_under_callgrind(tmp_path):
    """valgrind comes with `scripts/setup.sh --dev`: missing, this fails rather than skips."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import startup
    finally:
        sys.path.remove(str(ROOT / "bench"))
    count = startup.count_instructions("floor", tmp_path, startup._child_env())
    assert count > 10_000_000  # an interpreter and Qt to a paint: hundreds of millions
