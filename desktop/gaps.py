"""A test hook that widens the gaps between the steps of a flow, so a kill can land in them.

Set `ICORERX_WIDEN_GAPS` to a number of seconds (e.g. 0.2) and every `widen()` sleeps for a
random time up to that long: on the lanes around each store and identity-service call, and
inside the transactions that must be all or nothing. `bench/kill_campaign.py` uses it to kill
the application between "the identity service changed" and "the audit log says so". Unset
(always, in a clinic) it costs one comparison.
"""

from __future__ import annotations

import os
import random
import time

ENV = "ICORERX_WIDEN_GAPS"


def _seconds(raw: str | None) -> float:
    try:
        return max(0.0, float(raw or 0))
    except ValueError:
        return 0.0


MAX_S = _seconds(os.environ.get(ENV))


def widen() -> None:
    """Sleep a random moment when the hook is on; return at once otherwise."""
    if MAX_S:
        time.sleep(random.uniform(0, MAX_S))
