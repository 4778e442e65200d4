"""What the application needs from an identity service, whoever provides it.

Every method is synchronous and blocking on purpose: the controllers run each call
on the adapter's `lane`, a single-worker executor, so calls are serialised, a
database connection stays on its thread, and the GUI thread never waits.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, runtime_checkable

from desktop.domain.errors import UserFacingError
from desktop.domain.models import Phone, TokenInfo


class AdapterError(UserFacingError):
    """The identity service refused or failed a request, in words for the doctor."""


class UnknownAccount(AdapterError):
    """The application's user has no account at the identity service."""


@runtime_checkable
class IdentityService(Protocol):
    """One account's phones and tokens at an identity service."""

    name: str
    """Short name shown in the status bar and logs, e.g. 'local'."""

    lane: ThreadPoolExecutor
    """The single worker every call runs on."""

    def check_health(self) -> str:
        """Raise AdapterError when the service cannot be reached; else a one-line status."""
        ...

    def list_phones(self, account: str) -> list[Phone]:
        """The phones bound to the account, for step-up codes."""
        ...

    def list_tokens(self, account: str) -> list[TokenInfo]:
        """Every token ever bound to the account, newest first."""
        ...

    def close(self) -> None:
        """Release connections; the lane is shut down by whoever owns the adapter."""
        ...


def new_lane(name: str) -> ThreadPoolExecutor:
    """A single-worker executor: the adapter's lane."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{name}-lane")
