"""What ran on each long turn of the GUI thread: `responsiveness.py --turns`.

Every event Qt delivers on the GUI thread (a timer, a paint, a queued signal from a lane)
is timed, wall clock and the thread's own CPU (`time.thread_time()`), with the names of
what ran inside it: a building step of the window or the navigator, an asyncio callback,
a garbage collection (`gc.callbacks`). For each gap between the bench's ticks longer than
`threshold_ms`, it lists those events, the costliest first.

Diagnosis only: a `notify` override on the application costs a little on every event.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


@dataclass
class Span:
    start: float
    end: float = 0.0
    cpu: float = 0.0
    label: str = ""
    inner: list[str] = field(default_factory=list)


def _name(fn: Callable[..., object]) -> str:
    """A step's name: its function, and the strings it closes over (an importer's module)."""
    name = getattr(fn, "__qualname__", repr(fn))
    cells = getattr(fn, "__closure__", None) or ()
    said = []
    for cell in cells:
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, str):
            said.append(value)
        elif callable(value) and getattr(value, "__qualname__", "").startswith(
            ("Navigator.", "MainWindow.", "importer", "makers")
        ):
            said.append(_name(value))
    return f"{name}({', '.join(said)})" if said else name


class TurnLog:
    """Records the GUI thread's events while `recording` (see the module's doc)."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.recording = False
        self._depth = 0
        self._current: Span | None = None
        self._gc_start: tuple[float, float] | None = None
        self.collections: list[tuple[int, float]] = []
        """(generation, GUI-thread CPU ms) of each collection while recording."""

    def note(self, text: str) -> None:
        if self._current is not None:
            self._current.inner.append(text)

    @contextmanager
    def named(self, text: str) -> Iterator[None]:
        """Outside a timed event (no `--events`), a span of its own."""
        wall, cpu = time.perf_counter(), time.thread_time()
        own = self.recording and self._current is None
        if own:
            self._current = Span(wall, label=text)
        try:
            yield
        finally:
            took = (time.perf_counter() - wall) * 1000
            spent = (time.thread_time() - cpu) * 1000
            if own and self._current is not None:
                span, self._current = self._current, None
                span.end, span.cpu = time.perf_counter(), spent / 1000
                self.spans.append(span)
            else:
                self.note(f"{text} {took:.1f}/{spent:.1f}")

    def deliver(
        self, real: Callable[[QObject, QEvent], bool], receiver: QObject, event: QEvent
    ) -> bool:
        if not self.recording or self._depth:
            self._depth += 1
            try:
                return real(receiver, event)
            finally:
                self._depth -= 1
        try:
            kind = event.type().name
        except Exception:  # noqa: BLE001 - a user event type has no name
            kind = str(int(event.type()))
        label = f"{kind}->{type(receiver).__name__}:{receiver.objectName()}"
        span = Span(time.perf_counter(), label=label)
        cpu = time.thread_time()
        self._current = span
        self._depth += 1
        try:
            return real(receiver, event)
        finally:
            self._depth -= 1
            span.end = time.perf_counter()
            span.cpu = time.thread_time() - cpu
            self._current = None
            self.spans.append(span)

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        if not self.recording:
            return
        if phase == "start":
            self._gc_start = (time.perf_counter(), time.thread_time())
        elif self._gc_start is not None:
            wall, cpu = self._gc_start
            took = (time.perf_counter() - wall) * 1000
            spent = (time.thread_time() - cpu) * 1000
            self.collections.append((info["generation"], spent))
            text = f"gc gen{info['generation']} {took:.1f}/{spent:.1f} ({info['collected']} freed)"
            if self._current is not None:
                self._current.inner.append(text)
            else:
                self.spans.append(Span(wall, time.perf_counter(), spent / 1000, text))

    def install(self) -> None:
        """Hooks: the navigator's and the window's steps, asyncio callbacks, gc."""
        from desktop.views import embed, navigator

        log = self
        real_step = navigator.Navigator._step

        def step(nav: Any, fn: Callable[[], object], signed_in: bool) -> Callable[[], None]:
            run = real_step(nav, fn, signed_in)
            name = _name(fn)

            def named() -> None:
                with log.named(f"step {name}"):
                    run()

            named.__qualname__ = name
            return named

        navigator.Navigator._step = step  # type: ignore[method-assign]

        real_next = embed.InTurns._next

        def next_step(turns: Any) -> None:
            steps = turns._steps
            name = _name(steps[0]) if steps else "-"
            with log.named(f"turn {name}"):
                real_next(turns)

        embed.InTurns._next = next_step  # type: ignore[method-assign]

        real_run = asyncio.Handle._run

        def run(handle: asyncio.Handle) -> None:
            callback = getattr(handle, "_callback", None)
            name = getattr(callback, "__qualname__", type(callback).__name__)
            task = getattr(callback, "__self__", None)
            if isinstance(task, asyncio.Task):  # the coroutine it wakes, and where it waits
                coro: Any = task.get_coro()
                frame = getattr(coro, "cr_frame", None)
                while getattr(coro, "cr_await", None) is not None and hasattr(
                    coro.cr_await, "cr_frame"
                ):
                    coro = coro.cr_await
                    frame = coro.cr_frame or frame
                where = f" at line {frame.f_lineno}" if frame is not None else ""
                name = f"{name} {getattr(coro, '__qualname__', '?')}{where}"
            with log.named(f"async {name}"):
                real_run(handle)

        asyncio.Handle._run = run  # type: ignore[method-assign]
        gc.callbacks.append(self._gc)

    def report(
        self, stamps: list[float], cpu: list[float], others: list[float], threshold_ms: float
    ) -> list[str]:
        """For each tick gap over the threshold: its wall, the GUI thread's CPU and the other
        Python threads' (lanes holding the GIL, if it is high), then its events."""
        lines = []
        for generation in (0, 1, 2):
            costs = [ms for gen, ms in self.collections if gen == generation]
            if costs:
                lines.append(
                    f"  gc gen{generation}: {len(costs)} collections, worst {max(costs):.1f} ms"
                    f" CPU, {sum(costs):.1f} ms in all"
                )
        for index in range(1, len(stamps)):
            a, b = stamps[index - 1], stamps[index]
            gap = (b - a) * 1000
            if gap < threshold_ms:
                continue
            spent = (cpu[index] - cpu[index - 1]) * 1000
            lanes = (others[index] - others[index - 1]) * 1000 if others else float("nan")
            lines.append(
                f"  gap {gap:5.1f} ms wall, GUI thread CPU {spent:5.1f} ms, other threads' CPU"
                f" {lanes:5.1f} ms"
            )
            inside = [s for s in self.spans if s.end > a and s.start < b]
            costly = sorted(inside, key=lambda s: s.cpu, reverse=True)[:6]
            for s in sorted(costly, key=lambda s: s.start):  # in the order they ran
                took = (s.end - s.start) * 1000
                at = (s.start - a) * 1000
                lines.append(f"    +{at:4.1f} {took:5.1f}/{s.cpu * 1000:5.1f} ms {s.label}")
                for text in s.inner[:6]:
                    lines.append(f"        {text}")
        return lines


LOG = TurnLog()


class TimedApplication(QApplication):
    """A QApplication whose events `LOG` times while it records."""

    def notify(self, receiver: QObject, event: QEvent) -> bool:  # noqa: D102
        return LOG.deliver(super().notify, receiver, event)
