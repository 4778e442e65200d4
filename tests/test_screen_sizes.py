"""Every page at 1024x600, at 1920x1080 scaled 200 % (960x540 to Qt), and at 1920x1080.

Each size runs tests/screen_walk.py in a fresh process: the screen's size (the offscreen
platform's configuration file) and QT_SCALE_FACTOR are read only when Qt starts. The walk
checks that the named controls of each page lie inside the visible window and saves a grab
of each page (QWidget.grab()) beside the test's temporary files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(1024, 600, 1), (1920, 1080, 2), (1920, 1080, 1)],
    ids=["1024x600", "1920x1080-at-2x", "1920x1080"],
)
def test_every_page_fits_the_screen(tmp_path, width, height, scale):
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": f"{width}x{height}",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    shots = tmp_path / "shots"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": str(scale),
        "ICORERX_SHOTS": str(shots),
        "ICORERX_WIDE": "1" if width / scale >= 1600 else "0",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/screen_walk.py",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    grabs = sorted(p.name for p in shots.glob("*.png"))
    assert len(grabs) >= 10, grabs
