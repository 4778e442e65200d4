"""What the start-up's loading thread imports makes no Qt type.

`desktop.app` imports `desktop.composition` on a thread while the sign-in form waits for
typing. PySide is not safe to use there: a module that defines a QObject subclass (or
builds a Qt enum) on that thread while the GUI thread paints crashes the process now and
then. This loads the same modules in a fresh interpreter, with only what the GUI thread
has loaded by then, and names any Qt class the thread's modules would make.
"""

from __future__ import annotations

import json

from tests.fresh_python import last_line

PROBE = r"""
import inspect, json, sys
from PySide6 import QtCore, QtGui, QtWidgets  # the GUI thread has these by then
import qasync  # noqa: F401 (loaded before the thread starts: see desktop.app)
import desktop.app  # noqa: F401
before = set(sys.modules)
import desktop.composition  # noqa: F401 - what the loading thread imports
made = []
for name in sorted(set(sys.modules) - before):
    module = sys.modules[name]
    if name.startswith("PySide6") or name.startswith("shiboken6"):
        made.append(name)
        continue
    if not name.startswith("desktop"):
        continue
    for attr, value in vars(module).items():
        if inspect.isclass(value) and value.__module__ == name and any(
            base.__module__.startswith(("PySide6", "shiboken6")) for base in value.__mro__[1:]
        ):
            made.append(f"{name}.{attr}")
print(json.dumps(made))
"""


def test_the_loading_thread_makes_no_qt_type():
    assert json.loads(last_line(PROBE, timeout=120, bare=True)) == []
