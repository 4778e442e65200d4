"""What the real start-up path (`icorerx`) loads before the sign-in window's first paint.

bench/startup.py holds the first paint to 1.2x a bare Qt window's: whatever is imported or
built before it is paid by every doctor at every start. These checks keep the expensive
things out of that path (in a process of its own, as a doctor starts it), and the tests of
`desktop.app.run` elsewhere keep what the window does after it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.cli import main
from tests.fresh_python import last_line, run_python

PROBE = """
import json, sys
from pathlib import Path
import PySide6.QtCore as QtCore
from PySide6.QtWidgets import QApplication
from desktop.cli import main

seen = {}

def painted(window):
    seen["qt_namespace"] = "Qt" in QtCore.__dict__
    seen["modules"] = sorted(name for name in sys.modules if name.startswith("desktop."))
    seen["dataclasses"] = "dataclasses" in sys.modules
    seen["title_at_paint"] = window.windowTitle()
    seen["chrome_at_paint"] = [window.menuWidget() is not None, window.parts.done]

def ready(window):
    seen["signs_in"] = window.login_view.controller is not None
    seen["chrome_when_ready"] = [
        window.menuWidget() is window.ui.menuBar, window.ui.statusBar.isVisible(),
        window.ui.sessionBar.parent() is window.ui.statusBar,
    ]
    QApplication.instance().quit()

code = main(["--data-dir", sys.argv[1]], on_painted=painted, on_ready=ready)
print(json.dumps(seen))
sys.exit(code)
"""


@pytest.fixture
def demo_dir(tmp_path, capsys) -> Path:
    data_dir = tmp_path / "data"
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    return data_dir


def start(data_dir: Path) -> dict[str, object]:
    seen: dict[str, object] = json.loads(last_line(PROBE, str(data_dir)))
    return seen


def test_nothing_slow_is_loaded_before_the_first_paint(demo_dir):
    seen = start(demo_dir)
    # Building Qt's `Qt` namespace alone takes ~25 ms and 1.4 MiB: not before the paint.
    assert seen["qt_namespace"] is False
    modules = seen["modules"]
    assert isinstance(modules, list)
    slow = [
        name
        for name in modules
        if name.startswith(("desktop.store", "desktop.exostar.local", "desktop.controllers"))
        or name in ("desktop.composition", "desktop.keys", "desktop.startup")
    ]
    assert slow == []
    assert seen["signs_in"] is True  # and the window still signs users in after it


def test_no_dataclass_and_no_argument_parser_is_built_before_the_first_paint(demo_dir):
    """Each dataclass costs ~0.5-1 ms to build and `icorerx`'s argument parser ~6 ms: the
    window reads its settings file and its command line without them."""
    seen = start(demo_dir)
    assert seen["dataclasses"] is False
    modules = seen["modules"]
    assert isinstance(modules, list)
    assert [name for name in ("desktop.config", "desktop.domain.practice") if name in modules] == []


def test_the_first_paint_is_the_sign_in_form_alone_the_rest_follows(demo_dir):
    """Menus, status bar and navigator are built after the paint, before the window signs
    anyone in; their code is not loaded before it either."""
    seen = start(demo_dir)
    modules = seen["modules"]
    assert isinstance(modules, list)
    later = ("desktop.views.window_parts", "desktop.views.navigator", "desktop.clinic.settings")
    assert [name for name in later if name in modules] == []
    assert "desktop.forms.ui_main_window_chrome" not in modules
    assert seen["chrome_at_paint"] == [False, False]
    assert seen["chrome_when_ready"] == [True, True, True]


def test_painted_first_the_window_builds_the_rest_a_part_a_turn(qtbot):
    from desktop.views.main_window import MainWindow

    window = MainWindow(demo=True, paint_first=True)
    qtbot.addWidget(window)
    window.show()
    assert window.menuWidget() is None and window.statusBar().objectName() != "statusBar"
    assert not window.parts.done
    turns: list[bool] = []
    window.parts.finished.connect(lambda: turns.append(window.parts.done))
    window.parts._next()  # what one turn of the event loop builds: the menus alone
    assert window.menuWidget() is not None and not hasattr(window.ui, "sessionBar")
    assert not window.parts.done and not turns
    window.parts.start()  # the rest, on the turns that follow
    with qtbot.waitSignal(window.parts.finished):
        pass
    assert turns == [True]
    ui = window.ui
    assert window.menuWidget() is ui.menuBar
    assert [a.text() for a in ui.menuBar.actions()] == ["&File", "&Demo", "&Help"]
    assert not ui.demoMenu.menuAction().isVisible()  # until the demo devices are known
    assert window.statusBar() is ui.statusBar and ui.statusBar.isVisible()
    assert ui.sessionBar.parent() is ui.statusBar and ui.signedInLabel.text() == "Not signed in"
    assert window.findChild(QLabel, "demoStatusLabel").isVisible()
    assert not window.tls_banner.isVisible()
    assert window.navigator is not None
    # The keyboard stayed in the form all along.
    assert window.focusWidget() is window.login_view.ui.usernameEdit


def test_the_window_is_completed_when_asked_for_before_its_turns(qtbot):
    """Signing in needs the whole window: `attach` (and anything asking for the navigator)
    builds what is left at once rather than waiting for the turns."""
    from desktop.views.main_window import MainWindow

    window = MainWindow(paint_first=True)
    qtbot.addWidget(window)
    window.parts.start()
    completed: list[bool] = []
    window.parts.finished.connect(lambda: completed.append(True))
    assert window.navigator is not None
    assert window.parts.done and completed == [True]
    assert window.ui.fileMenu.actions()[0] is window.ui.signOutAction
    # The turn already queued finds nothing left to build, and says nothing again.
    qtbot.waitUntil(lambda: not window.parts._timer.isActive())
    assert completed == [True]


def test_the_signed_in_label_takes_a_name_as_plain_text(icorerx_env):
    """Its plain-text format is set in code (the form's own setting would build the `Qt`
    namespace before the first paint): a display name is never read as markup."""
    window = icorerx_env.login("doctor", "doctor-demo-1")
    assert window.ui.signedInLabel.textFormat() == Qt.TextFormat.PlainText
    assert window.ui.signedInLabel.text().startswith("Signed in as ")


def test_opening_a_data_dir_loads_no_signing_key_code_and_no_entry_point_scan():
    """What the sign-in form waits for after the paint: the data dir's modules. The
    prescription signing key's code (cryptography's Ed25519, ~15 ms) waits for the first
    signature, and the installed-packages scan (~10 ms) for an adapter that is not built in."""
    probe = (
        "import sys, desktop.composition, desktop.controllers.login;"
        "print(sorted(m for m in ('desktop.store.rx_keys', 'importlib.metadata') "
        "if m in sys.modules))"
    )
    assert run_python(probe).strip() == "[]"


SLOW_LOAD = """
import importlib.abc, importlib.util, sys, threading, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.app import run

