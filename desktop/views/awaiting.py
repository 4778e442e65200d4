"""Awaiting a Qt signal from a coroutine: how the navigator knows a screen has been read."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from PySide6.QtCore import SignalInstance


class NavigationError(Exception):
    """The screen cannot be opened (not signed in, not allowed, signed out meanwhile)."""


def next_emission(
    *signals: SignalInstance, gone: SignalInstance | None = None
) -> asyncio.Future[tuple[Any, ...]]:
    """The arguments of the first of `signals` emitted from now on, to await.

    Connected at once, so call it before the work that emits, or in the same turn: the
    loads behind a screen are coroutines and answer in a later turn than the call that
    started them. `gone` (the navigator's `screensDropped`) ends the wait with
    `NavigationError`: the screen went, at sign-out.
    """
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def answered(*args: Any) -> None:
        disconnect(future)  # at once: nothing of the wait outlives its answer
        if not future.done():
            future.set_result(args)

    def went(*_args: Any) -> None:
        disconnect(future)
        if not future.done():
            future.set_exception(NavigationError("the screen closed before it was read"))

    connected = True

    def disconnect(_future: object) -> None:
        nonlocal connected
        if not connected:
            return
        connected = False
        for signal in signals:  # the sender may be gone by now
            with contextlib.suppress(RuntimeError):
                signal.disconnect(answered)
        if gone is not None:
            with contextlib.suppress(RuntimeError):
                gone.disconnect(went)

    for signal in signals:
        signal.connect(answered)
    if gone is not None:
        gone.connect(went)
    future.add_done_callback(disconnect)
    return future
