"""What other desks changed in the clinic database, told within a second: `ChangeFeed`.

Every committed change to prescriptions or patients raises that topic's counter in the
`changes` table and sends `NOTIFY icorerx_changes` with the topic (a trigger does both,
at commit: see `desktop.clinic.schema_clinic_steps.V11_CHANGE_FEED`), whichever desk or tool
wrote it. The feed keeps a connection of its own on a thread of its own, so neither the
GUI thread nor the store's lane ever waits for it. It LISTENs, and reads the counters
whenever a notification comes and at least every `poll_s` seconds: a notification is only
the fast way to learn of a change; the counters are what it trusts. So a notification
lost with a dropped connection is no change lost: when the connection dies (the server
restarted, an administrator ended it) the feed opens another, retrying with a growing
pause, and reports every counter that moved while it was away. It never raises into its
caller; it logs.

A single desk never runs one: its process is its database file's only writer, so what it
shows it read after its own last write. This module loads psycopg, so only a clinic's
workstation imports it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from psycopg.rows import TupleRow

from desktop.store.change_topics import TOPICS

log = logging.getLogger(__name__)

PgConnection = psycopg.Connection[TupleRow]

CHANNEL = "icorerx_changes"

POLL_S = 0.5
"""The longest the feed goes without reading the counters (a missed notification)."""
RETRY_S = 0.25
MAX_RETRY_S = 5.0

Subscriber = Callable[[frozenset[str]], object]


def read_versions(conn: PgConnection) -> dict[str, int]:
    """Each topic's counter, as committed now."""
    rows = conn.execute("SELECT topic, version FROM changes").fetchall()
    return {str(topic): int(version) for topic, version in rows}


class ChangeFeed:
    """Tells its subscribers which topics changed, on the feed's own thread.

    A subscriber must return at once and be safe to call from that thread (hand the
    topics over to its own thread: `desktop.controllers.changes.ChangeSignals.deliver`).
    The first time the feed reaches the database it reports every topic: whatever a
    screen read before then may already be out of date.
    """

    def __init__(
        self,
        connect: Callable[[], PgConnection],
        *,
        poll_s: float = POLL_S,
        retry_s: float = RETRY_S,
        max_retry_s: float = MAX_RETRY_S,
    ) -> None:
        self._connect = connect
        self.poll_s = poll_s
        self.retry_s = retry_s
        self.max_retry_s = max_retry_s
        self._subscribers: list[Subscriber] = []
        self._versions: dict[str, int] | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="clinic-changes", daemon=True)
        self.listening = threading.Event()
        """Set while a connection is LISTENing (and its counters read); clear while away."""
        self.backend_pid: int | None = None
        """The server process of the listening connection (for the administrator's view)."""

    def subscribe(self, callback: Subscriber) -> None:
        with self._lock:
            self._subscribers.append(callback)

    def start(self) -> None:
        self._thread.start()

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop watching: returns once the thread is done (at most one poll later)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    # the feed's thread ---------------------------------------------------------------
    def _run(self) -> None:
        pause = self.retry_s
        outage = False
        while not self._stop.is_set():
            conn: PgConnection | None = None
            try:
                conn = self._connect()
                conn.autocommit = True
                conn.execute(f"LISTEN {CHANNEL}")
                self.backend_pid = conn.info.backend_pid
                self._check(conn)
                self.listening.set()
                if outage:
                    log.info("watching the clinic database for other desks' changes again")
                outage, pause = False, self.retry_s
                self._watch(conn)
            except Exception as exc:  # noqa: BLE001 - a feed that stops is a silent desk
                if not outage:
                    log.warning(
                        "lost the clinic database's change feed (%s); retrying",
                        " ".join(str(exc).split())[:200] or type(exc).__name__,
                    )
                outage = True
            finally:
                self.listening.clear()
                if conn is not None:
                    _close_quietly(conn)
            if self._stop.wait(pause):
                break
            pause = min(pause * 2, self.max_retry_s)

    def _watch(self, conn: PgConnection) -> None:
        while not self._stop.is_set():
            for _note in conn.notifies(timeout=self.poll_s, stop_after=1):
                pass  # which topic it names does not matter: the counters say
            self._check(conn)

    def _check(self, conn: PgConnection) -> None:
        versions = read_versions(conn)
        if self._versions is None:
            changed = frozenset(versions) | TOPICS
        else:
            changed = frozenset(
                topic for topic, version in versions.items() if self._versions.get(topic) != version
            )
        self._versions = versions
        if changed:
            self._tell(changed)

    def _tell(self, changed: frozenset[str]) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(changed)
            except Exception:  # noqa: BLE001 - one subscriber's fault is not the feed's
                log.exception("a change-feed subscriber failed")


def _close_quietly(conn: PgConnection) -> None:
    try:
        conn.close()
    except Exception:  # noqa: BLE001 - it is going either way
        log.debug("closing the change feed's connection failed", exc_info=True)
