"""Building steps one a turn of the event loop (`InTurns`): input, timers and painting
are taken between two steps."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from desktop.views.embed import InTurns


def test_steps_added_later_run_one_a_turn_and_dropped_ones_never_run(qtbot):
    owner = QObject()
    ran: list[str] = []
    turns = InTurns((), owner)
    stepped: list[int] = []
    turns.stepped.connect(lambda: stepped.append(len(ran)))
    turns.add([lambda: ran.append("a"), lambda: ran.append("b")])
    assert not turns.done and ran == []  # queued, not run on the turn that adds them
    qtbot.waitUntil(lambda: turns.done)
    assert ran == ["a", "b"] and stepped == [1, 2]  # one step, then its signal, a turn each
    turns.add([lambda: ran.append("c"), lambda: ran.append("d")])
    turns.drop()  # signed out before they ran: not wanted
    assert turns.done
    flushed = []
    QTimer.singleShot(20, lambda: flushed.append(True))
    qtbot.waitUntil(lambda: bool(flushed))
    assert ran == ["a", "b"]


def test_a_step_due_while_the_loop_was_busy_lets_the_timers_due_meanwhile_go_first(qtbot):
    """The loop busy between a step's arming and its turn (a screen shown, a page painted):
    a timer that came due meanwhile runs before the step, not in the same stall after it."""
    now = [0.0]
    owner = QObject()
    ran: list[str] = []
    turns = InTurns((), owner, clock=lambda: now[0])
    turns.add([lambda: ran.append("step")])  # armed first: due first
    now[0] += 1.0  # the loop is busy for a while before it comes to its timers
    tick = QTimer(owner, singleShot=True, interval=0)
    tick.timeout.connect(lambda: ran.append("tick"))
    tick.start()  # due after the step
    qtbot.waitUntil(lambda: turns.done and len(ran) == 2)
    assert ran == ["tick", "step"]
    # Not late: in the order they came due.
    ran.clear()
    turns.add([lambda: ran.append("step")])
    tick.start()
    qtbot.waitUntil(lambda: turns.done and len(ran) == 2)
    assert ran == ["step", "tick"]
