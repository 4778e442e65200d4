"""The embedded identity service as its unit tests drive it: a clock they move, every call on
the lane as the application makes it."""

from __future__ import annotations

import pytest

from desktop.exostar.base import AdapterError
from desktop.exostar.local import LocalIdentityService

T0 = 1_800_000_000.0


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def open_service(folder, clock) -> LocalIdentityService:
    return LocalIdentityService(folder, key_store="file", clock=clock)


def call(service, fn, *args, **kwargs):
    """Every call goes through the lane, as the application makes it."""
    return service.lane.submit(fn, *args, **kwargs).result(timeout=30)


def refused(service, fn, *args) -> AdapterError:
    with pytest.raises(AdapterError) as info:
        call(service, fn, *args)
    return info.value