slow = {}

class SlowOnTheThread(importlib.abc.MetaPathFinder):
    # The stores' modules take 0.5 s to load on the loading thread.
    def find_spec(self, name, path, target=None):
        on_gui = threading.current_thread() is threading.main_thread()
        if name != "desktop.controllers.context" or on_gui:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        loader = spec.loader
        real = loader.exec_module
        def exec_module(module):
            slow["from"] = time.perf_counter()
            time.sleep(0.5)
            real(module)
            slow["to"] = time.perf_counter()
        loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, SlowOnTheThread())
ticks = []
timer = QTimer(interval=10)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

def painted(window):
    timer.start()

def ready(window):
    during = [t for t in ticks if slow["from"] <= t <= slow["to"]]
    print(len(during))
    QApplication.instance().quit()

code = run(Path(sys.argv[1]), on_painted=painted, on_ready=ready)
sys.exit(code)
"""


def test_the_window_keeps_answering_while_the_stores_modules_load(demo_dir):
    """What attaching needs is loaded on the GUI thread after the loading thread is done: a
    controller imported meanwhile waited for the thread's import of the modules they share,
    and the window stood still (no timer, no key) until the thread was through."""
    turns = last_line(SLOW_LOAD, str(demo_dir))
    # A 10 ms timer over 0.5 s: dozens of turns on a quiet machine, none while it stood still.
    assert int(turns) >= 10
