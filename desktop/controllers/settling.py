"""Waiting, without blocking, until the work in flight has ended.

"Close when finished" must close once a flow has ended in full: its outcome recorded,
its signals delivered, the screen refreshed. Closing as soon as the flow stops being
busy stops the event loop with coroutines still suspended in it; the interpreter then
closes them at exit, and their `finally` blocks emit from deleted objects ("Signal source
has been deleted") or never record what happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

SETTLE_TIMEOUT_S = 30.0
"""A flow that has not ended by then is not waited for any longer."""
CONTROLLERS = "desktop.controllers."


def controller_work(loop: asyncio.AbstractEventLoop) -> set[asyncio.Task[object]]:
    """The controllers' flows still running on `loop`.

    Other tasks are left out on purpose: the start-up code's task that waits for the
    application to quit, or a script's task driving the window, end only after it closes.
    """
    return {task for task in asyncio.all_tasks(loop) if not task.done() and _ours(task)}


def _ours(task: asyncio.Task[object]) -> bool:
    frame = getattr(task.get_coro(), "cr_frame", None)
    module = frame.f_globals.get("__name__", "") if frame is not None else ""
    return isinstance(module, str) and module.startswith(CONTROLLERS)


def when_settled(callback: Callable[[], object], timeout_s: float = SETTLE_TIMEOUT_S) -> None:
    """Call `callback` once no controller has work in flight (or after `timeout_s`).

    Tasks a finishing task starts (a refresh after a sync, say) are waited for too. Called
    from inside a task, that task itself is waited for.
    """
    loop = asyncio.get_event_loop_policy().get_event_loop()
    called = False

    def fire() -> None:
        nonlocal called
        if not called:
            called = True
            give_up.cancel()
            callback()

    def check() -> None:
        if called:
            return
        pending = controller_work(loop)
        if not pending:
            fire()
            return

        def one_done(task: asyncio.Future[object]) -> None:
            pending.discard(task)
            if not pending:
                loop.call_soon(check)  # after the callbacks that may start more work

        for task in pending:
            task.add_done_callback(one_done)

    give_up = loop.call_later(timeout_s, fire)
    check()
