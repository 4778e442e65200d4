"""The benches' measure of responsiveness: a 5 ms timer on the GUI thread.

A call that holds the GUI thread shows as a gap between ticks as long as the call. On a
busy machine a gap also holds the time the thread waited for a core: the GUI thread's own
CPU time between the same two ticks (`worst_cpu_ms`) tells the two apart.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer

TICK_MS = 5


class TickRecorder:
    """A 5 ms timer on the GUI thread; the worst gap between its ticks while entered."""

    def __init__(self, other_threads: bool = False) -> None:
        self.stamps: list[float] = []
        self.cpu: list[float] = []
        self.other_threads = other_threads
        """Also sample the CPU time of the process's other Python threads (the lanes) at
        each tick: a gap whose GUI-thread CPU is short may be the lanes holding the GIL."""
        self.others: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.stamps.append(time.perf_counter())
        self.cpu.append(time.thread_time())  # the timer fires on the GUI thread
        if self.other_threads:
            self.others.append(self._others_cpu())

    @staticmethod
    def _others_cpu() -> float:
        spent = 0.0
        main = threading.main_thread()
        for thread in threading.enumerate():
            if thread is main or thread.ident is None:
                continue
            try:
                spent += time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
            except OSError:  # ended between the listing and the reading
                continue
        return spent

    def worst_gap_ms(self) -> float:
        gaps = [b - a for a, b in zip(self.stamps, self.stamps[1:], strict=False)]
        return max(gaps) * 1000 if gaps else float("inf")

    def worst_cpu_ms(self) -> float:
        """The most CPU time the GUI thread spent between two ticks."""
        spent = [b - a for a, b in zip(self.cpu, self.cpu[1:], strict=False)]
        return max(spent) * 1000 if spent else float("inf")

    def __enter__(self) -> TickRecorder:
        self.stamps.clear()
        self.cpu.clear()
        self.others.clear()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timer.stop()
