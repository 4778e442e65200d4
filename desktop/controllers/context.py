"""What every controller needs from the composition root, and who is signed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.config import Settings
from desktop.controllers.lanes import ResourceLane
from desktop.domain.models import User
from desktop.domain.practice import Practice
from desktop.exostar.base import IdentityService
from desktop.store.database import AppStore

if TYPE_CHECKING:
    from desktop.controllers.changes import ChangeSignals


def _change_signals() -> ChangeSignals:
    """Made with the context, on the GUI thread: this module is imported on the start-up's
    loading thread (`desktop.app`), which must make no Qt type (PySide is not safe there)."""
    from desktop.controllers.changes import ChangeSignals

    return ChangeSignals()


@dataclass
class AppContext:
    store: ResourceLane[AppStore]
    identity: IdentityService
    settings: Settings
    user: User | None = field(default=None)
    practice: Practice | None = field(default=None)
    """The practice this data dir was set up for (a demo one in demo mode)."""
    setup_needed: bool = field(default=False)
    """Nobody is here yet: the window opens first-run setup instead of sign-in."""
    changes: ChangeSignals = field(default_factory=_change_signals)
    """What other desks changed in the clinic database (silent on a single desk)."""

    def require_user(self) -> User:
        if self.user is None:
            raise RuntimeError("no user is signed in")
        return self.user
