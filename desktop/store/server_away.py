"""The clinic database server out of reach: one error the stores raise, and who is told.

A workstation of a clinic reads and writes over the network; a switch restarted, a cable
pulled or the server rebooted mid-save is a normal day, not a defect. `PostgresSql` turns
every way a call can lose the server into `ClinicServerAway`, a `UserFacingError` the
controllers show like any other refusal, and opens a new connection on the next call, so
the same window carries on once the server answers again. It never re-sends a write on
its own: a write a retry could repeat carries an idempotency key (`store.write_keys`),
and the person decides when to try again.

`ServerReach` is what the status bar watches: away, or back. No Qt and no psycopg here:
the controllers import this module on a single desk too, where nothing is ever away.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from desktop.domain.errors import UserFacingError

log = logging.getLogger(__name__)

SERVER_AWAY = "server_away"
"""The refusal code of a flow the clinic database server did not answer."""

RETRY_IS_SAFE = "Check the network, then try again; trying again is safe."


class ClinicServerAway(UserFacingError):
    """The clinic database could not be reached, before or during a call.

    `unknown`: the connection broke while the server was committing, so whether the change
    was kept cannot be known from here (a write with an idempotency key is still safe to
    try again: if it was kept, the retry answers what it kept). `consequence` says what
    that meant in this flow ("nothing was saved", "the prescription was not signed").
    """

    code = SERVER_AWAY

    def __init__(
        self,
        consequence: str = "nothing was changed",
        *,
        unknown: bool = False,
        next_step: str = RETRY_IS_SAFE,
        detail: str = "",
    ) -> None:
        if unknown:
            said = (
                "The clinic database stopped answering while this was being written, so "
                "iCoreRx cannot tell yet whether it was kept."
            )
        else:
            said = f"The clinic database could not be reached. {_sentence(consequence)}"
        super().__init__(said, next_step)
        self.consequence = consequence
        self.unknown = unknown
        self.detail = detail
        """The driver's own words, for the log (never shown: they mean nothing to a doctor)."""

    def because(self, consequence: str) -> ClinicServerAway:
        """The same failure, saying what it stopped in this flow."""
        return ClinicServerAway(
            consequence, unknown=self.unknown, next_step=self.next_step, detail=self.detail
        )


def server_away_behind(exc: BaseException) -> ClinicServerAway | None:
    """The `ClinicServerAway` that `exc` is, or that caused it (an audit entry that could not
    be written because the server was away, say), else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ClinicServerAway):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _sentence(words: str) -> str:
    words = words.strip().rstrip(".")
    return f"{words[:1].upper()}{words[1:]}." if words else ""


Listener = Callable[[bool], None]


class ServerReach:
    """Whether the clinic database answered the last call: `away` until one succeeds again.

    Listeners are called with the new state (True: away) on the thread that noticed it,
    the store's lane; a Qt listener re-emits it as a signal, which Qt queues to the GUI.
    """

    def __init__(self) -> None:
        self._away = False
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    @property
    def away(self) -> bool:
        return self._away

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` on every change; returns what undoes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def lost(self) -> None:
        self._set(True)

    def answered(self) -> None:
        self._set(False)

    def _set(self, away: bool) -> None:
        with self._lock:
            if away == self._away:
                return
            self._away = away
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(away)
            except Exception:  # noqa: BLE001 - a listener never breaks the store's call
                log.exception("a listener of the clinic database's reach failed")
