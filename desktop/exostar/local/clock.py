"""Time as the local identity service reads and stores it (UTC, ISO 8601)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

Clock = Callable[[], float]
SYSTEM_CLOCK: Clock = time.time


def to_iso(moment: float) -> str:
    return dt.datetime.fromtimestamp(moment, dt.UTC).isoformat()


def from_iso(value: str) -> float:
    return dt.datetime.fromisoformat(value).timestamp()


def as_datetime(moment: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(moment, dt.UTC)


def local_hhmm(moment: float) -> str:
    """'10:42 AM' in the workstation's time zone, as a doctor reads a clock."""
    return dt.datetime.fromtimestamp(moment).astimezone().strftime("%I:%M %p").lstrip("0")
