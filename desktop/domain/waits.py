"""Waits that a clock set back or forward can never make longer than they are.

A resend wait, a pause after wrong codes, a code's or a grant's lifetime: each ends at a
wall-clock moment, stored so that it survives a restart. Measured on the wall clock alone,
a clock set back an hour (or set 400 days ahead while the wait began, then corrected) holds
the doctor back for that long. So a wait is also measured on the monotonic clock from the
moment this process first sees it, and it ends at whichever comes first:

- left = min(end - wall now, monotonic end - monotonic now), where the monotonic end is
  fixed when the wait is first seen, at most its own length away.

A clock set forward can end a wait early, never make one longer; a restart under a wrong
clock starts the count again, but never at more than the wait's own length.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]

_PRUNE_ABOVE = 1000
_SAME_END_S = 0.01
"""Ends stored as ISO text come back rounded to the microsecond: still the same wait."""


class Waits:
    """Seconds left of named waits. Not thread-safe: use it from one lane."""

    def __init__(self, wall: Clock, monotonic: Clock = time.monotonic) -> None:
        self._wall = wall
        self._monotonic = monotonic
        self._ends: dict[str, tuple[float, float]] = {}
        """name -> (wall-clock end, monotonic end); a new wall-clock end is a new wait."""

    def left(self, name: str, ends_at: float, length: float) -> float:
        """Seconds left of the wait `name` that ends at `ends_at` and lasts `length` in all.

        Call it when a wait begins, too: from then on it is counted on the monotonic clock.
        """
        now = self._monotonic()
        by_wall = ends_at - self._wall()
        seen = self._ends.get(name)
        if seen is not None and abs(seen[0] - ends_at) < _SAME_END_S:
            end = seen[1]
        else:
            end = now + max(0.0, min(by_wall, float(length)))
            if len(self._ends) >= _PRUNE_ABOVE:
                self._prune(now)
            self._ends[name] = (ends_at, end)
        return max(0.0, min(by_wall, end - now))

    def _prune(self, now: float) -> None:
        for name, (_ends_at, end) in list(self._ends.items()):
            if end <= now:
                del self._ends[name]
