"""What every controller needs from the composition root, and who is signed in."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.config import Settings
from desktop.controllers.changes import ChangeSignals
from desktop.controllers.lanes import ResourceLane
from desktop.domain.models import User
from desktop.domain.practice import Practice
from desktop.exostar.base import IdentityService
from desktop.store.database import AppStore


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
    changes: ChangeSignals = field(default_factory=ChangeSignals)
    """What other desks changed in the clinic database (silent on a single desk)."""

    def require_user(self) -> User:
        if self.user is None:
            raise RuntimeError("no user is signed in")
        return self.user
