"""Is the installed Qt binding safe to run for a whole working day?

PySide6/shiboken6 6.12.0 on CPython 3.11 drops a reference to `None` on every void Qt
call and to `True` on every signal emit. On 3.11 those objects are not immortal, so a
few thousand calls later the interpreter aborts ("Fatal Python error: none_dealloc").
The pinned release does not drift; this check proves it on the machine itself, so a
wrong wheel is caught by the test suite and by `icorerx --self-test` on a workstation,
not by a doctor in the middle of signing.

The check measures the drift over a number of calls far below the abort threshold.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class BindingReport:
    calls: int
    binding: str
    none_drift: int
    true_drift: int
    false_drift: int

    @property
    def ok(self) -> bool:
        # A drift of a few either way is the interpreter's own business (caches, interned
        # objects); the broken binding loses one reference per call.
        limit = max(8, self.calls // 100)
        return min(self.none_drift, self.true_drift, self.false_drift) > -limit

    @property
    def summary(self) -> str:
        drifts = (
            f"None {self.none_drift:+d}, True {self.true_drift:+d}, False {self.false_drift:+d}"
        )
        if self.ok:
            return f"Qt binding {self.binding}: {self.calls:,} calls, references steady ({drifts})"
        return (
            f"Qt binding {self.binding} loses references on every call ({drifts} after "
            f"{self.calls:,} calls): the application would abort within minutes. Reinstall "
            "with: bash scripts/setup.sh (it installs the pinned PySide6-Essentials)."
        )


def check_binding(calls: int = 2_000) -> BindingReport:
    """Make `calls` void calls and `calls` signal emits of each bool; report the drift.

    Keep `calls` well below ~2,000 per object on a binding that might be broken: the
    objects it measures are the ones that would be deallocated.
    """
    import PySide6
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QLabel

    class _Emitter(QObject):
        flag = Signal(bool)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    received: list[bool] = []
    label = QLabel()
    emitter = _Emitter()
    emitter.flag.connect(lambda value: received.append(value) if len(received) < 1 else None)
    try:
        none0 = sys.getrefcount(None)
        true0 = sys.getrefcount(True)
        false0 = sys.getrefcount(False)
        for index in range(calls):
            label.setText("x" if index % 2 else "y")
            label.setEnabled(bool(index % 2))
            emitter.flag.emit(True)
            emitter.flag.emit(False)
        report = BindingReport(
            calls=calls,
            binding=str(PySide6.__version__),
            none_drift=sys.getrefcount(None) - none0,
            true_drift=sys.getrefcount(True) - true0,
            false_drift=sys.getrefcount(False) - false0,
        )
    finally:
        emitter.deleteLater()
        label.deleteLater()
        del app
    return report
