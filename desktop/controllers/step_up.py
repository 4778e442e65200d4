"""The phone step-up grant of this sign-in: who holds it, and when it runs out."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.exostar.base import StepUpGrant


class StepUpSession(QObject):
    """Signals:
    changed(object): the current `StepUpGrant`, or None once it has run out or been dropped.
    """

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grant: StepUpGrant | None = None
        self._expiry = QTimer(self, singleShot=True)
        self._expiry.timeout.connect(self.clear)

    @property
    def grant(self) -> StepUpGrant | None:
        if self._grant is not None and self._grant.expires_at <= dt.datetime.now(dt.UTC):
            self.clear()
        return self._grant

    def set(self, grant: StepUpGrant) -> None:
        self._grant = grant
        left = (grant.expires_at - dt.datetime.now(dt.UTC)).total_seconds()
        self._expiry.start(max(0, int(left * 1000)))
        self.changed.emit(grant)

    def clear(self) -> None:
        if self._grant is None:
            return
        self._grant = None
        self._expiry.stop()
        self.changed.emit(None)
