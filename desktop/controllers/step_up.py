"""The phone step-up grant of this sign-in: who holds it, and when it runs out."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.exostar.base import IdentityService, StepUpGrant

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 10_000
"""How often a held grant's end is compared with the wall clock. A single timer for the
whole 15 minutes would not count a laptop's sleep, and the screen would go on saying
"Authenticated until…" after that time had passed."""


class StepUpSession(QObject):
    """Signals:
    changed(object): the current `StepUpGrant`, or None once it has run out or been dropped.
    """

    changed = Signal(object)

    def __init__(
        self, parent: QObject | None = None, identity: IdentityService | None = None
    ) -> None:
        super().__init__(parent)
        self._identity = identity
        """Told when the lock ends a grant, so the grant id is refused there too."""
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
        """The screen locked: whoever unlocks it confirms with their phone again.

        The identity service is told too, on its lane and without waiting: a grant id kept
        anywhere (a call queued before the lock, another copy of it) is refused there from
        then on. The lock never waits for the service, and a refusal is only logged.
        """
        if locked and self._grant is not None:
            self.ended_by_lock = True
            self._end_here_and_at_service("the screen's lock")

    def end_at_sign_out(self) -> None:
        """Signed out: the grant goes with the sign-in, at the identity service too."""
        self._end_here_and_at_service("sign-out")

    def _end_here_and_at_service(self, why: str) -> None:
        grant = self._grant
        if grant is None:
            return
        self.clear()
        identity = self._identity
        if identity is None:
            return
        try:
            identity.lane.submit(_end_at_service, identity, grant, why)
        except RuntimeError:  # the lane is shut down: the application is closing
            log.warning("the step-up grant could not be ended at the identity service")

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


def _end_at_service(identity: IdentityService, grant: StepUpGrant, why: str) -> None:
    """On the identity lane: the service forgets the grant (or it runs out on its own)."""
    try:
        identity.end_step_up(grant.account, grant.id)
    except Exception:  # noqa: BLE001 - the lock or sign-out stands; the grant ends at its time
        log.exception("the step-up grant could not be ended at the identity service")
    else:
        log.info("step-up grant ended at the identity service by %s", why)
