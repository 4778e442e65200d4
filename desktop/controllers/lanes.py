"""Single-worker lanes: where blocking work runs so the GUI thread never waits.

A lane owns one thread. A resource opened on it (an SQLite connection) stays on
it, and calls through it are serialised in the order they were made.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, ParamSpec, TypeVar, cast

import qasync

from desktop import gaps

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")
log = logging.getLogger(__name__)
SlotBody = Callable[P, Coroutine[Any, Any, None]]


def async_slot(*types: type) -> Callable[[SlotBody[P]], Callable[P, object]]:
    """qasync's asyncSlot, typed: calling the slot only schedules its coroutine."""
    return cast(Callable[[SlotBody[P]], Callable[P, object]], qasync.asyncSlot(*types))


async def on_lane(lane: ThreadPoolExecutor, fn: Callable[..., R], *args: Any) -> R:
    """Run `fn(*args)` on `lane` and await it from the event loop."""
    loop = asyncio.get_running_loop()
    if gaps.MAX_S:
        return await loop.run_in_executor(lane, _widened, fn, *args)
    return await loop.run_in_executor(lane, fn, *args)


def _widened(fn: Callable[..., R], *args: Any) -> R:
    """The kill campaign's hook (`desktop.gaps`): a pause on the lane before and after."""
    gaps.widen()
    result = fn(*args)
    gaps.widen()
    return result


class ResourceLane(Generic[T]):
    """A lane plus a resource opened lazily on the lane's own thread."""

    def __init__(self, name: str, opener: Callable[[], T], closer: Callable[[T], None]) -> None:
        self.name = name
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{name}-lane")
        self._opener = opener
        self._closer = closer
        self._resource: T | None = None
        self._lock = threading.Lock()

    def _resource_here(self) -> T:
        with self._lock:
            if self._resource is None:
                self._resource = self._opener()
            return self._resource

    def _call(self, fn: Callable[[T], R]) -> R:
        if gaps.MAX_S:
            return _widened(fn, self._resource_here())
        return fn(self._resource_here())

    async def run(self, fn: Callable[[T], R]) -> R:
        """Await `fn(resource)` run on the lane."""
        return await on_lane(self.executor, self._call, fn)

    def post(self, fn: Callable[[T], object]) -> None:
        """Run `fn(resource)` on the lane and wait for nothing: no task is left to the event
        loop (a window closing with its loop leaves none pending). `fn` handles its own
        failures; one it lets out is a defect, logged. A lane already shut down does nothing."""

        def call() -> None:
            try:
                self._call(fn)
            except Exception:  # noqa: BLE001 - nobody waits for it: logged, not lost
                log.exception("work posted to the %s lane failed", self.name)

        with contextlib.suppress(RuntimeError):  # shut down: the application is closing
            self.executor.submit(call)

    def run_blocking(self, fn: Callable[[T], R]) -> R:
        """For command-line tools with no event loop: submit and wait."""
        return self.executor.submit(self._call, fn).result()

    def shutdown(self) -> None:
        def close() -> None:
            with self._lock:
                if self._resource is not None:
                    self._closer(self._resource)
                    self._resource = None

        self.executor.submit(close).result()
        self.executor.shutdown(wait=True)
