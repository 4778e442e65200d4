"""The phone step-up grant of this sign-in: who holds it, and when it runs out."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.exostar.base import StepUpGrant

CHECK_EVERY_MS = 10_000
"""How often a held grant's end is compared with the wall clock. A single timer for the
whole 15 minutes would not count a laptop's sleep, and the screen would go on saying
"Authenticated until…" after that time had passed."""


class StepUpSession(QObject):
    """Signals:
    changed(object): the current `StepUpGrant`, or None once it has run out or been dropped.
    """

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grant: StepUpGrant | None = None
        self.ran_out_at: dt.datetime | None = None
        """When the last grant ran out, if it did; None while one is held or none was."""
        self.ended_by_lock = False
        """True when the last grant was ended by the screen's lock."""
        self._expiry = QTimer(self, singleShot=True)
        self._expiry.timeout.connect(self._check)

    @property
    def grant(self) -> StepUpGrant | None:
        if self._grant is not None and self._grant.expires_at <= dt.datetime.now(dt.UTC):
            self.clear(ran_out=True)
        return self._grant

    def set(self, grant: StepUpGrant) -> None:
        self._grant = grant
        self.ran_out_at = None
        self.ended_by_lock = False
        self._arm()
        self.changed.emit(grant)

    def end_on_lock(self, locked: bool) -> None:
        """The screen locked: whoever unlocks it confirms with their phone again."""
        if locked and self._grant is not None:
            self.ended_by_lock = True
            self.clear()

    def clear(self, ran_out: bool = False) -> None:
        """Drop the grant; `ran_out` when it expired (here or, as it said, at the service)."""
        if self._grant is None:
            return
        if ran_out:
            self.ran_out_at = min(self._grant.expires_at, dt.datetime.now(dt.UTC))
            self.ended_by_lock = False
        self._grant = None
        self._expiry.stop()
        self.changed.emit(None)

    def _arm(self) -> None:
        if self._grant is None:
            return
        left = (self._grant.expires_at - dt.datetime.now(dt.UTC)).total_seconds()
        self._expiry.start(max(0, min(CHECK_EVERY_MS, int(left * 1000) + 1)))

    def _check(self) -> None:
        if self.grant is not None:  # reading it drops a grant whose time is up
            self._arm()
