"""Building screens, seen in a fresh process (what a cold start meets, not what earlier
tests in this process left made): counted, never timed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fresh_python import last_line

PROBE_HEAD = """
import asyncio, enum, gc, json, os, sys
from pathlib import Path
import qasync
from desktop import walkthrough
from desktop.app import ensure_qapplication
from desktop.composition import Application
from desktop.views.navigator import Navigator

async def until_built(window):
    while window.navigator.building:
        await asyncio.sleep(0.01)
"""

PROBE_TAIL = """
qt = ensure_qapplication()
loop = qasync.QEventLoop(qt)
asyncio.set_event_loop(loop)
with loop:
    loop.run_until_complete(main())
sys.stdout.flush()
os._exit(0)
"""


def probe(body: str, data_dir: Path) -> str:
    """`body` (defining `async def main()`) run in a fresh application process: the last
    line it printed."""
    return last_line(PROBE_HEAD + body + PROBE_TAIL, str(data_dir), timeout=120)


QT_TYPES_LEFT = """
from PySide6.QtWidgets import QLineEdit

async def main():
    app = Application.open(Path(sys.argv[1]), provision_demo=True)
    window = app.create_window()
    window.show()
    await until_built(window)
    made = []
    new = enum.EnumType.__new__
    def counting(metacls, cls, bases, classdict, **kw):
        made.append(cls)
        return new(metacls, cls, bases, classdict, **kw)
    enum.EnumType.__new__ = counting
    QLineEdit().children()
    enum.EnumType.__new__ = new
    print(len(made))
    window.close()
    app.close()
"""


def test_no_qt_type_is_left_to_make_on_the_sign_in_turn(tmp_path):
    """PySide's search for an unexposed class (first met by the idle lock at sign-in: ~140
    enums, 40-80 ms on one turn) finds its types made, a chunk a turn, before sign-in."""
    assert int(probe(QT_TYPES_LEFT, tmp_path / "data")) == 0


STEPS_LOADED = """
loaded = []
real_step = Navigator._step

def step(self, queued, signed_in):
    run = real_step(self, queued, signed_in)
    def counted():
        before = set(sys.modules)
        run()
        loaded.append(sorted(set(sys.modules) - before))
    return counted

Navigator._step = step

async def main():
    app = Application.open(Path(sys.argv[1]), provision_demo=True)
    window = app.create_window()
    window.show()
    await until_built(window)
    frozen = gc.get_freeze_count()
    loaded.clear()
    await walkthrough.sign_in(window, "doctor", "doctor-demo-1")
    await until_built(window)
    print(json.dumps({"frozen": frozen, "tracked": len(gc.get_objects()), "loaded": loaded}))
    window.close()
    app.close()
"""


def test_screens_are_built_after_sign_in_in_short_steps_and_start_up_is_frozen(tmp_path):
    """Counted, not timed (a loaded machine makes any turn long): in a fresh process, no
    building step after sign-in loads more than a few modules at once (the audit screen's
    controller used to bring 20 on one turn: cryptography's key formats and the signature
    checks, 12-50 ms of the GUI thread). Start-up's objects are frozen once the sign-in form
    is ready: a full collection (~30 ms when it walked them all) walks only what was made
    since."""
    seen = json.loads(probe(STEPS_LOADED, tmp_path / "data"))
    loaded = seen["loaded"]
    assert len(loaded) >= 40  # the screens' code a module a step, then the screens
    most = max(loaded, key=len)
    assert len(most) <= 15, most
    assert "desktop.controllers.audit" in sum(loaded, [])  # loaded ahead, by the steps
    assert seen["frozen"] > 20_000
    assert seen["tracked"] < seen["frozen"] / 4
